package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"icebreaker/data"
)

// failingCodes makes codes until its budget is spent, then fails as a
// broken random source would.
type failingCodes struct {
	seqCodes
	budget int
}

var errNoRandom = errors.New("no randomness left")

func (c *failingCodes) NewCode() (string, error) {
	if c.budget--; c.budget < 0 {
		return "", errNoRandom
	}
	return c.seqCodes.NewCode()
}

// An import written in batches is still all or nothing: a failure in a
// late batch rolls back the batches already committed, the people it
// updated get their record back, and the file is left as before.
func TestImport_FailingLateBatchRollsTheEarlierOnesBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "event.db")
	codes := &failingCodes{budget: 1 << 30}
	s, err := data.Open(path, data.Options{Codes: codes, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Import(s, bytes.NewReader(syntheticFile(10)), Options{}); err != nil {
		t.Fatal(err)
	}
	before := allAttendees(t, s)
	// The same ten people, renamed, then 2,500 new ones; codes run out
	// after 1,500 of them, in the batch after several committed ones.
	renamed := bytes.ReplaceAll(syntheticFile(2510), []byte(";Dubœuf;"), []byte(";Renamed;"))
	codes.budget = 1500 // a badge code per new person
	_, err = Import(s, bytes.NewReader(renamed), Options{})
	if !errors.Is(err, errNoRandom) {
		t.Fatalf("import with failing codes: %v, want their error", err)
	}
	after := allAttendees(t, s)
	if len(after) != len(before) {
		t.Fatalf("%d attendees after the failed import, want the %d of before", len(after), len(before))
	}
	for i := range before {
		if after[i].LastName != before[i].LastName || after[i].FirstName != before[i].FirstName {
			t.Errorf("attendee %d is %s %s after the rollback, was %s %s", before[i].ID, after[i].FirstName, after[i].LastName, before[i].FirstName, before[i].LastName)
		}
	}
	if err := s.BeginImport(); err != nil {
		t.Errorf("after the rollback a new import cannot start: %v", err)
	}
}

// A process killed while an import's batches are being written leaves
// the journal: the next Open rolls the import back.
func TestOpen_RollsBackAnImportLeftHalfWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "event.db")
	s, err := data.Open(path, data.Options{Codes: &seqCodes{}, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	ana := data.Attendee{FirstName: "Ana", LastName: "Before", Email: "ana@example.org"}
	s.Update(func(tx *data.Tx) error { return tx.PutAttendee(&ana) })
	if err := s.BeginImport(); err != nil {
		t.Fatal(err)
	}
	err = s.Update(func(tx *data.Tx) error {
		old := ana
		changed := ana
		changed.LastName = "During"
		if err := tx.RecordUndo(ana.ID, &old); err != nil {
			return err
		}
		if err := tx.PutAttendee(&changed); err != nil {
			return err
		}
		for i := range 3 {
			a := data.Attendee{FirstName: fmt.Sprint("New", i), LastName: "Person", Email: fmt.Sprintf("new%d@example.org", i)}
			if err := tx.PutAttendee(&a); err != nil {
				return err
			}
			if err := tx.RecordUndo(a.ID, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close() // killed before FinishImport
	s, err = data.Open(path, data.Options{Codes: &seqCodes{}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all := allAttendees(t, s)
	if len(all) != 1 || all[0].LastName != "Before" {
		t.Fatalf("after reopening: %+v, want only Ana as before the import", all)
	}
	s.View(func(tx *data.Tx) error {
		if _, err := tx.AttendeeByEmail("new0@example.org"); err == nil {
			t.Error("a person of the killed import is still indexed by email")
		}
		return nil
	})
}

// An import's batches follow the writer's time and the bytes their
// commit writes: a batch that held it for longer than importBatchTime, or
// wrote more than importBatchBytes, halves the next (a loaded machine, a
// large event whose every row dirties pages of its own), one under half
// of both grows the next by a quarter, always within [importBatchMin,
// importBatch].
func TestImport_BatchSizeFollowsTheWriterTimeAndBytes(t *testing.T) {
	slow, quick := 3*importBatchTime, importBatchTime/10
	const small, large = importBatchBytes / 10, 2 * importBatchBytes
	size := importBatch
	for range 20 {
		size = nextImportBatch(size, slow, small)
	}
	if size != importBatchMin {
		t.Errorf("after slow batches: %d rows, want %d", size, importBatchMin)
	}
	if got := nextImportBatch(80, slow, small); got != 40 {
		t.Errorf("after a slow batch of 80: %d rows, want 40", got)
	}
	if got := nextImportBatch(80, quick, large); got != 40 {
		t.Errorf("after a quick batch of 80 that wrote %d bytes: %d rows, want 40", large, got)
	}
	if got := nextImportBatch(80, importBatchTime*3/4, small); got != 80 {
		t.Errorf("after a batch of 80 on time: %d rows, want 80 again", got)
	}
	if got := nextImportBatch(80, quick, importBatchBytes*3/4); got != 80 {
		t.Errorf("after a quick batch of 80 near the bytes' bound: %d rows, want 80 again", got)
	}
	for range 40 {
		size = nextImportBatch(size, quick, small)
	}
	if size != importBatch {
		t.Errorf("after quick small batches: %d rows, want %d", size, importBatch)
	}
}

// An import's batch shares its commit with whatever the door queues
// meanwhile (data.Store.CommitBulk); a function of the door that fails in
// that transaction rolls the batch back, and the batch runs again
// (TestCommitBulk_RunsAgainWhenItsNeighbourFails in data). The run again
// starts from the people as they were before the batch: a row matched by
// email in the rolled-back run is matched again, not taken for someone
// new because the first run had marked its person as already stood for.
func TestImport_BatchRunAgainMatchesAsTheFirstRunDid(t *testing.T) {
	s := openStore(t)
	ana := data.Attendee{FirstName: "Ana", LastName: "Lima", Email: "ana@example.org", Organisation: "Before"}
	if err := s.Update(func(tx *data.Tx) error { return tx.PutAttendee(&ana) }); err != nil {
		t.Fatal(err)
	}
	var rep Report
	in, err := readInput(strings.NewReader("first_name,last_name,email,organisation\nAna,Lima,ana@example.org,After\n"), &rep)
	if err != nil {
		t.Fatal(err)
	}
	rows, rep, err := in.build(Options{}, nil, &rep)
	if err != nil {
		t.Fatal(err)
	}
	run := &applied{touched: map[data.AttendeeID]bool{}, total: len(rows)}
	var done Report
	batch := func(tx *data.Tx) error {
		done = rep.clone()
		run.restart(0)
		return apply(tx, rows, Options{}, &done, run)
	}
	rolledBack := errors.New("a neighbour failed")
	if err := s.Update(func(tx *data.Tx) error { batch(tx); return rolledBack }); !errors.Is(err, rolledBack) {
		t.Fatal(err)
	}
	if err := s.Update(batch); err != nil {
		t.Fatal(err)
	}
	if done.Updated != 1 || done.Created != 0 {
		t.Errorf("the batch run again: %d updated, %d created; want Ana updated", done.Updated, done.Created)
	}
	if all := allAttendees(t, s); len(all) != 1 || all[0].Organisation != "After" {
		t.Errorf("after the batch run again: %+v, want Ana alone, of After", all)
	}
}
