package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"icebreaker/data"
	"icebreaker/data/csvio"
	"icebreaker/kiosk/live"
)

// runSessions is "sessions import" (a programme CSV: csvio.ReadSessions)
// and "sessions list". While a server runs the file, the import goes
// through its Day (the admin and the phones show the new programme at
// once). Importing again updates a session of the same title, room and
// start instead of adding a twin.
func runSessions(s *session, c *cli, args []string) int {
	stdout, stderr := s.stdout, s.stderr
	usage := func() int {
		fmt.Fprintln(stderr, "usage: icebreaker sessions import --db FILE programme.csv\n       icebreaker sessions list --db FILE")
		return 2
	}
	rest, ok := c.parse(args)
	if !ok || *c.db == "" || len(rest) == 0 {
		return usage()
	}
	switch {
	case rest[0] == "import" && len(rest) == 2:
	case rest[0] == "list" && len(rest) == 1:
	default:
		return usage()
	}
	input := ""
	if rest[0] == "import" {
		input = rest[1]
	}
	f, ev, done, err := s.openWithInput(input, *c.db, false)
	if err != nil {
		return c.fail(err)
	}
	defer done()
	if rest[0] == "list" {
		return listSessions(ev, stdout, c)
	}
	var evt data.Event
	var known []data.Session
	if err := ev.View(func(tx *data.Tx) error {
		var err error
		if evt, err = tx.Event(); err != nil {
			return err
		}
		return tx.ForEachSession(func(s data.Session) error { known = append(known, s); return nil })
	}); err != nil {
		return c.fail(err)
	}
	loc := evt.Location()
	day, err := time.ParseInLocation("2006-01-02", evt.Date, loc)
	if err != nil {
		day = ev.Now().In(loc) // no date set for the event: today
	}
	list, bad, err := csvio.ReadSessions(f, day, loc)
	if err != nil {
		return c.fail(fmt.Errorf("%s: %v", rest[1], err))
	}
	printRowErrors(stderr, bad)
	if len(bad) > 0 {
		return c.fail(fmt.Errorf("%s: %d rows rejected: nothing imported", rest[1], len(bad)))
	}
	for i := range list {
		if err := live.CheckSession(&list[i]); err != nil {
			return c.fail(fmt.Errorf("%s, row %d: %v", rest[1], i+2, err))
		}
		for _, k := range known {
			if k.Title == list[i].Title && k.Room == list[i].Room && k.Start.Equal(list[i].Start) {
				list[i].ID = k.ID
			}
		}
	}
	created, updated := 0, 0
	for _, sess := range list {
		if sess.ID == 0 {
			created++
		} else {
			updated++
		}
		if ev.day != nil {
			_, err = ev.day.SaveSession(sess)
		} else {
			err = ev.Update(func(tx *data.Tx) error { return tx.PutSession(&sess) })
		}
		if err != nil {
			return c.fail(err)
		}
	}
	fmt.Fprintf(stdout, "%s: %d sessions created, %d updated\n", rest[1], created, updated)
	return 0
}

// listSessions prints the programme with each session's attendance and
// the introductions made between its attendees.
func listSessions(ev *event, stdout io.Writer, c *cli) int {
	var counts []data.SessionCount
	var loc *time.Location
	err := ev.View(func(tx *data.Tx) error {
		evt, err := tx.Event()
		if err != nil {
			return err
		}
		loc = evt.Location()
		counts, err = tx.SessionCounts()
		return err
	})
	if err != nil {
		return c.fail(err)
	}
	if len(counts) == 0 {
		fmt.Fprintln(stdout, "no sessions yet: import a programme with \"icebreaker sessions import\" or add them in the admin")
		return 0
	}
	for _, sc := range counts {
		s := sc.Session
		var parts []string
		for _, p := range []string{s.Room, s.Host} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		where := ""
		if len(parts) > 0 {
			where = " (" + strings.Join(parts, ", ") + ")"
		}
		fmt.Fprintf(stdout, "#%d %s–%s %s%s: %d attended, %d introductions\n", s.ID,
			s.Start.In(loc).Format("15:04"), s.End.In(loc).Format("15:04"), s.Title, where, sc.Attended, sc.Met)
	}
	return 0
}
