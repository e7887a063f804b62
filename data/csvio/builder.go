package csvio

import (
	"fmt"
	"slices"
	"strings"

	"icebreaker/data"
)

// cell is one value of a row on its way to an attendee field. JSON may give
// a list as an array (isList); CSV always gives text.
type cell struct {
	f      int
	header string
	text   string
	list   []string
	isList bool
}

// seen is an earlier row of the file with the same email.
type seen struct {
	row int
	a   data.Attendee
}

// builder validates rows into attendees; CSV and JSON feed it the same way.
type builder struct {
	opts    Options
	rep     *Report
	hasCol  fieldSet          // fields some column of the file holds
	header  map[int]string    // field → header as written, for messages
	width   int               // CSV header width, 0 for JSON
	emails  map[string][]seen // normalised email → the rows that have it
	tickets map[string]int    // ticket code → first row that has it
	rows    []row
	cells   []cell   // reused per record
	cols    []int    // field per column
	headers []string // as written in the file
}

func newBuilder(cols []int, headers []string, opts Options, rep *Report) *builder {
	b := &builder{opts: opts, rep: rep, header: map[int]string{}, width: len(headers),
		emails: map[string][]seen{}, tickets: map[string]int{}, cols: cols, headers: headers}
	for i, f := range cols {
		if f == fUnknown || f == fIgnore {
			continue
		}
		b.hasCol.add(f)
		b.header[f] = headers[i]
	}
	for _, f := range []int{fMatch, fBoard} {
		if !b.hasCol.has(f) {
			rep.ConsentMissing = append(rep.ConsentMissing, fieldName(f))
		}
	}
	b.cells = make([]cell, len(cols))
	for i, f := range cols {
		b.cells[i] = cell{f: f, header: headers[i]}
	}
	return b
}

// addRecord validates one CSV record.
func (b *builder) addRecord(num int, rec []string) {
	if isBlank(rec) {
		return
	}
	var errs []RowError
	if len(rec) > b.width && !isBlank(rec[b.width:]) {
		errs = append(errs, RowError{Row: num, Msg: fmt.Sprintf("has %d cells but the header has %d: is there a delimiter inside a cell that is not in quotes?", len(rec), b.width),
			FR: fmt.Sprintf("a %d cellules mais l'en-tête en a %d : un séparateur est-il dans une cellule sans guillemets ?", len(rec), b.width)})
	}
	cells := b.cells
	for i := range cells {
		cells[i].text = ""
		if i < len(rec) {
			cells[i].text = rec[i]
		}
	}
	b.addRow(num, cells, errs)
}

// addRow turns cells into an attendee, checks it and records the row as
// valid or rejected.
func (b *builder) addRow(num int, cells []cell, errs []RowError) {
	b.rep.Rows++
	var a data.Attendee
	var present fieldSet
	var fullName string
	for _, c := range cells {
		if c.f == fUnknown || c.f == fIgnore {
			continue
		}
		if e, ok := b.setField(&a, c, &fullName); !ok {
			e.Row = num
			errs = append(errs, e)
			continue
		}
		if c.f != fFullName {
			present.add(c.f)
		}
	}
	if a.FirstName == "" && a.LastName == "" && fullName != "" {
		a.FirstName, a.LastName, _ = strings.Cut(fullName, " ")
		present.add(fFirstName)
		present.add(fLastName)
	}
	if b.opts.ConsentGranted {
		for _, f := range []int{fMatch, fBoard} {
			if !b.hasCol.has(f) {
				*fields[f].flag(&a) = true
				present.add(f)
			}
		}
	}
	errs = append(errs, b.checkRow(num, &a)...)
	if len(b.rep.Preview) < b.opts.Preview {
		b.rep.Preview = append(b.rep.Preview, PreviewRow{Row: num, Attendee: a, Errors: slices.Clone(errs)})
	}
	if len(errs) > 0 {
		b.rep.Errors = append(b.rep.Errors, errs...)
		b.rep.Rejected++
		return
	}
	b.rows = append(b.rows, row{num: num, a: a, present: present, header: b.header})
}

