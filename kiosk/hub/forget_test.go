package hub

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gorilla/websocket"
)

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

// WithOnClose runs once per Serve: when the connection is gone, or at
// once when Serve answers without one.
func TestWithOnClose_RunsOnceWhenTheConnectionEnds(t *testing.T) {
	h := New(Options{})
	var closed atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		topics := []string{"t"}
		if r.URL.Query().Get("none") != "" {
			topics = nil
		}
		h.Serve(w, r, topics, nil, WithOnClose(func() { closed.Add(1) }))
	}))
	t.Cleanup(func() { h.Close(); srv.Close() })
	u := "ws" + strings.TrimPrefix(srv.URL, "http")
	if _, resp, err := websocket.DefaultDialer.Dial(u+"/?none=1", nil); err == nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("no topic: %v %v", err, resp)
	}
	if closed.Load() != 1 {
		t.Fatalf("after a refused Serve: onClose ran %d times, want 1", closed.Load())
	}
	conn, _, err := websocket.DefaultDialer.Dial(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "registered", func() bool { return h.Clients() == 1 })
	if closed.Load() != 1 {
		t.Fatal("onClose ran while the connection is open")
	}
	conn.Close()
	waitFor(t, "onClose after the connection ended", func() bool { return closed.Load() == 2 })
}
