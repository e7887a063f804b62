package data

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fileHolds reports whether the file at path holds needle.
func fileHolds(t *testing.T, path, needle string) bool {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(raw, []byte(needle))
}

func scrubPending(t *testing.T, s *Store) bool {
	t.Helper()
	var pending bool
	s.View(func(tx *Tx) error { pending = tx.ScrubPending(); return nil })
	return pending
}

// Issue 13 #12: when wiping fails the erasure stands and says so, the
// file stays marked with the bytes in it, and the next Open compacts them
// away and clears the mark.
func TestScrub_FailureIsTellingAndTheNextOpenFinishesIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "event.db")
	seed := openTestStore(t, path)
	amelie, karim, _ := seedEvent(t, seed)
	seed.Close()
	disk := errors.New("input/output error")
	s, err := Open(path, Options{Codes: &countingCodes{}, Now: fixedClock, ScrubFault: func() error { return disk }})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Erase(amelie); err != nil {
		t.Fatal(err)
	}
	err = s.Scrub()
	var pending *ScrubPendingError
	if !errors.As(err, &pending) || !errors.Is(err, ErrScrubPending) || !errors.Is(err, disk) || pending.Path != path {
		t.Fatalf("scrub with a failing disk: %v, want a ScrubPendingError naming the file and the cause", err)
	}
	s.View(func(tx *Tx) error {
		if _, err := tx.Attendee(amelie); !errors.Is(err, ErrNotFound) {
			t.Errorf("after the failed wipe Amélie reads %v, want her erased", err)
		}
		return nil
	})
	if !scrubPending(t, s) || !fileHolds(t, path, "amelie.duboeuf@example.org") {
		t.Fatal("after the failed wipe the file should be marked and still hold the bytes (what the error says)")
	}
	s.Close()

	s = openTestStore(t, path)
	defer s.Close()
	if scrubPending(t, s) {
		t.Error("the file is still marked after Open finished the wipe")
	}
	if fileHolds(t, path, "amelie.duboeuf@example.org") {
		t.Error("the erased email is still in the file after the next Open")
	}
	s.View(func(tx *Tx) error {
		if _, err := tx.Attendee(karim); err != nil {
			t.Errorf("Karim lost by the compaction at Open: %v", err)
		}
		return nil
	})
}

