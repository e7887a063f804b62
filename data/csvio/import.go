package csvio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"time"

	"icebreaker/data"
)

// Import reads r (CSV or JSON, see the package doc), decides what each row
// does in a read transaction, and writes the valid rows in short batches
// committed together with the door's scans of the moment (see write).
// Each row updates the person with
// its ticket code, else the person on its email who is the same person
// (data.SamePerson), else creates a new person (who gets a badge code and
// a phone secret from the store's CodeSource). An update changes only the
// fields the file has columns for; a row that changes nothing is counted
// Unchanged and not rewritten.
//
// Columns are decided by Options.Map, then by the mapping remembered for
// this file layout or a close one (closestMapping), then by recognition; Report
// says which and why. A successful import that writes remembers the
// mapping it used, in its last transaction.
//
// All or nothing: if any row is invalid (in the file, or because its
// ticket code belongs to someone else than its email and name say), nothing
// is written and the error wraps ErrInvalidRows; with SkipInvalid the
// other rows are written. The batches are journalled (data.Store.BeginImport):
// a failure after the first batch rolls the written ones back, and so does
// the next Open after a kill; while the batches are written the door may
// already scan the badges of the first ones. With DryRun the same decisions are made and
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
	// Decide in a read transaction, which holds no writer back: the
	// report, and the conflicts that refuse the whole import.
	final, err := decide(store, rows, opts, rep)
	if err != nil || opts.DryRun {
		return final, err
	}
	if done, err := write(store, rows, opts, rep, in); err != nil {
		if errors.Is(err, errAbort) { // a conflict written since the read
			final = done
			err = invalidRows(final)
		}
		final.Created, final.Updated, final.Unchanged = 0, 0, 0
		return final, err
	}
	return final, nil
}

// decide runs the import's decisions in a read transaction and returns
// the report; an error wraps ErrInvalidRows when the import must be
// refused (all or nothing).
func decide(store *data.Store, rows []row, opts Options, rep Report) (Report, error) {
	dry := opts
	dry.DryRun = true
	if !opts.DryRun {
		dry.Progress = nil // the writing pass reports progress
	}
	var final Report
	err := store.View(func(tx *data.Tx) error {
		final = rep
		final.Preview = slices.Clone(rep.Preview)
		return apply(tx, rows, dry, &final, &applied{touched: map[data.AttendeeID]bool{}, total: len(rows)})
	})
	if err != nil {
		final.Created, final.Updated, final.Unchanged = 0, 0, 0
		return final, err
	}
	if len(final.Errors) > 0 && !opts.SkipInvalid {
		final.Created, final.Updated, final.Unchanged = 0, 0, 0
		return final, invalidRows(final)
	}
	return final, nil
}

// Import batch sizes: a write transaction of an import holds between
// importBatchMin and importBatch rows, as many as its rows take about
// importBatchTime to apply and write about importBatchBytes of pages; its
// commit (spilling the pages, two flushes to the disk) is shared with the
// door's scans queued meanwhile (data.Store.CommitBulk), which wait for
// it.
const (
	importBatch      = 200
	importBatchMin   = 4
	importBatchTime  = 5 * time.Millisecond
	importBatchBytes = 512 << 10
)

// nextImportBatch is the size of the next batch after one of size rows
// took took to apply and its commit wrote wrote bytes: halved when longer
// than importBatchTime or larger than importBatchBytes, a quarter more
// when under half of both, within [importBatchMin, importBatch]. On a
// loaded machine, where a row costs ten times more, the batches shrink
// instead of holding the scans back; and since a row of a large event
// dirties several pages of its own (its codes and email are indexed under
// random keys), the bytes bound the flush a scan riding the batch's
// commit waits for.
func nextImportBatch(size int, took time.Duration, wrote int64) int {
	switch {
	case took > importBatchTime || wrote > importBatchBytes:
		return max(size/2, importBatchMin)
	case took < importBatchTime/2 && wrote < importBatchBytes/2:
		return min(size+max(size/4, 1), importBatch)
	}
	return size
}

