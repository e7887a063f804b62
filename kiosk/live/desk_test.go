package live

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/data/demo"
)

// has reports whether msgs hold a message of kind to topic.
func has(msgs []published, topic, kind string) bool {
	return slices.ContainsFunc(msgs, func(m published) bool { return m.Topic == topic && m.Kind == kind })
}

// newRecordedDay is newTestDay with a recorder for its pushes and a clock
// the test moves.
func newRecordedDay(t *testing.T, people []data.Attendee) (*Day, *recorder, *time.Time) {
	t.Helper()
	d := newTestDay(t, people)
	rec := &recorder{}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	d.pub, d.now = rec, func() time.Time { return now }
	d.scans.Now = d.now
	return d, rec, &now
}

func scanIn(t *testing.T, d *Day, a data.Attendee, dir data.Direction) {
	t.Helper()
	res, err := d.CheckIn(t.Context(), checkin.Scan{Code: a.BadgeCode, Gate: "nord", KioskID: 1, Nonce: fmt.Sprint(time.Now().UnixNano()), Direction: dir})
	if err != nil || !res.Result.Accepted() {
		t.Fatalf("scan %s %s: %+v %v", a.FirstName, dir, res.Outcome, err)
	}
}

// An entry undone from the desk is gone from every count and screen, as
// if it had not happened; a restart reads the same from the file.
func TestDay_UndoEntry_TakesTheEntryBackFromCountsBoardAndPhones(t *testing.T) {
	people := demo.Sample()
	d, rec, _ := newRecordedDay(t, people)
	amelie, karim := people[0], people[1]
	scanIn(t, d, karim, data.In)
	scanIn(t, d, amelie, data.In) // Karim's list holds her now
	rec.take()

	if _, err := d.UndoEntry(amelie.ID); err != nil {
		t.Fatal(err)
	}
	c := d.Stats().Counts
	if c.Present != 1 || c.Arrived != 1 || c.Gates["nord"] != 1 {
		t.Fatalf("after undoing Amélie's entry: %+v; want Karim alone, present and arrived", c)
	}
	for _, a := range d.Board().Arrivals {
		if a.Name == amelie.DisplayName() {
			t.Fatalf("the board still shows Amélie's arrival: %+v", a)
		}
	}
	if d.index.Present(uint64(amelie.ID)) || slices.ContainsFunc(d.Suggestions(karim.ID, 5), func(s Suggested) bool { return s.ID == uint64(amelie.ID) }) {
		t.Fatal("Amélie is still in the matcher's room")
	}
	msgs := rec.take()
	for _, want := range []struct{ topic, kind string }{{TopicBoard, KindReload}, {TopicAdmin, KindStats},
		{PhoneTopic(amelie.ID), KindRefresh}, {PhoneTopic(karim.ID), KindRefresh}} {
		if !has(msgs, want.topic, want.kind) {
			t.Errorf("no %s to %s after the undo: %+v", want.kind, want.topic, msgs)
		}
	}
	if _, err := d.UndoEntry(amelie.ID); !errors.Is(err, data.ErrNotInside) {
		t.Fatalf("undoing again: %v, want ErrNotInside", err)
	}

	// A re-entry undone leaves Karim arrived, outside.
	scanIn(t, d, karim, data.Out)
	scanIn(t, d, karim, data.In)
	if _, err := d.UndoEntry(karim.ID); err != nil {
		t.Fatal(err)
	}
	if c := d.Stats().Counts; c.Present != 0 || c.Arrived != 1 {
		t.Fatalf("after undoing Karim's re-entry: %+v; want nobody present, Karim arrived", c)
	}
	again, err := New(Config{Store: d.store})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := again.Stats().Counts, d.Stats().Counts; got.Present != want.Present || got.Arrived != want.Arrived || len(got.Gates) != len(want.Gates) {
		t.Fatalf("a restart reads %+v from the file, the live picture says %+v", got, want)
	}
}

// A typo fixed from the desk reaches the matcher (the organisation's
// colleague keys) and the screens.
func TestDay_Rename_ReachesTheColleagueKeysAndTheScreens(t *testing.T) {
	people := demo.Sample()
	people[1].Email, people[1].Organisation = "karim.benali@gmail.com", "Matrise" // a typo: Amélie's colleague, not known as one
	d, rec, _ := newRecordedDay(t, people)
	amelie, karim := people[0], people[1]
	scanIn(t, d, amelie, data.In)
	scanIn(t, d, karim, data.In)
	suggested := func() bool {
		return slices.ContainsFunc(d.Suggestions(amelie.ID, 5), func(s Suggested) bool { return s.ID == uint64(karim.ID) })
	}
	if !suggested() {
		t.Fatal("before the fix Karim, who offers what Amélie needs, is not suggested to her")
	}
	rec.take()

	a, err := d.Rename(karim.ID, Names{FirstName: "Karim", LastName: "Ben Ali", Organisation: "MATRICE SAS"})
	if err != nil || a.LastName != "Ben Ali" {
		t.Fatalf("rename: %+v %v", a, err)
	}
	if suggested() {
		t.Fatal("Karim now works at Amélie's organisation: colleagues are not suggested to each other")
	}
	if got := d.Name(karim.ID); got != "Karim B." {
		t.Fatalf("screens show %q", got)
	}
	msgs := rec.take()
	if !has(msgs, TopicBoard, KindReload) || !has(msgs, PhoneTopic(karim.ID), KindRefresh) || !has(msgs, PhoneTopic(amelie.ID), KindRefresh) {
		t.Fatalf("after the rename: %+v; want the board to reload and both phones to refresh", msgs)
	}
	if _, err := d.Rename(karim.ID, Names{FirstName: "Karim", LastName: "Ben Ali", Organisation: "MATRICE SAS"}); err != nil || len(rec.take()) != 0 {
		t.Fatal("a correction that changes nothing must publish nothing")
	}
}

