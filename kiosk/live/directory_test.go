package live

import (
	"slices"
	"strings"
	"testing"
	"time"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// directoryDay is the demo event with everyone but Théo in the directory,
// Amélie, Karim and Zoé inside, a clock at 10:00 on the event's day in
// Brussels, and a recorder for the pushes.
func directoryDay(t *testing.T) (*Day, []data.Attendee, *recorder, *time.Time) {
	t.Helper()
	people := demo.Sample()
	for i := range people {
		people[i].DirectoryConsent = i != 3
	}
	people[1].Project.Milestones = []string{"Agrément de la FSMA"}
	people[2].Title = "Avocate"
	d, rec, now := eventDay(t, people) // pregroups_test.go
	for _, p := range []data.Attendee{people[0], people[1], people[4]} {
		d.arrive(p, data.CheckIn{AttendeeID: p.ID, Direction: data.In, At: *now, Gate: "A"}, nil)
	}
	return d, people, rec, now
}

func names(es []DirectoryEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return out
}

func TestDayDirectory_FindsByConceptInEitherLanguageByNameAndOrganisation_ConsentingPeopleInScopeOnly(t *testing.T) {
	d, _, _, _ := directoryDay(t)
	for q, want := range map[string][]string{
		"":                {"Amélie Dubois", "Karim Benali", "Zoé Secret"}, // present and consenting; Inès is not inside
		"levée de fonds":  {"Karim Benali", "Zoé Secret", "Amélie Dubois"}, // those who offer it first, then who needs it
		"fundraising":     {"Karim Benali", "Zoé Secret", "Amélie Dubois"},
		"kar":             {"Karim Benali"},
		"finaxy":          {"Karim Benali"},
		"FSMA":            {"Karim Benali"},  // a milestone of the project sheet
		"droit":           {"Amélie Dubois"}, // « droit… » read as corporate law, which she needs; Inès is not inside
		"lever des fonds": {"Karim Benali", "Zoé Secret", "Amélie Dubois"},
	} {
		res, err := d.Directory(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(res.Entries); !slices.Equal(got, want) {
			t.Errorf("%q finds %q, want %q", q, got, want)
		}
	}
	res, _ := d.Directory("levée de fonds")
	if why := res.Entries[0].Why; len(why) != 1 || why[0].FR != "propose : levée de fonds" || why[0].EN != "offers: fundraising" {
		t.Errorf("why Karim: %+v", why)
	}
	if len(res.Concepts) != 1 || res.Concepts[0].EN != "fundraising" {
		t.Errorf("the search was read as %+v", res.Concepts)
	}
	if err := d.SetDirectoryScope(data.DirectoryRegistered); err != nil {
		t.Fatal(err)
	}
	res, _ = d.Directory("droit des sociétés")
	if got := names(res.Entries); !slices.Equal(got, []string{"Inès Moreau", "Amélie Dubois"}) || res.Scope != data.DirectoryRegistered {
		t.Errorf("everyone registered: %q finds %q (scope %s)", "droit des sociétés", got, res.Scope)
	}
	if res.Entries[0].Present || !strings.Contains(res.Entries[0].Title, "Avocate") {
		t.Errorf("Inès's entry %+v", res.Entries[0])
	}
	if err := d.SetDirectoryScope("everyone"); err == nil {
		t.Error("an unknown scope was accepted")
	}
	if err := d.Erase(res.Entries[0].ID); err != nil {
		t.Fatal(err)
	}
	if res, _ := d.Directory("droit des sociétés"); !slices.Equal(names(res.Entries), []string{"Amélie Dubois"}) {
		t.Errorf("after erasing Inès the directory lists %q", names(res.Entries))
	}
}

func TestDaySaveSheet_ListsThePersonAtOnceRefusesOverBoundsAndWritesNothingUnchanged(t *testing.T) {
	d, people, rec, _ := directoryDay(t)
	theo := people[3]
	d.arrive(theo, data.CheckIn{AttendeeID: theo.ID, Direction: data.In, At: d.now(), Gate: "A"}, nil)
	sheet := Sheet{Directory: true, Sector: "  agritech ", Description: "Robots de désherbage", Milestones: []string{"Prototype", " ", "Premier client"}, Goals: []string{"Lever 500 k€"}}
	a, err := d.SaveSheet(theo.ID, sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !a.DirectoryConsent || a.Project.Sector != "agritech" || !slices.Equal(a.Project.Milestones, []string{"Prototype", "Premier client"}) {
		t.Fatalf("saved %+v", a.Project)
	}
	if len(rec.ofKind(KindRefresh)) != 1 {
		t.Error("the phone was not told to reload")
	}
	res, _ := d.Directory("désherbage")
	if got := names(res.Entries); !slices.Equal(got, []string{"Théo Peeters"}) {
		t.Errorf("Théo's sheet is not found at once: %q", got)
	}
	if _, err := d.SaveSheet(theo.ID, sheet); err != nil || len(rec.ofKind(KindRefresh)) != 0 {
		t.Errorf("an unchanged sheet: %v, or it was pushed", err)
	}
	for _, bad := range []Sheet{
		{Description: strings.Repeat("x", MaxDescriptionRunes+1)},
		{Goals: slices.Repeat([]string{"g"}, MaxSheetItems+1)},
		{Milestones: []string{strings.Repeat("é", MaxItemRunes+1)}},
	} {
		if _, err := d.SaveSheet(theo.ID, bad); err == nil {
			t.Errorf("sheet %+v accepted", bad)
		} else if txt, ok := IsRequestError(err); !ok || txt.FR == "" || txt.EN == "" {
			t.Errorf("refusal %v is not a bilingual RequestError", err)
		}
	}
	b, _ := d.attendee(theo.ID)
	if b.Project.Description != "Robots de désherbage" {
		t.Error("a refused sheet was written")
	}
}
