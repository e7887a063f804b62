package hub

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestPublish_SlowConsumerDroppedWhileFastOneGetsEverything(t *testing.T) {
	const sendBuffer = 8
	ts := newTestServer(t, Options{SendBuffer: sendBuffer, WriteTimeout: 500 * time.Millisecond})
	fast := ts.dial(t, "topics=board")
	ts.dial(t, "topics=board") // the slow one never reads: its TCP buffers fill, then its queue

	const n = 300
	big := strings.Repeat("x", 64<<10) // 300 × 64 KB outgrows loopback socket buffers
	received := make(chan uint64, n)
	failed := make(chan error, 1)
	go func() {
		for range n {
			fast.SetReadDeadline(time.Now().Add(patience))
			var m wireMsg
			if err := fast.ReadJSON(&m); err != nil {
				failed <- err
				return
			}
			received <- m.Seq
		}
	}()
	var want uint64 = 1
	expectNext := func() {
		select {
		case seq := <-received:
			if seq != want {
				t.Fatalf("fast client got seq %d, want %d", seq, want)
			}
			want++
		case err := <-failed:
			t.Fatalf("fast client: %v", err)
		}
	}
	// The fast client keeps up: the publisher never runs more than half a
	// queue ahead of it. The slow one cannot.
	for i := 1; i <= n; i++ {
		for want+sendBuffer/2 < uint64(i) {
			expectNext()
		}
		ts.hub.Publish("board", "blob", big)
	}
	for want <= n {
		expectNext()
	}
	waitFor(t, "slow client dropped", func() bool { return ts.hub.Clients() == 1 })
}

func TestServe_ChecksOrigin(t *testing.T) {
	ts := newTestServer(t, Options{AllowedOrigins: []string{"https://board.example.org/"}})
	for _, tc := range []struct {
		name, origin string
		want         int
	}{
		{"same host", ts.srv.URL, http.StatusSwitchingProtocols},
		{"no origin (not a browser)", "", http.StatusSwitchingProtocols},
		{"allowed extra origin", "https://BOARD.example.org", http.StatusSwitchingProtocols},
		{"cross origin", "https://evil.example", http.StatusForbidden},
		{"allowed host on another scheme", "http://board.example.org", http.StatusForbidden},
		{"garbage origin", "::", http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := http.Header{}
			if tc.origin != "" {
				header.Set("Origin", tc.origin)
			}
			conn, resp, err := websocket.DefaultDialer.Dial(ts.wsURL("topics=board"), header)
			if conn != nil {
				conn.Close()
			}
			if resp == nil {
				t.Fatalf("no response: %v", err)
			}
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d (%v)", resp.StatusCode, tc.want, err)
			}
		})
	}
}

func TestServe_OversizedClientMessageClosesConnection(t *testing.T) {
	ts := newTestServer(t, Options{ReadLimit: 100})
	conn := ts.dial(t, "topics=board")
	if err := conn.WriteMessage(websocket.TextMessage, []byte(`{"kind":"`+strings.Repeat("a", 200)+`"}`)); err != nil {
		t.Fatal(err)
	}
	if code := readClose(t, conn, patience); code != websocket.CloseMessageTooBig {
		t.Fatalf("close code %d, want %d", code, websocket.CloseMessageTooBig)
	}
	waitFor(t, "client unregistered", func() bool { return ts.hub.Clients() == 0 })
}

func TestDrop_ClosesTopicConnectionsWithinASecond(t *testing.T) {
	ts := newTestServer(t, Options{})
	phone1 := ts.dial(t, "topics=me-1")
	phone2 := ts.dial(t, "topics=me-1,board")
	board := ts.dial(t, "topics=board")

	start := time.Now()
	ts.hub.Drop("me-1")
	for _, conn := range []*websocket.Conn{phone1, phone2} {
		if code := readClose(t, conn, patience); code != websocket.ClosePolicyViolation {
			t.Fatalf("close code %d, want %d", code, websocket.ClosePolicyViolation)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Drop took %v", d)
	}
	waitFor(t, "dropped clients gone", func() bool { return ts.hub.Clients() == 1 })
	ts.hub.Publish("board", "still", nil)
	if m := readMsg(t, board); m.Kind != "still" {
		t.Fatalf("board got %+v", m)
	}
}

func TestPing_ReapsDeadPeerAndKeepsLiveOne(t *testing.T) {
	// A peer is reaped after two silent intervals (500 ms): the live one
	// answers well within that even on a busy machine.
	ts := newTestServer(t, Options{PingInterval: 250 * time.Millisecond})
	dead := ts.dial(t, "topics=board") // never reads, so never answers pings
	_ = dead
	live := ts.dial(t, "topics=board")
	pings := make(chan struct{}, 100)
	live.SetPingHandler(func(data string) error { // gorilla's default answer, counted
		pings <- struct{}{}
		return live.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(patience))
	})
	liveErr := make(chan error, 1)
	go func() { // reading answers pings
		for {
			if _, _, err := live.ReadMessage(); err != nil {
				liveErr <- err
				return
			}
		}
	}()
	waitFor(t, "dead peer reaped", func() bool { return ts.hub.Clients() == 1 })
	for range len(pings) {
		<-pings
	}
	for i := 0; i < 3; i++ { // three pings more, each one a chance to reap the live peer
		select {
		case <-pings:
		case err := <-liveErr:
			t.Fatalf("live peer closed: %v", err)
		case <-time.After(patience):
			t.Fatal("the live peer was not pinged")
		}
	}
	if n := ts.hub.Clients(); n != 1 {
		t.Fatalf("Clients() = %d after the live peer answered pings, want 1", n)
	}
}

