package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestTx_PersonalData_GathersOnePersonWithoutCredentials(t *testing.T) {
	s, amelie, _, ines := seededStore(t)
	p := inTx(t, s.View, func(tx *Tx) (PersonalData, error) { return tx.PersonalData(amelie) })
	if p.Attendee.Email != "amelie.duboeuf@example.org" || p.Attendee.BadgeCode != "" || p.Attendee.Secret != "" {
		t.Errorf("attendee = %+v, want her profile without badge code and secret", p.Attendee)
	}
	if len(p.CheckIns) != 1 || p.Presence == nil || !p.Presence.Inside {
		t.Errorf("check-ins %v presence %v", p.CheckIns, p.Presence)
	}
	if len(p.Introductions) != 2 {
		t.Errorf("%d introductions, want 2", len(p.Introductions))
	}
	var buf bytes.Buffer
	if err := p.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"exported_at", "attendee", "checkins", "introductions", "presence"} {
		if _, ok := back[key]; !ok {
			t.Errorf("JSON lacks %q: %s", key, buf.String())
		}
	}
	if strings.Contains(buf.String(), "ines@example.org") {
		t.Error("the export leaks another person's email")
	}
	mustTx(t, s.View, func(tx *Tx) error {
		q, err := tx.PersonalData(ines)
		if err != nil {
			return err
		}
		if q.Presence != nil || len(q.CheckIns) != 0 || q.CheckIns == nil {
			t.Errorf("someone who never came: presence %v check-ins %#v", q.Presence, q.CheckIns)
		}
		if _, err := tx.PersonalData(99); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown ID: err = %v", err)
		}
		return nil
	})
}

func TestTx_PersonalDataByEmail_CoversEveryoneOnTheAddress(t *testing.T) {
	s, _, karim, _ := seededStore(t)
	sarah := shareEmail(t, s)
	ps := inTx(t, s.View, func(tx *Tx) ([]PersonalData, error) { return tx.PersonalDataByEmail("karim@EXAMPLE.org") })
	if len(ps) != 2 || ps[0].Attendee.ID != karim || ps[1].Attendee.ID != sarah {
		t.Fatalf("got %d people, want Karim then Sarah", len(ps))
	}
	if len(ps[0].CheckIns) != 1 || len(ps[1].CheckIns) != 0 || ps[1].Attendee.TicketCode != "EVB-2222" {
		t.Errorf("each person's own data expected: %+v", ps)
	}
	var buf bytes.Buffer
	if err := WritePersonalDataJSON(&buf, ps); err != nil {
		t.Fatal(err)
	}
	var back []PersonalData
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || len(back) != 2 || back[1].Attendee.FirstName != "Sarah" {
		t.Errorf("JSON for a shared address (%v): %s", err, buf.String())
	}
	err := s.View(func(tx *Tx) error { _, err := tx.PersonalDataByEmail("nobody@example.org"); return err })
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown address: %v, want ErrNotFound", err)
	}
}
