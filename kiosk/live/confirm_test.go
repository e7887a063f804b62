package live

import (
	"errors"
	"testing"

	"icebreaker/data"
)

// meet logs "we met" between a and b (b is among a's suggestions: both
// inside, b offers what a needs).
func meet(t *testing.T, d *Day, a, b data.AttendeeID) {
	t.Helper()
	if _, err := d.Met(t.Context(), a, Other{ID: uint64(b)}); err != nil {
		t.Fatalf("%d met %d: %v", a, b, err)
	}
}

func TestDayConfirm_AfterWeMetCountsPerOfferOncePerPersonChangeable_NeverSaysWho(t *testing.T) {
	d, people, rec, _ := directoryDay(t)
	amelie, karim := people[0], people[1]
	if _, err := d.Confirm(t.Context(), amelie.ID, karim.ID, "levée de fonds"); !errors.Is(err, ErrNotMet) {
		t.Fatalf("a confirmation before \"we met\": %v, want ErrNotMet", err)
	}
	meet(t, d, amelie.ID, karim.ID)
	helped := d.Helped(amelie.ID)
	if len(helped) != 1 || helped[0].ID != karim.ID || helped[0].Answered || len(helped[0].Offers) != 1 {
		t.Fatalf("Amélie's people met %+v: want Karim, unanswered, with his offer", helped)
	}
	if got := d.Helped(karim.ID); len(got) != 1 || got[0].ID != amelie.ID {
		t.Fatalf("Karim's people met %+v: want Amélie (either side may confirm)", got)
	}
	if _, err := d.Confirm(t.Context(), amelie.ID, karim.ID, "something he never offered"); !errors.Is(err, ErrNotAnOffer) {
		t.Fatalf("an offer he does not make: %v, want ErrNotAnOffer", err)
	}
	rec.take()
	before := d.model.Score(uint64(amelie.ID), uint64(karim.ID)).Score
	helped, err := d.Confirm(t.Context(), amelie.ID, karim.ID, "levée de fonds")
	if err != nil {
		t.Fatal(err)
	}
	if !helped[0].Answered || helped[0].Offer != "levée de fonds" {
		t.Errorf("after confirming: %+v", helped[0])
	}
	for _, m := range rec.take() {
		if m.Topic == PhoneTopic(karim.ID) {
			t.Errorf("Karim's phone was told (%s): it would say who confirmed", m.Kind)
		}
	}
	if after := d.model.Score(uint64(amelie.ID), uint64(karim.ID)).Score; after <= before {
		t.Errorf("the confirmed offer does not weigh more in the matcher: %v → %v", before, after)
	}
	if p, _ := d.model.Profile(uint64(karim.ID)); p.Endorsed["levée de fonds"] != 1 {
		t.Errorf("Karim's matcher profile endorsements %v", p.Endorsed)
	}
	karimIn := func() DirectoryEntry {
		res, err := d.Directory("Karim")
		if err != nil || len(res.Entries) != 1 {
			t.Fatalf("directory search for Karim: %+v, %v", res, err)
		}
		return res.Entries[0]
	}
	if c := karimIn().Confirmed; len(c) != 1 || c[0] != (ConfirmedOffer{"levée de fonds", 1}) {
		t.Errorf("directory shows %+v, want levée de fonds confirmed by 1", c)
	}

	// Saying it again changes nothing; "not really" takes it back.
	if _, err := d.Confirm(t.Context(), amelie.ID, karim.ID, "levée de fonds"); err != nil {
		t.Fatal(err)
	}
	if c := karimIn().Confirmed; len(c) != 1 || c[0].Count != 1 {
		t.Errorf("a repeated confirmation counted twice: %+v", c)
	}
	if _, err := d.Confirm(t.Context(), amelie.ID, karim.ID, ""); err != nil {
		t.Fatal(err)
	}
	if c := karimIn().Confirmed; len(c) != 0 {
		t.Errorf("after \"not really\" the directory still shows %+v", c)
	}
	if after := d.model.Score(uint64(amelie.ID), uint64(karim.ID)).Score; after != before {
		t.Errorf("after \"not really\" the score is %v, want the declared one %v", after, before)
	}
	if h := d.Helped(amelie.ID); !h[0].Answered || h[0].Offer != "" {
		t.Errorf("\"not really\" is not remembered as an answer: %+v", h[0])
	}
}

func TestDayConfirm_SurvivesARestartAndGoesWithAnErasure(t *testing.T) {
	d, people, _, _ := directoryDay(t)
	amelie, karim := people[0], people[1]
	meet(t, d, amelie.ID, karim.ID)
	if _, err := d.Confirm(t.Context(), amelie.ID, karim.ID, "levée de fonds"); err != nil {
		t.Fatal(err)
	}
	again, err := New(Config{Store: d.store, Now: d.now})
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := again.model.Profile(uint64(karim.ID)); p.Endorsed["levée de fonds"] != 1 {
		t.Errorf("after a restart Karim's endorsements are %v", p.Endorsed)
	}
	if h := again.Helped(amelie.ID); len(h) != 1 || h[0].Offer != "levée de fonds" {
		t.Errorf("after a restart Amélie's people met %+v", h)
	}
	if err := d.Erase(amelie.ID); err != nil {
		t.Fatal(err)
	}
	if p, _ := d.model.Profile(uint64(karim.ID)); len(p.Endorsed) != 0 {
		t.Errorf("after erasing Amélie, Karim's endorsements are %v", p.Endorsed)
	}
	if h := d.Helped(karim.ID); len(h) != 0 {
		t.Errorf("after erasing Amélie, Karim's people met %+v", h)
	}
	var left int
	d.store.View(func(tx *data.Tx) error {
		return tx.ForEachConfirmation(func(data.Confirmation) error { left++; return nil })
	})
	if left != 0 {
		t.Errorf("%d confirmations left in the store after erasing their author", left)
	}
}
