package data

import (
	"errors"
	"slices"
	"testing"
)

// groupsEvent is seedEvent with a plan: Amélie leads group 1 (Karim and
// Inès), group 2 is empty and has no leader.
func groupsEvent(t *testing.T) (s *Store, amelie, karim, ines AttendeeID) {
	t.Helper()
	s, _ = newTestStore(t)
	amelie, karim, ines = seedEvent(t, s)
	plan := GroupPlan{Published: true, Groups: []PreGroup{
		{Number: 1, Name: "Fintech", Leader: amelie, Members: []AttendeeID{karim, ines}, Place: "Salle 2"},
		{Number: 2},
	}}
	if err := s.Update(func(tx *Tx) error { return tx.PutGroupPlan(plan) }); err != nil {
		t.Fatal(err)
	}
	return s, amelie, karim, ines
}

func plan(t *testing.T, s *Store) GroupPlan {
	t.Helper()
	return inTx(t, s.View, (*Tx).GroupPlan)
}

func TestTx_PutGroupPlan_KeepsThePlanAndRefusesAnInconsistentOne(t *testing.T) {
	s, amelie, karim, ines := groupsEvent(t)
	p := plan(t, s)
	if len(p.Groups) != 2 || p.Groups[0].Leader != amelie || !slices.Equal(p.Groups[0].Members, []AttendeeID{karim, ines}) || !p.Published {
		t.Fatalf("read back %+v", p)
	}
	if p.GroupOf(ines) != 0 || p.LedBy(amelie) != 0 || p.GroupOf(amelie) != -1 || p.LedBy(0) != -1 {
		t.Errorf("GroupOf/LedBy on %+v", p)
	}
	for name, bad := range map[string]GroupPlan{
		"in two groups":        {Groups: []PreGroup{{Number: 1, Members: []AttendeeID{karim}}, {Number: 2, Members: []AttendeeID{karim}}}},
		"leads and a member":   {Groups: []PreGroup{{Number: 1, Leader: karim, Members: []AttendeeID{karim}}}},
		"leads two groups":     {Groups: []PreGroup{{Number: 1, Leader: amelie}, {Number: 2, Leader: amelie}}},
		"numbered out of line": {Groups: []PreGroup{{Number: 2}}},
	} {
		if err := s.Update(func(tx *Tx) error { return tx.PutGroupPlan(bad) }); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	unknown := GroupPlan{Groups: []PreGroup{{Number: 1, Members: []AttendeeID{999}}}}
	if err := s.Update(func(tx *Tx) error { return tx.PutGroupPlan(unknown) }); !errors.Is(err, ErrNotFound) {
		t.Errorf("an unknown member: %v, want ErrNotFound", err)
	}
}

func TestTx_DeleteAttendee_TakesThePersonOutOfTheirGroupAndOffTheOneTheyLead(t *testing.T) {
	s, amelie, karim, ines := groupsEvent(t)
	if err := s.Erase(karim); err != nil {
		t.Fatal(err)
	}
	if p := plan(t, s); !slices.Equal(p.Groups[0].Members, []AttendeeID{ines}) {
		t.Fatalf("after erasing Karim: %+v", p.Groups[0])
	}
	if err := s.Erase(amelie); err != nil {
		t.Fatal(err)
	}
	if p := plan(t, s); p.Groups[0].Leader != 0 || p.Groups[0].Name != "Fintech" || !p.Published {
		t.Fatalf("after erasing the leader: %+v", p)
	}
}

func TestTx_Purge_DropsTheGroups(t *testing.T) {
	s, _, _, _ := groupsEvent(t)
	if _, _, err := s.Purge(); err != nil {
		t.Fatal(err)
	}
	if p := plan(t, s); len(p.Groups) != 0 {
		t.Fatalf("a purge kept the groups %+v", p)
	}
}

func TestTx_PersonalData_SaysWhichGroupTheyAreInOrLead(t *testing.T) {
	s, amelie, karim, _ := groupsEvent(t)
	var lead, member PersonalData
	err := s.View(func(tx *Tx) (err error) {
		if lead, err = tx.PersonalData(amelie); err != nil {
			return err
		}
		member, err = tx.PersonalData(karim)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if g := lead.Group; g == nil || !g.Leads || g.Number != 1 || g.Place != "Salle 2" {
		t.Errorf("the leader's part: %+v", g)
	}
	if g := member.Group; g == nil || g.Leads || g.Leader != amelie || g.Name != "Fintech" {
		t.Errorf("a member's part: %+v", g)
	}
}
