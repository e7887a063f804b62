package kiosk

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/internal/apitest"
	"icebreaker/kiosk/live"
)

// newDemoEnv is newTestEnv on the five people of demo.Sample().
func newDemoEnv(t testing.TB, configure ...func(*Config)) *testEnv {
	t.Helper()
	return newTestEnv(t, demo.Sample(), configure...)
}

// newDemoAdminEnv is newDemoEnv with an HTTP client signed in as the admin
// (adminClient).
func newDemoAdminEnv(t testing.TB) (*testEnv, *http.Client) {
	t.Helper()
	env := newDemoEnv(t)
	return env, env.adminClient(t)
}

// scannedIn scans the badge of People[i] once at the door (ScanCode) and
// returns that person.
func (e *testEnv) scannedIn(t testing.TB, i int) data.Attendee {
	t.Helper()
	e.ScanCode(t, e.People[i].BadgeCode)
	return e.People[i]
}

// adminClient returns an HTTP client signed in to the admin (through a
// one-time login link) that does not follow redirects.
func (e *testEnv) adminClient(t testing.TB) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	link, err := e.Server.LoginLink()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Get(e.HTTP.URL + link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login link: %d", resp.StatusCode)
	}
	return c
}

// postForm posts a form with c and returns the status and the body.
func postForm(t testing.TB, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// getJSONAs fetches path with c (nil: a plain client) into v and returns
// the status.
func (e *testEnv) getJSONAs(t testing.TB, c *http.Client, path string, v any) int {
	t.Helper()
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Get(e.HTTP.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK && v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	return resp.StatusCode
}

// dialWS opens a WebSocket on path with the cookies of c (nil: none) and
// returns the connection, or the HTTP status of a refused upgrade.
func (e *testEnv) dialWS(t testing.TB, c *http.Client, path string) (*websocket.Conn, int) {
	t.Helper()
	u := "ws" + strings.TrimPrefix(e.HTTP.URL, "http") + path
	h := http.Header{}
	if c != nil && c.Jar != nil {
		base, _ := url.Parse(e.HTTP.URL)
		for _, ck := range c.Jar.Cookies(base) {
			h.Add("Cookie", ck.Name+"="+ck.Value)
		}
	}
	before := e.Server.Hub().Clients()
	conn, resp, err := websocket.DefaultDialer.Dial(u, h)
	if err != nil {
		if resp == nil {
			t.Fatalf("dial %s: %v", path, err)
		}
		return nil, resp.StatusCode
	}
	t.Cleanup(func() { conn.Close() })
	e.waitSockets(t, before+1) // a message published before the hub registers it would not reach it
	return conn, http.StatusSwitchingProtocols
}

// waitSockets waits until the hub has at least n registered connections
// (a page's socket, say), failing after 20 s.
func (e *testEnv) waitSockets(t testing.TB, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); e.Server.Hub().Clients() < n; time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the hub has %d connections, want %d", e.Server.Hub().Clients(), n)
		}
	}
}

// readWS reads the next message within d.
func readWS(t testing.TB, conn *websocket.Conn, d time.Duration) apitest.Message {
	t.Helper()
	return apitest.ReadJSON[apitest.Message](t, conn, d)
}

func TestWebSockets_AuthorisationPerTopic(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	for _, tc := range []struct {
		name   string
		client *http.Client
		path   string
		want   int
	}{
		{"board is public", nil, "/ws/board", http.StatusSwitchingProtocols},
		{"phone with its secret", nil, "/ws/me/" + env.People[0].Secret, http.StatusSwitchingProtocols},
		{"phone with an unknown secret", nil, "/ws/me/not-a-secret", http.StatusNotFound},
		{"phone with a badge code instead of the secret", nil, "/ws/me/" + env.People[0].BadgeCode, http.StatusNotFound},
		{"admin without a session", nil, "/ws/admin", http.StatusUnauthorized},
		{"admin with a session", admin, "/ws/admin", http.StatusSwitchingProtocols},
	} {
		if _, got := env.dialWS(t, tc.client, tc.path); got != tc.want {
			t.Errorf("%s: %s answered %d, want %d", tc.name, tc.path, got, tc.want)
		}
	}
	for path, want := range map[string]int{"/api/admin/state": 401, "/api/me/nope": 404, "/api/board": 200} {
		if got := env.getJSONAs(t, nil, path, nil); got != want {
			t.Errorf("GET %s = %d, want %d", path, got, want)
		}
	}
}

