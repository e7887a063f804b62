package hub

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// The RFC 6455 case table: the cases of the Autobahn testsuite's sections
// 1–7 (framing, pings, reserved bits, opcodes, fragmentation, UTF-8, close
// handling), numbered as there, that apply to a server which reads small
// JSON messages and never echoes them, plus cases of ours ("x.…"). A raw
// TCP client does the handshake by hand and writes hand-built frames,
// whole or in chops (one write per chop); the server is a real hub behind
// a real HTTP server. Each case asserts the close code the server answers
// with, the pongs it sends before, the messages it hands over, that it
// sends nothing after its close frame and closes the TCP connection, and
// that every close frame it sends is one allowed on the wire (RFC 6455
// §7.4: never 1005, 1006 or 1015, never a 1-byte payload, a reason in
// UTF-8).
//
// Where Autobahn expects an echo of a message, the hub (which never
// echoes) must stay open: the case ends with a probe ping, whose pong
// proves the server read everything before it without closing, then a
// clean close that the server must echo with 1000. Messages over the read
// limit (4096 bytes here) are answered with 1009 instead of an echo: that
// is the hub's contract, and 1.1.6–1.1.8, 1.2.6–1.2.8 and 7.1.6 check it.
//
// Out of scope: section 9 (messages of megabytes, performance), 10
// (auto-fragmentation of what the server sends) and 12–13 (compression,
// which the hub does not negotiate; RSV1 is then a protocol error, 3.x).

// Special values of rfcCase.want.
const (
	stayOpen   = 0  // the server answers the probe and echoes a clean close
	emptyClose = -2 // the server answers with a close frame without payload
	noClose    = -1 // (a result only) the connection ended without a close frame
)

// rfcCase is one row of the table.
type rfcCase struct {
	id, what string
	send     []chunk  // what the client writes, in order
	want     int      // close code expected from the server, or stayOpen / emptyClose
	pongs    []string // pong payloads expected before the close (the probe's excluded)
	deliver  []string // messages expected at onMessage (JSON objects only reach it)
}

// chunk is bytes written in writes of at most chop bytes (0: one write).
type chunk struct {
	data []byte
	chop int
}

// frame is one masked client frame with reserved bits rsv (0–7).
func frame(fin bool, rsv, op byte, payload string) []byte {
	b0 := op | rsv<<4
	if fin {
		b0 |= 0x80
	}
	return encodeFrame(b0, []byte(payload), true)
}

// encodeFrame frames payload after the header byte b0, with the shortest
// length encoding, masked with a fixed key unless masked is false.
func encodeFrame(b0 byte, payload []byte, masked bool) []byte {
	f := []byte{b0, 0}
	switch n := len(payload); {
	case n < 126:
		f[1] = byte(n)
	case n < 1<<16:
		f[1] = 126
		f = binary.BigEndian.AppendUint16(f, uint16(n))
	default:
		f[1] = 127
		f = binary.BigEndian.AppendUint64(f, uint64(n))
	}
	if !masked {
		return append(f, payload...)
	}
	f[1] |= 0x80
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	f = append(f, key[:]...)
	for i, b := range payload {
		f = append(f, b^key[i%4])
	}
	return f
}

func text(s string) []byte { return frame(true, 0, opText, s) }
func ping(s string) []byte { return frame(true, 0, opPing, s) }
func closeWith(code int, r string) []byte {
	return frame(true, 0, opClose, string(binary.BigEndian.AppendUint16(nil, uint16(code)))+r)
}

// fragments frames s as one text message cut at the given offsets.
func fragments(s string, cuts ...int) []byte {
	var out []byte
	op, start := byte(opText), 0
	for _, c := range append(cuts, len(s)) {
		out = append(out, frame(c == len(s), 0, op, s[start:c])...)
		op, start = opContinuation, c
	}
	return out
}

// everyByte is the offsets that cut s into one-byte fragments.
func everyByte(s string) []int {
	cuts := make([]int, 0, len(s))
	for i := 1; i < len(s); i++ {
		cuts = append(cuts, i)
	}
	return cuts
}

func cat(frames ...[]byte) []byte { return slices.Concat(frames...) }

// whole writes b at once; chopped writes it n bytes at a time; perFrame
// writes each frame on its own.
func whole(b []byte) []chunk          { return []chunk{{data: b}} }
func chopped(b []byte, n int) []chunk { return []chunk{{data: b, chop: n}} }
func perFrame(frames ...[]byte) []chunk {
	out := make([]chunk, len(frames))
	for i, f := range frames {
		out[i] = chunk{data: f}
	}
	return out
}

