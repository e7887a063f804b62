package kiosk

import (
	"bytes"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/internal/apitest"
	"icebreaker/kiosk/live"
)

func init() { passwordIterations = 1000 } // tests need no slow hash

// clock is a settable clock for the auth tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// withAuthClock makes the admin's links, sessions and backoff use a clock
// the test moves.
func withAuthClock(env *testEnv) *clock {
	c := &clock{t: time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)}
	env.Server.admin.now = c.Now
	return c
}

func newBrowserlessClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestAdmin_SetupLink_SetsThePasswordOnce(t *testing.T) {
	env := newDemoEnv(t)
	link, err := env.Server.SetupLink()
	if err != nil || !strings.HasPrefix(link, "/admin/setup?token=") {
		t.Fatalf("SetupLink = %q, %v", link, err)
	}
	tok := strings.TrimPrefix(link, "/admin/setup?token=")
	c := newBrowserlessClient()
	if st, _ := postForm(t, c, env.HTTP.URL+"/admin/setup", url.Values{"token": {tok}, "password": {"short"}, "confirm": {"short"}}); st != http.StatusBadRequest {
		t.Fatalf("short password: %d, want 400", st)
	}
	good := url.Values{"token": {tok}, "password": {"correct horse battery"}, "confirm": {"correct horse battery"}}
	if st, _ := postForm(t, c, env.HTTP.URL+"/admin/setup", good); st != http.StatusSeeOther {
		t.Fatalf("setup: %d, want 303", st)
	}
	if st := env.getJSONAs(t, c, "/api/admin/state", nil); st != http.StatusOK {
		t.Fatalf("the setup did not sign in: %d", st)
	}
	if st, _ := postForm(t, newBrowserlessClient(), env.HTTP.URL+"/admin/setup", good); st != http.StatusUnauthorized {
		t.Fatalf("setup link used twice: %d, want 401", st)
	}
	if again, _ := env.Server.SetupLink(); again != "" {
		t.Fatalf("SetupLink after setup = %q, want none", again)
	}
	var stored data.AdminPassword
	env.Store.View(func(tx *data.Tx) error { stored, _, _ = tx.AdminPassword(); return nil })
	if bytes.Contains(stored.Hash, []byte("horse")) || len(stored.Salt) < 16 || stored.Iterations <= 0 {
		t.Fatalf("stored password %+v", stored)
	}
	// Cookie flags.
	resp, _ := newBrowserlessClient().PostForm(env.HTTP.URL+"/admin/login", url.Values{"password": {"correct horse battery"}})
	resp.Body.Close()
	ck := resp.Cookies()
	if len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie %+v", ck)
	}
}

func TestAdmin_SetupLink_ExpiresAfter30Minutes(t *testing.T) {
	env := newDemoEnv(t)
	clk := withAuthClock(env)
	link, _ := env.Server.SetupLink()
	clk.Advance(31 * time.Minute)
	tok := strings.TrimPrefix(link, "/admin/setup?token=")
	st, _ := postForm(t, newBrowserlessClient(), env.HTTP.URL+"/admin/setup",
		url.Values{"token": {tok}, "password": {"correct horse battery"}, "confirm": {"correct horse battery"}})
	if st != http.StatusUnauthorized {
		t.Fatalf("expired setup link: %d, want 401", st)
	}
	if env.Server.hasPassword() {
		t.Fatal("an expired setup link set the password")
	}
}

func TestAdmin_Login_FailuresBackOff(t *testing.T) {
	env := newDemoEnv(t)
	clk := withAuthClock(env)
	hash, _ := hashPassword("correct horse battery")
	env.Store.Update(func(tx *data.Tx) error { return tx.PutAdminPassword(hash) })
	login := func(pw string) int {
		st, _ := postForm(t, newBrowserlessClient(), env.HTTP.URL+"/admin/login", url.Values{"password": {pw}})
		return st
	}
	if st := login("wrong"); st != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", st)
	}
	if st := login("correct horse battery"); st != http.StatusTooManyRequests {
		t.Fatalf("right password during the backoff: %d, want 429", st)
	}
	clk.Advance(time.Second)
	if st := login("wrong"); st != http.StatusUnauthorized {
		t.Fatalf("second failure: %d", st)
	}
	clk.Advance(time.Second) // the wait doubled to 2 s
	if st := login("correct horse battery"); st != http.StatusTooManyRequests {
		t.Fatalf("after 1 s of a 2 s wait: %d, want 429", st)
	}
	clk.Advance(time.Second)
	if st := login("correct horse battery"); st != http.StatusSeeOther {
		t.Fatalf("right password after the wait: %d, want 303", st)
	}
	if st := login("wrong"); st != http.StatusUnauthorized { // success reset the count
		t.Fatalf("after success: %d", st)
	}
}

