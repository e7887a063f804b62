package matcher

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"slices"
	"testing"
	"time"
)

// Two people with nothing in common but a workshop: the shared session is
// their only score (Weights.Session) and their only reason, in French
// with its article and the French hour, in English with the 12-hour clock.
func TestSession_SharedWorkshop_ScoresAndSaysSo(t *testing.T) {
	at14 := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC)
	py := Session{Key: "1", Title: "Python", Kind: SessionWorkshop, Start: at14}
	talk := Session{Key: "2", Title: "IA générative", Kind: SessionTalk, Start: at14.Add(150 * time.Minute)}
	m := NewModel([]Profile{
		{ID: 1, Name: "Amélie", Sessions: []Session{py, talk}, Consent: true},
		{ID: 2, Name: "Karim", Sessions: []Session{py}, Consent: true},
		{ID: 3, Name: "Inès", Sessions: []Session{talk, py}, Consent: true},
		{ID: 4, Name: "Théo", Consent: true},
	}, Options{})
	ix := NewIndex(m, 5)
	ix.Load([]uint64{2, 3, 4})
	mine, _ := ix.Arrive(1)
	if len(mine) != 2 || mine[0].ID != 3 || mine[1].ID != 2 {
		t.Fatalf("Arrive(1) = %+v; want Inès (two sessions shared), then Karim (one), and not Théo", mine)
	}
	if w := DefaultWeights().Session; math.Abs(mine[0].Score-2*w) > 1e-12 || math.Abs(mine[1].Score-w) > 1e-12 {
		t.Fatalf("scores %v, %v; want %v and %v", mine[0].Score, mine[1].Score, 2*w, w)
	}
	for _, c := range []struct {
		s      Suggestion
		fr, en string
	}{
		{mine[1], "Vous étiez tous deux à l'atelier « Python » de 14 h", "You were both at the 2 pm workshop “Python”"},
		{mine[0], "Vous étiez tous deux à l'atelier « Python » de 14 h et à la conférence « IA générative » de 16 h 30",
			"You were both at the 2 pm workshop “Python” and the 4:30 pm talk “IA générative”"},
	} {
		if got := c.s.Explain(m, "fr"); got != c.fr {
			t.Errorf("fr: %q\nwant %q", got, c.fr)
		}
		if got := c.s.Explain(m, "en"); got != c.en {
			t.Errorf("en: %q\nwant %q", got, c.en)
		}
	}
}

func TestSession_Hours_ReadInBothLanguages(t *testing.T) {
	for _, c := range []struct {
		h, min int
		fr, en string
	}{{9, 5, "9 h 05", "9:05 am"}, {12, 0, "12 h", "12 pm"}, {0, 30, "0 h 30", "12:30 am"}, {18, 0, "18 h", "6 pm"}} {
		at := time.Date(2026, 1, 1, c.h, c.min, 0, 0, time.UTC)
		if got := frenchHour(at); got != c.fr {
			t.Errorf("frenchHour(%d:%02d) = %q; want %q", c.h, c.min, got, c.fr)
		}
		if got := englishHour(at); got != c.en {
			t.Errorf("englishHour(%d:%02d) = %q; want %q", c.h, c.min, got, c.en)
		}
	}
	if got := (Session{Title: "Pitch"}).phrase(true); got != "à la session « Pitch »" {
		t.Errorf("a session of no kind, no time: %q", got)
	}
}

// Sessions go through the sketch like any other slot: on a realistic room
// where people attended random sessions (some written twice, some edited
// in live with Upsert), the index's answers stay the exact ones, and a
// profile without sessions scores exactly as it does with Session
// weighing nothing.
func TestSession_IndexAnswers_StayExact(t *testing.T) {
	if heavy.InChild(t) {
		return
	}
	t.Parallel() // in the child, or without -race: beside the other heavy tests
	profiles := synthEvent(400, 5)
	r := rand.New(rand.NewSource(3))
	withSessions := func(p Profile) Profile {
		for range r.Intn(4) {
			k := fmt.Sprint(r.Intn(6))
			p.Sessions = append(p.Sessions, Session{Key: k, Title: "S" + k})
		}
		return p
	}
	for i := range profiles[:300] {
		profiles[i] = withSessions(profiles[i])
	}
	m := NewModel(profiles, Options{})
	ix := NewIndex(m, 10)
	ids := m.IDs()
	var present []uint64
	never := func(a, b uint64) bool { return false }
	for i, id := range ids {
		if i%7 == 3 { // a session tapped live: the profile changes, the person re-arrives
			p, _ := m.Profile(id)
			m.Upsert(withSessions(p))
		}
		mine, _ := ix.Arrive(id)
		if !slices.Contains(present, id) {
			present = append(present, id)
		}
		if want := bruteAnswer(m, id, present, 10, never); !reflect.DeepEqual(mine, want) {
			t.Fatalf("Arrive(%d) =\n%+v\nexact:\n%+v", id, mine, want)
		}
	}
	plain := NewModel(profiles[300:], Options{})
	w := DefaultWeights()
	w.Session = 0
	zero := NewModel(profiles[300:], Options{Weights: w})
	a, b := profiles[300].ID, profiles[301].ID
	// Two models sum the same terms, not always in the same order (bags
	// are maps): equal up to the last bits.
	if got, want := plain.Score(a, b).Score, zero.Score(a, b).Score; math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
		t.Fatalf("without sessions the score moved: %v, %v with Session 0", got, want)
	}
}
