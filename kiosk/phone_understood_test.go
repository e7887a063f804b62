package kiosk

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"icebreaker/internal/apitest"
	"icebreaker/kiosk/live"
)

// phoneSnapshot reads a phone's snapshot over HTTP.
func (e *testEnv) phoneSnapshot(t testing.TB, secret string) live.PhoneSnapshot {
	t.Helper()
	var snap live.PhoneSnapshot
	if st := e.getJSONAs(t, nil, "/api/me/"+secret, &snap); st != http.StatusOK {
		t.Fatalf("phone snapshot: %d", st)
	}
	return snap
}

// understoodKeys lists the "field/key" of a snapshot's concepts.
func understoodKeys(snap live.PhoneSnapshot) []string {
	var out []string
	for _, c := range snap.Understood {
		out = append(out, c.Field+"/"+c.Key)
	}
	return out
}

func suggestedNames(snap live.PhoneSnapshot) []string {
	var out []string
	for _, s := range snap.Suggestions {
		out = append(out, s.Name)
	}
	return out
}

// checkInFour scans everyone of the sample who consented (Amélie, Karim,
// Inès, Théo).
func (e *testEnv) checkInFour(t testing.TB) {
	for _, p := range e.People[:4] {
		e.ScanCode(t, p.BadgeCode)
	}
}

func TestPhoneUnderstood_ListsConceptsWithWhatWasWritten(t *testing.T) {
	env := newDemoEnv(t)
	snap := env.phoneSnapshot(t, env.People[2].Secret) // Inès: "droit des sociétés"
	if len(snap.Understood) != 1 {
		t.Fatalf("Inès understood %+v, want one concept", snap.Understood)
	}
	c := snap.Understood[0]
	if c.Field != "offers" || c.Key != "business-law" || c.Said != "droit des sociétés" || c.Label.FR != "droit des affaires" || c.Label.EN != "business law" {
		t.Fatalf("concept %+v", c)
	}
}

func TestPhoneCorrections_ChangeMySuggestionsAtOnceAndSurviveRestart(t *testing.T) {
	env := newDemoEnv(t)
	amelie := env.People[0]
	env.checkInFour(t)
	if got := suggestedNames(env.phoneSnapshot(t, amelie.Secret)); !slices.Contains(got, "Karim B.") || slices.Contains(got, "Théo P.") {
		t.Fatalf("before: Amélie is offered %v, want Karim and not Théo", got)
	}
	ws, _ := env.dialWS(t, nil, "/ws/me/"+amelie.Secret)
	st, ans := env.phonePost(t, amelie.Secret, "/corrections", map[string]any{"corrections": []map[string]any{
		{"field": "needs", "key": "fundraising", "remove": true},
		{"field": "interests", "key": "education", "remove": true},
		{"field": "needs", "key": "hardware"},
	}})
	if st != http.StatusOK {
		t.Fatalf("corrections: %d %v", st, ans)
	}
	if m := apitest.ReadKind(t, ws, "refresh", patience); m.Kind != "refresh" {
		t.Fatalf("the phone got %+v, want a refresh", m)
	}
	check := func(when string, snap live.PhoneSnapshot) {
		t.Helper()
		keys := understoodKeys(snap)
		if slices.Contains(keys, "needs/fundraising") || slices.Contains(keys, "interests/education") || !slices.Contains(keys, "needs/hardware") {
			t.Fatalf("%s: understood %v", when, keys)
		}
		got := suggestedNames(snap)
		if slices.Contains(got, "Karim B.") || !slices.Contains(got, "Théo P.") {
			t.Fatalf("%s: Amélie is offered %v, want Théo and not Karim", when, got)
		}
		for _, c := range snap.Understood {
			if c.Key == "hardware" && (!c.Added || c.Said != "") {
				t.Fatalf("%s: an added concept reads %+v", when, c)
			}
		}
	}
	check("at once", env.phoneSnapshot(t, amelie.Secret))

	restarted, err := New(Config{Store: env.Store, Logger: env.Server.log})
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	me, ok := restarted.attendeeBySecret(amelie.Secret)
	if !ok || len(me.Corrections) != 3 {
		t.Fatalf("stored corrections %+v, want 3", me.Corrections)
	}
	check("after a restart", restarted.day.Phone(me))
}

func TestPhoneCorrections_RefuseUnknownFieldOrConcept(t *testing.T) {
	env := newDemoEnv(t)
	secret := env.People[0].Secret
	for _, bad := range []map[string]any{
		{"field": "title", "key": "fundraising"},
		{"field": "needs", "key": "no-such-concept"},
	} {
		st, ans := env.phonePost(t, secret, "/corrections", map[string]any{"corrections": []any{bad}})
		msg, _ := ans["message"].(map[string]any)
		if st != http.StatusBadRequest || msg == nil || msg["fr"] == "" || msg["en"] == "" {
			t.Fatalf("%v: %d %v, want 400 with a bilingual reason", bad, st, ans)
		}
	}
	if st, _ := env.phonePost(t, secret, "/corrections", map[string]any{"corrections": []any{}}); st != http.StatusBadRequest {
		t.Fatalf("no correction: %d, want 400", st)
	}
	if st, _ := env.phonePost(t, "nope", "/corrections", map[string]any{"corrections": []any{map[string]any{"field": "needs", "key": "hardware"}}}); st != http.StatusNotFound {
		t.Fatalf("unknown link: %d, want 404", st)
	}
	if keys := understoodKeys(env.phoneSnapshot(t, secret)); len(keys) != 3 {
		t.Fatalf("a refused correction changed %v", keys)
	}
}

func TestPhoneConcepts_CompletesInMyLanguage(t *testing.T) {
	env := newDemoEnv(t)
	secret := env.People[0].Secret
	var fr, en []live.Choice
	if st := env.getJSONAs(t, nil, "/api/me/"+secret+"/concepts?lang=fr&q="+url.QueryEscape("levee de"), &fr); st != 200 {
		t.Fatalf("concepts: %d", st)
	}
	if len(fr) == 0 || fr[0].Key != "fundraising" || fr[0].Label.FR != "levée de fonds" {
		t.Fatalf("fr typeahead for « levee de »: %+v", fr)
	}
	if st := env.getJSONAs(t, nil, "/api/me/"+secret+"/concepts?lang=en&q=fundr", &en); st != 200 || len(en) == 0 || en[0].Key != "fundraising" {
		t.Fatalf("en typeahead for « fundr »: %d %+v", st, en)
	}
	if st := env.getJSONAs(t, nil, "/api/me/nope/concepts?q=fundr", nil); st != http.StatusNotFound {
		t.Fatalf("unknown link: %d, want 404", st)
	}
	var none []live.Choice
	if env.getJSONAs(t, nil, "/api/me/"+secret+"/concepts?q=", &none); none == nil || len(none) != 0 {
		t.Fatalf("empty query: %+v, want []", none)
	}
}