// setField parses one cell into a; fullName receives a "Nom complet" cell.
func (b *builder) setField(a *data.Attendee, c cell, fullName *string) (RowError, bool) {
	if c.isList {
		var items []string
		for _, it := range c.list {
			items = append(items, splitList(unneutralise(it))...)
		}
		if c.f < len(fields) && fields[c.f].kind == kindList {
			*fields[c.f].list(a) = splitList(strings.Join(items, ";"))
			return RowError{}, true
		}
		c.text = strings.Join(items, " ")
	}
	v := unneutralise(c.text)
	if len(v) > MaxCellBytes {
		return RowError{Column: c.header, Value: preview(v), Msg: fmt.Sprintf("is %d bytes long, more than %d: is a quote left open?", len(v), MaxCellBytes),
			FR: fmt.Sprintf("fait %d octets, plus de %d : un guillemet est-il resté ouvert ?", len(v), MaxCellBytes)}, false
	}
	if c.f == fFullName {
		*fullName = collapseSpace(v)
		return RowError{}, true
	}
	f := fields[c.f]
	switch f.kind {
	case kindText:
		*f.text(a) = collapseSpace(v)
	case kindLong:
		*f.text(a) = cleanLong(v)
	case kindEmail:
		v = collapseSpace(v)
		if v != "" && !validEmail(v) {
			return RowError{Column: c.header, Value: preview(v), Msg: "is not an email address", FR: "n'est pas une adresse e-mail"}, false
		}
		*f.text(a) = v
	case kindList:
		*f.list(a) = splitList(v)
	case kindBool:
		yes, ok := parseBool(v)
		if !ok {
			return RowError{Column: c.header, Value: preview(collapseSpace(v)), Msg: "is not yes or no (oui/non, yes/no, 1/0, x)", FR: "n'est ni oui ni non (oui/non, yes/no, 1/0, x)"}, false
		}
		*f.flag(a) = yes
	}
	return RowError{}, true
}

// checkRow applies the whole-row rules: a name, a way to recognise the
// person again, no email or ticket code twice in one file.
func (b *builder) checkRow(num int, a *data.Attendee) []RowError {
	var errs []RowError
	if a.FirstName == "" && a.LastName == "" {
		errs = append(errs, RowError{Row: num, Column: b.firstHeader(fFirstName, fLastName, fFullName), Msg: "no name: first and last name are both empty",
			FR: "pas de nom : le prénom et le nom sont vides tous les deux"})
	}
	if a.Email == "" && a.TicketCode == "" {
		errs = append(errs, RowError{Row: num, Column: b.firstHeader(fEmail, fTicket), Msg: "no email and no ticket code: the person could not be recognised by the next import",
			FR: "ni e-mail ni code de billet : la prochaine importation ne pourrait pas reconnaître la personne"})
	}
	// Several people may share an email (a couple, an assistant who
	// registered a team): a row repeats another only if it is the same
	// person (data.SamePerson: same ticket, or same name without one).
	if e := data.NormalEmail(a.Email); e != "" {
		dup := false
		for _, p := range b.emails[e] {
			if data.SamePerson(p.a, *a) {
				dup = true
				if p.a.TicketCode != "" && a.TicketCode != "" {
					break // the same ticket twice: reported on the ticket column
				}
				errs = append(errs, RowError{Row: num, Column: b.header[fEmail], Value: preview(e), Msg: fmt.Sprintf("is already on row %d of this file, for the same person", p.row),
					FR: fmt.Sprintf("est déjà à la ligne %d de ce fichier, pour la même personne", p.row)})
				break
			}
		}
		if !dup {
			b.emails[e] = append(b.emails[e], seen{num, *a})
		}
	}
	if t := a.TicketCode; t != "" {
		if first, dup := b.tickets[t]; dup {
			errs = append(errs, RowError{Row: num, Column: b.header[fTicket], Value: preview(t), Msg: fmt.Sprintf("is already on row %d of this file", first),
				FR: fmt.Sprintf("est déjà à la ligne %d de ce fichier", first)})
		} else {
			b.tickets[t] = num
		}
	}
	return errs
}

// firstHeader is the header of the first of fs that the file has.
func (b *builder) firstHeader(fs ...int) string {
	for _, f := range fs {
		if h, ok := b.header[f]; ok {
			return h
		}
	}
	return ""
}

func (b *builder) finish() ([]row, Report, error) { return b.rows, *b.rep, nil }
