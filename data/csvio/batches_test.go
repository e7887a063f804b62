package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
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

// An import's batches follow the writer's time: a batch that held it for
// longer than importBatchTime halves the next (a loaded machine), one
// that held it for less than half of that grows the next by a quarter,
// always within [importBatchMin, importBatch].
func TestImport_BatchSizeFollowsTheWriterTime(t *testing.T) {
	slow, quick := 3*importBatchTime, importBatchTime/10
	size := importBatch
	for range 20 {
		size = nextImportBatch(size, slow)
	}
	if size != importBatchMin {
		t.Errorf("after slow batches: %d rows, want %d", size, importBatchMin)
	}
	if got := nextImportBatch(80, slow); got != 40 {
		t.Errorf("after a slow batch of 80: %d rows, want 40", got)
	}
	if got := nextImportBatch(80, importBatchTime*3/4); got != 80 {
		t.Errorf("after a batch of 80 on time: %d rows, want 80 again", got)
	}
	for range 40 {
		size = nextImportBatch(size, quick)
	}
	if size != importBatch {
		t.Errorf("after quick batches: %d rows, want %d", size, importBatch)
	}
}
