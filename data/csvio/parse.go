package csvio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"icebreaker/data"
)

// MaxFileBytes bounds what Parse and Import read.
const MaxFileBytes = 64 << 20

// Options tune Parse and Import.
type Options struct {
	// Map overrides header recognition: file header → field name (one of
	// FieldNames(), "ignore" to skip a column). Headers compare case,
	// accent and punctuation insensitively.
	Map map[string]string
	// SkipInvalid imports the valid rows and reports the others; without
	// it one invalid row means nothing is written.
	SkipInvalid bool
	// DryRun reports what Import would do without writing.
	DryRun bool
	// ConsentGranted sets both consents (be suggested to others, appear on
	// the public board) to yes for every row of a file that has no column
	// for that consent. Without it a missing consent is no; an existing
	// person keeps the consents they have.
	ConsentGranted bool
	// Progress, if set, is called by Import every 1,000 rows and at the end.
	Progress func(done, total int)
}

// RowError is one invalid cell or row. Row is the spreadsheet row (the
// header is row 1) or, for JSON, the position of the object from 1. Column
// is the header as written in the file, empty for whole-row problems.
type RowError struct {
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	Value  string `json:"value,omitempty"`
	Msg    string `json:"message"`
}

// Error reads "row 5, column E-mail: 'not-an-email' is not an email address".
func (e RowError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "row %d", e.Row)
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %s", e.Column)
	}
	b.WriteString(": ")
	if e.Value != "" {
		fmt.Fprintf(&b, "'%s' ", e.Value)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Column says what a column of the file was read as. Field is "" for an
// unknown column and "ignore" for a known one with nothing to import.
type Column struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

// Report is what a Parse or an Import found and did. Rejected counts the
// invalid rows; Errors may hold several problems for one row.
type Report struct {
	Rows           int        `json:"rows"` // data rows read, blank ones excluded
	Created        int        `json:"created"`
	Updated        int        `json:"updated"`
	Unchanged      int        `json:"unchanged"`
	Rejected       int        `json:"rejected"`
	Errors         []RowError `json:"errors,omitempty"`
	UnknownColumns []string   `json:"unknown_columns,omitempty"`
	Columns        []Column   `json:"columns,omitempty"`
	Encoding       string     `json:"encoding"`
	Delimiter      string     `json:"delimiter,omitempty"`       // "comma", "semicolon", "tab"; "" for JSON
	Format         string     `json:"format"`                    // "csv" or "json"
	ConsentMissing []string   `json:"consent_missing,omitempty"` // consent fields with no column
}

// row is one valid parsed row: the attendee and which fields the file set.
type row struct {
	num     int
	a       data.Attendee
	present fieldSet
	header  map[int]string // field → header, for error messages of Import
}

type fieldSet uint32

func (s fieldSet) has(f int) bool { return s&(1<<f) != 0 }
func (s *fieldSet) add(f int)     { *s |= 1 << f }

// Parse decodes, maps and validates a CSV or JSON attendee file without a
// store. It returns the valid rows as attendees (ID 0, no codes) in file
// order; invalid rows are in the report. The error is for the file as a
// whole: empty, not text, unreadable CSV, no usable columns, a bad Map.
func Parse(r io.Reader, opts Options) ([]data.Attendee, Report, error) {
	rows, rep, err := parse(r, opts)
	as := make([]data.Attendee, len(rows))
	for i := range rows {
		as[i] = rows[i].a
	}
	return as, rep, err
}

func parse(r io.Reader, opts Options) ([]row, Report, error) {
	var rep Report
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, rep, err
	}
	if len(raw) > MaxFileBytes {
		return nil, rep, fmt.Errorf("the file is larger than %d MB", MaxFileBytes>>20)
	}
	overrides, err := parseMap(opts.Map)
	if err != nil {
		return nil, rep, err
	}
	text, enc, err := decodeText(raw)
	rep.Encoding = enc
	if err != nil {
		return nil, rep, err
	}
	if t := strings.TrimLeft(text, " \t\r\n\ufeff"); strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{") {
		rep.Format = "json"
		return parseJSON(t, overrides, opts, &rep)
	}
	rep.Format = "csv"
	return parseCSV(text, overrides, opts, &rep)
}