func TestAdmin_PagesAndPostsNeedASession(t *testing.T) {
	env := newDemoEnv(t)
	c := newBrowserlessClient()
	resp, _ := c.Get(env.HTTP.URL + "/admin")
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/login" {
		t.Fatalf("GET /admin signed out: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, path := range []string{"/admin/rounds", "/admin/attendees/1/link", "/admin/settings", "/admin/kiosks"} {
		if st, _ := postForm(t, c, env.HTTP.URL+path, url.Values{}); st != http.StatusUnauthorized {
			t.Errorf("POST %s signed out: %d, want 401", path, st)
		}
	}
	admin := env.adminClient(t)
	req, _ := http.NewRequest(http.MethodPost, env.HTTP.URL+"/admin/rounds", strings.NewReader("kind=pairs"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, _ = admin.Do(req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST with a session: %d, want 403", resp.StatusCode)
	}
	for _, path := range []string{"/admin", "/admin/attendees?q=amelie", "/admin/import", "/admin/kiosks", "/admin/settings"} {
		resp, b := fetch(t, admin, env.HTTP.URL+path)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, b)
		}
	}
}

func TestAdmin_GroupRound_PushedToBoardAndPhones(t *testing.T) {
	env := newDemoEnv(t)
	for i := range env.People {
		env.ScanCode(t, env.People[i].BadgeCode)
	}
	amelie := env.People[0]
	board, _ := env.dialWS(t, nil, "/ws/board")
	phone, _ := env.dialWS(t, nil, "/ws/me/"+amelie.Secret)
	admin := env.adminClient(t)
	if st, _ := postForm(t, admin, env.HTTP.URL+"/admin/rounds", url.Values{"kind": {"groups"}, "size": {"2"}, "minutes": {"5"}}); st != http.StatusSeeOther {
		t.Fatalf("start round: %d", st)
	}
	apitest.ReadKind(t, board, "round", time.Second)
	apitest.ReadKind(t, phone, "round", time.Second)
	var snap live.BoardSnapshot
	env.getJSONAs(t, nil, "/api/board", &snap)
	if snap.Round == nil || snap.Round.Kind != "groups" || len(snap.Round.Tables) != 2 {
		t.Fatalf("board round: %+v", snap.Round)
	}
	seated := 0
	for _, tb := range snap.Round.Tables {
		seated += len(tb.Names) + tb.Others
	}
	if seated != 4 { // Zoé did not consent to suggestions: not seated
		t.Fatalf("%d people seated, want 4", seated)
	}
	var me live.PhoneSnapshot
	env.getJSONAs(t, nil, "/api/me/"+amelie.Secret, &me)
	if me.Round == nil || me.Round.Table == 0 || len(me.Round.With) != 1 {
		t.Fatalf("Amélie's round: %+v", me.Round)
	}
	if st, _ := postForm(t, admin, env.HTTP.URL+"/admin/rounds/stop", url.Values{"confirm": {"yes"}}); st != http.StatusSeeOther {
		t.Fatalf("stop: %d", st)
	}
	env.getJSONAs(t, nil, "/api/board", &snap)
	if snap.Round != nil {
		t.Fatal("the round is still on the board after stop")
	}
	// The next 1:1 round does not seat the same pairs again.
	postForm(t, admin, env.HTTP.URL+"/admin/rounds", url.Values{"kind": {"pairs"}})
	r := env.Server.day.Round()
	for _, tb := range r.Tables {
		if len(tb.Members) == 2 && tb.Members[0] == amelie.ID || len(tb.Members) == 2 && tb.Members[1] == amelie.ID {
			for _, m := range tb.Members {
				for _, w := range me.Round.With {
					if env.Server.day.Name(m) == w {
						t.Fatalf("round 2 seats Amélie with %s again", w)
					}
				}
			}
		}
	}
}

