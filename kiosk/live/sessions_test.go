package live

import (
	"errors"
	"strings"
	"testing"
	"time"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// sessionDay is a day in Brussels at 14:05 with Amélie, Karim and Théo
// inside (Inès registered, not inside) and a Python workshop from 14:00
// to 15:00 in room B.
func sessionDay(t *testing.T) (*Day, []data.Attendee, *recorder, *time.Time, data.Session) {
	t.Helper()
	people := demo.Sample()
	d, rec, now := eventDay(t, people)
	brussels := now.Location()
	*now = time.Date(2026, 12, 1, 14, 5, 0, 0, brussels)
	for _, p := range []data.Attendee{people[0], people[1], people[3]} {
		d.arrive(p, data.CheckIn{AttendeeID: p.ID, Direction: data.In, At: *now, Gate: "A"}, nil)
	}
	start := time.Date(2026, 12, 1, 14, 0, 0, 0, brussels)
	py, err := d.SaveSession(data.Session{Title: " Python ", Kind: data.SessionWorkshop, Room: "B", Host: "Inès", Start: start, End: start.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	rec.take()
	return d, people, rec, now, py
}

func reasonsFor(d *Day, me, other data.AttendeeID) (Text, bool) {
	for _, s := range d.Suggestions(me, 5) {
		if s.ID == uint64(other) && s.Reasons != nil {
			return *s.Reasons, true
		}
	}
	return Text{}, false
}

func TestDayAttend_CountsOncePerPerson_PushesTheCount_AndGivesTheSharedWorkshopReason(t *testing.T) {
	d, people, rec, _, py := sessionDay(t)
	amelie, theo := people[0], people[3]
	if py.Title != "Python" {
		t.Fatalf("title %q, want it trimmed", py.Title)
	}
	if _, ok := reasonsFor(d, amelie.ID, theo.ID); ok {
		t.Fatal("Théo is suggested to Amélie before any workshop: the test needs a pair with nothing in common")
	}
	res, err := d.Attend(t.Context(), py.ID, amelie.ID, data.AttendPhone, 0)
	if err != nil || !res.Added || res.Count != 1 {
		t.Fatalf("Amélie's tap: %+v, %v", res, err)
	}
	if again, err := d.Attend(t.Context(), py.ID, amelie.ID, data.AttendScan, 7); err != nil || again.Added || again.Count != 1 {
		t.Fatalf("Amélie again: %+v, %v; want recorded once", again, err)
	}
	res, err = d.Attend(t.Context(), py.ID, theo.ID, data.AttendScan, 7)
	if err != nil || res.Count != 2 {
		t.Fatalf("Théo's scan: %+v, %v", res, err)
	}
	counts := rec.ofKind(KindSession)
	if len(counts) != 2 || counts[1].Topic != TopicAdmin || counts[1].Data.(SessionMsg) != (SessionMsg{Session: py.ID, Attended: 2}) {
		t.Fatalf("admin counts %+v, want 1 then 2", counts)
	}
	refreshed := map[string]bool{}
	for _, m := range rec.ofKind(KindRefresh) {
		refreshed[m.Topic] = true
	}
	if !refreshed[PhoneTopic(theo.ID)] || !refreshed[PhoneTopic(amelie.ID)] {
		t.Errorf("phones refreshed %v: Théo's and Amélie's (who shares the workshop) must reload", refreshed)
	}
	why, ok := reasonsFor(d, amelie.ID, theo.ID)
	if !ok || why.FR != "Vous étiez tous deux à l'atelier « Python » de 14 h" || why.EN != "You were both at the 2 pm workshop “Python”" {
		t.Fatalf("Théo for Amélie: %v %+v", ok, why)
	}
	if v := d.Sessions(); len(v) != 1 || v[0].Attended != 2 || !v[0].Running || v[0].Room != "B" {
		t.Errorf("admin's sessions %+v", v)
	}
	if ph := d.PhoneSessions(amelie.ID); len(ph) != 1 || !ph[0].Here {
		t.Errorf("Amélie's phone sessions %+v, want Python marked as hers", ph)
	}

	// A restart reads the same attendance, and the reason with it.
	again, err := New(Config{Store: d.store, Now: d.now})
	if err != nil {
		t.Fatal(err)
	}
	if fr := again.model.Score(uint64(amelie.ID), uint64(theo.ID)).Explain(again.model, "fr"); fr != why.FR {
		t.Errorf("after a restart (nobody inside: the test's entries were not committed): %q", fr)
	}
	if v := again.Sessions(); len(v) != 1 || v[0].Attended != 2 {
		t.Errorf("after a restart: %+v", v)
	}
}

func TestDayAttend_RefusesAPhoneOutsideTheBuildingAndASessionNotRunning(t *testing.T) {
	d, people, _, now, py := sessionDay(t)
	ines, karim := people[2], people[1]
	if _, err := d.Attend(t.Context(), py.ID, ines.ID, data.AttendPhone, 0); !errors.Is(err, ErrNotInside) {
		t.Errorf("Inès taps from outside: %v, want ErrNotInside", err)
	}
	if _, err := d.Attend(t.Context(), py.ID+1, karim.ID, data.AttendPhone, 0); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("an unknown session: %v", err)
	}
	for at, want := range map[time.Duration]string{-80 * time.Minute: "has not started (14:00 – 15:00)", time.Hour: "is over (14:00 – 15:00)"} {
		*now = py.Start.Add(at)
		_, err := d.Attend(t.Context(), py.ID, karim.ID, data.AttendScan, 1)
		if txt, ok := IsRequestError(err); !ok || !strings.Contains(txt.EN, want) || !strings.Contains(txt.FR, "présence non enregistrée") {
			t.Errorf("at %v: %v, want a refusal saying it %s", at, err, want)
		}
	}
	*now = py.Start.Add(-data.SessionEarly)
	if _, err := d.Attend(t.Context(), py.ID, karim.ID, data.AttendScan, 1); err != nil {
		t.Errorf("a quarter of an hour early: %v, want taken", err)
	}
	if _, err := d.SaveSession(data.Session{Title: "x", Start: py.Start, End: py.Start}); err == nil {
		t.Error("a session ending at its start was saved")
	}
	if _, err := d.SaveSession(data.Session{Title: "", Start: py.Start, End: py.End}); err == nil {
		t.Error("a session without a title was saved")
	}
}

func TestDaySessions_EraseForgetsAttendance_DeleteUnbinds_CountsIntroductions(t *testing.T) {
	d, people, _, _, py := sessionDay(t)
	amelie, karim, theo := people[0], people[1], people[3]
	for _, p := range []data.Attendee{amelie, karim, theo} {
		if _, err := d.Attend(t.Context(), py.ID, p.ID, data.AttendPhone, 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.store.Update(func(tx *data.Tx) error {
		return tx.AppendIntroduction(&data.Introduction{A: amelie.ID, B: karim.ID, Kind: data.Met, At: d.now()})
	}); err != nil {
		t.Fatal(err)
	}
	c, err := d.SessionCounts()
	if err != nil || len(c) != 1 || c[0].Attended != 3 || c[0].Met != 1 {
		t.Fatalf("counts %+v, %v; want 3 attended, 1 introduction", c, err)
	}
	if err := d.Erase(theo.ID); err != nil {
		t.Fatal(err)
	}
	if v := d.Sessions(); v[0].Attended != 2 {
		t.Errorf("after erasing Théo: %d attended", v[0].Attended)
	}
	var k data.Kiosk
	if err := d.store.Update(func(tx *data.Tx) error { k = data.Kiosk{Name: "Salle B"}; return tx.PutKiosk(&k, "kb") }); err != nil {
		t.Fatal(err)
	}
	if err := d.BindKiosk(k.ID, py.ID); err != nil {
		t.Fatal(err)
	}
	if err := d.DeleteSession(py.ID); err != nil {
		t.Fatal(err)
	}
	if why, _ := reasonsFor(d, amelie.ID, karim.ID); strings.Contains(why.EN, "workshop") {
		t.Errorf("the deleted workshop is still a reason: %q", why.EN)
	}
	d.store.View(func(tx *data.Tx) error {
		if got, _ := tx.KioskByKey("kb"); got.Session != 0 {
			t.Errorf("kiosk still bound to %d", got.Session)
		}
		return nil
	})
	if err := d.Purge(); err != nil {
		t.Fatal(err)
	}
	if len(d.Sessions()) != 0 {
		t.Error("sessions listed after the purge of a deleted one")
	}
}

func TestDayIndicators_PerSession_CountsItsAttendeesAndTheirMeetings(t *testing.T) {
	d, people, _, _, py := sessionDay(t)
	amelie, karim, theo := people[0], people[1], people[3]
	if ind, err := d.Indicators(); err != nil || len(ind.Groups) != 3 || ind.Groups[2].Key != "session" {
		t.Fatalf("groups %+v, %v: want per session after sector and round", ind.Groups, err)
	}
	for _, p := range []data.Attendee{amelie, theo} {
		if _, err := d.Attend(t.Context(), py.ID, p.ID, data.AttendPhone, 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.Met(t.Context(), amelie.ID, Other{ID: uint64(theo.ID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Met(t.Context(), amelie.ID, Other{ID: uint64(karim.ID)}); err != nil {
		t.Fatal(err)
	}
	ind, err := d.Indicators()
	if err != nil {
		t.Fatal(err)
	}
	rows := ind.Groups[2].Rows
	if len(rows) != 1 || rows[0].Label.FR != "Python (14h00)" || rows[0].Label.EN != "Python (2:00 pm)" || rows[0].Met != 1 {
		t.Fatalf("per session %+v: want Python with the one meeting between two of its attendees (Karim was not there)", rows)
	}
}
