package hub

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// FuzzReadMessage writes arbitrary bytes as client frames on a real socket,
// after a real handshake: whatever they are, the server's frame reader must
// not panic, must hand over only messages within ReadLimit, must send only
// well-formed frames and close frames allowed on the wire (never 1005,
// 1006 or 1015, never a 1-byte payload, a reason in UTF-8; see
// TestRFC6455_CaseTable), and must end the connection once the client
// stops sending (no reader left waiting).
func FuzzReadMessage(f *testing.F) {
	const limit = 64
	for _, seed := range [][]byte{
		text(`{"topic":"board","kind":"met"}`),
		cat(frame(false, 0, opText, `{"topic":`), ping("p"), frame(true, 0, opContinuation, `"board"}`)),
		cat(text("a"), closeWith(1000, "")),
		encodeFrame(0x81, []byte("unmasked"), false),
		text(strings.Repeat("x", 100)),                                           // over the limit
		{0x81, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4}, // a 2^63-byte frame announced
		{0x81, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4},                      // a length with its top bit set
		{0x81, 0xFE, 0x00, 0x10, 1, 2, 3, 4, 'a'},                                // truncated payload
		ping(strings.Repeat("p", 125)),
		frame(false, 0, opPing, "fragmented control"),
		frame(true, 0, 0x3, "reserved opcode"),
		{0xF1, 0x80, 0, 0, 0, 0},                                                             // extension bits
		text(kosme + "\xed\xa0\x80"),                                                         // a surrogate
		fragments(`{"t":"`+kosme+`"}`, 8, 9, 10),                                             // code points split across fragments
		cat(frame(false, 0, opText, "\xf4"), frame(true, 0, opContinuation, "\x90\x80\x80")), // above U+10FFFF, split
		closeWith(1005, ""),
		closeWith(1000, "\xff"),
		frame(true, 0, opClose, "x"),
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
		r := bufio.NewReader(raw)
		for {
			_, op, payload, err := readServerFrame(r)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("after %d bytes and the end of input, the server still holds the connection open", len(input))
			}
			if err != nil {
				if err != io.EOF && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, syscall.ECONNRESET) {
					t.Fatalf("reading what the server sent: %v", err)
				}
				break
			}
			if op == opClose {
				var problems []string
				closeCodeOf(payload, &problems)
				for _, p := range problems {
					t.Errorf("the server sent %s", p)
				}
			}
		}
		if n := oversize.Load(); n != 0 {
			t.Fatalf("a %d-byte message reached the handler; the limit is %d", n, limit)
		}
	})
}

// FuzzUTF8Check holds the reader's incremental UTF-8 check to the standard
// library's: fed in chunks of any size, it accepts exactly the texts that
// utf8.Valid accepts, and fed byte by byte it fails at the first byte after
// which no valid text can follow (fail fast, RFC 6455 §8.1), never sooner.
func FuzzUTF8Check(f *testing.F) {
	for _, s := range []string{"", "plain ASCII", kosme, kosme[:3], "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf4\x8f\xbf\xbf",
		"\xe0\x9f\xbf", "\xe0\xa0\x80", "\xc0\xaf", "\xc2", "\xef\xbf\xbe", "é€𝄞", "\xff"} {
		f.Add([]byte(s), uint8(1))
	}
	// completes reports whether some bytes after tail make it one code
	// point: past its first byte only the second is narrower than
	// 80–BF, so trying each second byte followed by 80s is enough.
	completes := func(tail []byte) bool {
		for extra := 1; extra <= 3; extra++ {
			for b := 0x80; b <= 0xBF; b++ {
				c := append(append(slices.Clip(tail), byte(b)), bytes.Repeat([]byte{0x80}, extra-1)...)
				if utf8.Valid(c) && utf8.RuneCount(c) == 1 {
					return true
				}
			}
		}
		return false
	}
	canStartText := func(p []byte) bool { // some bytes after p make valid text
		for j := len(p); j >= max(0, len(p)-3); j-- {
			if utf8.Valid(p[:j]) && (j == len(p) || completes(p[j:])) {
				return true
			}
		}
		return false
	}
	f.Fuzz(func(t *testing.T, b []byte, chunk uint8) {
		if len(b) > 512 {
			return
		}
		step := max(int(chunk), 1)
		var u utf8Check
		ok := true
		for i := 0; i < len(b) && ok; i += step {
			ok = u.check(b[i:min(i+step, len(b))])
		}
		if got, want := ok && u.need == 0, utf8.Valid(b); got != want {
			t.Fatalf("%q in chunks of %d: valid %v, utf8.Valid says %v", b, step, got, want)
		}
		var v utf8Check
		for i := range b {
			if got, want := v.check(b[i:i+1]), canStartText(b[:i+1]); got != want {
				t.Fatalf("%q byte by byte: at byte %d the check says %v, want %v", b, i, got, want)
			} else if !got {
				break
			}
		}
	})
}
