package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"icebreaker/data/demo"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestSuggestCommand_JSONRanksTheOfferThatMeetsTheNeed(t *testing.T) {
	path := seedFile(t, demo.Sample(), 0)
	code, out, stderr := runCmd(t, "suggest", "--db", path, "--email", "AMELIE@matrice.example", "--json", "--top", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []struct {
		Email       string            `json:"email"`
		Name        string            `json:"name"`
		Score       float64           `json:"score"`
		Reasons     []json.RawMessage `json:"reasons"`
		Explanation map[string]string `json:"explanation"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if len(got) == 0 || (got[0].Email != "karim@finaxy.example" && got[0].Email != "ines@cabinet-moreau.example") {
		t.Fatalf("suggestions = %+v", got)
	}
	if len(got[0].Reasons) == 0 || got[0].Explanation["fr"] == "" || got[0].Explanation["en"] == "" || got[0].Score <= 0 {
		t.Fatalf("first suggestion lacks score or reasons: %+v", got[0])
	}
}

func TestSuggestCommand_PresentOnlyAndErrors(t *testing.T) {
	path := seedFile(t, demo.Sample(), 1) // only Amélie is inside
	code, out, _ := runCmd(t, "suggest", "--db", path, "--email", "amelie@matrice.example", "--present-only")
	if code != 0 || !strings.Contains(out, "nobody") {
		t.Fatalf("present-only with nobody else inside: exit %d\n%s", code, out)
	}
	if code, _, stderr := runCmd(t, "suggest", "--db", path, "--email", "nobody@example.fr"); code != 1 || !strings.Contains(stderr, "nobody has the email") {
		t.Fatalf("unknown email: exit %d: %s", code, stderr)
	}
	if code, _, _ := runCmd(t, "suggest", "--db", path); code != 2 {
		t.Fatalf("missing --email: exit %d", code)
	}
}

func TestPairsCommand_EveryConsentingPersonPlacedOnce(t *testing.T) {
	people := demo.Attendees(41, 3)
	path := seedFile(t, people, 0)
	code, out, stderr := runCmd(t, "pairs", "--db", path, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var pairs []struct {
		Emails []string `json:"emails"`
		Score  float64  `json:"score"`
	}
	if err := json.Unmarshal([]byte(out), &pairs); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	trios := 0
	for _, p := range pairs {
		if len(p.Emails) == 3 {
			trios++
		} else if len(p.Emails) != 2 {
			t.Fatalf("group of %d in a 1:1 round", len(p.Emails))
		}
		for _, e := range p.Emails {
			seen[e]++
		}
	}
	consenting := 0
	for _, a := range people {
		if a.MatchConsent {
			consenting++
			if seen[a.Email] != 1 {
				t.Fatalf("%s placed %d times", a.Email, seen[a.Email])
			}
		} else if seen[a.Email] != 0 {
			t.Fatalf("%s has no consent but was paired", a.Email)
		}
	}
	if wantTrios := consenting % 2; trios != wantTrios {
		t.Fatalf("%d trios for %d people", trios, consenting)
	}
}

func TestGroupsCommand_SizesWithinOneAndModesChecked(t *testing.T) {
	people := demo.Attendees(50, 4)
	path := seedFile(t, people, 0)
	for _, mode := range []string{"affinity", "mix", "teams"} {
		code, out, stderr := runCmd(t, "groups", "--db", path, "--size", "6", "--mode", mode, "--json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", mode, code, stderr)
		}
		var groups []struct {
			Emails []string `json:"emails"`
		}
		if err := json.Unmarshal([]byte(out), &groups); err != nil {
			t.Fatal(err)
		}
		lo, hi := 1<<30, 0
		for _, g := range groups {
			lo, hi = min(lo, len(g.Emails)), max(hi, len(g.Emails))
		}
		if hi-lo > 1 || lo < 5 || hi > 7 {
			t.Fatalf("%s: group sizes from %d to %d", mode, lo, hi)
		}
	}
	if code, out, stderr := runCmd(t, "groups", "--db", path, "--size", "6", "--mode", "teams"); code != 0 || !strings.Contains(out, "table 1") {
		t.Fatalf("teams as text: exit %d: %s%s", code, out, stderr)
	}
	if code, _, stderr := runCmd(t, "groups", "--db", path, "--mode", "random"); code != 2 || !strings.Contains(stderr, "affinity, mix or teams") {
		t.Fatalf("bad mode: exit %d: %s", code, stderr)
	}
}