// jsonOfLen is a JSON object of exactly n bytes (n >= 10), which the hub
// hands to onMessage.
func jsonOfLen(n int) string { return `{"k":"` + strings.Repeat("*", n-9) + `"}` }

// kosme is "κόσμε", Autobahn's favourite valid UTF-8.
const kosme = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"

// utf8Sequences are the payloads of Autobahn 6.6–6.22 (from Markus Kuhn's
// UTF-8 decoder stress test) with their validity.
func utf8Sequences() []struct {
	id    string
	s     string
	valid bool
} {
	type seq = struct {
		id    string
		s     string
		valid bool
	}
	var out []seq
	add := func(section string, valid bool, ss ...string) {
		for i, s := range ss {
			out = append(out, seq{fmt.Sprintf("%s.%d", section, i+1), s, valid})
		}
	}
	for i := 1; i <= len(kosme); i++ { // 6.6: κόσμε cut after each byte
		out = append(out, seq{fmt.Sprintf("6.6.%d", i), kosme[:i], utf8.ValidString(kosme[:i])})
	}
	add("6.7", true, "\x00", "\xc2\x80", "\xe0\xa0\x80", "\xf0\x90\x80\x80")
	add("6.8", false, "\xf8\x88\x80\x80\x80", "\xfc\x84\x80\x80\x80\x80")
	add("6.9", true, "\x7f", "\xdf\xbf", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf")
	add("6.10", false, "\xf7\xbf\xbf\xbf", "\xfb\xbf\xbf\xbf\xbf", "\xfd\xbf\xbf\xbf\xbf\xbf")
	out = append(out, seq{"6.11.1", "\xed\x9f\xbf", true}, seq{"6.11.2", "\xee\x80\x80", true},
		seq{"6.11.3", "\xef\xbf\xbd", true}, seq{"6.11.4", "\xf4\x8f\xbf\xbf", true}, seq{"6.11.5", "\xf4\x90\x80\x80", false})
	var allCont strings.Builder
	for b := 0x80; b <= 0xbf; b++ {
		allCont.WriteByte(byte(b))
	}
	add("6.12", false, "\x80", "\xbf", "\x80\xbf", "\x80\xbf\x80", "\x80\xbf\x80\xbf", "\x80\xbf\x80\xbf\x80", "\x80\xbf\x80\xbf\x80\xbf", allCont.String())
	lonely := func(from, to int) string {
		var b strings.Builder
		for c := from; c <= to; c++ {
			b.WriteByte(byte(c))
			b.WriteByte(' ')
		}
		return b.String()
	}
	add("6.13", false, lonely(0xc0, 0xdf), lonely(0xe0, 0xef), lonely(0xf0, 0xf7), lonely(0xf8, 0xfb), lonely(0xfc, 0xfd))
	missing := []string{"\xc0", "\xe0\x80", "\xf0\x80\x80", "\xf8\x80\x80\x80", "\xfc\x80\x80\x80\x80",
		"\xdf", "\xef\xbf", "\xf7\xbf\xbf", "\xfb\xbf\xbf\xbf", "\xfd\xbf\xbf\xbf\xbf"}
	add("6.14", false, missing...)
	add("6.15", false, strings.Join(missing, ""))
	add("6.16", false, "\xfe", "\xff", "\xfe\xfe\xff\xff")
	add("6.17", false, "\xc0\xaf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xf8\x80\x80\x80\xaf", "\xfc\x80\x80\x80\x80\xaf")
	add("6.18", false, "\xc1\xbf", "\xe0\x9f\xbf", "\xf0\x8f\xbf\xbf", "\xf8\x87\xbf\xbf\xbf", "\xfc\x83\xbf\xbf\xbf\xbf")
	add("6.19", false, "\xc0\x80", "\xe0\x80\x80", "\xf0\x80\x80\x80", "\xf8\x80\x80\x80\x80", "\xfc\x80\x80\x80\x80\x80")
	add("6.20", false, "\xed\xa0\x80", "\xed\xad\xbf", "\xed\xae\x80", "\xed\xaf\xbf", "\xed\xb0\x80", "\xed\xbe\x80", "\xed\xbf\xbf")
	add("6.21", false, "\xed\xa0\x80\xed\xb0\x80", "\xed\xa0\x80\xed\xbf\xbf", "\xed\xad\xbf\xed\xb0\x80", "\xed\xad\xbf\xed\xbf\xbf",
		"\xed\xae\x80\xed\xb0\x80", "\xed\xae\x80\xed\xbf\xbf", "\xed\xaf\xbf\xed\xb0\x80", "\xed\xaf\xbf\xed\xbf\xbf")
	var nonchars []string // U+FFFE, U+FFFF and the last two code points of planes 1–16: valid
	for plane := rune(0); plane <= 16; plane++ {
		nonchars = append(nonchars, string(plane<<16|0xfffe), string(plane<<16|0xffff))
	}
	add("6.22", true, nonchars...)
	return out
}

// rfcCases is the table.
func rfcCases() []rfcCase {
	var cs []rfcCase
	add := func(c rfcCase) { cs = append(cs, c) }

	// 1: framing. Text and binary messages of every length encoding; past
	// the read limit, 1009.
	for i, n := range []int{0, 125, 126, 127, 128, 65535, 65536, 65536} {
		for _, k := range []struct {
			kind string
			op   byte
		}{{"1.1", opText}, {"1.2", opBinary}} {
			kind, op := k.kind, k.op
			payload := strings.Repeat("*", n)
			var deliver []string
			if n >= 10 {
				payload = jsonOfLen(n)
				deliver = []string{payload}
			}
			c := rfcCase{id: fmt.Sprintf("%s.%d", kind, i+1), what: fmt.Sprintf("a %d-byte message (op %d)", n, op),
				send: whole(frame(true, 0, op, payload)), deliver: deliver}
			if i == 7 {
				c.what, c.send = c.what+" in chops of 997", chopped(frame(true, 0, op, payload), 997)
			}
			if n > 4096 {
				c.want, c.deliver = 1009, nil
			}
			add(c)
		}
	}

	// 2: pings and pongs.
	p125 := strings.Repeat("\xfe", 125)
	add(rfcCase{id: "2.1", what: "ping without payload", send: whole(ping("")), pongs: []string{""}})
	add(rfcCase{id: "2.2", what: "ping with a text payload", send: whole(ping("Hello, world!")), pongs: []string{"Hello, world!"}})
	add(rfcCase{id: "2.3", what: "ping with a binary payload", send: whole(ping("\x00\xff\xfe\xfd\xfc\xfb\x00\xff")), pongs: []string{"\x00\xff\xfe\xfd\xfc\xfb\x00\xff"}})
	add(rfcCase{id: "2.4", what: "ping with 125 bytes", send: whole(ping(p125)), pongs: []string{p125}})
	add(rfcCase{id: "2.5", what: "ping with 126 bytes", send: whole(ping(p125 + "\xfe")), want: 1002})
	add(rfcCase{id: "2.6", what: "ping with 125 bytes in 1-byte chops", send: chopped(ping(p125), 1), pongs: []string{p125}})
	add(rfcCase{id: "2.7", what: "unsolicited pong without payload", send: whole(frame(true, 0, opPong, ""))})
	add(rfcCase{id: "2.8", what: "unsolicited pong with payload", send: whole(frame(true, 0, opPong, "unsolicited pong payload"))})
	add(rfcCase{id: "2.9", what: "unsolicited pong, then ping", send: whole(cat(frame(true, 0, opPong, "unsolicited pong payload"), ping("ping payload"))), pongs: []string{"ping payload"}})
	var tenPings [][]byte
	var tenPongs []string
	for i := range 10 {
		tenPings = append(tenPings, ping("payload-"+strconv.Itoa(i)))
		tenPongs = append(tenPongs, "payload-"+strconv.Itoa(i))
	}
	add(rfcCase{id: "2.10", what: "ten pings", send: whole(cat(tenPings...)), pongs: tenPongs})
	add(rfcCase{id: "2.11", what: "ten pings in 1-byte chops", send: chopped(cat(tenPings...), 1), pongs: tenPongs})

	// 3: reserved bits, without an extension that defines them.
	small := `{"k":"v"}`
	add(rfcCase{id: "3.1", what: "text with RSV=1", send: whole(frame(true, 1, opText, small)), want: 1002})
	add(rfcCase{id: "3.2", what: "text, text with RSV=2, ping", send: whole(cat(text(small), frame(true, 2, opText, small), ping(""))), want: 1002, deliver: []string{small}})
	add(rfcCase{id: "3.3", what: "the same with RSV=3, frame by frame", send: perFrame(text(small), frame(true, 3, opText, small), ping("")), want: 1002, deliver: []string{small}})
	add(rfcCase{id: "3.4", what: "the same with RSV=4, in 1-byte chops", send: chopped(cat(text(small), frame(true, 4, opText, small), ping("")), 1), want: 1002, deliver: []string{small}})
	add(rfcCase{id: "3.5", what: "binary with RSV=5", send: whole(frame(true, 5, opBinary, "\x00\xff\xfe\xfd\xfc\xfb\x00\xff")), want: 1002})
	add(rfcCase{id: "3.6", what: "ping with RSV=6", send: whole(frame(true, 6, opPing, "Hello, world!")), want: 1002})
	add(rfcCase{id: "3.7", what: "close with RSV=7", send: whole(frame(true, 7, opClose, "\x03\xe8")), want: 1002})

	// 4: reserved opcodes.
	for i, op := range []byte{3, 4, 5, 6, 7, 11, 12, 13, 14, 15} {
		id := fmt.Sprintf("4.%d.%d", 1+i/5, 1+i%5)
		payload := ""
		if i%5 == 1 || i%5 >= 3 {
			payload = "reserved opcode payload"
		}
		c := rfcCase{id: id, what: fmt.Sprintf("reserved opcode %d", op), want: 1002}
		if i%5 < 2 {
			c.send = whole(frame(true, 0, op, payload))
		} else {
			c.what = "text, then " + c.what + ", then ping"
			c.send, c.deliver = whole(cat(text(small), frame(true, 0, op, payload), ping(""))), []string{small}
			if i%5 == 4 {
				c.send = chopped(c.send[0].data, 1)
			}
		}
		add(c)
	}

	// 5: fragmentation.
	msg := `{"kind":"fragmented"}`
	first, second := frame(false, 0, opText, msg[:9]), frame(true, 0, opContinuation, msg[9:])
	add(rfcCase{id: "5.1", what: "ping in 2 fragments", send: whole(cat(frame(false, 0, opPing, "fragment1"), frame(true, 0, opContinuation, "fragment2"))), want: 1002})
	add(rfcCase{id: "5.2", what: "pong in 2 fragments", send: whole(cat(frame(false, 0, opPong, "fragment1"), frame(true, 0, opContinuation, "fragment2"))), want: 1002})
	add(rfcCase{id: "5.3", what: "text in 2 fragments", send: whole(cat(first, second)), deliver: []string{msg}})
	add(rfcCase{id: "5.4", what: "the same, frame by frame", send: perFrame(first, second), deliver: []string{msg}})
	add(rfcCase{id: "5.5", what: "the same, in 1-byte chops", send: chopped(cat(first, second), 1), deliver: []string{msg}})
	add(rfcCase{id: "5.6", what: "text in 2 fragments, a ping between", send: whole(cat(first, ping("ping payload"), second)), pongs: []string{"ping payload"}, deliver: []string{msg}})
	add(rfcCase{id: "5.7", what: "the same, frame by frame", send: perFrame(first, ping("ping payload"), second), pongs: []string{"ping payload"}, deliver: []string{msg}})
	add(rfcCase{id: "5.8", what: "the same, in 1-byte chops", send: chopped(cat(first, ping("ping payload"), second), 1), pongs: []string{"ping payload"}, deliver: []string{msg}})
	for i, fin := range []bool{true, false} { // 5.9–5.14: a continuation with nothing to continue
		stray := frame(fin, 0, opContinuation, "non-continuation payload")
		base := 9 + 3*i
		what := fmt.Sprintf("continuation (FIN=%v) with nothing to continue, then a message", fin)
		add(rfcCase{id: fmt.Sprintf("5.%d", base), what: what, send: whole(cat(stray, first, second)), want: 1002})
		add(rfcCase{id: fmt.Sprintf("5.%d", base+1), what: what + ", frame by frame", send: perFrame(stray, first, second), want: 1002})
		add(rfcCase{id: fmt.Sprintf("5.%d", base+2), what: what + ", in 1-byte chops", send: chopped(cat(stray, first, second), 1), want: 1002})
	}
	add(rfcCase{id: "5.15", what: "text in 2 fragments, then 2 continuations with nothing to continue",
		send: whole(cat(first, second, frame(false, 0, opContinuation, "fragment3"), frame(true, 0, opContinuation, "fragment4"))), want: 1002, deliver: []string{msg}})
	for i, fin := range []bool{false, true} {
		stray := frame(fin, 0, opContinuation, "fragment1")
		add(rfcCase{id: fmt.Sprintf("5.%d", 16+i), what: fmt.Sprintf("twice: continuation (FIN=%v) with nothing to continue, then a message", fin),
			send: whole(cat(stray, first, second, stray, first, second)), want: 1002})
	}
	add(rfcCase{id: "5.18", what: "text in 2 fragments, both with the text opcode", send: whole(cat(first, frame(true, 0, opText, msg[9:]))), want: 1002})
	long := `{"kind":"in five fragments"}`
	five := cat(frame(false, 0, opText, long[:5]), frame(false, 0, opContinuation, long[5:10]), ping("pongme 1!"),
		frame(false, 0, opContinuation, long[10:15]), frame(false, 0, opContinuation, long[15:20]), ping("pongme 2!"), frame(true, 0, opContinuation, long[20:]))
	add(rfcCase{id: "5.19", what: "text in 5 fragments, 2 pings between", send: whole(five), pongs: []string{"pongme 1!", "pongme 2!"}, deliver: []string{long}})
	add(rfcCase{id: "5.20", what: "the same, in 1-byte chops", send: chopped(five, 1), pongs: []string{"pongme 1!", "pongme 2!"}, deliver: []string{long}})

	// 6: UTF-8. A text message must be valid UTF-8 once joined, whatever
	// its fragments; an invalid one is refused with 1007 as soon as it
	// cannot become valid.
	hello := "Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!"
	add(rfcCase{id: "6.1.1", what: "empty text", send: whole(text(""))})
	add(rfcCase{id: "6.1.2", what: "text in 3 empty fragments", send: whole(cat(frame(false, 0, opText, ""), frame(false, 0, opContinuation, ""), frame(true, 0, opContinuation, "")))})
	add(rfcCase{id: "6.1.3", what: "empty, non-empty, empty fragment", send: whole(cat(frame(false, 0, opText, ""), frame(false, 0, opContinuation, "middle frame payload"), frame(true, 0, opContinuation, "")))})
	asJSON := func(s string) string { return `{"t":"` + s + `"}` }
	add(rfcCase{id: "6.2.1", what: "valid UTF-8, one frame", send: whole(text(asJSON(hello))), deliver: []string{asJSON(hello)}})
	add(rfcCase{id: "6.2.2", what: "valid UTF-8 cut at code points", send: whole(fragments(asJSON(hello), 13, 16)), deliver: []string{asJSON(hello)}})
	add(rfcCase{id: "6.2.3", what: "valid UTF-8 in 1-byte fragments", send: whole(fragments(asJSON(hello), everyByte(asJSON(hello))...)), deliver: []string{asJSON(hello)}})
	add(rfcCase{id: "6.2.4", what: "κόσμε in 1-byte fragments", send: whole(fragments(asJSON(kosme), everyByte(asJSON(kosme))...)), deliver: []string{asJSON(kosme)}})
	bad := kosme + "\xed\xa0\x80edited"
	add(rfcCase{id: "6.3.1", what: "invalid UTF-8 (a surrogate), one frame", send: whole(text(bad)), want: 1007})
	add(rfcCase{id: "6.3.2", what: "the same in 1-byte fragments", send: whole(fragments(bad, everyByte(bad)...)), want: 1007})
	// 6.4: fail fast. The rest of the message is never sent: the server
	// must close on what it has.
	add(rfcCase{id: "6.4.1", what: "3 fragments, the 2nd invalid (U+110000), the 3rd withheld",
		send: perFrame(frame(false, 0, opText, kosme), frame(false, 0, opContinuation, "\xf4\x90\x80\x80")), want: 1007})
	add(rfcCase{id: "6.4.2", what: "3 fragments, the 2nd making the 1st's last byte invalid, the 3rd withheld",
		send: perFrame(frame(false, 0, opText, kosme+"\xf4"), frame(false, 0, opContinuation, "\x90")), want: 1007})
	oneFrame := func(s string, sent int) []byte { return frame(true, 0, opText, s)[:6+sent] } // header of a short frame: 6 bytes
	add(rfcCase{id: "6.4.3", what: "one frame, its payload withheld after an invalid code point",
		send: perFrame(oneFrame(kosme+"\xf4\x90\x80\x80edited", len(kosme)), oneFrame(kosme+"\xf4\x90\x80\x80edited", len(kosme)+4)[6+len(kosme):]), want: 1007})
	add(rfcCase{id: "6.4.4", what: "one frame, its payload withheld after a byte that cannot continue",
		send: perFrame(oneFrame(kosme+"\xf4\x90\x80\x80edited", len(kosme)+1), oneFrame(kosme+"\xf4\x90\x80\x80edited", len(kosme)+2)[6+len(kosme)+1:]), want: 1007})
	add(rfcCase{id: "6.5.1", what: "κόσμε, one frame", send: whole(text(asJSON(kosme))), deliver: []string{asJSON(kosme)}})
	add(rfcCase{id: "6.5.2", what: "κόσμε cut at code points", send: whole(fragments(asJSON(kosme), 8, 10, 13, 15)), deliver: []string{asJSON(kosme)}})
	add(rfcCase{id: "6.5.3", what: "κόσμε, one frame in 1-byte chops", send: chopped(text(asJSON(kosme)), 1), deliver: []string{asJSON(kosme)}})
	for _, s := range utf8Sequences() {
		want := 1007
		if s.valid {
			want = stayOpen
		}
		add(rfcCase{id: s.id, what: fmt.Sprintf("%q, one frame", s.s), send: whole(text(s.s)), want: want})
		// Ours: the same sequence cut into 1-byte fragments (a code point
		// split across frames), and in one frame written in 1-byte chops.
		add(rfcCase{id: "x." + s.id + "/fragments", what: fmt.Sprintf("%q in 1-byte fragments", s.s), send: whole(fragments(s.s, everyByte(s.s)...)), want: want})
		add(rfcCase{id: "x." + s.id + "/chops", what: fmt.Sprintf("%q, one frame in 1-byte chops", s.s), send: chopped(text(s.s), 1), want: want})
	}
	add(rfcCase{id: "x.6.binary", what: "invalid UTF-8 in a binary message is not checked", send: whole(frame(true, 0, opBinary, "\xff\xfe\xed\xa0\x80"))})
	add(rfcCase{id: "x.6.json", what: "a JSON message with a code point split across fragments reaches the handler",
		send: whole(fragments(asJSON("é€𝄞"), 7, 9, 11, 12, 14)), deliver: []string{asJSON("é€𝄞")}})

	// 7: close handling.
	add(rfcCase{id: "7.1.1", what: "text, then a clean close", send: whole(cat(text(small), closeWith(1000, ""))), want: 1000, deliver: []string{small}})
	add(rfcCase{id: "7.1.2", what: "close twice", send: whole(cat(closeWith(1000, ""), closeWith(1000, ""))), want: 1000})
	add(rfcCase{id: "7.1.3", what: "close, then ping (no pong after the close)", send: whole(cat(closeWith(1000, ""), ping("payload"))), want: 1000})
	add(rfcCase{id: "7.1.4", what: "close, then text (not handed over)", send: whole(cat(closeWith(1000, ""), text(small))), want: 1000})
	add(rfcCase{id: "7.1.5", what: "a fragment, close, the last fragment", send: whole(cat(first, closeWith(1000, ""), second)), want: 1000})
	add(rfcCase{id: "7.1.6", what: "a 256 KB message, then close and ping: 1009 first", send: whole(cat(text(strings.Repeat("BAsd7&jh23", 26214)), closeWith(1000, ""), ping(""))), want: 1009})
	add(rfcCase{id: "7.3.1", what: "close without payload", send: whole(frame(true, 0, opClose, "")), want: emptyClose})
	add(rfcCase{id: "7.3.2", what: "close with a 1-byte payload", send: whole(frame(true, 0, opClose, "a")), want: 1002})
	add(rfcCase{id: "7.3.3", what: "close 1000 without reason", send: whole(closeWith(1000, "")), want: 1000})
	add(rfcCase{id: "7.3.4", what: "close 1000 with a reason", send: whole(closeWith(1000, "Hello World!")), want: 1000})
	add(rfcCase{id: "7.3.5", what: "close 1000 with a 123-byte reason", send: whole(closeWith(1000, strings.Repeat("*", 123))), want: 1000})
	add(rfcCase{id: "7.3.6", what: "close with a 126-byte payload", send: whole(closeWith(1000, strings.Repeat("*", 124))), want: 1002})
	add(rfcCase{id: "7.5.1", what: "close 1000 with a reason in invalid UTF-8", send: whole(closeWith(1000, kosme+"\xed\xa0\x80edited")), want: 1007})
	for i, code := range []int{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999} {
		add(rfcCase{id: fmt.Sprintf("7.7.%d", i+1), what: fmt.Sprintf("close with valid code %d (echoed)", code), send: whole(closeWith(code, "")), want: code})
	}
	for i, code := range []int{1012, 1013, 1014} {
		add(rfcCase{id: fmt.Sprintf("x.7.7.%d", i+1), what: fmt.Sprintf("close with registered code %d (echoed)", code), send: whole(closeWith(code, "")), want: code})
	}
	for i, code := range []int{0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999} {
		add(rfcCase{id: fmt.Sprintf("7.9.%d", i+1), what: fmt.Sprintf("close with invalid code %d", code), send: whole(closeWith(code, "")), want: 1002})
	}
	add(rfcCase{id: "x.7.9.1", what: "close with 1015 (never on the wire)", send: whole(closeWith(1015, "")), want: 1002})
	for i, code := range []int{5000, 65535} {
		add(rfcCase{id: fmt.Sprintf("7.13.%d", i+1), what: fmt.Sprintf("close with code %d, outside every range", code), send: whole(closeWith(code, "")), want: 1002})
	}

	// Ours: what Autobahn's client never sends.
	add(rfcCase{id: "x.1.unmasked", what: "an unmasked client frame", send: whole(encodeFrame(0x81, []byte(small), false)), want: 1002})
	add(rfcCase{id: "x.1.length-msb", what: "a 64-bit length with its top bit set", send: whole([]byte{0x81, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4}), want: 1002})
	add(rfcCase{id: "x.1.fragments-over-limit", what: "fragments that together pass the read limit", send: whole(cat(frame(false, 0, opText, strings.Repeat("*", 4000)), frame(true, 0, opContinuation, strings.Repeat("*", 100)))), want: 1009})
	add(rfcCase{id: "x.5.close-between-fragments", what: "a fragment, close 1001: echoed, the fragment not handed over", send: whole(cat(first, closeWith(1001, "bye"))), want: 1001})
	return cs
}

// rfcResult is what the server answered to one case.
type rfcResult struct {
	closeCode int      // code of the server's close frame, emptyClose, or noClose
	pongs     []string // pong payloads before it (the probe's included)
	problems  []string // wire errors: a forbidden close frame, a frame after it, a masked frame...
	err       error    // the client could not run the case
}

// validOnTheWire reports whether an endpoint may send code in a close frame
// (RFC 6455 §7.4, and the IANA registry for 1012–1014), written here
// independently of the reader's own check.
func validOnTheWire(code int) bool {
	return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999
}

// runRFCCase dials url, does the opening handshake by hand, writes the
// case and reads the server's answer.
func runRFCCase(url string, c rfcCase, wait time.Duration) (res rfcResult) {
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		return rfcResult{err: err}
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	r := bufio.NewReader(conn)
	if err := handshake(conn, r, c.id); err != nil {
		return rfcResult{err: err}
	}
	for _, ch := range c.send {
		for b := ch.data; len(b) > 0; {
			n := len(b)
			if ch.chop > 0 {
				n = min(n, ch.chop)
			}
			if _, err := conn.Write(b[:n]); err != nil {
				break // the server may have closed already: its answer says why
			}
			b = b[n:]
		}
	}
	probing := c.want == stayOpen
	if probing {
		conn.Write(ping("probe"))
	}
	res.closeCode = noClose
	for {
		fin, op, payload, err := readServerFrame(r)
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				res.problems = append(res.problems, fmt.Sprintf("nothing more from the server after %v", wait))
			}
			return res
		}
		switch {
		case res.closeCode != noClose:
			res.problems = append(res.problems, fmt.Sprintf("a frame (op %d) after the close frame", op))
		case !fin:
			res.problems = append(res.problems, fmt.Sprintf("a fragmented frame (op %d)", op))
		case op == opPong:
			res.pongs = append(res.pongs, string(payload))
			if probing && string(payload) == "probe" {
				probing = false
				conn.Write(closeWith(1000, "probe answered"))
			}
		case op == opClose:
			res.closeCode = closeCodeOf(payload, &res.problems)
		case op == opPing, op == opText:
		default:
			res.problems = append(res.problems, fmt.Sprintf("a frame with op %d", op))
		}
	}
}

