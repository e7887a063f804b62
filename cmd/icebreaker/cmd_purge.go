package main

import (
	"fmt"
	"io"
	"sort"

	"icebreaker/data"
)

func init() {
	commands["purge"] = command{summary: "after the event: erase all personal data, keep anonymous counts (purge --db FILE)", run: runPurge}
}

func runPurge(args []string, stdout, stderr io.Writer) int {
	c := newCLI("purge", stderr)
	db := c.db("event file (must not be open in a running server)")
	if rest, ok := c.parse(args); !ok || len(rest) > 0 || *db == "" {
		fmt.Fprintln(stderr, "usage: icebreaker purge --db FILE")
		return 2
	}
	store, err := openExisting(*db)
	if err != nil {
		return c.fail(err)
	}
	var counts data.AnonymousCounts
	err = store.Update(func(tx *data.Tx) (err error) {
		counts, err = tx.Purge()
		return err
	})
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return c.fail(err)
	}
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
	return compact(*db, stdout, stderr, "purge")
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
