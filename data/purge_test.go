package data

import (
	"bytes"
	"os"
	"reflect"
	"testing"
)

func TestTx_Purge_KeepsOnlyAnonymousCounts(t *testing.T) {
	s, path := newTestStore(t)
	seedEvent(t, s)
	var got AnonymousCounts
	err := s.Update(func(tx *Tx) (err error) {
		got, err = tx.Purge()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := AnonymousCounts{
		PurgedAt:   fixedClock(),
		Registered: 3,
		CheckedIn:  2,
		PerGate:    map[string]int{"north": 2},
		PerHour:    map[string]int{"2026-03-14T09": 1, "2026-03-14T10": 1},
		PerSector: map[string]SectorCount{
			"Food":    {Registered: 2, CheckedIn: 1},
			"Fintech": {Registered: 1, CheckedIn: 1},
		},
		Introductions: map[IntroKind]int{Met: 3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("counts\n got %+v\nwant %+v", got, want)
	}
	s.View(func(tx *Tx) error {
		stored, ok, err := tx.Counts()
		if err != nil || !ok {
			t.Fatalf("Counts: ok=%v err=%v", ok, err)
		}
		if stored.Registered != 3 || stored.PerSector["Food"].CheckedIn != 1 {
			t.Errorf("stored counts %+v", stored)
		}
		if n, c := tx.CountAttendees(), tx.CountCheckIns(); n != 0 || c != 0 {
			t.Errorf("%d attendees and %d check-ins left", n, c)
		}
		return nil
	})
	s.Close()
	if _, _, err := CompactFile(path, 0); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	for _, needle := range []string{"@example.org", "Amélie", "Karim", "Moreau", "EVB-1111"} {
		if bytes.Contains(raw, []byte(needle)) {
			t.Errorf("%q still in the purged, compacted file", needle)
		}
	}
}

func TestTx_Purge_RepeatedPurgesAddUp(t *testing.T) {
	s, _, _, _ := seededStore(t)
	for i := 0; i < 2; i++ {
		if err := s.Update(func(tx *Tx) error { _, err := tx.Purge(); return err }); err != nil {
			t.Fatal(err)
		}
	}
	mustTx(t, s.Update, func(tx *Tx) error {
		if err := tx.PutAttendee(&Attendee{FirstName: "Late", Email: "late@example.org"}); err != nil {
			return err
		}
		c, err := tx.Purge()
		if c.Registered != 4 || c.CheckedIn != 2 || c.PerSector[""].Registered != 1 {
			t.Errorf("after a second event's purge: %+v", c)
		}
		return err
	})
}