// handshake sends the opening handshake and checks the server's answer.
func handshake(conn net.Conn, r *bufio.Reader, topic string) error {
	// The key and its accept value are RFC 6455's own example (§1.3).
	req := "GET /ws?topics=" + topic + " HTTP/1.1\r\nHost: hub.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := io.WriteString(conn, req); err != nil {
		return err
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("Sec-WebSocket-Accept") != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" {
		return fmt.Errorf("handshake answered %s, accept %q", resp.Status, resp.Header.Get("Sec-WebSocket-Accept"))
	}
	return nil
}

// readServerFrame reads one server frame; a server frame is never masked
// and uses no reserved bit (an error if it does).
func readServerFrame(r *bufio.Reader) (fin bool, op byte, payload []byte, err error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return false, 0, nil, err
	}
	if h[0]&0x70 != 0 || h[1]&0x80 != 0 {
		return false, 0, nil, fmt.Errorf("server frame header %x: reserved bits or mask set", h)
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var l [2]byte
		_, err = io.ReadFull(r, l[:])
		n = uint64(binary.BigEndian.Uint16(l[:]))
	case 127:
		var l [8]byte
		_, err = io.ReadFull(r, l[:])
		n = binary.BigEndian.Uint64(l[:])
	}
	if err != nil || n > 1<<20 {
		return false, 0, nil, fmt.Errorf("server frame length %d: %v", n, err)
	}
	payload = make([]byte, n)
	_, err = io.ReadFull(r, payload)
	return h[0]&0x80 != 0, h[0] & 0x0f, payload, err
}

