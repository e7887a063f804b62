package data_test

import (
	"errors"
	"testing"
	"time"

	"icebreaker/data"
)

// An entry undone leaves the log and the presence as if it never
// happened: after the only entry, "not arrived"; after a re-entry,
// outside with the first entry kept.
func TestTx_UndoEntry_RemovesTheEntryAndRecomputesPresence(t *testing.T) {
	s, _ := openTemp(t)
	a := addAttendee(t, s, "Amélie", "amelie@example.org")
	b := addAttendee(t, s, "Karim", "karim@example.org")
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	scan := func(id data.AttendeeID, dir data.Direction, at time.Time, gate string) {
		t.Helper()
		if err := s.Update(func(tx *data.Tx) error {
			return tx.AppendCheckIn(&data.CheckIn{AttendeeID: id, Direction: dir, At: at, Gate: gate})
		}); err != nil {
			t.Fatal(err)
		}
	}
	scan(a.ID, data.In, t0, "nord")
	scan(b.ID, data.In, t0.Add(time.Minute), "sud")
	scan(b.ID, data.Out, t0.Add(2*time.Minute), "sud")
	scan(b.ID, data.In, t0.Add(3*time.Minute), "nord")

	var undone data.CheckIn
	var now data.Presence
	err := s.Update(func(tx *data.Tx) (err error) { undone, now, err = tx.UndoEntry(a.ID); return })
	if err != nil || undone.AttendeeID != a.ID || undone.Gate != "nord" || now.Entries != 0 || now.Inside {
		t.Fatalf("undo Amélie's only entry: %+v, now %+v, %v", undone, now, err)
	}
	err = s.Update(func(tx *data.Tx) (err error) { undone, now, err = tx.UndoEntry(b.ID); return })
	if err != nil || !undone.At.Equal(t0.Add(3*time.Minute)) || now.Inside || now.Entries != 1 || now.FirstGate != "sud" || !now.LastAt.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("undo Karim's re-entry: %+v, now %+v, %v", undone, now, err)
	}
	s.View(func(tx *data.Tx) error {
		if _, ok, _ := tx.Presence(a.ID); ok {
			t.Error("Amélie still has a presence record: she never arrived")
		}
		if p, _, _ := tx.Presence(b.ID); p != now {
			t.Errorf("Karim's stored presence %+v, want %+v", p, now)
		}
		var log []data.CheckIn
		tx.ForEachCheckIn(func(c data.CheckIn) error { log = append(log, c); return nil })
		if len(log) != 2 || log[0].AttendeeID != b.ID || log[1].Direction != data.Out {
			t.Errorf("log after both undos %+v: want Karim's first entry and exit", log)
		}
		return nil
	})
	err = s.Update(func(tx *data.Tx) error { _, _, err := tx.UndoEntry(b.ID); return err })
	if !errors.Is(err, data.ErrNotInside) {
		t.Fatalf("undo for someone outside: %v, want ErrNotInside", err)
	}
}
