package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"icebreaker/data"
)

func runPurge(s *session, c *cli, args []string) int {
	yes := c.flags.Bool("yes", false, "do not ask for confirmation (scripts; without a terminal, purge refuses without it)")
	if !c.parseFlags(args, "usage: icebreaker purge --db FILE [--yes]", c.db) {
		return 2
	}
	stdout := s.stdout
	if _, err := os.Stat(*c.db); err != nil {
		return c.fail(&data.NoEventFileError{Path: *c.db})
	}
	if ok, code := s.confirm(c, *yes, fmt.Sprintf("purge: this erases every attendee, check-in and introduction of %s for good (anonymous counts are kept).\nCela efface définitivement toutes les personnes, entrées et mises en relation de %s.", *c.db, *c.db)); !ok {
		return code
	}
	ev, err := s.openEvent(*c.db, false)
	if err != nil {
		return c.fail(err)
	}
	var counts data.AnonymousCounts
	if ev.day != nil { // the server's Day purges, wipes the bytes and clears the screens
		return liveErased(ev, stdout, c, func() error {
			err := ev.day.Purge()
			if err != nil && !errors.Is(err, data.ErrScrubPending) {
				return err
			}
			if verr := ev.View(func(tx *data.Tx) (err error) { counts, _, err = tx.Counts(); return err }); verr != nil {
				return verr
			}
			printPurged(stdout, counts)
			return err
		})
	}
	err = ev.Update(func(tx *data.Tx) (err error) {
		counts, err = tx.Purge()
		return err
	})
	if cerr := ev.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return c.fail(err)
	}
	printPurged(stdout, counts)
	return compact(*c.db, stdout, s.stderr, "purge")
}

// printPurged reports what a purge kept.
func printPurged(stdout io.Writer, counts data.AnonymousCounts) {
	fmt.Fprintf(stdout, "purged: every attendee, check-in and introduction is erased.\nkept (anonymous): %d registered, %d checked in\n", counts.Registered, counts.CheckedIn)
	printCounts(stdout, "per gate", counts.PerGate)
	printCounts(stdout, "per hour", counts.PerHour)
	registered, came := map[string]int{}, map[string]int{}
	for s, n := range counts.PerSector {
		if s == "" {
			s = "(none)"
		}
		registered[s], came[s] = n.Registered, n.CheckedIn
	}
	printCounts(stdout, "registered per sector", registered)
	printCounts(stdout, "checked in per sector", came)
}

func printCounts[K ~string](w io.Writer, title string, m map[K]int) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "  %s:", title)
	for _, k := range keys {
		fmt.Fprintf(w, " %s=%d", k, m[K(k)])
	}
	fmt.Fprintln(w)
}