// closeCodeOf reads a server close frame's payload, noting what no
// endpoint may send.
func closeCodeOf(payload []byte, problems *[]string) int {
	switch {
	case len(payload) == 0:
		return emptyClose
	case len(payload) == 1:
		*problems = append(*problems, "a close frame with a 1-byte payload")
		return noClose
	case len(payload) > 125:
		*problems = append(*problems, fmt.Sprintf("a close frame of %d bytes", len(payload)))
	}
	code := int(binary.BigEndian.Uint16(payload))
	if !validOnTheWire(code) {
		*problems = append(*problems, fmt.Sprintf("close code %d on the wire", code))
	}
	if !utf8.Valid(payload[2:]) {
		*problems = append(*problems, fmt.Sprintf("a close reason in invalid UTF-8: %q", payload[2:]))
	}
	return code
}

// rfcPatience bounds one case. A correct server answers every case at
// once; only a server that waits where it should close (or answer) makes
// a case wait this long.
var rfcPatience = patience

func TestRFC6455_CaseTable(t *testing.T) {
	cases := rfcCases()
	var mu sync.Mutex
	delivered := map[string][]string{} // by topic, which is the case id
	h := New(Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Serve(w, r, []string{r.URL.Query().Get("topics")}, func(topic string, msg []byte) {
			mu.Lock()
			delivered[topic] = append(delivered[topic], string(msg))
			mu.Unlock()
		})
	}))
	t.Cleanup(func() {
		h.Close()
		srv.Close()
	})

	// Every case runs at once on its own connection (the cases wait on the
	// network, not on the CPU); they are checked one by one after.
	results := make([]rfcResult, len(cases))
	var wg sync.WaitGroup
	for i, c := range cases {
		wg.Go(func() { results[i] = runRFCCase(srv.URL, c, rfcPatience) })
	}
	wg.Wait()
	waitFor(t, "every connection gone", func() bool { return h.Clients() == 0 })

	passed := 0
	for i, c := range cases {
		res := results[i]
		ok := t.Run(c.id, func(t *testing.T) {
			if res.err != nil {
				t.Fatalf("%s: %v", c.what, res.err)
			}
			for _, p := range res.problems {
				t.Errorf("%s: %s", c.what, p)
			}
			wantCode, wantPongs := c.want, c.pongs
			if c.want == stayOpen {
				wantCode, wantPongs = 1000, append(slices.Clip(c.pongs), "probe")
			}
			if res.closeCode != wantCode {
				t.Errorf("%s: the server closed with %s, want %s", c.what, codeName(res.closeCode), codeName(wantCode))
			}
			if !slices.Equal(res.pongs, wantPongs) {
				t.Errorf("%s: pongs %q, want %q", c.what, res.pongs, wantPongs)
			}
			mu.Lock()
			got := delivered[c.id]
			mu.Unlock()
			if !slices.Equal(got, c.deliver) {
				t.Errorf("%s: handed over %q, want %q", c.what, got, c.deliver)
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("%d of %d RFC 6455 cases pass", passed, len(cases))
}

func codeName(code int) string {
	switch code {
	case emptyClose:
		return "an empty close frame"
	case noClose:
		return "no close frame"
	}
	return strconv.Itoa(code)
}
