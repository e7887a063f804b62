package main

import (
	"fmt"
	"io"

	"icebreaker/data"
)

func init() {
	commands["erase"] = command{summary: "erase one person everywhere and compact the file (erase --db FILE --email ADDR)", run: runErase}
}

func runErase(args []string, stdout, stderr io.Writer) int {
	c := newCLI("erase", stderr)
	fs := c.flags
	db := c.db("event file (must not be open in a running server)")
	email := fs.String("email", "", "the person's email")
	if rest, ok := c.parse(args); !ok || len(rest) > 0 || *db == "" || *email == "" {
		fmt.Fprintln(stderr, "usage: icebreaker erase --db FILE --email ADDR")
		return 2
	}
	store, err := openExisting(*db)
	if err != nil {
		return c.fail(err)
	}
	var who string
	err = store.Update(func(tx *data.Tx) error {
		a, err := tx.AttendeeByEmail(*email)
		if err != nil {
			return fmt.Errorf("nobody with the email %q in this event", *email)
		}
		who = fmt.Sprintf("%s (attendee %d)", a.DisplayName(), a.ID)
		return tx.DeleteAttendee(a.ID)
	})
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(stdout, "erased %s: profile, codes, check-ins, introductions\n", who)
	return compact(*db, stdout, stderr, "erase")
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
