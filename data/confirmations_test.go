package data

import (
	"testing"
)

// confirmAll has each of the seeded three say what the next one helped
// with (they all met in seedEvent) and Inès say "not really" about Amélie.
func confirmAll(t *testing.T, s *Store, amelie, karim, ines AttendeeID) {
	t.Helper()
	mustTx(t, s.Update, func(tx *Tx) error {
		for _, c := range []Confirmation{
			{From: amelie, To: karim, Offer: "levée de fonds", At: fixedClock()},
			{From: karim, To: ines, Offer: "SEO", At: fixedClock()},
			{From: ines, To: amelie, At: fixedClock()},
		} {
			if err := tx.PutConfirmation(c); err != nil {
				return err
			}
		}
		return nil
	})
}

// confirmedEvent is seedEvent with confirmAll, in a store closed at the
// test's end.
func confirmedEvent(t *testing.T) (s *Store, amelie, karim, ines AttendeeID) {
	t.Helper()
	s, amelie, karim, ines = seededStore(t)
	confirmAll(t, s, amelie, karim, ines)
	return s, amelie, karim, ines
}

func confirmations(t *testing.T, s *Store) []Confirmation {
	t.Helper()
	var all []Confirmation
	if err := s.View(func(tx *Tx) error {
		return tx.ForEachConfirmation(func(c Confirmation) error { all = append(all, c); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	return all
}

func TestTx_PutConfirmation_OncePerPairAndDirectionChangeable(t *testing.T) {
	s, amelie, karim, ines := confirmedEvent(t)
	mustTx(t, s.Update, func(tx *Tx) error {
		return tx.PutConfirmation(Confirmation{From: amelie, To: karim, Offer: "mentorat", At: fixedClock()})
	})
	all := confirmations(t, s)
	if len(all) != 3 {
		t.Fatalf("%d confirmations, want 3 (a new word replaces the old): %+v", len(all), all)
	}
	mustTx(t, s.View, func(tx *Tx) error {
		c, ok, err := tx.Confirmation(amelie, karim)
		if err != nil || !ok || c.Offer != "mentorat" {
			t.Errorf("Amélie's word about Karim = %+v, %v, %v; want mentorat", c, ok, err)
		}
		if _, ok, _ := tx.Confirmation(karim, amelie); ok {
			t.Error("Karim said nothing about Amélie, yet a confirmation is stored")
		}
		c, ok, _ = tx.Confirmation(ines, amelie)
		if !ok || c.Offer != "" {
			t.Errorf("Inès's \"not really\" = %+v, %v; want stored with no offer", c, ok)
		}
		return nil
	})
	err := s.Update(func(tx *Tx) error { return tx.PutConfirmation(Confirmation{From: amelie, To: amelie, Offer: "x"}) })
	if err == nil {
		t.Error("a confirmation of oneself was stored")
	}
}

func TestTx_PairMet_OnlyAfterWeMet(t *testing.T) {
	s, amelie, karim, _ := seededStore(t)
	var other AttendeeID
	mustTx(t, s.Update, func(tx *Tx) error {
		a := &Attendee{FirstName: "Théo"}
		if err := tx.PutAttendee(a); err != nil {
			return err
		}
		other = a.ID
		return tx.AppendIntroduction(&Introduction{A: amelie, B: other, Kind: Declined})
	})
	s.View(func(tx *Tx) error {
		for _, c := range []struct {
			a, b AttendeeID
			want bool
		}{{amelie, karim, true}, {karim, amelie, true}, {amelie, other, false}, {karim, other, false}} {
			if got, err := tx.PairMet(c.a, c.b); err != nil || got != c.want {
				t.Errorf("PairMet(%d, %d) = %v, %v; want %v", c.a, c.b, got, err, c.want)
			}
		}
		return nil
	})
}

func TestStore_Erase_RemovesConfirmationsGivenAndReceived(t *testing.T) {
	s, amelie, karim, ines := confirmedEvent(t)
	if err := s.Erase(amelie); err != nil {
		t.Fatal(err)
	}
	all := confirmations(t, s)
	if len(all) != 1 || all[0].From != karim || all[0].To != ines {
		t.Errorf("after erasing Amélie: %+v; want only Karim's word about Inès", all)
	}
}

func TestStore_Purge_DropsConfirmations(t *testing.T) {
	s, _, _, _ := confirmedEvent(t)
	if _, _, err := s.Purge(); err != nil {
		t.Fatal(err)
	}
	if all := confirmations(t, s); len(all) != 0 {
		t.Errorf("after a purge: %+v; want none", all)
	}
}

func TestTx_PersonalData_HoldsConfirmationsGivenAndCountsReceived(t *testing.T) {
	s, _, karim, ines := confirmedEvent(t)
	s.View(func(tx *Tx) error {
		p, err := tx.PersonalData(karim)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Confirmations) != 1 || p.Confirmations[0].To != ines {
			t.Errorf("Karim's confirmations given = %+v; want his word about Inès", p.Confirmations)
		}
		if p.Confirmed["levée de fonds"] != 1 || len(p.Confirmed) != 1 {
			t.Errorf("Karim's confirmed offers = %v; want levée de fonds: 1", p.Confirmed)
		}
		return nil
	})
}
