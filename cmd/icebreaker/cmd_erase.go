package main

import (
	"errors"
	"fmt"
	"io"

	"icebreaker/data"
)

func runErase(s *session, c *cli, args []string) int {
	email := c.flags.String("email", "", "the person's email")
	if !c.parseFlags(args, "usage: icebreaker erase --db FILE --email ADDR", c.db, email) {
		return 2
	}
	stdout := s.stdout
	ev, err := s.openEvent(*c.db, false)
	if err != nil {
		return c.fail(err)
	}
	var who string
	var id data.AttendeeID
	find := func(tx *data.Tx) error {
		a, err := tx.AttendeeByEmail(*email)
		if err != nil {
			return fmt.Errorf("nobody with the email %q in this event", *email)
		}
		who, id = fmt.Sprintf("%s (attendee %d)", a.DisplayName(), a.ID), a.ID
		return nil
	}
	erased := func() { fmt.Fprintf(stdout, "erased %s: profile, codes, check-ins, introductions\n", who) }
	if ev.day != nil { // the server's Day erases, wipes the bytes and clears the screens
		return liveErased(ev, stdout, c, func() error {
			if err := ev.View(find); err != nil {
				return err
			}
			err := ev.day.Erase(id)
			if err == nil || errors.Is(err, data.ErrScrubPending) {
				erased()
			}
			return err
		})
	}
	erase := func(tx *data.Tx) error {
		if err := find(tx); err != nil {
			return err
		}
		return tx.DeleteAttendee(id)
	}
	err = ev.Update(erase)
	if cerr := ev.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return c.fail(err)
	}
	erased()
	return compact(*c.db, stdout, s.stderr, "erase")
}

// liveErased runs a Day verb that erases in the served file (Erase,
// Purge) and wipes the erased bytes from its free pages while it serves
// (data.Store.Scrub): the file keeps its size until the next compaction.
// When only the wipe failed, the verb has said what was erased and the
// error says the wipe finishes at the next start.
func liveErased(ev *event, stdout io.Writer, c *cli, verb func() error) int {
	if err := verb(); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(stdout, "wiped the erased bytes from %s (it keeps its size while it is served)\n", ev.path)
	return 0
}

// compact rewrites the closed event file so that deleted bytes are gone.
func compact(path string, stdout, stderr io.Writer, cmd string) int {
	before, after, err := data.CompactFile(path, 0)
	if err != nil {
		fmt.Fprintf(stderr, "%s: the data is deleted but the file could not be compacted, so its bytes may remain: %v\n", cmd, err)
		return 1
	}
	fmt.Fprintf(stdout, "compacted %s: %d KiB → %d KiB\n", path, before>>10, after>>10)
	return 0
}
