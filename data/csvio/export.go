package csvio

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"icebreaker/data"
)

// ExportOptions choose the output form.
type ExportOptions struct {
	Format    string // "csv" (default) or "json"
	Excel     bool   // CSV for French Excel: UTF-8 BOM, ';' and CRLF
	WithCodes bool   // attendees: add the badge_code column, for badge printing elsewhere
}

// table is an export before rendering: values are string, []string, bool,
// integers or time.Time, typed in JSON and rendered as text in CSV.
type table struct {
	columns []string
	rows    [][]any
}

// WriteAttendees writes attendees with the canonical headers (FieldNames
// without full_name and ignore), then badge_code with WithCodes. Lists are
// joined with "; " in CSV and arrays in JSON; yes/no are "yes"/"no" in CSV
// and booleans in JSON. Emails are written: the file is for the organiser.
func WriteAttendees(w io.Writer, as []data.Attendee, opts ExportOptions) error {
	t := table{}
	for _, f := range fields {
		t.columns = append(t.columns, f.name)
	}
	if opts.WithCodes {
		t.columns = append(t.columns, "badge_code")
	}
	for i := range as {
		a := &as[i]
		r := make([]any, 0, len(t.columns))
		for _, f := range fields {
			switch f.kind {
			case kindList:
				r = append(r, *f.list(a))
			case kindBool:
				r = append(r, *f.flag(a))
			default:
				r = append(r, *f.text(a))
			}
		}
		if opts.WithCodes {
			r = append(r, a.BadgeCode)
		}
		t.rows = append(t.rows, r)
	}
	return t.write(w, opts)
}

// WriteCheckIns writes the check-in log with each person's name and email
// (people maps IDs to attendees; erased people have none).
func WriteCheckIns(w io.Writer, cs []data.CheckIn, people map[data.AttendeeID]data.Attendee, opts ExportOptions) error {
	t := table{columns: []string{"seq", "at", "direction", "gate", "kiosk", "attendee_id", "first_name", "last_name", "email", "scanned_at"}}
	for _, c := range cs {
		p := people[c.AttendeeID]
		t.rows = append(t.rows, []any{c.Seq, c.At, string(c.Direction), c.Gate, c.Kiosk, uint64(c.AttendeeID), p.FirstName, p.LastName, p.Email, c.ScannedAt})
	}
	return t.write(w, opts)
}

// WriteIntroductions writes the introduction log with both people's names.
func WriteIntroductions(w io.Writer, is []data.Introduction, people map[data.AttendeeID]data.Attendee, opts ExportOptions) error {
	t := table{columns: []string{"seq", "at", "kind", "round", "a_id", "a_first_name", "a_last_name", "b_id", "b_first_name", "b_last_name", "reasons"}}
	for _, i := range is {
		a, b := people[i.A], people[i.B]
		t.rows = append(t.rows, []any{i.Seq, i.At, string(i.Kind), i.Round, uint64(i.A), a.FirstName, a.LastName, uint64(i.B), b.FirstName, b.LastName, i.Reasons})
	}
	return t.write(w, opts)
}

func (t table) write(w io.Writer, opts ExportOptions) error {
	switch opts.Format {
	case "", "csv":
		return t.writeCSV(w, opts.Excel)
	case "json":
		return t.writeJSON(w)
	}
	return fmt.Errorf("unknown export format %q (csv or json)", opts.Format)
}

func (t table) writeCSV(w io.Writer, excel bool) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if excel {
		bw.WriteString("\ufeff")
		cw.Comma, cw.UseCRLF = ';', true
	}
	if err := cw.Write(t.columns); err != nil {
		return err
	}
	rec := make([]string, len(t.columns))
	for _, r := range t.rows {
		for i, v := range r {
			rec[i] = neutralise(csvText(v))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func csvText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []string:
		return joinList(v)
	case bool:
		if v {
			return "yes"
		}
		return "no"
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return v.Format(time.RFC3339)
	case int:
		return strconv.Itoa(v)
	case uint64:
		return strconv.FormatUint(v, 10)
	}
	return fmt.Sprint(v)
}

// writeJSON writes an array of objects, one per line, keys in column order.
func (t table) writeJSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("[")
	for n, r := range t.rows {
		if n > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  {")
		for i, v := range r {
			if i > 0 {
				bw.WriteString(", ")
			}
			key, _ := json.Marshal(t.columns[i])
			bw.Write(key)
			bw.WriteString(": ")
			switch x := v.(type) {
			case []string:
				if x == nil {
					v = []string{}
				}
			case time.Time:
				if x.IsZero() {
					v = nil
				}
			}
			val, err := json.Marshal(v)
			if err != nil {
				return err
			}
			bw.Write(val)
		}
		bw.WriteString("}")
	}
	if len(t.rows) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}