// A walk-in without an e-mail named like someone registered is not
// created: the kiosk is told who it may be.
func TestDay_WalkInUnlessKnown_StopsAtTheSameFoldedName(t *testing.T) {
	people := demo.Sample()
	d, _, _ := newRecordedDay(t, people)
	_, _, err := d.WalkInUnlessKnown(t.Context(), data.Attendee{FirstName: "amelie", LastName: "DUBOIS "}, "n1", "door")
	var same *SameNameError
	if !errors.As(err, &same) || len(same.People) != 1 || same.People[0] != people[0].ID {
		t.Fatalf("walk-in « amelie DUBOIS »: %v; want Amélie Dubois named", err)
	}
	if _, _, err := d.WalkInUnlessKnown(t.Context(), data.Attendee{FirstName: "Amélie", LastName: "Martin"}, "n2", "door"); err != nil {
		t.Fatalf("another Amélie: %v", err)
	}
	// With an e-mail, or confirmed, a namesake is a new person; its retry is answered again.
	a, _, err := d.WalkIn(t.Context(), data.Attendee{FirstName: "Amélie", LastName: "Dubois"}, "n3", "door")
	if err != nil {
		t.Fatal(err)
	}
	if again, replayed, err := d.WalkInUnlessKnown(t.Context(), data.Attendee{FirstName: "Amélie", LastName: "Dubois"}, "n3", "door"); err != nil || !replayed || again.ID != a.ID {
		t.Fatalf("retry of the confirmed walk-in: %+v %v %v", again, replayed, err)
	}
	if got := d.Stats().Counts.Registered; got != 7 {
		t.Fatalf("%d registered, want the 5 and two walk-ins", got)
	}
}

// The admin's round view names everyone at every table, and counts the
// people present without a table by reason; each phone says why.
func TestDay_AdminRound_NamesEveryoneAndSaysWhyOthersHaveNoTable(t *testing.T) {
	people := demo.Sample()
	people[2].BoardConsent = false // on the board Inès is "+1 more"; the admin names her
	d, rec, now := newRecordedDay(t, people)
	amelie, karim, ines, theo, zoe := people[0], people[1], people[2], people[3], people[4]
	for _, p := range []data.Attendee{amelie, karim, ines, zoe} {
		scanIn(t, d, p, data.In)
	}
	for _, other := range []data.Attendee{karim, ines} { // Amélie met them both: no partner is left for her
		if _, err := d.Met(t.Context(), amelie.ID, Other{Code: other.BadgeCode}); err != nil {
			t.Fatal(err)
		}
	}
	*now = now.Add(time.Minute)
	if _, err := d.StartRound(RoundPlan{Kind: data.PairRound, Length: 10 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	*now = now.Add(time.Minute)
	rec.take()
	scanIn(t, d, theo, data.In) // late

	v := d.AdminRound()
	if v == nil || len(v.Tables) != 1 || len(d.Round().Tables) != 1 {
		t.Fatalf("admin round %+v: want one table of two, and no table of one for Amélie", v)
	}
	var seated []string
	for _, s := range v.Tables[0].People {
		seated = append(seated, s.Name)
	}
	if !slices.Equal(seated, []string{"Karim Benali", "Inès Moreau"}) && !slices.Equal(seated, []string{"Inès Moreau", "Karim Benali"}) {
		t.Fatalf("table 1 seats %v; want Karim and Inès by their full names", seated)
	}
	if l := v.LeftOut; l.NoConsent != 1 || l.Late != 1 || l.Odd != 1 || len(l.People) != 3 {
		t.Fatalf("left out %+v: want Zoé (no consent), Théo (late) and the odd one out", l)
	}
	whys := map[data.AttendeeID]string{}
	for _, m := range v.LeftOut.People {
		whys[m.ID] = m.Why
		if nt := d.NoTableFor(m.ID); nt == nil || nt.Why != m.Why || nt.Number != v.Number {
			t.Errorf("%s's phone: %+v, want %q", m.Name, nt, m.Why)
		}
	}
	if whys[zoe.ID] != WhyNoConsent || whys[theo.ID] != WhyLate || whys[amelie.ID] != WhyOdd {
		t.Fatalf("reasons %v", whys)
	}
	if p := d.Phone(theo); p.NoTable == nil || p.NoTable.Why != WhyLate {
		t.Fatalf("Théo's phone snapshot: %+v", p.NoTable)
	}
	msgs := rec.take()
	if !has(msgs, PhoneTopic(theo.ID), KindRound) || !has(msgs, TopicAdmin, KindLeftOut) {
		t.Fatalf("Théo's arrival during the round: %+v; want his phone told why and the admin's left-out block", msgs)
	}
	if _, _, err := d.StopRound(); err != nil {
		t.Fatal(err)
	}
	msgs = rec.take()
	for _, m := range msgs {
		if pm, ok := m.Data.(PhoneRoundMsg); ok && m.Topic == PhoneTopic(zoe.ID) && (pm.NoTable != nil || pm.Round != nil) {
			t.Fatalf("Zoé's phone after the round: %+v", pm)
		}
	}
	if !has(msgs, PhoneTopic(zoe.ID), KindRound) {
		t.Fatal("Zoé's phone is not told the round is over")
	}
}
