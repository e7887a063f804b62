package csvio

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"

	"icebreaker/data"
)

// Import reads r (CSV or JSON, see the package doc) and writes the valid
// rows in one store.Update transaction. Each row updates the person with
// its ticket code, else the person on its email who is the same person
// (data.SamePerson), else creates a new person (who gets a badge code and
// a phone secret from the store's CodeSource). An update changes only the
// fields the file has columns for; a row that changes nothing is counted
// Unchanged and not rewritten.
//
// Columns are decided by Options.Map, then by the mapping remembered for
// this file layout or a close one (closestMapping), then by recognition; Report
// says which and why. A successful import that writes remembers the
// mapping it used, in the same transaction.
//
// All or nothing: if any row is invalid (in the file, or because its
// ticket code belongs to someone else than its email and name say), nothing
// is written and the error wraps ErrInvalidRows; with SkipInvalid the
// other rows are written. With DryRun the same decisions are made and
// counted in a read-only transaction. The report is filled in every case.
func Import(store *data.Store, r io.Reader, opts Options) (Report, error) {
	var rep Report
	in, err := readInput(r, &rep)
	if err != nil {
		return rep, err
	}
	var remembered map[string]int
	if !in.isJSON {
		err := store.View(func(tx *data.Tx) error {
			ms, err := tx.ImportMappings()
			if m, ok := closestMapping(ms, in.headers); ok {
				remembered = rememberedFields(m)
			}
			return err
		})
		if err != nil {
			return rep, err
		}
	}
	rows, rep, err := in.build(opts, remembered, &rep)
	if err != nil {
		return rep, err
	}
	if len(rep.Errors) > 0 && !opts.SkipInvalid {
		return rep, invalidRows(rep)
	}
	run := store.Update
	if opts.DryRun {
		run = store.View
	}
	var final Report
	err = run(func(tx *data.Tx) error {
		final = rep // a retried transaction starts from the parse report
		final.Preview = slices.Clone(rep.Preview)
		if err := apply(tx, rows, opts, &final); err != nil {
			return err
		}
		if opts.DryRun || in.isJSON {
			return nil
		}
		return tx.PutImportMapping(usedMapping(in.headers, final))
	})
	if errors.Is(err, errAbort) {
		final.Created, final.Updated, final.Unchanged = 0, 0, 0
		return final, invalidRows(final)
	}
	if err != nil {
		final.Created, final.Updated, final.Unchanged = 0, 0, 0
		return final, err
	}
	if len(final.Errors) > 0 && !opts.SkipInvalid {
		return final, invalidRows(final)
	}
	return final, nil
}

// DefaultPreviewRows is how many rows Preview shows when opts.Preview is 0.
const DefaultPreviewRows = 10

// Preview is Import without writing (DryRun) and with the first rows as
// they would import (Options.Preview, DefaultPreviewRows by default): what
// `import --dry-run` and the admin's upload show before the organiser
// confirms. The mapping shown is the one Import would use, remembered
// mapping included; pass the organiser's changes in opts.Map. An error
// wrapping ErrInvalidRows still comes with the full report.
func Preview(store *data.Store, r io.Reader, opts Options) (Report, error) {
	opts.DryRun = true
	if opts.Preview <= 0 {
		opts.Preview = DefaultPreviewRows
	}
	return Import(store, r, opts)
}

// closestMapping picks the remembered mapping for a file: the one of its
// exact layout, else the newest whose headers cover at least three
// quarters of the file's (the same tool's export with a question added or
// removed). Its entries for headers the file lacks are simply unused.
func closestMapping(ms []data.ImportMapping, headers []string) (data.ImportMapping, bool) {
	layout := layoutSignature(headers)
	for _, m := range ms {
		if m.Layout == layout {
			return m, true
		}
	}
	have := map[string]bool{}
	for _, h := range headers {
		have[normalise(h)] = true
	}
	for _, m := range ms { // newest first
		shared := 0
		for _, h := range m.Headers {
			if have[normalise(h)] {
				shared++
			}
		}
		if len(headers) > 0 && shared*4 >= len(headers)*3 {
			return m, true
		}
	}
	return data.ImportMapping{}, false
}

// rememberedFields turns a stored mapping into overrides.
func rememberedFields(m data.ImportMapping) map[string]int {
	out := map[string]int{}
	for h, name := range m.Fields {
		if f := fieldByName(name); f != fUnknown {
			out[normalise(h)] = f
		}
	}
	return out
}

// usedMapping is the mapping to remember: every column a field (or
// "ignore") was read from.
func usedMapping(headers []string, rep Report) data.ImportMapping {
	m := data.ImportMapping{Layout: rep.Layout, Headers: headers, Fields: map[string]string{}}
	for _, c := range rep.Columns {
		if c.Field != "" {
			m.Fields[c.Header] = c.Field
		}
	}
	return m
}

func invalidRows(rep Report) error {
	return fmt.Errorf("%w: %d of %d rows; nothing was imported (fix them, or use --skip-invalid to import the others)", ErrInvalidRows, rep.Rejected, rep.Rows)
}