// Scrub on a serving store wipes an erased person's bytes, their old badge
// code included, and the store goes on: the others' records, the code
// index and the next commit are untouched.
func TestStore_Scrub_WhileOpenRemovesErasedBytesAndKeepsServing(t *testing.T) {
	s, path := newTestStore(t)
	amelie, karim, ines := seedEvent(t, s)
	a := inTx(t, s.View, func(tx *Tx) (Attendee, error) { return tx.Attendee(amelie) })
	old := a.BadgeCode
	a.BadgeCode = "REISSUED"
	if err := s.Update(func(tx *Tx) error { return tx.PutAttendee(&a) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(func(tx *Tx) error { return tx.DeleteAttendee(amelie) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Scrub(); err != nil {
		t.Fatal(err)
	}
	if fileHolds(t, path, "amelie.duboeuf@example.org") {
		t.Fatal("erased email still in the file after Scrub")
	}
	if !fileHolds(t, path, "karim@example.org") {
		t.Fatal("Scrub wiped a live record")
	}
	if scrubPending(t, s) {
		t.Error("the file is still marked after a scrub")
	}
	err := s.Commit(context.Background(), func(tx *Tx) error {
		return tx.AppendCheckIn(&CheckIn{AttendeeID: ines, Direction: In, At: fixedClock()})
	})
	if err != nil {
		t.Fatalf("commit after scrub: %v", err)
	}
	s.View(func(tx *Tx) error {
		for _, code := range []string{old, "REISSUED"} {
			if _, _, ok := tx.LookupSecret(BadgeCode, code); ok {
				t.Errorf("badge code %s of the erased person still indexed", code)
			}
		}
		if _, err := tx.Attendee(karim); err != nil {
			t.Errorf("other attendee lost: %v", err)
		}
		return nil
	})
}

// A process killed during a compaction leaves its copy beside the file,
// and one killed during an erasure leaves the file marked with the bytes
// in it: Open removes the copy (it holds the data) and compacts.
func TestOpen_RemovesLeftoversAndCompactsAMarkedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "event.db")
	s := openTestStore(t, path)
	amelie, _, _ := seedEvent(t, s)
	if err := s.Update(func(tx *Tx) error { return tx.DeleteAttendee(amelie) }); err != nil { // killed before any wipe
		t.Fatal(err)
	}
	s.Close()
	raw, _ := os.ReadFile(path)
	leftovers := []string{filepath.Join(dir, ".event.db.compact-1234"), filepath.Join(dir, ".event.db.backup-99")}
	for _, left := range leftovers {
		os.WriteFile(left, raw, 0o600)
	}
	s = openTestStore(t, path)
	defer s.Close()
	for _, left := range leftovers {
		if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still there after Open: %v", left, err)
		}
	}
	if fileHolds(t, path, "amelie.duboeuf@example.org") || scrubPending(t, s) {
		t.Error("Open did not finish the interrupted erasure's wipe")
	}
}

// Erase on the open store finds the person's keys in a read transaction;
// what was written for them between that read and the write is erased
// too: a check-in, an introduction and a badge reissued in between.
func TestStoreErase_CatchesWhatWasWrittenSinceItsRead(t *testing.T) {
	s, amelie, karim, _ := seededStore(t)
	var plan erasePlan
	if err := s.View(func(tx *Tx) error { return tx.planErase(amelie, &plan) }); err != nil {
		t.Fatal(err)
	}
	var first string
	mustTx(t, s.Update, func(tx *Tx) error {
		a, err := tx.Attendee(amelie)
		if err != nil {
			return err
		}
		first, a.BadgeCode = a.BadgeCode, "REISSUED-AFTER-PLAN"
		if err := tx.PutAttendee(&a); err != nil {
			return err
		}
		if err := tx.AppendCheckIn(&CheckIn{AttendeeID: amelie, Direction: In, Gate: "late", Nonce: "late-nonce"}); err != nil {
			return err
		}
		return tx.AppendIntroduction(&Introduction{A: karim, B: amelie, Kind: Met})
	})
	if err := s.Update(func(tx *Tx) error { return tx.erase(amelie, &plan) }); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *Tx) error {
		for _, code := range []string{"REISSUED-AFTER-PLAN", first} {
			if _, _, ok := tx.LookupSecret(BadgeCode, code); ok {
				t.Errorf("badge code %s still indexed", code)
			}
		}
		tx.ForEachCheckIn(func(c CheckIn) error {
			if c.AttendeeID == amelie {
				t.Errorf("check-in %+v left", c)
			}
			return nil
		})
		tx.ForEachIntroduction(func(i Introduction) error {
			if i.A == amelie || i.B == amelie {
				t.Errorf("introduction %+v left", i)
			}
			return nil
		})
		if _, ok := tx.Nonce("late-nonce"); ok {
			t.Error("the nonce of the check-in after the read is left")
		}
		if closed, _ := tx.PairClosed(karim, amelie); closed {
			t.Error("the pair closed after the read is left")
		}
		return nil
	})
}

func TestCompactFile_OpenStoreIsInUse(t *testing.T) {
	_, path := newTestStore(t)
	_, _, err := CompactFile(path, 50*time.Millisecond)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("err = %v, want ErrInUse", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*compact*")); len(matches) != 0 {
		t.Errorf("temporary files left behind: %v", matches)
	}
}

func TestCompactFile_ShrinksAFileWithDeletions(t *testing.T) {
	if Heavy.InChild(t) {
		return
	}
	s, path := newTestStore(t)
	var ids []AttendeeID
	mustTx(t, s.Update, func(tx *Tx) error {
		for i := 0; i < 2000; i++ {
			a := &Attendee{FirstName: "Person", LastName: string(rune('A' + i%26)), Project: Project{Description: string(make([]byte, 200))}}
			if err := tx.PutAttendee(a); err != nil {
				return err
			}
			ids = append(ids, a.ID)
		}
		return nil
	})
	mustTx(t, s.Update, func(tx *Tx) error {
		for _, id := range ids[:1900] {
			if err := tx.DeleteAttendee(id); err != nil {
				return err
			}
		}
		return nil
	})
	s.Close()
	before, after, err := CompactFile(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if after >= before {
		t.Errorf("size %d → %d, want smaller", before, after)
	}
	if st, _ := os.Stat(path); st.Size() != after {
		t.Errorf("reported size %d, file is %d", after, st.Size())
	}
	s = openTestStore(t, path)
	defer s.Close()
	s.View(func(tx *Tx) error {
		if n := tx.CountAttendees(); n != 100 {
			t.Errorf("%d attendees after compaction, want 100", n)
		}
		return nil
	})
}
