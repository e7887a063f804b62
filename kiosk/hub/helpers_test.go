package hub

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"icebreaker/internal/apitest"
)

// wireMsg is a server message as a page decodes it.
type wireMsg = apitest.Message

// testServer is a real HTTP server whose /ws?topics=a,b subscribes to the
// listed topics; client messages are forwarded to received.
type testServer struct {
	hub      *Hub
	srv      *httptest.Server
	received chan [2]string // topic, message
}

func newTestServer(t testing.TB, opts Options) *testServer {
	t.Helper()
	ts := &testServer{hub: New(opts), received: make(chan [2]string, 64)}
	ts.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		topics := strings.Split(r.URL.Query().Get("topics"), ",")
		buffer, _ := strconv.Atoi(r.URL.Query().Get("buffer"))
		ts.hub.Serve(w, r, topics, func(topic string, msg []byte) {
			ts.received <- [2]string{topic, string(msg)}
		}, WithSendBuffer(buffer))
	}))
	t.Cleanup(func() {
		ts.hub.Close()
		ts.srv.Close()
	})
	return ts
}

// wsURL is the WebSocket address of the test server with query q
// ("topics=board&since=board:3").
func (ts *testServer) wsURL(q string) string {
	return "ws" + strings.TrimPrefix(ts.srv.URL, "http") + "/ws?" + q
}

// dial connects a client and waits until the hub has registered it.
func (ts *testServer) dial(t testing.TB, q string) *websocket.Conn {
	t.Helper()
	before := ts.hub.Clients()
	conn, resp, err := websocket.DefaultDialer.Dial(ts.wsURL(q), nil)
	if err != nil {
		t.Fatalf("dial %q: %v (response %v)", q, err, resp)
	}
	t.Cleanup(func() { conn.Close() })
	waitFor(t, "client registered", func() bool { return ts.hub.Clients() > before })
	return conn
}

// patience is how long a test waits for something that happens at once
// (a message, a close, a registration) before failing. It is no measure of
// speed: only a broken test ever waits that long, and a busy machine under
// -race, where a second can pass between two steps of a goroutine, never
// makes a correct test fail.
const patience = 20 * time.Second

// waitFor polls cond until it holds, failing after patience.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	apitest.WaitFor(t, what, patience, cond)
}

// readMsg reads one server message, failing after patience.
func readMsg(t testing.TB, conn *websocket.Conn) wireMsg {
	t.Helper()
	return apitest.ReadJSON[wireMsg](t, conn, patience)
}

// readClose reads until the connection ends and returns its close code
// (-1 if it ended without a close frame); it fails after timeout.
func readClose(t testing.TB, conn *websocket.Conn, timeout time.Duration) int {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(timeout))
	for {
		_, _, err := conn.ReadMessage()
		if err == nil {
			continue
		}
		if ce, ok := err.(*websocket.CloseError); ok {
			return ce.Code
		}
		if ne, ok := err.(interface{ Timeout() bool }); ok && ne.Timeout() {
			t.Fatalf("connection still open after %v", timeout)
		}
		return -1
	}
}
