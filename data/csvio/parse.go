package csvio

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
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
	// person keeps the consents they have. It never grants the
	// directory's consent: only a column that asks about the directory
	// does (or the person, on their phone).
	ConsentGranted bool
	// Progress, if set, is called by Import every 1,000 rows and at the end.
	Progress func(done, total int)
	// Preview asks for the first Preview data rows as they would import
	// (Report.Preview), valid or not. Preview sets it for you.
	Preview int
}

// RowError is one invalid cell or row. Row is the spreadsheet row (the
// header is row 1) or, for JSON, the position of the object from 1. Column
// is the header as written in the file, empty for whole-row problems.
type RowError struct {
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	Value  string `json:"value,omitempty"`
	Msg    string `json:"message"`              // English
	FR     string `json:"message_fr,omitempty"` // the same in French
}

// Error reads "row 5, column E-mail: 'not-an-email' is not an email address".
func (e RowError) Error() string { return e.In("en") }

// In is the message in lang: "fr" reads « ligne 5, colonne E-mail :
// « not-an-email » n'est pas une adresse e-mail », anything else is Error.
func (e RowError) In(lang string) string {
	w := struct{ row, column, colon, open, close, msg string }{"row", "column", ": ", "'", "' ", e.Msg}
	if lang == "fr" && e.FR != "" {
		w = struct{ row, column, colon, open, close, msg string }{"ligne", "colonne", " : ", "« ", " » ", e.FR}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d", w.row, e.Row)
	if e.Column != "" {
		fmt.Fprintf(&b, ", %s %s", w.column, e.Column)
	}
	b.WriteString(w.colon)
	if e.Value != "" {
		b.WriteString(w.open + e.Value + w.close)
	}
	b.WriteString(w.msg)
	return b.String()
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
	// Fields says, for each field some column could hold, which column was
	// chosen and which others were not, and why.
	Fields []FieldChoice `json:"fields,omitempty"`
	// Notes are what the organiser must know before importing, such as
	// "no column asks for matchmaking consent".
	Notes []Msg `json:"notes,omitempty"`
	// Layout identifies the file's header layout; the mapping an import
	// used is remembered under it (data.Tx.ImportMapping).
	Layout string `json:"layout,omitempty"`
	// Preview holds the first Options.Preview rows as they would import.
	Preview []PreviewRow `json:"preview,omitempty"`
}

// PreviewRow is one data row as it would import: the person read from it,
// its problems, and (from Import) what the import does with it: "create",
// "update", "unchanged" or "" for a rejected row.
type PreviewRow struct {
	Row      int           `json:"row"`
	Attendee data.Attendee `json:"attendee"`
	Errors   []RowError    `json:"errors,omitempty"`
	Action   string        `json:"action,omitempty"`
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

// parse decodes, maps and validates a CSV or JSON attendee file without a
// store: the valid rows in file order, invalid ones in the report. The
// error is for the file as a whole: empty, not text, too wide, unreadable
// CSV, no usable columns, a bad Map.
func parse(r io.Reader, opts Options) ([]row, Report, error) {
	var rep Report
	in, err := readInput(r, &rep)
	if err != nil {
		return nil, rep, err
	}
	return in.build(opts, nil, &rep)
}

// input is a decoded file whose columns are not decided yet.
type input struct {
	headers []string
	records [][]string // CSV data records
	rowNums []int      // spreadsheet row of each record
	objects []map[string]json.RawMessage
	isJSON  bool
}

// readInput reads and decodes the whole file, CSV or JSON. A CSV header
// wider than MaxColumns is refused before the rest of the file is read.
func readInput(r io.Reader, rep *Report) (*input, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	if err := checkHeaderWidth(br); err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(io.LimitReader(br, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxFileBytes {
		return nil, fmt.Errorf("the file is larger than %d MB", MaxFileBytes>>20)
	}
	text, enc, err := decodeText(raw)
	rep.Encoding = enc
	if err != nil {
		return nil, err
	}
	if t := strings.TrimLeft(text, " \t\r\n\ufeff"); strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{") {
		rep.Format = "json"
		objects, keys, err := readJSON(t)
		if err != nil {
			return nil, err
		}
		return &input{headers: keys, objects: objects, isJSON: true}, nil
	}
	rep.Format = "csv"
	return readCSV(text, rep)
}

// MaxColumns bounds a CSV header: wider files are not attendee exports
// (or are read with the wrong delimiter) and are refused unread.
const MaxColumns = 1000

// ErrTooWide is returned for a header of more than MaxColumns columns.
var ErrTooWide = errors.New("the header has too many columns")

// checkHeaderWidth counts the delimiters of the first line (outside
// quotes) without consuming it, reading at most 1 MB. It works on the raw
// bytes, so on UTF-16 too.
func checkHeaderWidth(br *bufio.Reader) error {
	const maxHeaderBytes = 1 << 20
	counts := map[byte]int{}
	inQuotes := false
	buf, _ := br.Peek(min(maxHeaderBytes, br.Size())) // short files give less, and that is all of them
	for _, c := range buf {
		switch {
		case c == '"':
			inQuotes = !inQuotes
		case inQuotes:
		case c == '\n':
			return nil
		case c == ';' || c == ',' || c == '\t':
			counts[c]++
			if counts[c]+1 > MaxColumns {
				return fmt.Errorf("%w: more than %d; is this an attendee export? Export only the attendee columns, or save it from your spreadsheet as CSV / "+
					"l'en-tête a plus de %d colonnes : est-ce bien un export de participants ? N'exportez que les colonnes des participants", ErrTooWide, MaxColumns, MaxColumns)
			}
		}
	}
	return nil
}

// readCSV splits the text into the header and the data records, each
// with its spreadsheet row (blank lines count, as a spreadsheet shows them).
func readCSV(text string, rep *Report) (*input, error) {
	delim := detectDelimiter(text)
	rep.Delimiter = delimiterName(delim)
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	headers, err := cr.Read()
	if err != nil {
		return nil, csvError(err)
	}
	if len(headers) > MaxColumns {
		return nil, fmt.Errorf("%w: %d, more than %d", ErrTooWide, len(headers), MaxColumns)
	}
	for i, h := range headers {
		headers[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	}
	in := &input{headers: headers}
	_, prevEnd := cr.FieldPos(len(headers) - 1)
	prevEnd += strings.Count(headers[len(headers)-1], "\n")
	rowNum := 1
	var pace pacer
	for {
		pace.tick()
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		start, _ := cr.FieldPos(0)
		rowNum += 1 + max(0, start-prevEnd-1)
		prevEnd, _ = cr.FieldPos(len(rec) - 1)
		prevEnd += strings.Count(rec[len(rec)-1], "\n")
		in.records = append(in.records, rec)
		in.rowNums = append(in.rowNums, rowNum)
	}
	return in, nil
}

// build decides the columns (Options.Map, then the remembered mapping,
// then recognition) and validates every row.
func (in *input) build(opts Options, remembered map[string]int, rep *Report) ([]row, Report, error) {
	overrides, err := parseMap(opts.Map)
	if err != nil {
		return nil, *rep, err
	}
	rep.Layout = layoutSignature(in.headers)
	var sample [][]string
	if !in.isJSON {
		sample = in.records[:min(len(in.records), sampleRows)]
	} else {
		remembered = nil // JSON keys are our own field names
	}
	m := decideColumns(in.headers, sample, overrides, remembered)
	rep.Columns, rep.Fields = m.columns, m.fields
	for i, f := range m.cols {
		if f == fUnknown && in.headers[i] != "" {
			rep.UnknownColumns = append(rep.UnknownColumns, in.headers[i])
		}
	}
	rep.Notes = consentNotes(m.cols, opts.ConsentGranted)
	for _, c := range m.columns {
		if c.Field == "ignore" && c.Source == SourceHeader {
			if cc, ok := consentCandidate(c.Header, " "+normalise(c.Header)+" "); ok && cc.field == fIgnore {
				rep.Notes = append(rep.Notes, c.Why) // a consent that grants nothing: say so
			}
		}
	}
	if !in.isJSON || len(in.objects) > 0 {
		if err := checkColumns(m.cols, in.headers); err != nil {
			return nil, *rep, err
		}
	}
	b := newBuilder(m.cols, in.headers, opts, rep)
	if in.isJSON {
		b.addObjects(in.objects)
	} else {
		var pace pacer
		for i, rec := range in.records {
			pace.tick()
			b.addRecord(in.rowNums[i], rec)
		}
	}
	return b.finish()
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

// ParseMapEntry reads one column choice written as --map takes it,
// "Header=field" (spaces around either side ignored; the header may itself
// hold '=' up to the last one). field is one of FieldNames(). The admin's
// column choices go through it too, so both accept exactly the same.
func ParseMapEntry(s string) (header, field string, err error) {
	i := strings.LastIndex(s, "=")
	if i < 0 {
		return "", "", fmt.Errorf("%w: %q: want \"Header=field\", field one of %s", ErrBadMap, s, strings.Join(FieldNames(), ", "))
	}
	header, field = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
	if header == "" || field == "" {
		return "", "", fmt.Errorf("%w: %q: want \"Header=field\", field one of %s", ErrBadMap, s, strings.Join(FieldNames(), ", "))
	}
	if fieldByName(field) == fUnknown {
		return "", "", fmt.Errorf("%w: %q: unknown field %q (known: %s)", ErrBadMap, s, field, strings.Join(FieldNames(), ", "))
	}
	return header, field, nil
}
