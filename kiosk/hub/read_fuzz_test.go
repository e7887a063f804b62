package hub

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// FuzzReadMessage writes arbitrary bytes as client frames on a real socket,
// after a real handshake: whatever they are, the server's frame reader must
// not panic, must hand over only messages within ReadLimit, and must end
// the connection once the client stops sending (no reader left waiting).
func FuzzReadMessage(f *testing.F) {
	const limit = 64
	text := func(s string) []byte { return clientFrame(true, opText, s, true) }
	join := func(frames ...[]byte) []byte {
		var b []byte
		for _, fr := range frames {
			b = append(b, fr...)
		}
		return b
	}
	for _, seed := range [][]byte{
		text(`{"topic":"board","kind":"met"}`),
		join(clientFrame(false, opText, `{"topic":`, true), clientFrame(true, opPing, "p", true), clientFrame(true, opContinuation, `"board"}`, true)),
		join(text("a"), clientFrame(true, opClose, "\x03\xe8", true)),
		clientFrame(true, opText, "unmasked", false),
		text(strings.Repeat("x", 100)),                                           // over the limit
		{0x81, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4}, // a 2^63-byte frame announced
		{0x81, 0xFE, 0x00, 0x10, 1, 2, 3, 4, 'a'},                                // truncated payload
		clientFrame(true, opPing, strings.Repeat("p", 125), true),
		clientFrame(false, opPing, "fragmented control", true),
		clientFrame(true, 0x3, "reserved opcode", true),
		{0xF1, 0x80, 0, 0, 0, 0}, // extension bits
		{},
	} {
		f.Add(seed)
	}
	var oversize atomic.Int64
	h := New(Options{ReadLimit: limit})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Serve(w, r, []string{"board"}, func(_ string, msg []byte) {
			if len(msg) > limit {
				oversize.Store(int64(len(msg)))
			}
		})
	}))
	f.Cleanup(func() {
		h.Close()
		srv.Close()
	})
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	f.Fuzz(func(t *testing.T, input []byte) {
		conn, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		raw := conn.NetConn()
		raw.Write(input) // may fail once the server has refused a frame
		raw.(*net.TCPConn).CloseWrite()
		raw.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.Copy(io.Discard, raw); errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("after %d bytes and the end of input, the server still holds the connection open", len(input))
		}
		if n := oversize.Load(); n != 0 {
			t.Fatalf("a %d-byte message reached the handler; the limit is %d", n, limit)
		}
	})
}
