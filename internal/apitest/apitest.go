// Package apitest holds the client side that the tests of several
// packages share (cmd/icebreaker, kiosk, kiosk/hub): one HTTP request with
// a bearer key, one WebSocket message read within a deadline, a condition
// waited for. Only tests import it; each helper fails the test (t.Fatal)
// on a transport error or a timeout, so a test reads only the answer.
package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Do sends one request to url with the bearer key ("" for none) and the
// content type ("" for none), and returns the status, the headers and the
// whole body.
func Do(t testing.TB, method, url, key, contentType string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, raw
}

// WaitFor polls cond every few milliseconds until it holds; it fails t,
// naming what it waited for, when cond still does not hold after within.
// Tests wait on a condition this way, never on a fixed sleep.
func WaitFor(t testing.TB, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// Message is a hub message as a page decodes it: its topic, its sequence
// number in that topic, its kind and its payload.
type Message struct {
	Topic string          `json:"topic"`
	Seq   uint64          `json:"seq"`
	Kind  string          `json:"kind"`
	Data  json.RawMessage `json:"data"`
}

// ReadKind reads messages from conn until one of kind arrives and returns
// it; it fails t when none has within d in all, or a message is not JSON.
func ReadKind(t testing.TB, conn *websocket.Conn, kind string, d time.Duration) Message {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		if m := ReadJSON[Message](t, conn, time.Until(deadline)); m.Kind == kind {
			return m
		}
	}
}

// ReadJSON reads the next message of conn as JSON into a T; it fails t
// when none arrives within d or the message is not a T.
func ReadJSON[T any](t testing.TB, conn *websocket.Conn, d time.Duration) T {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(d))
	var m T
	if err := conn.ReadJSON(&m); err != nil {
		t.Fatalf("reading a WebSocket message: %v", err)
	}
	return m
}
