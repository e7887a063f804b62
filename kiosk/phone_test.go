package kiosk

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/internal/apitest"
	"icebreaker/kiosk/live"
)

// phonePost posts a JSON body to /api/me/{secret}{path}.
func (e *testEnv) phonePost(t testing.TB, secret, path string, body any) (int, map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	resp, err := http.Post(e.HTTP.URL+"/api/me/"+secret+path, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans map[string]any
	json.NewDecoder(resp.Body).Decode(&ans)
	return resp.StatusCode, ans
}

func (e *testEnv) suggestedIDs(t testing.TB, secret string) map[uint64]bool {
	t.Helper()
	var snap live.PhoneSnapshot
	if st := e.getJSONAs(t, nil, "/api/me/"+secret, &snap); st != http.StatusOK {
		t.Fatalf("phone snapshot: %d", st)
	}
	ids := map[uint64]bool{}
	for _, s := range snap.Suggestions {
		ids[s.ID] = true
	}
	return ids
}

func TestPhone_WeMetAndNotForMe_NeverSuggestedAgainEvenAfterRestart(t *testing.T) {
	env := newDemoEnv(t)
	amelie, karim, ines := env.People[0], env.People[1], env.People[2]
	for _, p := range []int{0, 1, 2} {
		env.ScanCode(t, env.People[p].BadgeCode)
	}
	if ids := env.suggestedIDs(t, amelie.Secret); !ids[uint64(karim.ID)] || !ids[uint64(ines.ID)] {
		t.Fatalf("Amélie's suggestions %v should hold Karim and Inès", ids)
	}
	if st, ans := env.phonePost(t, amelie.Secret, "/met", map[string]any{"with": karim.ID}); st != 200 || ans["name"] != "Karim B." {
		t.Fatalf("we met: %d %v", st, ans)
	}
	if st, _ := env.phonePost(t, amelie.Secret, "/decline", map[string]any{"with": ines.ID}); st != 200 {
		t.Fatalf("not for me: %d", st)
	}
	check := func(when string) {
		if ids := env.suggestedIDs(t, amelie.Secret); ids[uint64(karim.ID)] || ids[uint64(ines.ID)] {
			t.Fatalf("%s: Amélie is still offered %v", when, ids)
		}
		if ids := env.suggestedIDs(t, karim.Secret); ids[uint64(amelie.ID)] {
			t.Fatalf("%s: Karim is still offered Amélie", when)
		}
	}
	check("at once")
	if st, ans := env.phonePost(t, amelie.Secret, "/met", map[string]any{"with": karim.ID}); st != 200 || ans["already"] != true {
		t.Fatalf("a second 'we met' should answer already: %d %v", st, ans)
	}
	if got := env.Server.day.Stats().Intros; got.Met != 1 || got.Declined != 1 {
		t.Fatalf("stats %+v, want one met and one declined", got)
	}

	restarted, err := New(Config{Store: env.Store, Logger: env.Server.log})
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	if sg := restarted.day.Suggestions(amelie.ID, 5); len(sg) != 0 {
		for _, s := range sg {
			if s.ID == uint64(karim.ID) || s.ID == uint64(ines.ID) {
				t.Fatalf("after a restart Amélie is offered %d again", s.ID)
			}
		}
	}
}

func TestPhone_WeMet_RefusesPeopleNeverShownUnlessTheirBadgeIsScanned(t *testing.T) {
	env := newDemoEnv(t)
	amelie, theo := env.People[0], env.People[3]
	env.ScanCode(t, amelie.BadgeCode)
	if st, _ := env.phonePost(t, amelie.Secret, "/met", map[string]any{"with": theo.ID}); st != http.StatusBadRequest {
		t.Fatalf("we met with someone never suggested: %d, want 400", st)
	}
	if st, _ := env.phonePost(t, amelie.Secret, "/met", map[string]any{"code": amelie.BadgeCode}); st != http.StatusBadRequest {
		t.Fatalf("we met with oneself: %d, want 400", st)
	}
	if st, ans := env.phonePost(t, amelie.Secret, "/met", map[string]any{"code": theo.BadgeCode}); st != 200 || ans["name"] != "Théo P." {
		t.Fatalf("we met by badge code: %d %v", st, ans)
	}
	if st, _ := env.phonePost(t, "not-a-secret", "/met", map[string]any{"code": theo.BadgeCode}); st != http.StatusNotFound {
		t.Fatalf("unknown secret: %d, want 404", st)
	}
}

func TestPhone_ScanFrame_DecodesTheBadgeAndRecordsWeMet(t *testing.T) {
	// A stopped clock: the two frames come at the same instant however slow
	// the machine (on a real one, 250 ms could pass between them).
	stopped := time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)
	env := newDemoEnv(t, func(c *Config) { c.Now = func() time.Time { return stopped } })
	amelie, karim := env.People[0], env.People[1]
	png, err := checkin.QRPNG(karim.BadgeCode, 320)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(env.HTTP.URL+"/api/me/"+amelie.Secret+"/scan", "image/png", bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	var ans live.IntroResult
	json.NewDecoder(resp.Body).Decode(&ans)
	resp.Body.Close()
	if resp.StatusCode != 200 || ans.Name != "Karim B." {
		t.Fatalf("scan frame: %d %+v", resp.StatusCode, ans)
	}
	if !env.Server.day.Closed(amelie.ID, karim.ID) {
		t.Fatal("the scanned pair is not excluded from suggestions")
	}
	resp, _ = http.Post(env.HTTP.URL+"/api/me/"+amelie.Secret+"/scan", "image/png", bytes.NewReader(png))
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a second frame at once: %d, want 429", resp.StatusCode)
	}
}

