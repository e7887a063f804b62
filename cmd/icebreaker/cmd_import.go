package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"icebreaker/data"
	"icebreaker/data/csvio"
)

// mapFlag collects repeated --map "Header=field" flags.
type mapFlag map[string]string

func (m mapFlag) String() string { return fmt.Sprint(map[string]string(m)) }

func (m mapFlag) Set(v string) error {
	header, field, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(header) == "" || strings.TrimSpace(field) == "" {
		return fmt.Errorf("want \"Header=field\", field one of %s", strings.Join(csvio.FieldNames(), ", "))
	}
	m[strings.TrimSpace(header)] = strings.TrimSpace(field)
	return nil
}

// maxPrintedErrors caps the row errors printed; the count is always given.
const maxPrintedErrors = 50

// printRowErrors writes a file's row errors one a line, the first
// maxPrintedErrors of them and then how many more there are.
func printRowErrors(w io.Writer, errs []csvio.RowError) {
	for i, e := range errs {
		if i == maxPrintedErrors {
			fmt.Fprintf(w, "… and %d more errors\n", len(errs)-i)
			return
		}
		fmt.Fprintln(w, e.Error())
	}
}

func runImport(s *session, c *cli, args []string) int {
	fs, stdout, stderr := c.flags, s.stdout, s.stderr
	mapping := mapFlag{}
	fs.Var(mapping, "map", "read column `Header=field` (repeatable); fields: "+strings.Join(csvio.FieldNames(), ", "))
	skip := fs.Bool("skip-invalid", false, "import the valid rows and report the others (default: one bad row, nothing written)")
	dry := fs.Bool("dry-run", false, "check and report without writing")
	consent := fs.String("consent", "", "\"granted\": everyone in a file without consent columns consents to be suggested and shown on the board")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: icebreaker import --db FILE [--map \"Header=field\"]... [--skip-invalid] [--dry-run] [--consent=granted] attendees.csv|attendees.json")
		fs.PrintDefaults()
	}
	files, ok := c.parse(args)
	if !ok {
		return 2
	}
	if *c.db == "" || len(files) != 1 {
		fs.Usage()
		return 2
	}
	if *consent != "" && *consent != "granted" {
		fmt.Fprintf(stderr, "import: --consent=%q: the only value is \"granted\"\n", *consent)
		return 2
	}
	f, ev, done, err := s.openWithInput(files[0], *c.db, true)
	if err != nil {
		return c.fail(err)
	}
	defer done()
	opts := csvio.Options{Map: mapping, SkipInvalid: *skip, DryRun: *dry, ConsentGranted: *consent == "granted", Preview: previewRows,
		Progress: func(done, total int) {
			if total >= 1000 {
				fmt.Fprintf(stderr, "  %d/%d rows…\n", done, total)
			}
		}}
	started := ev.Now()
	rep, err := csvio.Import(ev.Store, bufio.NewReader(f), opts)
	if err == nil && !opts.DryRun && ev.day != nil {
		err = ev.day.Imported(started) // the board and the admin count them now
	}
	printImportReport(stdout, stderr, files[0], rep, opts)
	if err != nil {
		return c.fail(fmt.Errorf("%s: %v", files[0], err))
	}
	return 0
}

// printImportReport writes what the file was read as and what was done:
// the summary to stdout, the row errors to stderr.
func printImportReport(stdout, stderr io.Writer, name string, rep csvio.Report, opts csvio.Options) {
	if rep.Encoding == "" {
		return // the file could not even be decoded; the error says why
	}
	form := rep.Format
	if rep.Delimiter != "" {
		form = rep.Delimiter + "-separated " + form
	}
	fmt.Fprintf(stdout, "%s: %s, %s, %d rows\n", name, rep.Encoding, form, rep.Rows)
	var known []string
	for _, c := range rep.Columns {
		if c.Field != "" && c.Field != "ignore" {
			known = append(known, fmt.Sprintf("%s → %s", c.Header, c.Field))
		}
	}
	if len(known) > 0 {
		fmt.Fprintf(stdout, "columns: %s\n", strings.Join(known, ", "))
	}
	for _, p := range rep.Preview {
		fmt.Fprintf(stdout, "  row %d: %s\n", p.Row, previewLine(p.Attendee))
	}
	if len(rep.UnknownColumns) > 0 {
		fmt.Fprintf(stdout, "unknown columns (not imported; use --map \"Header=field\"): %s\n", strings.Join(rep.UnknownColumns, ", "))
	}
	if len(rep.ConsentMissing) > 0 {
		missing := strings.Join(rep.ConsentMissing, ", ")
		if opts.ConsentGranted {
			fmt.Fprintf(stdout, "--consent=granted: no column for %s, so everyone in this file is recorded as consenting (matchmaking: suggested to others; board: first name and organisation on the public screen). Only right if your registration form asked.\n", missing)
		} else {
			fmt.Fprintf(stdout, "no column for %s: new people get \"no\" (people already known keep theirs). If your form asked for consent elsewhere, use --consent=granted.\n", missing)
		}
	}
	printRowErrors(stderr, rep.Errors)
	summary := fmt.Sprintf("created %d, updated %d, unchanged %d, rejected %d", rep.Created, rep.Updated, rep.Unchanged, rep.Rejected)
	switch {
	case opts.DryRun:
		summary += " (dry run: nothing written)"
	case len(rep.Errors) > 0 && !opts.SkipInvalid:
		summary = fmt.Sprintf("rejected %d rows: nothing written", rep.Rejected)
	}
	fmt.Fprintln(stdout, summary)
}

// previewRows is how many rows import prints as they are read, so that a
// column read as the wrong field shows at once.
const previewRows = 3

// previewLine is one attendee as an import reads it: name, e-mail,
// organisation and title, consents.
func previewLine(a data.Attendee) string {
	line := strings.TrimSpace(a.FirstName + " " + a.LastName)
	if a.Email != "" {
		line += " <" + a.Email + ">"
	}
	for _, x := range []string{a.Organisation, a.Title} {
		if x = strings.TrimSpace(x); x != "" {
			line += ", " + x
		}
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	return line + " · matchmaking " + yes(a.MatchConsent) + ", board " + yes(a.BoardConsent)
}
