package kiosk

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/data/demo"
)

func (e *testEnv) search(t testing.TB, q string) []searchHit {
	t.Helper()
	st, _, raw := e.do(t, http.MethodGet, "/api/attendees?q="+url.QueryEscape(q), e.Key, "", nil)
	if st != http.StatusOK {
		t.Fatalf("search %q: %d %s", q, st, raw)
	}
	var ans struct{ People []searchHit }
	if err := json.Unmarshal(raw, &ans); err != nil {
		t.Fatal(err)
	}
	return ans.People
}

func TestSearch_IgnoresCaseAndAccents(t *testing.T) {
	people := append(demo.Sample(), data.Attendee{FirstName: "Éloïse", LastName: "Cœur-Dupré", Organisation: "Île Verte"})
	env := newTestEnv(t, people)
	cases := []struct {
		q    string
		want []string // first names, in order
	}{
		{"amelie", []string{"Amélie"}},
		{"AMÉLIE dub", []string{"Amélie"}},
		{"eloise coeur", []string{"Éloïse"}},
		{"coeur dupre", []string{"Éloïse"}},
		{"ile verte", []string{"Éloïse"}},
		{"finaxy", []string{"Karim"}},
		{"mo", []string{"Inès"}}, // Moreau; "Cabinet Moreau"
		{"e", nil},               // one letter: too short
		{"nobody here", nil},
	}
	for _, c := range cases {
		var got []string
		for _, h := range env.search(t, c.q) {
			got = append(got, h.FirstName)
		}
		if len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) {
			t.Errorf("search %q = %v, want %v", c.q, got, c.want)
		}
	}
	hit := env.search(t, "eloise")[0]
	if hit.LastName != "Cœur-Dupré" || hit.Organisation != "Île Verte" || hit.Token == "" {
		t.Fatalf("hit %+v: want the full last name, the organisation and a token", hit)
	}
}

func TestSearch_TokenChecksThePersonIn_ForgedTokenRefused(t *testing.T) {
	env := newDemoEnv(t)
	hit := env.search(t, "theo")[0]
	st, raw := env.scanAs(t, env.Key, map[string]any{"token": hit.Token, "nonce": "by-name"})
	ans := parseAnswer(t, raw)
	if st != http.StatusOK || ans.Result != checkin.OK || ans.FirstName != "Théo" {
		t.Fatalf("check-in by name: %d %s", st, raw)
	}
	if !env.search(t, "theo")[0].Inside {
		t.Fatal("search does not show Théo inside")
	}
	forged := []byte(hit.Token)
	forged[3] ^= 1
	if st, raw := env.scanAs(t, env.Key, map[string]any{"token": string(forged), "nonce": "forged"}); st != http.StatusBadRequest {
		t.Fatalf("forged token: %d %s, want 400", st, raw)
	}
	if _, ok := newPersonTokens().verify(hit.Token); ok {
		t.Fatal("a token verifies under another server's key")
	}
}

func TestFoldForSearch(t *testing.T) {
	for in, want := range map[string]string{
		"Éloïse Cœur-Dupré":  "eloise coeur dupre",
		"  L'Œuvre  d'Æsop ": "l oeuvre d aesop",
		"STRAßE":             "strasse",
		"Zoé":                "zoe",
	} {
		if got := searchKey(in); got != want {
			t.Errorf("searchKey(%q) = %q, want %q", in, got, want)
		}
	}
}