func TestBoard_ResyncAfterReconnect_ReplaysMissedMessagesInOrder(t *testing.T) {
	env := newDemoEnv(t)
	var snap live.BoardSnapshot
	env.getJSONAs(t, nil, "/api/board", &snap)
	conn, _ := env.dialWS(t, nil, "/ws/board?since=board:"+itoaU(snap.Seq)+"&epoch="+snap.Epoch)
	env.ScanCode(t, env.People[0].BadgeCode)
	last := apitest.ReadKind(t, conn, "arrival", time.Second).Seq
	conn.Close()

	env.ScanCode(t, env.People[1].BadgeCode) // published while the board is away
	env.ScanCode(t, env.People[2].BadgeCode)
	conn, _ = env.dialWS(t, nil, "/ws/board?since=board:"+itoaU(last)+"&epoch="+snap.Epoch)
	var names []string
	for want := last + 1; want <= last+2; want++ {
		m := readWS(t, conn, time.Second)
		if m.Seq != want || m.Kind != "arrival" {
			t.Fatalf("replayed message %d: %+v", want, m)
		}
		var d live.ArrivalMsg
		json.Unmarshal(m.Data, &d)
		names = append(names, d.Arrival.Name)
	}
	if strings.Join(names, ",") != "Karim B.,Inès M." {
		t.Fatalf("replayed arrivals %v", names)
	}

	// A page from another run of the server (other epoch) must reload its snapshot.
	conn2, _ := env.dialWS(t, nil, "/ws/board?since=board:1&epoch=old-run")
	if m := readWS(t, conn2, time.Second); m.Kind != "resync" {
		t.Fatalf("stale epoch got %+v, want resync", m)
	}
	var after live.BoardSnapshot
	env.getJSONAs(t, nil, "/api/board", &after)
	if after.Seq < last+2 || after.Counts.Present != 3 || len(after.Arrivals) != 3 {
		t.Fatalf("snapshot after reconnect: seq %d present %d arrivals %d", after.Seq, after.Counts.Present, len(after.Arrivals))
	}
}

func TestBoard_NamesOnlyPeopleWhoConsented(t *testing.T) {
	env := newDemoEnv(t)
	env.ScanCode(t, env.People[4].BadgeCode) // Zoé: no consent
	env.ScanCode(t, env.People[0].BadgeCode)
	var snap live.BoardSnapshot
	env.getJSONAs(t, nil, "/api/board", &snap)
	raw, _ := json.Marshal(snap)
	if strings.Contains(string(raw), "Zo") || strings.Contains(string(raw), "Discr") {
		t.Fatalf("the board names a person without consent: %s", raw)
	}
	if snap.Counts.Present != 2 || snap.Arrivals[1].Name != "Amélie D." {
		t.Fatalf("board: %+v", snap)
	}
}

func itoaU(n uint64) string { return strconv.FormatUint(n, 10) }

type dataTx = data.Tx

func asCloseError(err error, target **websocket.CloseError) bool { return errors.As(err, target) }

// An import while the server runs tells the board the new registered
// count as "registered" (not as an exit, which it is not).
func TestBoardWS_ImportWhileRunningSendsRegistered(t *testing.T) {
	env := newDemoEnv(t)
	conn, _ := env.dialWS(t, nil, "/ws/board")
	since := env.Store.Now()
	err := env.Store.Update(func(tx *data.Tx) error {
		return tx.PutAttendee(&data.Attendee{FirstName: "Noémie", Email: "noemie@example.fr"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Server.Day().Imported(since); err != nil {
		t.Fatal(err)
	}
	m := readWS(t, conn, patience)
	var d live.CountsMsg
	json.Unmarshal(m.Data, &d)
	if m.Kind != live.KindRegistered || d.Counts.Registered != 6 {
		t.Fatalf("after an import the board got %q with %d registered; want %q with 6", m.Kind, d.Counts.Registered, live.KindRegistered)
	}
}
