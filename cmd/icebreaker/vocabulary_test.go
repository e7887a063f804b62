package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"icebreaker/data"
)

// jamEvent: two people who write the same interest differently; only an
// organiser's vocabulary says "game jam" and "jam de code" are one thing.
func jamEvent() []data.Attendee {
	return []data.Attendee{
		{FirstName: "Lina", LastName: "Roche", Email: "lina@roche.example", Interests: []string{"game jam"}, MatchConsent: true},
		{FirstName: "Omar", LastName: "Siby", Email: "omar@siby.example", Interests: []string{"jam de code"}, MatchConsent: true},
	}
}

func writeJamVocabulary(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "extra.tsv")
	if err := os.WriteFile(path, []byte("jam\tjam de code\tgame jam\thackathon créatif\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSuggestCommand_ExtraVocabularyMakesAliasesMatch(t *testing.T) {
	db := seedFile(t, jamEvent(), 0)
	vocab := writeJamVocabulary(t)
	_, without, _ := runCmd(t, "suggest", "--db", db, "--email", "lina@roche.example", "--lang", "en")
	if strings.Contains(without, "Omar") {
		t.Fatalf("without the vocabulary Omar should not come up:\n%s", without)
	}
	code, with, stderr := runCmd(t, "suggest", "--db", db, "--email", "lina@roche.example", "--lang", "en", "--vocabulary", vocab)
	if code != 0 || !strings.Contains(with, "Omar") || !strings.Contains(with, "game jam") {
		t.Fatalf("with the vocabulary: exit %d\n%s%s", code, with, stderr)
	}
	if code, _, stderr := runCmd(t, "suggest", "--db", db, "--email", "lina@roche.example", "--vocabulary", filepath.Join(t.TempDir(), "missing.tsv")); code != 1 || !strings.Contains(stderr, "missing.tsv") {
		t.Fatalf("missing vocabulary file: exit %d: %s", code, stderr)
	}
}

func TestServe_VocabularyReachesTheLiveMatcher(t *testing.T) {
	people := jamEvent()
	path := seedFile(t, people, 0)
	key := testKiosk(t, path)
	a := testApp(t, appConfig{DB: path, VocabularyFile: writeJamVocabulary(t)})
	postScan(t, a.URL(), key, map[string]any{"code": people[0].BadgeCode, "nonce": "v1"})
	_, r := postScan(t, a.URL(), key, map[string]any{"code": people[1].BadgeCode, "nonce": "v2"})
	if r.Result != "ok" || len(r.Meet) == 0 || !strings.HasPrefix(r.Meet[0].Name, "Lina") {
		t.Fatalf("Omar's answer = %+v, want Lina to meet", r)
	}
}
