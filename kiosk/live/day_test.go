package live

import (
	"path/filepath"
	"testing"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/data/demo"
)

// newTestDay is a Day without screens over a new event file holding people.
func newTestDay(t testing.TB, people []data.Attendee) *Day {
	t.Helper()
	store, err := data.Open(filepath.Join(t.TempDir(), "event.db"), data.Options{Codes: checkin.Codes{}, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	err = store.Update(func(tx *data.Tx) error { return tx.PutAttendees(people) })
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(Config{Store: store})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// matchingPeople is n demo attendees (demo.Attendees with seed), every
// one consenting to matchmaking, as the matcher's tests and benchmarks
// want them.
func matchingPeople(n int, seed uint64) []data.Attendee {
	people := demo.Attendees(n, seed)
	for i := range people {
		people[i].MatchConsent = true
	}
	return people
}

// loadInside puts people in the matcher's index at once, without scans
// (a crowd inside as after the doors opened).
func (d *Day) loadInside(people []data.Attendee) {
	ids := make([]uint64, len(people))
	for i, a := range people {
		ids[i] = uint64(a.ID)
	}
	d.mu.Lock()
	d.index.Load(ids)
	d.mu.Unlock()
}

// Two kiosks' handlers for one person can run in either order once their
// scans are committed (an exit at one door, a re-entry at another, a
// millisecond apart): the live picture and the matcher's index must end as
// the later commit says.
func TestDay_CheckInsAppliedLateLoseToLaterOnes(t *testing.T) {
	people := demo.Sample()
	d := newTestDay(t, people)
	a := people[0]
	at := time.Now()
	in1 := data.CheckIn{Seq: 1, AttendeeID: a.ID, Direction: data.In, At: at, Gate: "A"}
	out2 := data.CheckIn{Seq: 2, AttendeeID: a.ID, Direction: data.Out, At: at, Gate: "A"}
	in3 := data.CheckIn{Seq: 3, AttendeeID: a.ID, Direction: data.In, At: at, Gate: "B"}
	present := func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		return d.index.Present(uint64(a.ID))
	}

	d.arrive(a, in1, nil)
	d.arrive(a, in3, nil) // the re-entry's handler runs first...
	d.leave(out2, nil)    // ...then the exit's, late: it must change nothing
	if !present() || !d.Inside(a.ID) {
		t.Fatalf("after in(1), in(3), late out(2): present in index %v, inside %v; want both true", present(), d.Inside(a.ID))
	}
	if got := d.Stats().Counts.Present; got != 1 {
		t.Fatalf("present count %d, want 1", got)
	}
	d.leave(data.CheckIn{Seq: 4, AttendeeID: a.ID, Direction: data.Out, At: at, Gate: "B"}, nil)
	if present() || d.Inside(a.ID) {
		t.Fatal("a later exit must still apply")
	}
}

// The Roster the command line ranks with keeps apart the pairs the Day
// keeps apart: met or declined, and seated together in a round.
func TestReadRoster_KeepsApartWhatTheDayKeepsApart(t *testing.T) {
	people := demo.Sample()
	d := newTestDay(t, people)
	for _, p := range people[:4] {
		d.arrive(p, data.CheckIn{AttendeeID: p.ID, Direction: data.In, At: time.Now(), Gate: "A"}, nil)
	}
	if _, err := d.Met(t.Context(), people[0].ID, Other{Code: people[1].BadgeCode}); err != nil {
		t.Fatal(err)
	}
	r, err := d.StartRound(RoundPlan{Kind: data.PairRound, Length: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	roster, err := ReadRoster(d.Store(), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if !roster.Apart.Has(uint64(people[1].ID), uint64(people[0].ID)) {
		t.Error("the met pair is not kept apart")
	}
	forEachPairOf(r, func(a, b uint64) {
		if !roster.Apart.Has(a, b) {
			t.Errorf("the pair %d–%d seated in round %d is not kept apart", a, b, r.Number)
		}
	})
	for _, c := range roster.Candidates {
		if !roster.People[c].MatchConsent {
			t.Errorf("candidate %d has no matchmaking consent", c)
		}
	}
}

// Profile carries what the matcher reads of an attendee, title and e-mail
// included (roles, colleagues).
func TestProfile_FillsTitleAndEmail(t *testing.T) {
	p := Profile(data.Attendee{ID: 7, FirstName: "Amélie", Title: "CTO", Email: "amelie@matrice.fr"})
	if p.ID != 7 || p.Name != "Amélie" || p.Title != "CTO" || p.Email != "amelie@matrice.fr" {
		t.Fatalf("Profile = %+v", p)
	}
}
