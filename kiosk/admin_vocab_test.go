package kiosk

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/internal/apitest"
	"icebreaker/kiosk/live"
	"icebreaker/matcher"
)

// adminGet fetches path with the admin's client and returns the status and
// the body.
func (e *testEnv) adminGet(t testing.TB, c *http.Client, path string) (int, []byte) {
	t.Helper()
	resp, b := fetch(t, c, e.HTTP.URL+path)
	return resp.StatusCode, b
}

func TestAdminVocabulary_ListsUncoveredPhrasesByPeople(t *testing.T) {
	people := append(demo.Sample(), data.Attendee{FirstName: "Lucie", Email: "lucie@forge.example", Needs: []string{"Falconry"}, MatchConsent: true})
	env := newTestEnv(t, people)
	c := env.adminClient(t)
	st, body := env.adminGet(t, c, "/admin/vocabulary?lang=en")
	if st != http.StatusOK {
		t.Fatalf("page: %d", st)
	}
	page := string(body)
	if !strings.Contains(page, "falconry") || !strings.Contains(page, `<td>2</td>`) || !strings.Contains(page, `aria-current="page">Vocabulary`) {
		t.Fatalf("the page should list « falconry » written by 2 people:\n%s", page)
	}
	if st, _ := env.adminGet(t, &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, "/admin/vocabulary"); st == http.StatusOK {
		t.Fatal("the vocabulary page answered without a session")
	}
	var choices []live.Choice
	if env.getJSONAs(t, c, "/api/admin/concepts?lang=fr&q=droit", &choices); len(choices) == 0 {
		t.Fatal("admin typeahead found nothing for « droit »")
	}
}

func TestAdminVocabulary_MappingAppliesLiveIsSavedSurvivesReopenAndExports(t *testing.T) {
	env := newDemoEnv(t)
	theo := env.People[3] // needs "falconry": no concept covers it
	env.checkInFour(t)
	if got := suggestedNames(env.phoneSnapshot(t, theo.Secret)); slices.Contains(got, "Inès M.") {
		t.Fatalf("before: Théo is offered %v", got)
	}
	ws, _ := env.dialWS(t, nil, "/ws/me/"+theo.Secret)
	c := env.adminClient(t)
	// Map to an existing concept (what the typeahead's pick posts).
	if st, body := postForm(t, c, env.HTTP.URL+"/admin/vocabulary", url.Values{"phrase": {"falconry"}, "key": {"business-law"}, "concept": {"droit des affaires (business-law)"}}); st != http.StatusSeeOther {
		t.Fatalf("map: %d %s", st, body)
	}
	apitest.ReadKind(t, ws, "refresh", patience)
	snap := env.phoneSnapshot(t, theo.Secret)
	if !slices.Contains(understoodKeys(snap), "needs/business-law") || !slices.Contains(suggestedNames(snap), "Inès M.") {
		t.Fatalf("live: Théo understood %v, offered %v; want business-law and Inès", understoodKeys(snap), suggestedNames(snap))
	}
	// A new concept for a phrase of a new person.
	if st, body := postForm(t, c, env.HTTP.URL+"/admin/vocabulary", url.Values{"phrase": {"soudure laser"}, "key": {"laser-welding"}, "new": {"1"},
		"fr": {"la soudure laser"}, "en": {"laser welding"}}); st != http.StatusSeeOther {
		t.Fatalf("new concept: %d %s", st, body)
	}
	// Refusals name what is wrong.
	for _, bad := range []url.Values{
		{"phrase": {"x y"}, "key": {"no-such-concept"}},
		{"phrase": {"x y"}, "key": {"laser-welding"}, "new": {"1"}, "fr": {"la soudure"}, "en": {"welding"}},
		{"phrase": {"x y"}, "key": {"Bad Key"}, "new": {"1"}, "fr": {"la chose"}, "en": {"thing"}},
		{"phrase": {"x y"}, "key": {"thing"}, "new": {"1"}, "fr": {"la chose"}},
	} {
		st, body := postForm(t, c, env.HTTP.URL+"/admin/vocabulary?lang=en", bad)
		if st != http.StatusBadRequest || !strings.Contains(body, `role="alert"`) {
			t.Fatalf("%v: %d, want 400 with the reason on the page", bad, st)
		}
	}
	var set data.Settings
	env.Store.View(func(tx *data.Tx) (err error) { set, err = tx.Settings(); return })
	if len(set.Vocabulary) != 2 || set.Vocabulary[0].Key != "business-law" || set.Vocabulary[1].FR != "la soudure laser" {
		t.Fatalf("saved lines %+v", set.Vocabulary)
	}

	// Reopened on the same file, the event's lines apply on top of the
	// server's vocabulary.
	restarted, err := New(Config{Store: env.Store, Logger: env.Server.log})
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	me, _ := restarted.attendeeBySecret(theo.Secret)
	if snap := restarted.day.Phone(me); !slices.Contains(understoodKeys(snap), "needs/business-law") || !slices.Contains(suggestedNames(snap), "Inès M.") {
		t.Fatalf("after reopening: Théo understood %v, offered %v", understoodKeys(snap), suggestedNames(snap))
	}
	if got := restarted.day.Complete("soudure las", "fr", 3); len(got) == 0 || got[0].Key != "laser-welding" || got[0].Label.EN != "laser welding" {
		t.Fatalf("the new concept after reopening: %+v", got)
	}

	// The export is a vocabulary file that --vocabulary reads back.
	st, tsv := env.adminGet(t, c, "/admin/vocabulary.tsv")
	if st != http.StatusOK {
		t.Fatalf("export: %d", st)
	}
	v, err := matcher.ParseVocabulary(bytes.NewReader(tsv))
	if err != nil {
		t.Fatalf("the export does not parse back: %v", err)
	}
	if k, ok := v.Lookup("falconry"); !ok || k != "business-law" {
		t.Fatalf("export: « falconry » is %q %v, want business-law", k, ok)
	}
	if fr, _ := v.Label("laser-welding", "fr"); fr != "soudure laser" {
		t.Fatalf("export: laser-welding reads %q", fr)
	}
	if k, ok := v.Lookup("levée de fonds"); !ok || k != "fundraising" {
		t.Fatal("export: the built-in concepts are missing")
	}
}

func TestUnderstoodPages_SpeakFrenchAndEnglish(t *testing.T) {
	env := newDemoEnv(t)
	c := env.adminClient(t)
	for _, tc := range []struct{ lang, phone, admin string }{
		{"fr", "Ce que nous avons compris", "Expressions sans concept"},
		{"en", "What we understood", "Phrases without a concept"},
	} {
		_, phone := env.adminGet(t, http.DefaultClient, "/me/"+env.People[0].Secret+"?lang="+tc.lang)
		_, admin := env.adminGet(t, c, "/admin/vocabulary?lang="+tc.lang)
		if !strings.Contains(string(phone), tc.phone) || !strings.Contains(string(admin), tc.admin) {
			t.Fatalf("%s: the pages lack %q / %q", tc.lang, tc.phone, tc.admin)
		}
	}
}
