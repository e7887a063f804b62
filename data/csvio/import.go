package csvio

import (
	"errors"
	"fmt"
	"io"
	"reflect"

	"icebreaker/data"
)

// Import parses r (see Parse) and writes the valid rows in one store.Update
// transaction. Each row updates the person with its ticket code, else the
// person with its email, else creates a new person (who gets a badge code
// and a phone secret from the store's CodeSource). An update changes only
// the fields the file has columns for; a row that changes nothing is
// counted Unchanged and not rewritten.
//
// All or nothing: if any row is invalid (in the file, or because its email
// belongs to another person than its ticket code), nothing is written and
// the error wraps ErrInvalidRows; with SkipInvalid the other rows are
// written. With DryRun the same decisions are made and counted in a
// read-only transaction. The report is filled in every case.
func Import(store *data.Store, r io.Reader, opts Options) (Report, error) {
	rows, rep, err := parse(r, opts)
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
		return apply(tx, rows, opts, &final)
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

func invalidRows(rep Report) error {
	return fmt.Errorf("%w: %d of %d rows; nothing was imported (fix them, or use --skip-invalid to import the others)", ErrInvalidRows, rep.Rejected, rep.Rows)
}

// errAbort rolls the transaction back when a row conflicts with the store
// and the import is all or nothing.
var errAbort = errors.New("abort")

func apply(tx *data.Tx, rows []row, opts Options, rep *Report) error {
	write := true
	for i, rw := range rows {
		if opts.Progress != nil && i > 0 && i%1000 == 0 {
			opts.Progress(i, len(rows))
		}
		old, found, conflict := match(tx, rw)
		if conflict != nil {
			rep.Errors = append(rep.Errors, *conflict)
			rep.Rejected++
			if !opts.SkipInvalid {
				write = false // keep counting conflicts, then roll back
			}
			continue
		}
		a := rw.a
		if found {
			a = merge(old, rw)
			if sameProfile(old, a) {
				rep.Unchanged++
				continue
			}
			rep.Updated++
		} else {
			rep.Created++
		}
		if write && !opts.DryRun {
			if err := tx.PutAttendee(&a); err != nil {
				return fmt.Errorf("row %d: %w", rw.num, err)
			}
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

// match finds the stored person a row is about: by ticket code, then by
// email. A row whose email already belongs to someone else than the
// person its ticket code names is a conflict.
func match(tx *data.Tx, rw row) (data.Attendee, bool, *RowError) {
	var byTicket, byEmail data.Attendee
	var hasTicket, hasEmail bool
	if rw.a.TicketCode != "" {
		if id, _, ok := tx.LookupSecret(data.TicketCode, rw.a.TicketCode); ok {
			if a, err := tx.Attendee(data.AttendeeID(id)); err == nil {
				byTicket, hasTicket = a, true
			}
		}
	}
	if rw.a.Email != "" {
		if a, err := tx.AttendeeByEmail(rw.a.Email); err == nil {
			byEmail, hasEmail = a, true
		}
	}
	switch {
	case hasTicket && hasEmail && byTicket.ID != byEmail.ID:
		return data.Attendee{}, false, &RowError{Row: rw.num, Column: rw.header[fEmail], Value: rw.a.Email,
			Msg: fmt.Sprintf("belongs to %s, but the ticket code %s belongs to %s", byEmail.FullName(), rw.a.TicketCode, byTicket.FullName())}
	case hasTicket:
		return byTicket, true, nil
	case hasEmail: // a new ticket code for a known email replaces the old one
		return byEmail, true, nil
	}
	return data.Attendee{}, false, nil
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
