package hub

import (
	"encoding/binary"
	"errors"
	"slices"
	"time"

	"github.com/gorilla/websocket"
)

// The reading side of a connection is this small RFC 6455 frame reader over
// the raw socket rather than gorilla's Conn.ReadMessage: an idle connection
// parks its reader goroutine here, and the shallow call chain fits the
// smallest goroutine stack (2 KB) where gorilla's needs 4 KB. That is most
// of what keeps an idle connection near 6 KB. Writing stays with gorilla
// (WriteControl is safe alongside the writer goroutine). Keep this path
// shallow: a frame that makes the reader's stack grow once keeps it at 4 KB.

var (
	// errClosedByPeer ends reading after the client's close frame was answered.
	errClosedByPeer = errors.New("hub: the client closed the connection")
	// errBadFrame is a frame header that breaks the protocol.
	errBadFrame = errors.New("hub: protocol error")
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
// notes in c.lastHeard that the peer is alive at every frame. It fails for a socket error, a close frame (echoed first), a message larger
// than limit (close 1009 sent first) or a frame that breaks the protocol
// (close 1002 sent first).
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
		start := len(msg)
		msg = slices.Grow(msg, int(n))[:start+int(n)]
		if err := c.readPayload(msg[start:]); err != nil {
			return nil, err
		}
		if !control {
			if fin {
				return msg, nil
			}
			inMessage = true
			continue
		}
		if err := c.answer(op, msg[start:], writeTimeout); err != nil {
			return nil, err
		}
		msg = msg[:start]
	}
}

// answer handles a control frame: a ping gets its pong, a close frame is
// echoed and ends reading (errClosedByPeer), a pong only proved the peer
// alive.
func (c *client) answer(op byte, payload []byte, writeTimeout time.Duration) error {
	switch op {
	case opPing:
		c.conn.WriteControl(websocket.PongMessage, payload, time.Now().Add(writeTimeout))
	case opClose:
		if len(payload) == 1 {
			return c.refuse(websocket.CloseProtocolError, "protocol error", writeTimeout)
		}
		c.conn.WriteControl(websocket.CloseMessage, payload[:min(len(payload), 2)], time.Now().Add(writeTimeout)) // the code alone
		return errClosedByPeer
	}
	return nil
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
		n = binary.BigEndian.Uint64(h[:8])
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

// readPayload reads len(p) bytes of payload and unmasks them.
func (c *client) readPayload(p []byte) error {
	if err := c.readFull(p); err != nil {
		return err
	}
	for i := range p {
		p[i] ^= c.mask[i%4]
	}
	return nil
}

// refuse sends a close frame with code and returns the error that ends
// reading.
func (c *client) refuse(code int, text string, writeTimeout time.Duration) error {
	c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(writeTimeout))
	return errors.New("hub: " + text)
}
