package data

import (
	"errors"
	"testing"
	"time"
)

func TestTx_Attend_RecordsOncePerSessionAndPersonalDataListsIt(t *testing.T) {
	s, amelie, karim, _ := seededStore(t)
	at := fixedClock()
	py := Session{Title: "Python", Kind: SessionWorkshop, Room: "B", Start: at, End: at.Add(time.Hour)}
	mustTx(t, s.Update, func(tx *Tx) error {
		if err := tx.PutSession(&py); err != nil {
			return err
		}
		for i, a := range []Attendance{{Attendee: amelie, Via: AttendScan}, {Attendee: amelie, Via: AttendPhone}, {Attendee: karim, Via: AttendPhone}} {
			a.Session, a.At = py.ID, at
			added, err := tx.Attend(a)
			if err != nil {
				return err
			}
			if want := i != 1; added != want {
				t.Errorf("attendance %d: added %v, want %v (once per person and session)", i, added, want)
			}
		}
		if _, err := tx.Attend(Attendance{Session: py.ID + 9, Attendee: amelie}); !errors.Is(err, ErrNotFound) {
			t.Errorf("attending an unknown session: %v, want not found", err)
		}
		p, err := tx.PersonalData(amelie)
		if len(p.Sessions) != 1 || p.Sessions[0].Via != AttendScan {
			t.Errorf("Amélie's personal data lists sessions %+v, want the one scan", p.Sessions)
		}
		return err
	})
}

func TestTx_DeleteSession_DropsItsAttendanceAndUnbindsItsKiosks(t *testing.T) {
	s, amelie, _, _ := seededStore(t)
	mustTx(t, s.Update, func(tx *Tx) error {
		py, other := Session{Title: "Python"}, Session{Title: "Rust"}
		k := Kiosk{Name: "Salle B"}
		if err := tx.PutSession(&py); err != nil {
			return err
		}
		if err := tx.PutSession(&other); err != nil {
			return err
		}
		if err := tx.PutKiosk(&k, "key-b"); err != nil {
			return err
		}
		if err := tx.BindKiosk(k.ID, py.ID); err != nil {
			return err
		}
		if err := tx.BindKiosk(k.ID, 99); !errors.Is(err, ErrNotFound) {
			t.Errorf("binding to an unknown session: %v", err)
		}
		if got, _ := tx.KioskByKey("key-b"); got.Session != py.ID {
			t.Errorf("kiosk bound to %d, want %d", got.Session, py.ID)
		}
		tx.Attend(Attendance{Session: py.ID, Attendee: amelie})
		tx.Attend(Attendance{Session: other.ID, Attendee: amelie})
		if err := tx.DeleteSession(py.ID); err != nil {
			return err
		}
		if got, _ := tx.KioskByKey("key-b"); got.Session != 0 {
			t.Errorf("the kiosk is still bound to %d after its session was deleted", got.Session)
		}
		var left []Attendance
		tx.ForEachAttendance(func(a Attendance) error { left = append(left, a); return nil })
		if len(left) != 1 || left[0].Session != other.ID {
			t.Errorf("attendance left %+v, want only the other session's", left)
		}
		if err := tx.PutSession(&Session{ID: py.ID, Title: "again"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("replacing a deleted session: %v, want not found", err)
		}
		return nil
	})
}

// Erasure removes a person's attendance (and compaction their bytes);
// a purge drops every attendance and keeps the programme.
func TestStore_EraseAndPurge_CoverAttendance(t *testing.T) {
	s, path := newTestStore(t)
	amelie, karim, _ := seedEvent(t, s)
	var py Session
	mustTx(t, s.Update, func(tx *Tx) error {
		py = Session{Title: "Atelier Tanneurs"}
		if err := tx.PutSession(&py); err != nil {
			return err
		}
		if _, err := tx.Attend(Attendance{Session: py.ID, Attendee: amelie, Via: "scan-by-amelie-kiosk"}); err != nil {
			return err
		}
		_, err := tx.Attend(Attendance{Session: py.ID, Attendee: karim, Via: AttendPhone})
		return err
	})
	if err := s.Erase(amelie); err != nil {
		t.Fatal(err)
	}
	count := func() (n int) {
		s.View(func(tx *Tx) error { return tx.ForEachAttendance(func(Attendance) error { n++; return nil }) })
		return n
	}
	if n := count(); n != 1 {
		t.Fatalf("%d attendance records after erasing Amélie, want Karim's only", n)
	}
	if _, _, err := s.Purge(); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d attendance records after the purge", n)
	}
	s.View(func(tx *Tx) error {
		if _, err := tx.Session(py.ID); err != nil {
			t.Errorf("the programme was lost in the purge: %v", err)
		}
		return nil
	})
	s.Close()
	if _, _, err := CompactFile(path, 0); err != nil {
		t.Fatal(err)
	}
	if fileHolds(t, path, "scan-by-amelie-kiosk") {
		t.Error("Amélie's attendance is still in the compacted file")
	}
}