// errAbort rolls the transaction back when a row conflicts with the store
// and the import is all or nothing.
var errAbort = errors.New("abort")

func apply(tx *data.Tx, rows []row, opts Options, rep *Report) error {
	write := true
	touched := map[data.AttendeeID]bool{}
	for i, rw := range rows {
		if opts.Progress != nil && i > 0 && i%1000 == 0 {
			opts.Progress(i, len(rows))
		}
		old, found, conflict := match(tx, rw, touched)
		if conflict != nil {
			rep.Errors = append(rep.Errors, *conflict)
			rep.Rejected++
			if !opts.SkipInvalid {
				write = false // keep counting conflicts, then roll back
			}
			continue
		}
		a := rw.a
		action := "create"
		if found {
			a = merge(old, rw)
			action = "update"
			if sameProfile(old, a) {
				action = "unchanged"
			}
		}
		setAction(rep, rw.num, action)
		if found {
			touched[old.ID] = true
		}
		switch action {
		case "unchanged":
			rep.Unchanged++
			continue
		case "update":
			rep.Updated++
		default:
			rep.Created++
		}
		if write && !opts.DryRun {
			if err := tx.PutAttendee(&a); err != nil {
				return fmt.Errorf("row %d: %w", rw.num, err)
			}
			touched[a.ID] = true
		}
	}
	if opts.Progress != nil {
		opts.Progress(len(rows), len(rows))
	}
	if !opts.DryRun && !write {
		return errAbort // roll back the rows written before the conflict
	}
	return nil
}

// setAction records what the import does with a previewed row.
func setAction(rep *Report, num int, action string) {
	for i := range rep.Preview {
		if rep.Preview[i].Row == num {
			rep.Preview[i].Action = action
		}
	}
}

// match finds the stored person a row is about: by ticket code, else
// among the people on its email the one that is the same person
// (data.SamePerson, or the only one there whose ticket code the row
// replaces). A ticket code that belongs to someone whose email is not the
// row's, when the row's email belongs to others, is a conflict: the row
// mixes two people.
//
// People an earlier row of the same import already stands for (touched)
// are not matched by email again: the file said they are other people.
func match(tx *data.Tx, rw row, touched map[data.AttendeeID]bool) (data.Attendee, bool, *RowError) {
	var onEmail []data.Attendee
	if rw.a.Email != "" {
		onEmail, _ = tx.AttendeesByEmail(rw.a.Email)
	}
	if rw.a.TicketCode != "" {
		if id, _, ok := tx.LookupSecret(data.TicketCode, rw.a.TicketCode); ok {
			if a, err := tx.Attendee(data.AttendeeID(id)); err == nil {
				sameEmail := rw.a.Email == "" || data.NormalEmail(a.Email) == data.NormalEmail(rw.a.Email)
				if !sameEmail && len(onEmail) > 0 {
					return data.Attendee{}, false, &RowError{Row: rw.num, Column: rw.header[fEmail], Value: rw.a.Email,
						Msg: fmt.Sprintf("belongs to %s, but the ticket code %s belongs to %s", onEmail[0].FullName(), rw.a.TicketCode, a.FullName()),
						FR:  fmt.Sprintf("est celle de %s, mais le code de billet %s est celui de %s", onEmail[0].FullName(), rw.a.TicketCode, a.FullName())}
				}
				return a, true, nil
			}
		}
	}
	onEmail = slices.DeleteFunc(onEmail, func(a data.Attendee) bool { return touched[a.ID] })
	for _, a := range onEmail {
		if sameName(a, rw) && (a.TicketCode == "" || rw.a.TicketCode == "" || len(onEmail) == 1) {
			return a, true, nil // a new ticket code for a known person replaces the old one
		}
	}
	return data.Attendee{}, false, nil
}

// sameName compares a stored person's name with a row's on the name
// columns the file has (a file with first names only matches on those).
func sameName(a data.Attendee, rw row) bool {
	var stored, given string
	if rw.present.has(fFirstName) {
		stored, given = a.FirstName, rw.a.FirstName
	}
	if rw.present.has(fLastName) {
		stored, given = stored+" "+a.LastName, given+" "+rw.a.LastName
	}
	return data.FoldName(stored) == data.FoldName(given)
}

// merge copies the fields the row's file has onto the stored person. An
// empty email or ticket code does not erase the stored one: identifiers
// are only replaced, never dropped, by an import.
func merge(old data.Attendee, rw row) data.Attendee {
	a := old
	for f := range fields {
		if !rw.present.has(f) || (f == fEmail || f == fTicket) && *fields[f].text(&rw.a) == "" {
			continue
		}
		src := rw.a
		switch fd := fields[f]; fd.kind {
		case kindList:
			*fd.list(&a) = *fd.list(&src)
		case kindBool:
			*fd.flag(&a) = *fd.flag(&src)
		default:
			*fd.text(&a) = *fd.text(&src)
		}
	}
	return a
}

// sameProfile compares everything but the timestamps.
func sameProfile(a, b data.Attendee) bool {
	a.UpdatedAt = b.UpdatedAt
	return reflect.DeepEqual(a, b)
}
