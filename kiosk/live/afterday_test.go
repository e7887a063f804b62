package live

import (
	"testing"

	"icebreaker/data"
)

// afterDay is the directory day (Amélie, Karim and Zoé inside) with Inès
// and Théo come too, one round of pairs (Amélie with Karim, Inès with
// Théo), and Amélie and Karim who said "we met".
func afterDay(t *testing.T) (*Day, []data.Attendee) {
	t.Helper()
	d, people, _, now := directoryDay(t)
	for _, p := range []data.Attendee{people[2], people[3]} {
		d.arrive(p, data.CheckIn{AttendeeID: p.ID, Direction: data.In, At: *now, Gate: "A"}, nil)
	}
	amelie, karim, ines, theo := people[0].ID, people[1].ID, people[2].ID, people[3].ID
	err := d.store.Update(func(tx *data.Tx) error {
		r := data.Round{Kind: data.PairRound, StartedAt: *now, EndsAt: now.Add(10 * 60e9),
			Tables: []data.Table{{Number: 1, Members: []data.AttendeeID{amelie, karim}}, {Number: 2, Members: []data.AttendeeID{ines, theo}}}}
		if err := tx.PutRound(&r); err != nil {
			return err
		}
		for _, p := range [][2]data.AttendeeID{{amelie, karim}, {ines, theo}} {
			if err := tx.AppendIntroduction(&data.Introduction{A: p[0], B: p[1], Kind: data.Suggested, Round: r.Number, At: *now, Reasons: []string{"fundraising"}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	meet(t, d, amelie, karim)
	return d, people
}

func TestDayMyDay_ListsMetAndNotMet_ContactOnlyWithDirectoryConsent(t *testing.T) {
	d, people := afterDay(t)
	amelie, karim, ines, theo := people[0], people[1], people[2], people[3]
	day, err := d.MyDay(amelie.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(day.Met) != 1 || day.Met[0].ID != karim.ID || day.Met[0].Name != "Karim Benali" || day.Met[0].Email != "karim@finaxy.example" || !day.Met[0].Listed {
		t.Fatalf("Amélie met %+v: want Karim in full, with his e-mail (he is in the directory)", day.Met)
	}
	for _, c := range day.NotMet {
		if c.ID == karim.ID {
			t.Errorf("Karim, met, is also listed as not met")
		}
	}
	day, err = d.MyDay(ines.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(day.Met) != 0 {
		t.Errorf("Inès met nobody, yet %+v", day.Met)
	}
	if len(day.NotMet) == 0 || day.NotMet[0].ID != theo.ID {
		t.Fatalf("Inès's not met %+v: want Théo, her round partner, first", day.NotMet)
	}
	if c := day.NotMet[0]; c.Name != "Théo P." || c.Email != "" || c.Listed || c.Topic == nil || c.Topic.EN != "fundraising" {
		t.Errorf("Théo, not in the directory, shown as %+v: want his screen name, no e-mail, the round's topic", c)
	}
	for _, c := range day.NotMet {
		if c.ID == people[4].ID {
			t.Error("Zoé, who gave no matchmaking consent, is suggested after the day")
		}
	}
	all, err := d.AfterDay()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(people) || all[0].Attendee.ID != amelie.ID || len(all[0].Met) != 1 || len(all[2].NotMet) == 0 || all[2].NotMet[0].ID != theo.ID {
		t.Errorf("AfterDay %+v", all)
	}
}

func TestDayIndicators_PerRoundAndSector_MetRateAndPeopleWhoMetNobody(t *testing.T) {
	d, _ := afterDay(t)
	ind, err := d.Indicators()
	if err != nil {
		t.Fatal(err)
	}
	want := Indicator{Key: "", Label: Text{"Toute la journée", "The whole day"}, People: 5, Suggested: 2, SuggestedMet: 1, Met: 1, MetNobody: 3}
	if ind.Total != want || ind.Total.MetRate() != 50 {
		t.Errorf("total %+v (rate %d), want %+v, 50%%", ind.Total, ind.Total.MetRate(), want)
	}
	if len(ind.Groups) != 2 || ind.Groups[0].Key != "sector" || ind.Groups[1].Key != "round" {
		t.Fatalf("groups %+v", ind.Groups)
	}
	rounds := ind.Groups[1].Rows
	if len(rounds) != 1 || rounds[0].Label.EN != "Round 1" || rounds[0].People != 4 || rounds[0].Suggested != 2 || rounds[0].Met != 1 || rounds[0].MetNobody != 2 {
		t.Errorf("per round %+v: want round 1 with 4 seated, 2 pairs, 1 met, Inès and Théo who met nobody", rounds)
	}
	people5, met := 0, 0
	for _, r := range ind.Groups[0].Rows {
		people5 += r.People
		if r.Label.EN == "fintech" || r.Label.EN == "edtech" {
			met += r.Met
			if r.MetNobody != 0 {
				t.Errorf("sector %s: %d met nobody, want 0", r.Label.EN, r.MetNobody)
			}
		}
	}
	if people5 != 5 || met != 2 {
		t.Errorf("per sector %+v: want 5 people in all and the one pair met in both edtech and fintech", ind.Groups[0].Rows)
	}

	// A grouping added by a caller (a per-session one, later) is one more
	// value.
	ind, _ = d.Indicators(Grouping{Key: "first", Name: Text{"Initiale", "Initial"},
		Person: func(f *DayFacts, id data.AttendeeID) []string { return []string{f.People[id].FirstName[:1]} },
		Pair:   func(f *DayFacts, a, b data.AttendeeID) []string { return nil },
		Label:  func(k string) Text { return Text{k, k} }})
	if len(ind.Groups) != 3 || ind.Groups[2].Key != "first" || len(ind.Groups[2].Rows) == 0 {
		t.Errorf("an extra grouping: %+v", ind.Groups)
	}
}