// parseMap checks Options.Map and keys it by normalised header.
func parseMap(m map[string]string) (map[string]int, error) {
	out := make(map[string]int, len(m))
	for header, name := range m {
		f := fieldByName(name)
		if f == fUnknown {
			return nil, fmt.Errorf("%w: %q=%q: unknown field %q (known: %s)", ErrBadMap, header, name, name, strings.Join(FieldNames(), ", "))
		}
		out[normalise(header)] = f
	}
	return out, nil
}

// mapHeader decides what each column holds: the override, else the header
// recognition. A second column for the same field is reported unknown.
func mapHeader(headers []string, overrides map[string]int, rep *Report) []int {
	cols := make([]int, len(headers))
	taken := map[int]bool{}
	for i, h := range headers {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		headers[i] = h
		f, ok := overrides[normalise(h)]
		if !ok {
			f = fieldForHeader(h)
		}
		if f != fUnknown && f != fIgnore && taken[f] {
			f = fUnknown
		}
		cols[i] = f
		col := Column{Header: h}
		switch f {
		case fUnknown:
			if h != "" {
				rep.UnknownColumns = append(rep.UnknownColumns, h)
			}
		default:
			col.Field = fieldName(f)
			taken[f] = true
		}
		rep.Columns = append(rep.Columns, col)
	}
	return cols
}

// checkColumns refuses a file that cannot name or recognise anyone.
func checkColumns(cols []int, headers []string) error {
	has := map[int]bool{}
	for _, f := range cols {
		has[f] = true
	}
	found := strings.Join(headers, ", ")
	if len(found) > 200 {
		found = preview(found)
	}
	if !has[fFirstName] && !has[fLastName] && !has[fFullName] {
		return fmt.Errorf("%w: no name column (Prénom/First name, Nom/Last name or Nom complet/Full name); found: %s; use --map \"Header=first_name\"", ErrNoColumns, found)
	}
	if !has[fEmail] && !has[fTicket] {
		return fmt.Errorf("%w: no email or ticket code column (E-mail, Adresse e-mail, Email address, Code-barre, Barcode, Ticket code); found: %s; use --map \"Header=email\"", ErrNoColumns, found)
	}
	return nil
}

func parseCSV(text string, overrides map[string]int, opts Options, rep *Report) ([]row, Report, error) {
	delim := detectDelimiter(text)
	rep.Delimiter = delimiterName(delim)
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	headers, err := cr.Read()
	if err != nil {
		return nil, *rep, csvError(err)
	}
	_, prevEnd := cr.FieldPos(len(headers) - 1)
	prevEnd += strings.Count(headers[len(headers)-1], "\n")
	cols := mapHeader(headers, overrides, rep)
	if err := checkColumns(cols, headers); err != nil {
		return nil, *rep, err
	}
	b := newBuilder(cols, headers, opts, rep)
	rowNum := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, *rep, csvError(err)
		}
		// The spreadsheet row: csv skips blank lines, a spreadsheet shows them.
		start, _ := cr.FieldPos(0)
		rowNum += 1 + max(0, start-prevEnd-1)
		prevEnd, _ = cr.FieldPos(len(rec) - 1)
		prevEnd += strings.Count(rec[len(rec)-1], "\n")
		b.addRecord(rowNum, rec)
	}
	return b.finish()
}

// csvError turns a csv.ParseError into a message that names the line.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d, character %d: %v", pe.Line, pe.Column, pe.Err)
	}
	if err == io.EOF {
		return ErrEmpty
	}
	return err
}

// isBlank reports whether every cell of a record is empty (Excel's
// trailing ";;;;" rows).
func isBlank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