// write writes the rows decide accepted in batches (see nextImportBatch),
// each committed with the door's scans of the moment
// (data.Store.CommitBulk), and rests as long as each batch kept a
// processor busy before the next (so half of a core is left to the door:
// on a 2-core laptop an import otherwise takes the CPU the scans need;
// the batch's wait for the committer and for the disk is not counted, or
// a slow disk would make the import crawl),
// each batch journalled (data.Store.BeginImport) so that the import stays
// all or nothing: a batch that fails, or finds a conflict the read did
// not (the store changed meanwhile), rolls the earlier ones back. The
// last transaction remembers the mapping and drops the journal: the
// import stands from that commit on.
//
// Contract: a write transaction of the import applies its rows in about
// importBatchTime and writes about importBatchBytes, never more than
// importBatch rows, then commits with the scans queued meanwhile; a
// batch run again (CommitBulk's retry) starts from the report and the
// people as they were before it.
func write(store *data.Store, rows []row, opts Options, rep Report, in *input) (Report, error) {
	if err := store.BeginImport(); err != nil {
		return rep, err
	}
	done := rep
	run := &applied{touched: map[data.AttendeeID]bool{}, total: len(rows), undo: true}
	var err error
	size := importBatchMin
	for from := 0; from < len(rows) && err == nil; {
		n := min(size, len(rows)-from)
		t0 := time.Now()
		var applying time.Duration
		var ct data.CommitTiming
		before := done.clone()
		run.added = run.added[:0] // the batch before is committed
		err = store.CommitBulk(data.WithCommitTiming(context.Background(), &ct), func(tx *data.Tx) error {
			done = before.clone()
			run.restart(from)
			t1 := time.Now()
			defer func() { applying = time.Since(t1) }()
			return apply(tx, rows[from:from+n], opts, &done, run)
		})
		from += n
		size = nextImportBatch(size, applying, ct.FlushBytes)
		// Rest as long as the batch kept a processor busy: its wait in
		// the queue and its flush took none.
		time.Sleep(ct.Busy(t0))
	}
	if err == nil {
		err = store.FinishImport(func(tx *data.Tx) error {
			if in.isJSON {
				return nil
			}
			return tx.PutImportMapping(usedMapping(in.headers, done))
		})
	}
	if err != nil {
		if uerr := store.UndoImport(); uerr != nil {
			return done, fmt.Errorf("%w; rolling back the rows already written failed too (%v): they are rolled back when icebreaker next opens the file", err, uerr)
		}
	}
	return done, err
}

// clone is a copy of the report that shares nothing an import's batch
// changes (its errors, its preview's actions).
func (r Report) clone() Report {
	r.Errors = slices.Clone(r.Errors)
	r.Preview = slices.Clone(r.Preview)
	return r
}

// paceRows is how many rows (records read, rows checked, rows decided)
// an import's long loops go through between two rests.
const paceRows = 2000

// pacer paces the long loops of an import that hold no transaction
// (reading the file, checking its rows) and its decision in a read
// transaction.
//
// Contract: every paceRows calls of tick, it rests as long as the work
// since the last rest took, so that such a loop takes about half of one
// core: on a 2-core machine, reading 100,000 rows at full speed beside
// the garbage collector's worker left the door's scans no processor for
// up to 100 ms at a time. The zero value is ready.
type pacer struct {
	n     int
	since time.Time
}

func (p *pacer) tick() {
	if p.since.IsZero() {
		p.since = time.Now()
	}
	if p.n++; p.n%paceRows == 0 {
		time.Sleep(time.Since(p.since)) // pacing the loop: half a core is left to the door
		p.since = time.Now()
	}
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

// applied is where an import's writing stands across its batches: the
// people its rows stand for so far, the rows before this batch, and
// whether each change is journalled for a rollback.
type applied struct {
	touched     map[data.AttendeeID]bool
	done, total int
	undo        bool
	added       []data.AttendeeID // the people the batch under way added to touched
}

// touch records that the import's rows stand for id.
func (run *applied) touch(id data.AttendeeID) {
	if !run.touched[id] {
		run.touched[id] = true
		run.added = append(run.added, id)
	}
}

// restart starts the batch from row from, forgetting the people a
// rolled-back run of it touched.
func (run *applied) restart(from int) {
	for _, id := range run.added {
		delete(run.touched, id)
	}
	run.added, run.done = run.added[:0], from
}

func apply(tx *data.Tx, rows []row, opts Options, rep *Report, run *applied) error {
	write := true
	touched := run.touched // read here; changed through run.touch
	var pace pacer         // a long decision (decide's one pass) rests; a write batch is short
	for i, rw := range rows {
		if len(rows) > paceRows {
			pace.tick()
		}
		if at := run.done + i; opts.Progress != nil && at > 0 && at%1000 == 0 {
			opts.Progress(at, run.total)
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
			run.touch(old.ID)
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
			if run.undo && found {
				if err := tx.RecordUndo(old.ID, &old); err != nil {
					return err
				}
			}
			if err := tx.PutAttendee(&a); err != nil {
				return fmt.Errorf("row %d: %w", rw.num, err)
			}
			if run.undo && !found {
				if err := tx.RecordUndo(a.ID, nil); err != nil {
					return err
				}
			}
			run.touch(a.ID)
		}
	}
	if end := run.done + len(rows); opts.Progress != nil && end == run.total {
		opts.Progress(end, run.total)
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
