package hub

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestPublish_DeliversInOrderWithSeqPerTopic(t *testing.T) {
	ts := newTestServer(t, Options{})
	board := ts.dial(t, "topics=board")
	both := ts.dial(t, "topics=board,me-1")

	for i := 1; i <= 5; i++ {
		if seq := ts.hub.Publish("board", "arrival", map[string]int{"n": i}); seq != uint64(i) {
			t.Fatalf("Publish #%d returned seq %d", i, seq)
		}
	}
	if seq := ts.hub.Publish("me-1", "push", nil); seq != 1 {
		t.Fatalf("first seq of another topic = %d, want 1", seq)
	}
	if got := ts.hub.Seq("board"); got != 5 {
		t.Fatalf("Seq(board) = %d, want 5", got)
	}

	for _, conn := range []*websocket.Conn{board, both} {
		for i := 1; i <= 5; i++ {
			m := readMsg(t, conn)
			want := fmt.Sprintf(`{"n":%d}`, i)
			if m.Topic != "board" || m.Seq != uint64(i) || m.Kind != "arrival" || string(m.Data) != want {
				t.Fatalf("message %d = %+v data %s, want board/%d/arrival %s", i, m, m.Data, i, want)
			}
		}
	}
	if m := readMsg(t, both); m.Topic != "me-1" || m.Seq != 1 || m.Kind != "push" || m.Data != nil {
		t.Fatalf("me-1 message = %+v", m)
	}
}

func TestPublish_WireFormatIsOneJSONObject(t *testing.T) {
	ts := newTestServer(t, Options{})
	conn := ts.dial(t, "topics=board")
	ts.hub.Publish("board", "arrival", map[string]string{"name": "Amélie"})
	conn.SetReadDeadline(time.Now().Add(patience))
	typ, raw, err := conn.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"topic":"board","seq":1,"kind":"arrival","data":{"name":"Amélie"}}`
	if typ != websocket.TextMessage || string(raw) != want {
		t.Fatalf("got type %d %s, want text %s", typ, raw, want)
	}
}

func TestServe_ForwardsClientMessagesWithTheirTopic(t *testing.T) {
	ts := newTestServer(t, Options{})
	conn := ts.dial(t, "topics=me-1,board")
	for _, msg := range []string{
		`{"kind":"met","data":{"with":"x"}}`, // no topic: the first one
		`{"topic":"board","kind":"ping"}`,
		`{"topic":"me-2","kind":"met"}`, // not subscribed: discarded
		`not json`,                      // discarded
		`{"topic":"me-1","kind":"last"}`,
	} {
		if err := conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	want := [][2]string{
		{"me-1", `{"kind":"met","data":{"with":"x"}}`},
		{"board", `{"topic":"board","kind":"ping"}`},
		{"me-1", `{"topic":"me-1","kind":"last"}`},
	}
	for _, w := range want {
		select {
		case got := <-ts.received:
			if got != w {
				t.Fatalf("onMessage got %q, want %q", got, w)
			}
		case <-time.After(patience):
			t.Fatalf("onMessage never got %q", w)
		}
	}
}

func TestServe_RefusesBadRequests(t *testing.T) {
	ts := newTestServer(t, Options{})
	for _, tc := range []struct {
		name, query string
		want        int
	}{
		{"malformed since", "topics=board&since=board", http.StatusBadRequest},
		{"since seq not a number", "topics=board&since=board:x", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, resp, err := websocket.DefaultDialer.Dial(ts.wsURL(tc.query), nil)
			if err == nil || resp == nil || resp.StatusCode != tc.want {
				t.Fatalf("dial: err %v, response %v; want status %d", err, resp, tc.want)
			}
		})
	}
}

// ForgetReplay empties a topic's ring: a page asking for messages from
// before it gets a resync, one that was up to date gets what came after.
func TestForgetReplay_OldSinceResyncsNewMessagesStillReplay(t *testing.T) {
	ts := newTestServer(t, Options{})
	watcher := ts.dial(t, "topics=board") // the topic is watched: its messages are kept
	ts.hub.Publish("board", "arrival", map[string]string{"name": "Erased"})
	readMsg(t, watcher)
	ts.hub.ForgetReplay("board")
	seq := ts.hub.Publish("board", "reload", nil)
	readMsg(t, watcher)

	old := ts.dial(t, "topics=board&since=board:0")
	if m := readMsg(t, old); m.Kind != "resync" {
		t.Fatalf("since before the forgotten message: got %q, want resync", m.Kind)
	}
	fresh := ts.dial(t, "topics=board&since=board:"+strconv.FormatUint(seq-1, 10))
	if m := readMsg(t, fresh); m.Kind != "reload" || m.Seq != seq {
		t.Fatalf("since just before the message after the forget: got %q #%d, want reload #%d", m.Kind, m.Seq, seq)
	}
}
