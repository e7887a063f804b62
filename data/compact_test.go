package data

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

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
	err := s.Update(func(tx *Tx) error {
		for i := 0; i < 2000; i++ {
			a := &Attendee{FirstName: "Person", LastName: string(rune('A' + i%26)), Project: Project{Description: string(make([]byte, 200))}}
			if err := tx.PutAttendee(a); err != nil {
				return err
			}
			ids = append(ids, a.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(func(tx *Tx) error {
		for _, id := range ids[:1900] {
			if err := tx.DeleteAttendee(id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
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
