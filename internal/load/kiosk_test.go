package load

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestKioskConn_ReadsLengthAndChunkedAnswersOnOneConnection(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("Authorization") != "Bearer K" || !strings.Contains(string(body), `"code":"C1"`) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if strings.Contains(string(body), `"nonce":"chunk"`) {
			w.Write([]byte(`{"result":`))
			w.(http.Flusher).Flush() // forces chunked framing
			w.Write([]byte(`"ok","n":2}`))
			return
		}
		w.Write([]byte(`{"result":"already"}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	kc := &kioskConn{host: srv.Listener.Addr().String(), key: "K"}
	defer kc.close()
	for _, tc := range []struct{ nonce, want string }{{"a", "already"}, {"chunk", "ok"}, {"b", "already"}} {
		status, body, err := kc.checkIn("C1", "in", tc.nonce)
		if err != nil || status != 200 {
			t.Fatalf("%s: status %d, err %v", tc.nonce, status, err)
		}
		if got := field(body, `"result":"`); got != tc.want {
			t.Fatalf("%s: result %q in %q, want %q", tc.nonce, got, body, tc.want)
		}
	}
	if conns.Load() != 1 {
		t.Fatalf("%d connections for 3 scans, want one kept alive", conns.Load())
	}
	kc.key = "wrong"
	if status, _, err := kc.checkIn("C1", "in", "c"); err != nil || status != http.StatusUnauthorized {
		t.Fatalf("wrong key: status %d, err %v", status, err)
	}
}

func TestRun_ScansBeyondTheAttendeesCycleThroughExitsAndReentries(t *testing.T) {
	cfg := Config{Attendees: 30, Scans: 90, Kiosks: 4, Boards: 1, Duration: 30 * time.Second}
	res, err := Run(context.Background(), cfg, t.TempDir(), inProcess(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted != 60 || res.Exits != 30 || len(res.Errors) != 0 {
		t.Fatalf("entries %d, exits %d, errors %v; want 60 entries (30 of them re-entries) and 30 exits", res.Accepted, res.Exits, res.Errors)
	}
	if res.BoardDelivered != 60 || res.BoardExpected != 60 {
		t.Fatalf("board arrivals %d / %d, want 60", res.BoardDelivered, res.BoardExpected)
	}
}
