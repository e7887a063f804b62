package kiosk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"icebreaker/checkin"
	"icebreaker/data"
)

func (e *testEnv) walkIn(t testing.TB, body map[string]any) (int, walkInAnswer, []byte) {
	t.Helper()
	raw, _ := json.Marshal(body)
	st, _, resp := e.do(t, http.MethodPost, "/api/walkins", e.Key, "application/json", raw)
	var ans walkInAnswer
	json.Unmarshal(resp, &ans)
	return st, ans, resp
}

func TestWalkIn_CreatesAttendeeKnownToMatcher_BadgeScansAndPrints(t *testing.T) {
	env := newDemoEnv(t)
	form := map[string]any{"nonce": "walk-1", "first_name": " Éloïse ", "last_name": "Cœur-Dupré", "organisation": "Île Verte",
		"tags": []string{"education", " "}, "offers": []string{"corporate law"}, "matchmaking_consent": true}
	st, w, raw := env.walkIn(t, form)
	if st != http.StatusCreated || w.ID == 0 || w.FirstName != "Éloïse" || !checkin.ValidCode(w.BadgeCode) ||
		!strings.HasPrefix(w.BadgeQR, "data:image/png;base64,") || w.BadgePDF != fmt.Sprintf("/api/walkins/%d/badge.pdf", w.ID) {
		t.Fatalf("walk-in: %d %s", st, raw)
	}
	var a data.Attendee
	env.Store.View(func(tx *data.Tx) (err error) { a, err = tx.Attendee(w.ID); return })
	if a.LastName != "Cœur-Dupré" || !a.MatchConsent || a.BoardConsent || len(a.Interests) != 1 {
		t.Fatalf("stored walk-in %+v: want trimmed fields and only the ticked consent", a)
	}

	// A double click (same nonce) is the same person.
	st, again, _ := env.walkIn(t, form)
	if st != http.StatusOK || again.ID != w.ID || !again.Replayed || again.BadgeCode != w.BadgeCode {
		t.Fatalf("retry: %d %+v, want the same attendee replayed", st, again)
	}

	// The badge code lets them in; the PDF prints their badge.
	if ans := env.ScanCode(t, w.BadgeCode); ans.FirstName != "Éloïse" {
		t.Fatalf("walk-in scan: %+v", ans)
	}
	// The matcher knows her: Amélie, who needs corporate law, is told to meet her.
	if ans := env.ScanCode(t, env.People[0].BadgeCode); !strings.Contains(mustJSON(t, ans.Meet), "Éloïse") {
		t.Fatalf("Amélie is not told to meet the walk-in: %+v", ans.Meet)
	}
	st, hdr, pdf := env.do(t, http.MethodGet, w.BadgePDF+"?layout=business-card", env.Key, "", nil)
	if st != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("badge PDF: %d %s %.40q", st, hdr.Get("Content-Type"), pdf)
	}
	// Kiosks print walk-ins only, not the badges of the registered.
	if st, _, _ := env.do(t, http.MethodGet, fmt.Sprintf("/api/walkins/%d/badge.pdf", env.People[0].ID), env.Key, "", nil); st != http.StatusNotFound {
		t.Fatalf("badge of a registered attendee from a kiosk: %d, want 404", st)
	}
	if st, _, _ := env.do(t, http.MethodGet, w.BadgePDF+"?layout=nope", env.Key, "", nil); st != http.StatusBadRequest {
		t.Fatalf("unknown layout: %d, want 400", st)
	}
}

func TestWalkIn_InvalidForms_400(t *testing.T) {
	env := newDemoEnv(t)
	for name, form := range map[string]map[string]any{
		"no first name":   {"first_name": "  ", "last_name": "X"},
		"bad email":       {"first_name": "Ana", "email": "nope"},
		"taken by her":    {"first_name": "amélie", "last_name": "DUBOIS", "email": "AMELIE@matrice.example"},
		"too long":        {"first_name": strings.Repeat("é", maxFieldRunes+1)},
		"too many tags":   {"first_name": "Ana", "tags": strings.Split(strings.Repeat("t,", maxTags+1), ",")},
		"too large":       {"first_name": strings.Repeat("a", maxWalkInBody)},
		"wrong JSON type": {"first_name": 12},
	} {
		st, _, raw := env.walkIn(t, form)
		var e apiError
		json.Unmarshal(raw, &e)
		if st != http.StatusBadRequest || e.Message.FR == "" || e.Message.EN == "" {
			t.Errorf("%s: %d %s, want 400 with a bilingual message", name, st, raw)
		}
	}
	var n int
	env.Store.View(func(tx *data.Tx) error { n = tx.CountAttendees(); return nil })
	if n != len(env.People) {
		t.Fatalf("%d attendees after invalid forms, want %d", n, len(env.People))
	}
}

// A walk-in without an e-mail named like someone registered gets a 409
// naming who it may be (with the token that checks them in); the staff's
// "create anyway" registers the namesake. A code typed into the name is
// refused: it is a scan, not a person.
func TestWalkIn_SameNameAsksFirst_ACodeIsNoName(t *testing.T) {
	env := newDemoEnv(t)
	form := map[string]any{"nonce": "walk-same", "first_name": "AMELIE", "last_name": "dubois"}
	st, _, raw := env.walkIn(t, form)
	var same sameNameAnswer
	json.Unmarshal(raw, &same)
	if st != http.StatusConflict || same.Code != "same_name" || len(same.People) != 1 || same.People[0].LastName != "Dubois" ||
		same.People[0].Organisation != "Matrice" || same.People[0].Token == "" {
		t.Fatalf("walk-in « AMELIE dubois »: %d %s; want 409 naming Amélie Dubois of Matrice", st, raw)
	}
	if st, raw := env.scanAs(t, env.Key, map[string]any{"token": same.People[0].Token, "nonce": "same-in"}); st != http.StatusOK || parseAnswer(t, raw).Result != checkin.OK {
		t.Fatalf("checking her in from the question: %d %s", st, raw)
	}
	form["same_name_ok"] = true
	if st, w, raw := env.walkIn(t, form); st != http.StatusCreated || w.ID == env.People[0].ID {
		t.Fatalf("create anyway: %d %s", st, raw)
	}
	for _, code := range []string{env.People[1].BadgeCode, "Q" + env.People[1].BadgeCode[1:]} {
		st, _, raw := env.walkIn(t, map[string]any{"nonce": "walk-code-" + code, "first_name": code})
		var scanned scannedAnswer
		json.Unmarshal(raw, &scanned)
		if st != http.StatusBadRequest || scanned.Code != "scanned_code" || scanned.Scanned != code || !strings.Contains(scanned.Message.FR, "pas un nom") {
			t.Fatalf("walk-in named %q: %d %s; want 400: a code is not a name", code, st, raw)
		}
	}
	if got := env.Server.Day().Stats().Counts.Registered; got != 6 {
		t.Fatalf("%d registered, want the 5 and the one namesake", got)
	}
}
