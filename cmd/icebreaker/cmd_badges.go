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

func runBadges(s *session, c *cli, args []string) int {
	out := c.flags.String("o", "", "output PDF file, e.g. badges.pdf")
	layoutName := c.flags.String("layout", badgepdf.Layouts()[0].Name, "sheet layout (see below)")
	c.flags.Usage = func() {
		fmt.Fprintln(c.stderr, "usage: icebreaker badges --db FILE -o badges.pdf [--layout NAME]")
		fmt.Fprintln(c.stderr, "Writes one badge per attendee (first name large, last name, organisation, QR code),")
		fmt.Fprintln(c.stderr, "sorted by last name, on A4 sheets. Print at 100 % (\"actual size\"), not \"fit to page\".")
		c.flags.PrintDefaults()
		fmt.Fprintln(c.stderr, "Layouts:")
		for _, l := range badgepdf.Layouts() {
			fmt.Fprintf(c.stderr, "  %-14s %s\n", l.Name, l.Description)
		}
	}
	rest, ok := c.parse(args)
	if !ok {
		return 2
	}
	if len(rest) > 0 || *c.db == "" || *out == "" {
		fmt.Fprintln(c.stderr, "badges: --db FILE and -o FILE.pdf are required")
		c.flags.Usage()
		return 2
	}
	layout, err := badgepdf.LayoutByName(*layoutName)
	if err != nil {
		return c.misuse("%v", err)
	}
	if !strings.EqualFold(filepath.Ext(*out), ".pdf") {
		return c.fail(fmt.Errorf("output %s: the file name must end in .pdf", *out))
	}
	ev, err := s.openEvent(*c.db, false)
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
			return c.fail(fmt.Errorf("%s has no attendees yet: import them first (icebreaker import)", *c.db))
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
