package hub

import (
	"encoding/binary"
	"errors"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// The reading side of a connection is this small RFC 6455 frame reader over
// the raw socket rather than gorilla's Conn.NextReader: an idle connection
// parks its reader goroutine here, and the shallow call chain fits the
// smallest goroutine stack (2 KB) where gorilla's needs 4 KB in the hub
// (the figures, and why no library: the package comment). Writing stays
// with gorilla (WriteControl is safe alongside the writer goroutine). Keep
// this path shallow: a frame that makes the reader's stack grow once keeps
// it at 4 KB. What it accepts and refuses is TestRFC6455_CaseTable's.

var (
	// errClosedByPeer ends reading after the client's close frame was answered.
	errClosedByPeer = errors.New("hub: the client closed the connection")
	// errBadFrame is a frame header that breaks the protocol.
	errBadFrame = errors.New("hub: protocol error")
	// errBadUTF8 is a text message that is not, or cannot become, UTF-8.
	errBadUTF8 = errors.New("hub: invalid UTF-8")
)

// WebSocket opcodes.
const (
	opContinuation = 0x0
	opText         = 0x1
	opBinary       = 0x2
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xA
)

// readMessage returns the client's next text or binary message, unmasked
// (fragments joined). On the way it answers pings and close frames, and it
// notes in c.lastHeard that the peer is alive at every frame. It fails for
// a socket error, a close frame (answered first, see answer), a message
// larger than limit (close 1009 sent first), a text message that is not
// UTF-8 (close 1007 sent first, as soon as the bytes received cannot
// become UTF-8, even in the middle of a frame) or a frame that breaks the
// protocol (close 1002 sent first).
func (c *client) readMessage(limit int64, writeTimeout time.Duration) ([]byte, error) {
	var msg []byte
	inMessage := false
	for {
		fin, op, n, err := c.readHeader()
		if err == errBadFrame {
			return nil, c.refuse(websocket.CloseProtocolError, "protocol error", writeTimeout)
		}
		if err != nil {
			return nil, err
		}
		c.lastHeard.Store(time.Now().UnixNano())
		control := op >= opClose
		switch {
		case op > opBinary && !control || op > opPong,
			control && (n > 125 || !fin),
			!control && (op == opContinuation) != inMessage:
			return nil, c.refuse(websocket.CloseProtocolError, "protocol error", writeTimeout)
		case !control && n > uint64(limit)-uint64(len(msg)): // len(msg) <= limit
			return nil, c.refuse(websocket.CloseMessageTooBig, "message too big", writeTimeout)
		}
		if op == opText || op == opBinary {
			c.text = op == opText
			c.utf8 = utf8Check{}
		}
		start := len(msg)
		msg = slices.Grow(msg, int(n))[:start+int(n)]
		if err := c.readPayload(msg[start:], !control && c.text); err != nil {
			if err == errBadUTF8 {
				return nil, c.refuse(websocket.CloseInvalidFramePayloadData, "invalid UTF-8", writeTimeout)
			}
			return nil, err
		}
		if !control {
			if !fin {
				inMessage = true
				continue
			}
			if c.text && c.utf8.need > 0 { // the message ends inside a code point
				return nil, c.refuse(websocket.CloseInvalidFramePayloadData, "invalid UTF-8", writeTimeout)
			}
			return msg, nil
		}
		if err := c.answer(op, msg[start:], writeTimeout); err != nil {
			return nil, err
		}
		msg = msg[:start]
	}
}

// answer handles a control frame: a ping gets its pong, a pong only proved
// the peer alive, and a close frame ends reading. A close frame is echoed
// with its code alone (RFC 6455 §5.5.1; an empty one empty) when it is
// well formed: a code an endpoint may send (validCloseCode) and a reason in
// UTF-8. Otherwise the answer is 1002 (a 1-byte payload, a code that no
// endpoint may send, 1005/1006/1015 among them) or 1007 (the reason), so
// the hub never puts a forbidden code on the wire.
func (c *client) answer(op byte, payload []byte, writeTimeout time.Duration) error {
	switch op {
	case opPing:
		c.conn.WriteControl(websocket.PongMessage, payload, time.Now().Add(writeTimeout))
	case opClose:
		switch {
		case len(payload) == 1 || len(payload) >= 2 && !validCloseCode(binary.BigEndian.Uint16(payload)):
			return c.refuse(websocket.CloseProtocolError, "protocol error", writeTimeout)
		case !utf8.Valid(payload[min(len(payload), 2):]):
			return c.refuse(websocket.CloseInvalidFramePayloadData, "invalid UTF-8", writeTimeout)
		}
		c.conn.WriteControl(websocket.CloseMessage, payload[:min(len(payload), 2)], time.Now().Add(writeTimeout)) // the code alone
		return errClosedByPeer
	}
	return nil
}

// validCloseCode reports whether a close frame may carry code (RFC 6455
// §7.4): 1000–1003, 1007–1014 (1012–1014 registered since), and 3000–4999
// for libraries and applications. 1005, 1006 and 1015 only ever stand for
// "no code", "no close frame" and "TLS failed" inside an endpoint.
func validCloseCode(code uint16) bool {
	return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999
}

// readHeader reads a frame header up to its masking key, which it keeps in
// c.mask. Client frames must be masked and use no extension bits
// (errBadFrame).
func (c *client) readHeader() (fin bool, op byte, n uint64, err error) {
	h := c.header[:]
	if err := c.readFull(h[:2]); err != nil {
		return false, 0, 0, err
	}
	fin, op, masked := h[0]&0x80 != 0, h[0]&0x0F, h[1]&0x80 != 0
	if h[0]&0x70 != 0 || !masked {
		return false, 0, 0, errBadFrame
	}
	switch n = uint64(h[1] & 0x7F); n {
	case 126:
		if err := c.readFull(h[:2]); err != nil {
			return false, 0, 0, err
		}
		n = uint64(binary.BigEndian.Uint16(h[:2]))
	case 127:
		if err := c.readFull(h[:8]); err != nil {
			return false, 0, 0, err
		}
		if n = binary.BigEndian.Uint64(h[:8]); n >= 1<<63 { // the top bit must be 0
			return false, 0, 0, errBadFrame
		}
	}
	return fin, op, n, c.readFull(c.mask[:])
}

// readFull reads exactly len(p) bytes from the socket (io.ReadFull without
// its two stack frames).
func (c *client) readFull(p []byte) error {
	for len(p) > 0 {
		n, err := c.raw.Read(p)
		if n == 0 && err != nil {
			return err
		}
		p = p[n:]
	}
	return nil
}

// readPayload reads len(p) bytes of payload and unmasks them. With text,
// it checks them as UTF-8 as they arrive, continuing c.utf8, and fails
// with errBadUTF8 at the first chunk that cannot be the start of UTF-8
// text (a client that sends half a bad frame and waits is refused then).
func (c *client) readPayload(p []byte, text bool) error {
	for i := 0; i < len(p); {
		n, err := c.raw.Read(p[i:])
		if n == 0 && err != nil {
			return err
		}
		for j := i; j < i+n; j++ {
			p[j] ^= c.mask[j%4]
		}
		if text && !c.utf8.check(p[i:i+n]) {
			return errBadUTF8
		}
		i += n
	}
	return nil
}

// utf8Check validates UTF-8 a chunk at a time, so that a code point may be
// split across chunks and frames (RFC 3629's table of well-formed
// sequences: no overlong form, no surrogate, nothing above U+10FFFF). The
// zero value is at the start of a text.
type utf8Check struct {
	need   uint8 // continuation bytes still expected for the current code point
	lo, hi byte  // the range of the next one (narrower after E0, ED, F0, F4)
}

// check consumes p; it reports false at the first byte after which no
// valid text can follow. need > 0 after the last chunk means the text
// ends inside a code point.
func (u *utf8Check) check(p []byte) bool {
	for _, b := range p {
		if u.need > 0 {
			if b < u.lo || b > u.hi {
				return false
			}
			u.need, u.lo, u.hi = u.need-1, 0x80, 0xBF
			continue
		}
		switch {
		case b < 0x80:
		case b < 0xC2: // a continuation byte, or an overlong two-byte form
			return false
		case b < 0xE0:
			u.need, u.lo, u.hi = 1, 0x80, 0xBF
		case b == 0xE0: // overlong below A0
			u.need, u.lo, u.hi = 2, 0xA0, 0xBF
		case b == 0xED: // surrogates from A0
			u.need, u.lo, u.hi = 2, 0x80, 0x9F
		case b < 0xF0:
			u.need, u.lo, u.hi = 2, 0x80, 0xBF
		case b == 0xF0: // overlong below 90
			u.need, u.lo, u.hi = 3, 0x90, 0xBF
		case b < 0xF4:
			u.need, u.lo, u.hi = 3, 0x80, 0xBF
		case b == 0xF4: // above U+10FFFF from 90
			u.need, u.lo, u.hi = 3, 0x80, 0x8F
		default:
			return false
		}
	}
	return true
}

// refuse sends a close frame with code and returns the error that ends
// reading.
func (c *client) refuse(code int, text string, writeTimeout time.Duration) error {
	c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(writeTimeout))
	return errors.New("hub: " + text)
}
