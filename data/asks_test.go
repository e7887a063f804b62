package data

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"
)

func TestAsk_OpenUntilItExpiresIsClosedOrHidden(t *testing.T) {
	now := fixedClock()
	a := Ask{ID: 1, Expires: now.Add(time.Hour)}
	if !a.Open(now) || a.Open(now.Add(time.Hour)) {
		t.Fatal("an ask is open strictly before it expires")
	}
	closed, hidden := a, a
	closed.ClosedAt, hidden.Hidden = now, true
	if closed.Open(now) || hidden.Open(now) || (Ask{Expires: now.Add(time.Hour)}).Open(now) {
		t.Fatal("a closed, hidden or unsaved ask is not open")
	}
}

func TestTx_DeleteAttendee_ErasesTheirAsksAndTheirPlaceAmongRecipients_AndCompactionLeavesNoByte(t *testing.T) {
	s, path := newTestStore(t)
	amelie, karim, ines := seedEvent(t, s)
	mustTx(t, s.Update, func(tx *Tx) error {
		for _, a := range []*Ask{
			{Author: amelie, Text: "Je cherche un local rue des Tanneurs", Expires: fixedClock().Add(time.Hour), To: []AskTo{{ID: karim, FR: "vous proposez les locaux"}}},
			{Author: karim, Text: "Need a beta tester", Expires: fixedClock().Add(time.Hour), To: []AskTo{{ID: amelie, EN: "you offer user testing"}, {ID: ines}}},
		} {
			if err := tx.PutAsk(a); err != nil {
				return err
			}
		}
		p, err := tx.PersonalData(amelie)
		if len(p.Asks) != 1 || p.Asks[0].Text != "Je cherche un local rue des Tanneurs" {
			t.Errorf("Amélie's personal data holds asks %+v, want her one ask", p.Asks)
		}
		return err
	})
	if err := s.Update(func(tx *Tx) error { return tx.DeleteAttendee(amelie) }); err != nil {
		t.Fatal(err)
	}
	mustTx(t, s.View, func(tx *Tx) error {
		var left []Ask
		tx.ForEachAsk(func(a Ask) error { left = append(left, a); return nil })
		if len(left) != 1 || left[0].Author != karim || len(left[0].To) != 1 || left[0].To[0].ID != ines {
			t.Errorf("asks left %+v, want Karim's, sent to Inès only", left)
		}
		if _, err := tx.Ask(1); !errors.Is(err, ErrNotFound) {
			t.Errorf("Amélie's ask: %v, want not found", err)
		}
		return nil
	})
	s.Close()
	if _, _, err := CompactFile(path, 0); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	for _, needle := range []string{"rue des Tanneurs", "you offer user testing"} {
		if bytes.Contains(raw, []byte(needle)) {
			t.Errorf("%q is still in the compacted file", needle)
		}
	}
	if !bytes.Contains(raw, []byte("Need a beta tester")) {
		t.Error("Karim's ask was lost")
	}
}

func TestSettings_DirectoryScope_IsPresentPeopleUnlessEveryoneWasChosen(t *testing.T) {
	for set, want := range map[string]string{"": DirectoryPresent, "present": DirectoryPresent, "registered": DirectoryRegistered, "nonsense": DirectoryPresent} {
		if got := (Settings{Directory: set}).DirectoryScope(); got != want {
			t.Errorf("Directory %q: scope %q, want %q", set, got, want)
		}
	}
}
