package csvio

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"icebreaker/data"
)

// ExportOptions choose the output form.
type ExportOptions struct {
	Format string // "csv" (default) or "json"
	// Excel is the CSV for French Excel: UTF-8 BOM, ';' and CRLF, French
	// headers, oui/non, and times as dd/mm/yyyy hh:mm:ss in Location.
	// Without it CSV has the canonical English headers, yes/no and UTC
	// RFC 3339 times, for programs (and for import, which reads both).
	Excel     bool
	WithCodes bool // attendees: add the badge_code column, for badge printing elsewhere
	// Location is the event's time zone (data.Event.Location) for the
	// Excel variant's times; nil means the server's.
	Location *time.Location
	// Label turns a matcher concept key (data.Introduction.Reasons) into
	// the words people read, in the export's language (the matcher's
	// Label); nil writes the keys.
	Label func(key string) string
}

// header is a column name in English (canonical, what import reads back
// first) and French (the Excel variant).
type header struct{ en, fr string }

// table is an export before rendering: values are string, []string, bool,
// integers or time.Time, typed in JSON and rendered as text in CSV.
type table struct {
	columns []header
	rows    [][]any
}

func attendeeHeader(name string) header { return header{name, fieldNames[name].FR} }

// WriteAttendees writes attendees with the canonical headers (FieldNames
// without full_name and ignore; French ones with Excel), then badge_code
// with WithCodes. Lists are joined with "; " in CSV and arrays in JSON;
// yes/no are "yes"/"no" ("oui"/"non" with Excel) in CSV and booleans in
// JSON. Emails are written: the file is for the organiser.
func WriteAttendees(w io.Writer, as []data.Attendee, opts ExportOptions) error {
	t := table{}
	for _, f := range fields {
		t.columns = append(t.columns, attendeeHeader(f.name))
	}
	if opts.WithCodes {
		t.columns = append(t.columns, attendeeHeader("badge_code"))
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

// words is a value written as one word or another by language
// (directions, kinds of introduction).
type words struct{ en, fr string }

var (
	directionWords = map[data.Direction]words{data.In: {"in", "entrée"}, data.Out: {"out", "sortie"}}
	kindWords      = map[data.IntroKind]words{data.Suggested: {"suggested", "suggéré"}, data.Met: {"met", "rencontré"}, data.Declined: {"declined", "décliné"}}
)

// WriteCheckIns writes the check-in log with each person's name and email
// (people maps IDs to attendees; erased people have none).
func WriteCheckIns(w io.Writer, cs []data.CheckIn, people map[data.AttendeeID]data.Attendee, opts ExportOptions) error {
	t := table{columns: []header{{"seq", "N°"}, {"at", "Heure"}, {"direction", "Sens"}, {"gate", "Porte"}, {"kiosk", "Borne"},
		{"attendee_id", "N° participant"}, {"first_name", "Prénom"}, {"last_name", "Nom"}, {"email", "E-mail"}, {"scanned_at", "Lu à"}}}
	for _, c := range cs {
		p := people[c.AttendeeID]
		dir := directionWords[c.Direction]
		if dir.en == "" {
			dir = words{string(c.Direction), string(c.Direction)}
		}
		t.rows = append(t.rows, []any{c.Seq, c.At, dir, c.Gate, c.Kiosk, uint64(c.AttendeeID), p.FirstName, p.LastName, p.Email, c.ScannedAt})
	}
	return t.write(w, opts)
}

// WriteIntroductions writes the introduction log with both people's names
// and e-mails (for the follow-up) and the reasons in words (opts.Label).
func WriteIntroductions(w io.Writer, is []data.Introduction, people map[data.AttendeeID]data.Attendee, opts ExportOptions) error {
	t := table{columns: []header{{"seq", "N°"}, {"at", "Heure"}, {"kind", "Type"}, {"round", "Tour"},
		{"a_id", "N° A"}, {"a_first_name", "Prénom A"}, {"a_last_name", "Nom A"}, {"a_email", "E-mail A"},
		{"b_id", "N° B"}, {"b_first_name", "Prénom B"}, {"b_last_name", "Nom B"}, {"b_email", "E-mail B"}, {"reasons", "Raisons"}}}
	for _, i := range is {
		a, b := people[i.A], people[i.B]
		kind := kindWords[i.Kind]
		if kind.en == "" {
			kind = words{string(i.Kind), string(i.Kind)}
		}
		reasons := i.Reasons
		if opts.Label != nil {
			reasons = make([]string, len(i.Reasons))
			for k, key := range i.Reasons {
				reasons[k] = opts.Label(key)
			}
		}
		t.rows = append(t.rows, []any{i.Seq, i.At, kind, i.Round, uint64(i.A), a.FirstName, a.LastName, a.Email,
			uint64(i.B), b.FirstName, b.LastName, b.Email, reasons})
	}
	return t.write(w, opts)
}

// MailMergeOptions choose the mail-merge file's form.
type MailMergeOptions struct {
	// BaseURL is the server's public address as phones reach it
	// ("https://accueil.example.org" or "http://192.168.1.20:8080").
	BaseURL string
	// French writes French headers; Excel writes ';' instead of ','
	// (French Excel). Both keep the UTF-8 BOM, RFC 4180 quoting and CRLF.
	French, Excel bool
}

// ErrNoBaseURL is returned by WriteMailMerge without a usable BaseURL.
var ErrNoBaseURL = errors.New("the mail-merge export needs the server's public address (http:// or https://, as phones reach it)")

// WriteMailMerge writes one row per person for a mail-merge tool (Word,
// LibreOffice, Gmail and Outlook add-ons, Brevo, Mailchimp): names,
// e-mail, organisation, the link to their phone page (BaseURL/me/SECRET),
// their badge code and a link to their badge QR image
// (BaseURL/me/SECRET/badge.png). The file is UTF-8 with a BOM (so Excel
// reads the accents), RFC 4180 quoting and CRLF line ends. It holds the
// phone secrets: hand it only to the mailing tool.
func WriteMailMerge(w io.Writer, as []data.Attendee, opts MailMergeOptions) error {
	base, err := url.Parse(strings.TrimSpace(opts.BaseURL))
	if err != nil || base.Host == "" || base.Scheme != "http" && base.Scheme != "https" {
		return fmt.Errorf("%w: %q", ErrNoBaseURL, opts.BaseURL)
	}
	root := strings.TrimRight(base.String(), "/")
	t := table{columns: []header{{"first_name", "Prénom"}, {"last_name", "Nom"}, {"full_name", "Nom complet"}, {"email", "E-mail"},
		{"organisation", "Organisation"}, {"phone_link", "Lien téléphone"}, {"badge_code", "Code de badge"}, {"qr_link", "Lien QR code"}}}
	for _, a := range as {
		phone, qr := "", ""
		if a.Secret != "" {
			phone = root + "/me/" + url.PathEscape(a.Secret)
			qr = phone + "/badge.png"
		}
		t.rows = append(t.rows, []any{a.FirstName, a.LastName, a.FullName(), a.Email, a.Organisation, phone, a.BadgeCode, qr})
	}
	return t.writeCSV(w, csvForm{bom: true, crlf: true, semicolon: opts.Excel, french: opts.French})
}

// csvForm is how a table is rendered as CSV.
type csvForm struct {
	bom, crlf, semicolon, french bool
	loc                          *time.Location // nil: UTC RFC 3339
}

func (t table) write(w io.Writer, opts ExportOptions) error {
	switch opts.Format {
	case "", "csv":
		form := csvForm{}
		if opts.Excel {
			form = csvForm{bom: true, crlf: true, semicolon: true, french: true, loc: opts.Location}
			if form.loc == nil {
				form.loc = time.Local
			}
		}
		return t.writeCSV(w, form)
	case "json":
		return t.writeJSON(w)
	}
	return fmt.Errorf("unknown export format %q (csv or json)", opts.Format)
}

func (t table) writeCSV(w io.Writer, form csvForm) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if form.bom {
		bw.WriteString("\ufeff")
	}
	cw.UseCRLF = form.crlf
	if form.semicolon {
		cw.Comma = ';'
	}
	rec := make([]string, len(t.columns))
	for i, h := range t.columns {
		rec[i] = h.en
		if form.french && h.fr != "" {
			rec[i] = h.fr
		}
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, r := range t.rows {
		for i, v := range r {
			rec[i] = neutralise(form.text(v))
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

// text renders one value for CSV.
func (form csvForm) text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []string:
		return joinList(v)
	case bool:
		switch {
		case v && form.french:
			return "oui"
		case form.french:
			return "non"
		case v:
			return "yes"
		}
		return "no"
	case words:
		if form.french {
			return v.fr
		}
		return v.en
	case time.Time:
		if v.IsZero() {
			return ""
		}
		if form.loc != nil {
			return v.In(form.loc).Format("02/01/2006 15:04:05")
		}
		return v.UTC().Format(time.RFC3339)
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
			key, _ := json.Marshal(t.columns[i].en)
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
			case words:
				v = x.en
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