func TestPhone_ConsentSwitches_TakeEffectAtOnce(t *testing.T) {
	env := newDemoEnv(t)
	amelie, karim := env.People[0], env.People[1]
	env.ScanCode(t, amelie.BadgeCode)
	env.ScanCode(t, karim.BadgeCode)
	board, _ := env.dialWS(t, nil, "/ws/board")

	if st, _ := env.phonePost(t, karim.Secret, "/consent", map[string]any{"suggestions": false}); st != 200 {
		t.Fatalf("consent: %d", st)
	}
	if env.suggestedIDs(t, amelie.Secret)[uint64(karim.ID)] {
		t.Fatal("Karim withdrew consent but is still suggested to Amélie")
	}
	if len(env.suggestedIDs(t, karim.Secret)) != 0 {
		t.Fatal("Karim withdrew consent but still gets suggestions")
	}

	env.phonePost(t, karim.Secret, "/consent", map[string]any{"board": false})
	apitest.ReadKind(t, board, "reload", time.Second)
	var snap live.BoardSnapshot
	env.getJSONAs(t, nil, "/api/board", &snap)
	for _, a := range snap.Arrivals {
		if a.Name == "Karim B." {
			t.Fatal("Karim withdrew board consent but the board still names him")
		}
	}

	env.phonePost(t, karim.Secret, "/consent", map[string]any{"suggestions": true, "board": true})
	if !env.suggestedIDs(t, amelie.Secret)[uint64(karim.ID)] {
		t.Fatal("Karim consented again but is not suggested to Amélie")
	}
}

func TestPhone_RevokedLink_404AndOpenSocketClosedWithinASecond(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	amelie := env.People[0]
	conn, _ := env.dialWS(t, nil, "/ws/me/"+amelie.Secret)

	start := time.Now()
	if st, _ := postForm(t, admin, env.HTTP.URL+"/admin/attendees/"+itoaU(uint64(amelie.ID))+"/link", url.Values{}); st != http.StatusSeeOther {
		t.Fatalf("reissue link: %d", st)
	}
	conn.SetReadDeadline(time.Now().Add(time.Second))
	_, _, err := conn.ReadMessage()
	var ce *websocket.CloseError
	if !asCloseError(err, &ce) || ce.Code != websocket.ClosePolicyViolation {
		t.Fatalf("revoked socket: %v, want close 1008", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("closed after %v", d)
	}
	if st := env.getJSONAs(t, nil, "/me/"+amelie.Secret, nil); st != http.StatusNotFound {
		t.Fatalf("old link: %d, want 404", st)
	}
	var fresh string
	env.Store.View(func(tx *dataTx) error { a, _ := tx.Attendee(amelie.ID); fresh = a.Secret; return nil })
	if fresh == amelie.Secret || env.getJSONAs(t, nil, "/me/"+fresh, nil) != http.StatusOK {
		t.Fatal("the new link does not work")
	}
}

// Two phones of one pair tap "we met" at the same moment (each scanned the
// other's badge): the duplicate check belongs to the write transaction, so
// exactly one introduction is logged and the other tap answers "already".
// Several pairs race at once so that the test does not hinge on one lucky
// interleaving.
func TestPhone_TwoPhonesTappingWeMetAtOnce_LogOneIntroduction(t *testing.T) {
	env := newDemoEnv(t)
	pairs := [][2]data.Attendee{{env.People[0], env.People[1]}, {env.People[2], env.People[3]}}
	start := make(chan struct{})
	var wg sync.WaitGroup
	statuses := make(chan int, 2*len(pairs))
	for _, p := range pairs {
		for _, side := range [][2]data.Attendee{{p[0], p[1]}, {p[1], p[0]}} {
			wg.Add(1)
			go func(me, other data.Attendee) {
				defer wg.Done()
				body, _ := json.Marshal(map[string]any{"code": other.BadgeCode})
				<-start
				resp, err := http.Post(env.HTTP.URL+"/api/me/"+me.Secret+"/met", "application/json", bytes.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				statuses <- resp.StatusCode
			}(side[0], side[1])
		}
	}
	close(start)
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if st != http.StatusOK {
			t.Fatalf("a 'we met' tap answered %d, want 200 (recorded or already)", st)
		}
	}
	logged := map[[2]data.AttendeeID]int{}
	err := env.Store.View(func(tx *data.Tx) error {
		return tx.ForEachIntroduction(func(i data.Introduction) error {
			if i.Kind == data.Met {
				a, b := min(i.A, i.B), max(i.A, i.B)
				logged[[2]data.AttendeeID{a, b}]++
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		k := [2]data.AttendeeID{min(p[0].ID, p[1].ID), max(p[0].ID, p[1].ID)}
		if logged[k] != 1 {
			t.Errorf("pair %s–%s: %d introductions logged, want exactly 1", p[0].FirstName, p[1].FirstName, logged[k])
		}
	}
}