func TestAdmin_ImportUpload_MakesPeopleLiveAndReports(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	st, page := uploadImport(t, admin, env.HTTP.URL, "inscrits.csv", "Prénom;Nom;E-mail;Organisation\nLéa;Martin;lea@example.fr;Orbital\nbad;row;not-an-email;X\n", "skip_invalid", "1")
	if st != 200 || !strings.Contains(page, "<strong>1</strong> créés") || !strings.Contains(page, "not-an-email") {
		t.Fatalf("import page %d:\n%s", st, page)
	}
	if c := env.Server.day.Stats().Counts; c.Registered != 6 {
		t.Fatalf("registered %d after import, want 6", c.Registered)
	}
}

func TestAdmin_ExportsAndBackup(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	env.ScanCode(t, env.People[0].BadgeCode)
	for path, want := range map[string]string{
		"/admin/export/attendees.csv":     "Amélie",
		"/admin/export/attendees.json":    "Amélie",
		"/admin/export/checkins.csv":      "Amélie",
		"/admin/export/introductions.csv": "",
	} {
		resp, b := fetch(t, admin, env.HTTP.URL+path)
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d %q", path, resp.StatusCode, b)
		}
	}
	_, db := fetch(t, admin, env.HTTP.URL+"/admin/backup")
	path := filepath.Join(t.TempDir(), "backup.db")
	os.WriteFile(path, db, 0o600)
	copyStore, err := data.Open(path, data.Options{Codes: checkin.Codes{}})
	if err != nil {
		t.Fatalf("backup does not open: %v", err)
	}
	defer copyStore.Close()
	if err := copyStore.Check(); err != nil {
		t.Fatal(err)
	}
	copyStore.View(func(tx *data.Tx) error {
		if tx.CountAttendees() != 5 || tx.CountCheckIns() != 1 {
			t.Fatalf("backup holds %d attendees, %d check-ins", tx.CountAttendees(), tx.CountCheckIns())
		}
		return nil
	})
}

func TestAdmin_KioskKeys_CreateAndRevoke(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	st, page := postForm(t, admin, env.HTTP.URL+"/admin/kiosks", url.Values{"name": {"Porte B"}})
	i := strings.Index(page, "/kiosk#key=")
	if st != 200 || i < 0 {
		t.Fatalf("create kiosk: %d", st)
	}
	key := page[i+len("/kiosk#key=") : i+len("/kiosk#key=")+strings.IndexByte(page[i+len("/kiosk#key="):], '<')]
	if st, _ := env.scanAs(t, key, map[string]any{"code": env.People[0].BadgeCode, "nonce": "k1"}); st != 200 {
		t.Fatalf("scan with the new key: %d", st)
	}
	var id uint64
	env.Store.View(func(tx *data.Tx) error {
		return tx.ForEachKiosk(func(k data.Kiosk) error {
			if k.Name == "Porte B" {
				id = k.ID
			}
			return nil
		})
	})
	postForm(t, admin, env.HTTP.URL+"/admin/kiosks/"+itoaU(id)+"/revoke", url.Values{"confirm": {"yes"}})
	if st, _ := env.scanAs(t, key, map[string]any{"code": env.People[1].BadgeCode, "nonce": "k2"}); st != http.StatusUnauthorized {
		t.Fatalf("scan with a revoked key: %d, want 401", st)
	}
}

func TestAdmin_TeamsRound_SeatsEveryoneInGroups(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	for i := range env.People {
		env.ScanCode(t, env.People[i].BadgeCode)
	}
	if st, _ := postForm(t, admin, env.HTTP.URL+"/admin/rounds", url.Values{"kind": {"teams"}, "size": {"2"}, "minutes": {"5"}}); st != http.StatusSeeOther {
		t.Fatalf("start teams round: %d", st)
	}
	var snap live.BoardSnapshot
	env.getJSONAs(t, nil, "/api/board", &snap)
	if snap.Round == nil || snap.Round.Kind != "groups" || len(snap.Round.Tables) != 2 {
		t.Fatalf("board round: %+v", snap.Round)
	}
}
