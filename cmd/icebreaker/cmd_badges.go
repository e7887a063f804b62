package main

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"icebreaker/checkin/badgepdf"
	"icebreaker/data"
)

func runBadges(s *session, args []string) int {
	c, db := s.eventCLI("badges", "event file")
	fs, stderr := c.flags, s.stderr
	out := fs.String("o", "", "output PDF file, e.g. badges.pdf")
	layoutName := fs.String("layout", badgepdf.Layouts()[0].Name, "sheet layout (see below)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: icebreaker badges --db FILE -o badges.pdf [--layout NAME]")
		fmt.Fprintln(stderr, "Writes one badge per attendee (first name large, last name, organisation, QR code),")
		fmt.Fprintln(stderr, "sorted by last name, on A4 sheets. Print at 100 % (\"actual size\"), not \"fit to page\".")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "Layouts:")
		for _, l := range badgepdf.Layouts() {
			fmt.Fprintf(stderr, "  %-14s %s\n", l.Name, l.Description)
		}
	}
	rest, ok := c.parse(args)
	if !ok {
		return 2
	}
	if len(rest) > 0 || *db == "" || *out == "" {
		fmt.Fprintln(stderr, "badges: --db FILE and -o FILE.pdf are required")
		fs.Usage()
		return 2
	}
	layout, err := badgepdf.LayoutByName(*layoutName)
	if err != nil {
		return c.misuse("%v", err)
	}
	if !strings.EqualFold(filepath.Ext(*out), ".pdf") {
		return c.fail(fmt.Errorf("output %s: the file name must end in .pdf", *out))
	}
	ev, err := s.openEvent(*db, false)
	if err != nil {
		return c.fail(err)
	}
	badges, err := badgesOf(ev.Store)
	ev.Close()
	if err != nil {
		return c.fail(err)
	}
	var pdf bytes.Buffer
	if err := badgepdf.Write(&pdf, badges, layout); err != nil {
		if errors.Is(err, badgepdf.ErrNoBadges) {
			return c.fail(fmt.Errorf("%s has no attendees yet: import them first (icebreaker import)", *db))
		}
		return c.fail(err)
	}
	if err := s.writeOutput(*out, pdf.Bytes()); err != nil {
		return c.fail(err)
	}
	sheets := (len(badges) + layout.PerSheet() - 1) / layout.PerSheet()
	fmt.Fprintf(s.stdout, "%d badges on %d A4 sheets (%s) written to %s\n", len(badges), sheets, layout.Name, *out)
	return 0
}

// badgesOf returns every attendee's badge, sorted by last then first name
// in French collation (accents do not push "Émile" after "Zoé").
func badgesOf(store *data.Store) ([]badgepdf.Badge, error) {
	var badges []badgepdf.Badge
	err := store.View(func(tx *data.Tx) error {
		return tx.ForEachAttendee(func(a data.Attendee) error {
			badges = append(badges, badgepdf.Badge{FirstName: a.FirstName, LastName: a.LastName, Organisation: a.Organisation, Code: a.BadgeCode})
			return nil
		})
	})
	col := collate.New(language.French, collate.IgnoreCase)
	slices.SortStableFunc(badges, func(a, b badgepdf.Badge) int {
		if c := col.CompareString(a.LastName, b.LastName); c != 0 {
			return c
		}
		return col.CompareString(a.FirstName, b.FirstName)
	})
	return badges, err
}