func TestClose_ClosesEverythingAndLeaksNoGoroutine(t *testing.T) {
	baseline := runtime.NumGoroutine()
	ts := newTestServer(t, Options{})
	var conns []*websocket.Conn
	for range 20 {
		conns = append(conns, ts.dial(t, "topics=board,me-1"))
	}
	ts.hub.Close()
	for _, conn := range conns {
		if code := readClose(t, conn, patience); code != websocket.CloseGoingAway {
			t.Fatalf("close code %d, want %d", code, websocket.CloseGoingAway)
		}
		conn.Close()
	}
	if n := ts.hub.Clients(); n != 0 {
		t.Fatalf("Clients() = %d after Close", n)
	}
	_, resp, err := websocket.DefaultDialer.Dial(ts.wsURL("topics=board"), nil)
	if resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("Serve after Close: %v %v, want 503", resp, err)
	}
	ts.hub.Publish("board", "after", nil) // must not block nor panic
	ts.hub.Close()                        // idempotent
	ts.srv.Close()
	waitFor(t, "goroutines back to baseline", func() bool { return runtime.NumGoroutine() <= baseline })
}

// stallingHandler is a slog handler whose first record blocks the logging
// goroutine until release is closed; stalled is closed when it blocks.
type stallingHandler struct {
	once             sync.Once
	stalled, release chan struct{}
}

func (h *stallingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *stallingHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *stallingHandler) WithGroup(string) slog.Handler            { return h }
func (h *stallingHandler) Handle(context.Context, slog.Record) error {
	h.once.Do(func() {
		close(h.stalled)
		<-h.release
	})
	return nil
}

// TestServe_ConnectionThatEndsBeforeTheHubRegistersItIsNotLeft: a page that
// connects and goes at once, while the hub goroutine is busy, must be gone
// from the hub once it catches up. Its reader ends before the hub has handled
// its registration; the unregistration used to travel on a channel of its
// own, so the hub could take it first, do nothing, then register a
// connection that nobody reads (kept until the ping reaper, 50 s, with its
// socket open). The hub is held busy here by a logger that blocks while it
// drops a slow client.
func TestServe_ConnectionThatEndsBeforeTheHubRegistersItIsNotLeft(t *testing.T) {
	log := &stallingHandler{stalled: make(chan struct{}), release: make(chan struct{})}
	ts := newTestServer(t, Options{Logger: slog.New(log)})
	ts.dial(t, "topics=board&buffer=1") // never reads: dropped as too slow
	big := strings.Repeat("x", 64<<10)
	burst := make([]Message, 300) // 19 MB: more than the socket buffers hold
	for i := range burst {
		burst[i] = Message{Topic: "board", Kind: "arrival", Data: func() any { return big }}
	}
	go ts.hub.PublishBatch(burst)
	<-log.stalled // the hub goroutine is inside the drop

	const n = 8
	for i := 0; i < n; i++ {
		conn, _, err := websocket.DefaultDialer.Dial(ts.wsURL("topics=quiet"), nil)
		if err != nil {
			t.Fatal(err)
		}
		conn.Close() // its reader ends at once
	}
	waitFor(t, "every reader waiting to unregister", func() bool {
		buf := make([]byte, 1<<20)
		return strings.Count(string(buf[:runtime.Stack(buf, true)]), "hub.(*Hub).unregisterAfterReading(") >= n
	})
	close(log.release)
	waitFor(t, "every connection gone", func() bool { return ts.hub.Clients() == 0 })
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
