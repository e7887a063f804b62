package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"icebreaker/data"
	"icebreaker/data/csvio"
)

func runExport(s *session, c *cli, args []string) int {
	what := c.flags.String("what", "attendees", "attendees, checkins, introductions or mailmerge (phone links for a mail merge)")
	publicURL := c.flags.String("public-url", "", "mailmerge: the address phones reach the server at (default: the event's setting, serve --public-url or the admin)")
	format := c.flags.String("format", "", "csv or json (default: from the -o extension, else csv)")
	excel := c.flags.Bool("excel", false, "CSV for French Excel: semicolons and a UTF-8 BOM")
	withCodes := c.flags.Bool("with-codes", false, "add badge codes (for printing badges elsewhere; treat the file as secret)")
	email := c.flags.String("email", "", "export everything about this one person as JSON (right of access)")
	out := c.flags.String("o", "", "output file (default: standard output)")
	c.flags.Usage = func() {
		fmt.Fprintln(c.stderr, "usage: icebreaker export --db FILE --what attendees|checkins|introductions [--format csv|json] [--excel] [--with-codes] [-o FILE]")
		fmt.Fprintln(c.stderr, "       icebreaker export --db FILE --email ADDR [-o FILE]")
		c.flags.PrintDefaults()
	}
	if rest, ok := c.parse(args); !ok || len(rest) > 0 || *c.db == "" {
		if ok {
			c.flags.Usage()
		}
		return 2
	}
	if *format == "" {
		*format = "csv"
		if strings.EqualFold(filepath.Ext(*out), ".json") {
			*format = "json"
		}
	}
	if *format != "csv" && *format != "json" {
		return c.misuse("--format %q: csv or json", *format)
	}
	ev, err := s.openEvent(*c.db, false)
	if err != nil {
		return c.fail(err)
	}
	defer ev.Close()
	w, finish, err := s.outputFile(*out)
	if err != nil {
		return c.fail(err)
	}
	opts := csvio.ExportOptions{Format: *format, Excel: *excel, WithCodes: *withCodes}
	var n int
	if *what == "mailmerge" && *email == "" {
		n, err = exportMailMerge(ev.Store, w, *publicURL, opts)
	} else {
		n, err = export(ev.Store, w, *what, *email, opts)
	}
	if err2 := finish(err == nil); err == nil {
		err = err2
	}
	if err != nil {
		return c.fail(err)
	}
	if *out != "" {
		fmt.Fprintf(c.stderr, "wrote %d records to %s\n", n, *out)
	}
	return 0
}

// exportMailMerge writes the mail-merge file (csvio.WriteMailMerge) with
// links at publicURL, else at the event's public address setting.
func exportMailMerge(store *data.Store, w io.Writer, publicURL string, opts csvio.ExportOptions) (int, error) {
	var as []data.Attendee
	var set data.Settings
	err := store.View(func(tx *data.Tx) (err error) {
		if set, err = tx.Settings(); err != nil {
			return err
		}
		as, err = data.Collect(tx.ForEachAttendee)
		return err
	})
	if err != nil {
		return 0, err
	}
	if publicURL == "" {
		publicURL = set.PublicURL
	}
	if publicURL == "" {
		return 0, fmt.Errorf("%w: give --public-url https://… (or http://192.168.x.y:8080), or set it with serve --public-url or in the admin's settings", csvio.ErrNoBaseURL)
	}
	return len(as), csvio.WriteMailMerge(w, as, csvio.MailMergeOptions{BaseURL: publicURL, Excel: opts.Excel, French: opts.Excel})
}

// export writes the chosen records and returns how many.
func export(store *data.Store, w io.Writer, what, email string, opts csvio.ExportOptions) (int, error) {
	n := 0
	err := store.View(func(tx *data.Tx) error {
		if email != "" {
			a, err := tx.AttendeeByEmail(email)
			if err != nil {
				return fmt.Errorf("nobody with the email %q in this event", email)
			}
			p, err := tx.PersonalData(a.ID)
			if err != nil {
				return err
			}
			n = 1
			return p.WriteJSON(w)
		}
		as, err := data.Collect(tx.ForEachAttendee)
		if err != nil {
			return err
		}
		people := map[data.AttendeeID]data.Attendee{}
		for _, a := range as {
			people[a.ID] = a
		}
		switch what {
		case "attendees":
			n = len(as)
			return csvio.WriteAttendees(w, as, opts)
		case "checkins":
			n, err = writeCollected(tx.ForEachCheckIn, func(cs []data.CheckIn) error { return csvio.WriteCheckIns(w, cs, people, opts) })
			return err
		case "introductions":
			n, err = writeCollected(tx.ForEachIntroduction, func(is []data.Introduction) error { return csvio.WriteIntroductions(w, is, people, opts) })
			return err
		}
		return fmt.Errorf("--what %q: attendees, checkins or introductions", what)
	})
	return n, err
}

// writeCollected writes with write every item forEach (a Tx's ForEach*
// method) yields, and returns how many there were.
func writeCollected[T any](forEach func(func(T) error) error, write func([]T) error) (int, error) {
	items, err := data.Collect(forEach)
	if err != nil {
		return 0, err
	}
	return len(items), write(items)
}
