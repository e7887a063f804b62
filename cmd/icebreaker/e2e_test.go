package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/internal/apitest"
)

// startTestApp seeds an event file and starts the real server on a free port.
func startTestApp(t *testing.T, people []data.Attendee) (*app, string, []data.Attendee) {
	t.Helper()
	path := seedFile(t, people, 0)
	key := testKiosk(t, path)
	a := testApp(t, appConfig{DB: path})
	return a, key, people
}

// postScan posts a scan as a kiosk would (body: code, nonce, gate...) and
// returns the status with the decoded answer; an answer that is not JSON
// fails the test.
func postScan(t *testing.T, base, key string, body map[string]any) (int, checkInReply) {
	t.Helper()
	raw, _ := json.Marshal(body)
	status, _, b := apitest.Do(t, http.MethodPost, base+"/api/checkins", key, "application/json", raw)
	var r checkInReply
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("answer %q: %v", b, err)
	}
	return status, r
}

// checkInReply is the part of the scan answer the tests read.
type checkInReply struct {
	Result    string            `json:"result"`
	Message   map[string]string `json:"message"`
	FirstName string            `json:"first_name"`
	Meet      []struct {
		Name string `json:"name"`
	} `json:"meet"`
	PhoneURL string `json:"phone_url"`
	Error    string `json:"error"`
}

// dialWS opens the WebSocket at path (with its query) on the server at
// base, as a page of that origin; it is closed when the test ends.
func dialWS(t *testing.T, base, path string) *websocket.Conn {
	t.Helper()
	url := "ws" + strings.TrimPrefix(base, "http") + path
	c, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {base}})
	if err != nil {
		t.Fatalf("dial %s: %v (%v)", path, err, resp)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestEndToEnd_ThreeArrivalsReachBoardAndPhone(t *testing.T) {
	a, key, people := startTestApp(t, demo.Sample())
	amelie, karim, ines := people[0], people[1], people[2]
	board := dialWS(t, a.URL(), "/ws/board")

	// Amélie arrives first, then opens her phone page's live socket.
	if st, r := postScan(t, a.URL(), key, map[string]any{"code": amelie.BadgeCode, "nonce": "n1", "gate": "main"}); st != 200 || r.Result != "ok" {
		t.Fatalf("Amélie's scan: %d %+v", st, r)
	}
	phone := dialWS(t, a.URL(), "/ws/me/"+amelie.Secret)
	for i, p := range []data.Attendee{karim, ines} {
		st, r := postScan(t, a.URL(), key, map[string]any{"code": p.BadgeCode, "nonce": "n" + string(rune('2'+i))})
		if st != 200 || r.Result != "ok" || r.FirstName != p.FirstName {
			t.Fatalf("%s's scan: %d %+v", p.FirstName, st, r)
		}
	}

	var names []string
	var seqs []uint64
	for range 3 {
		m := apitest.ReadKind(t, board, "arrival", 5*time.Second)
		var d struct {
			Arrival struct {
				Name string `json:"name"`
			} `json:"arrival"`
		}
		json.Unmarshal(m.Data, &d)
		names = append(names, d.Arrival.Name)
		seqs = append(seqs, m.Seq)
	}
	want := []string{"Amélie D.", "Karim B.", "Inès M."}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("board arrivals = %q, want %q", names, want)
		}
		if i > 0 && seqs[i] != seqs[i-1]+1 {
			t.Fatalf("board seqs = %v, want consecutive", seqs)
		}
	}

	m := apitest.ReadKind(t, phone, "arrived", 5*time.Second)
	var pushed struct {
		Person struct {
			Name    string            `json:"name"`
			Reasons map[string]string `json:"reasons"`
		} `json:"person"`
	}
	json.Unmarshal(m.Data, &pushed)
	if pushed.Person.Name != "Karim B." && pushed.Person.Name != "Inès M." {
		t.Fatalf("phone push names %q, want someone who just arrived", pushed.Person.Name)
	}
	if pushed.Person.Reasons["fr"] == "" || pushed.Person.Reasons["en"] == "" {
		t.Fatalf("push without reasons in both languages: %+v", pushed.Person)
	}
}

func TestCheckIn_SecondScanSaysAlreadyWithTime(t *testing.T) {
	a, key, people := startTestApp(t, demo.Sample())
	postScan(t, a.URL(), key, map[string]any{"code": people[1].BadgeCode, "nonce": "a"})
	st, r := postScan(t, a.URL(), key, map[string]any{"code": people[1].BadgeCode, "nonce": "b"})
	if st != 200 || r.Result != "already" {
		t.Fatalf("second scan: %d %+v", st, r)
	}
	hhmm := time.Now().Format("15:04")
	if !strings.Contains(r.Message["en"], "already checked in at") || !strings.Contains(r.Message["fr"], "déjà entré") {
		t.Fatalf("second scan message = %q (want time near %s)", r.Message, hhmm)
	}
}

func TestCheckIn_FirstScanSuggestsPeoplePresent(t *testing.T) {
	a, key, people := startTestApp(t, demo.Sample())
	for i, p := range people[1:] {
		postScan(t, a.URL(), key, map[string]any{"code": p.BadgeCode, "nonce": string(rune('a' + i))})
	}
	_, r := postScan(t, a.URL(), key, map[string]any{"code": people[0].BadgeCode, "nonce": "z"})
	if r.Result != "ok" || len(r.Meet) == 0 {
		t.Fatalf("answer = %+v, want people to meet", r)
	}
	if r.Meet[0].Name != "Karim B." && r.Meet[0].Name != "Inès M." {
		t.Fatalf("best match = %q, want Karim or Inès (they offer what Amélie needs)", r.Meet[0].Name)
	}
}

func TestCheckIn_UnknownBadgeAndMissingKey(t *testing.T) {
	a, key, _ := startTestApp(t, demo.Sample())
	if st, r := postScan(t, a.URL(), key, map[string]any{"code": "NOTAREALCODE", "nonce": "x"}); st != 200 || r.Result != "unknown" {
		t.Fatalf("unknown badge: %d %+v", st, r)
	}
	if st, r := postScan(t, a.URL(), "", map[string]any{"code": "X"}); st != 401 || r.Error != "unauthorized" {
		t.Fatalf("no key: %d %+v", st, r)
	}
	if st, _ := postScan(t, a.URL(), "wrong-key", map[string]any{"code": "X"}); st != 401 {
		t.Fatalf("wrong key: %d", st)
	}
}

func TestPhonePage_UnknownSecretIs404(t *testing.T) {
	a, _, people := startTestApp(t, demo.Sample())
	resp, err := http.Get(a.URL() + "/me/not-a-secret")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("unknown link: %d", resp.StatusCode)
	}
	resp, err = http.Get(a.URL() + "/me/" + people[0].Secret)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Amélie") {
		t.Fatalf("phone page: %d", resp.StatusCode)
	}
}
