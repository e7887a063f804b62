package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"icebreaker/data"
	"icebreaker/data/csvio"
)

func init() {
	commands["export"] = command{summary: "export attendees, check-ins or introductions as CSV/JSON, or one person's data (--email)", run: runExport}
}

func runExport(args []string, stdout, stderr io.Writer) int {
	c := newCLI("export", stderr)
	fs := c.flags
	db := c.db("event file")
	what := fs.String("what", "attendees", "attendees, checkins or introductions")
	format := fs.String("format", "", "csv or json (default: from the -o extension, else csv)")
	excel := fs.Bool("excel", false, "CSV for French Excel: semicolons and a UTF-8 BOM")
	withCodes := fs.Bool("with-codes", false, "add badge codes (for printing badges elsewhere; treat the file as secret)")
	email := fs.String("email", "", "export everything about this one person as JSON (right of access)")
	out := fs.String("o", "", "output file (default: standard output)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: icebreaker export --db FILE --what attendees|checkins|introductions [--format csv|json] [--excel] [--with-codes] [-o FILE]")
		fmt.Fprintln(stderr, "       icebreaker export --db FILE --email ADDR [-o FILE]")
		fs.PrintDefaults()
	}
	if rest, ok := c.parse(args); !ok || len(rest) > 0 || *db == "" {
		if ok {
			fs.Usage()
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
	store, err := openExisting(*db)
	if err != nil {
		return c.fail(err)
	}
	defer store.Close()
	w, finish, err := outputFile(*out, stdout)
	if err != nil {
		return c.fail(err)
	}
	opts := csvio.ExportOptions{Format: *format, Excel: *excel, WithCodes: *withCodes}
	n, err := export(store, w, *what, *email, opts)
	if err2 := finish(err == nil); err == nil {
		err = err2
	}
	if err != nil {
		return c.fail(err)
	}
	if *out != "" {
		fmt.Fprintf(stderr, "wrote %d records to %s\n", n, *out)
	}
	return 0
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
		people := map[data.AttendeeID]data.Attendee{}
		var as []data.Attendee
		if err := tx.ForEachAttendee(func(a data.Attendee) error {
			people[a.ID] = a
			as = append(as, a)
			return nil
		}); err != nil {
			return err
		}
		switch what {
		case "attendees":
			n = len(as)
			return csvio.WriteAttendees(w, as, opts)
		case "checkins":
			var cs []data.CheckIn
			if err := tx.ForEachCheckIn(func(c data.CheckIn) error { cs = append(cs, c); return nil }); err != nil {
				return err
			}
			n = len(cs)
			return csvio.WriteCheckIns(w, cs, people, opts)
		case "introductions":
			var is []data.Introduction
			if err := tx.ForEachIntroduction(func(i data.Introduction) error { is = append(is, i); return nil }); err != nil {
				return err
			}
			n = len(is)
			return csvio.WriteIntroductions(w, is, people, opts)
		}
		return fmt.Errorf("--what %q: attendees, checkins or introductions", what)
	})
	return n, err
}

// outputFile returns stdout for "", else a temporary file next to path that
// finish(true) renames into place (finish(false) removes it), so a failed
// export never leaves half a file. Files are created 0600: they hold
// personal data.
func outputFile(path string, stdout io.Writer) (io.Writer, func(ok bool) error, error) {
	if path == "" {
		bw := bufio.NewWriter(stdout)
		return bw, func(bool) error { return bw.Flush() }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, err
	}
	bw := bufio.NewWriter(tmp)
	return bw, func(ok bool) error {
		err := bw.Flush()
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if ok && err == nil {
			return os.Rename(tmp.Name(), path)
		}
		os.Remove(tmp.Name())
		return err
	}, nil
}
