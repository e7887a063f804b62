package load

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"icebreaker/kiosk/hub"
)

// hubServer serves a real hub on /ws (topic "t") over loopback.
func hubServer(t *testing.T, opts hub.Options) (*hub.Hub, string) {
	t.Helper()
	h := hub.New(opts)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Serve(w, r, []string{"t"}, nil)
	}))
	t.Cleanup(func() { h.Close(); srv.Close() })
	return h, "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"
}

func dialHub(t *testing.T, h *hub.Hub, url string) *wsConn {
	t.Helper()
	c, err := dialWS(context.Background(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	for deadline := time.Now().Add(5 * time.Second); h.Clients() == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the hub never registered the client")
		}
		time.Sleep(time.Millisecond)
	}
	return c
}

func TestWSConn_ReadsMessagesOfEveryLengthEncoding(t *testing.T) {
	h, url := hubServer(t, hub.Options{})
	c := dialHub(t, h, url)
	for _, n := range []int{0, 100, 125, 126, 5000, 70000} { // 7-bit, 16-bit and 64-bit lengths
		want := strings.Repeat("é", n/2)
		h.Publish("t", "x", want)
		raw, err := c.next()
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		var got struct{ Data string }
		if err := json.Unmarshal(raw, &got); err != nil || got.Data != want {
			t.Fatalf("%d bytes: got %d bytes, %v", n, len(got.Data), err)
		}
	}
}

func TestWSConn_AnswersPingsSoTheServerKeepsIt(t *testing.T) {
	// Silent peers are reaped after two intervals: 500 ms, which a loaded
	// 2-core machine does not stall a reader for (40 ms it did).
	h, url := hubServer(t, hub.Options{PingInterval: 250 * time.Millisecond})
	c := dialHub(t, h, url)
	got := make(chan error, 1)
	go func() {
		_, err := c.next() // answers the pings while it waits
		got <- err
	}()
	time.Sleep(time.Second) // four ping intervals: the span the client must survive, not a wait for a condition
	h.Publish("t", "still-here", nil)
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("connection lost: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no message")
	}
}

func TestWSConn_ServerCloseEndsReading(t *testing.T) {
	h, url := hubServer(t, hub.Options{})
	c := dialHub(t, h, url)
	go h.Close()
	if _, err := c.next(); err != io.EOF {
		t.Fatalf("after the server closed: %v, want io.EOF", err)
	}
}
