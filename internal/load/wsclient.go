package load

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// wsConn is the load tool's WebSocket client: the few thousand screens it
// plays only read server messages (and answer pings), so it is a frame
// reader over the raw socket with one reused buffer per connection, as light
// as a load generator should be (a general-purpose client allocates a
// reader per message). It implements RFC 6455 as far as a reading client
// needs: unmasked server frames, fragmented messages, ping, pong and close.
type wsConn struct {
	conn net.Conn
	in   *bufio.Reader
	msg  []byte // the current message, reused
}

// maxMessage bounds one server message: the load tool's are under a few KB.
const maxMessage = 1 << 20

// wsGUID is RFC 6455's constant for Sec-WebSocket-Accept.
const wsGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// dialWS opens a WebSocket to rawURL ("ws://host:port/path") with the given
// Origin header.
func dialWS(ctx context.Context, rawURL, origin string) (*wsConn, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return nil, err
	}
	var nonce [16]byte
	rand.Read(nonce[:])
	key := base64.StdEncoding.EncodeToString(nonce[:])
	req := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nOrigin: %s\r\n\r\n", u.RequestURI(), u.Host, key, origin)
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	c := &wsConn{conn: conn, in: bufio.NewReaderSize(conn, 1024)}
	if err := c.handshake(req, key); err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetDeadline(time.Time{})
	return c, nil
}

func (c *wsConn) handshake(req, key string) error {
	if _, err := io.WriteString(c.conn, req); err != nil {
		return err
	}
	resp, err := http.ReadResponse(c.in, nil)
	if err != nil {
		return err
	}
	resp.Body.Close() // a 101 has no body: the socket's bytes stay in c.in
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return fmt.Errorf("websocket handshake: %s", resp.Status)
	}
	sum := sha1.Sum([]byte(key + wsGUID))
	if resp.Header.Get("Sec-WebSocket-Accept") != base64.StdEncoding.EncodeToString(sum[:]) {
		return errors.New("websocket handshake: wrong Sec-WebSocket-Accept")
	}
	return nil
}

// WebSocket opcodes.
const (
	opContinuation = 0x0
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xA
)

// next returns the next data message's payload, valid until the following
// call. It answers pings, skips pongs, and returns io.EOF once the server
// closed (after echoing its close frame).
func (c *wsConn) next() ([]byte, error) {
	c.msg = c.msg[:0]
	for {
		start := len(c.msg)
		fin, op, err := c.frame()
		if err != nil {
			return nil, err
		}
		switch op {
		case opPing, opPong, opClose: // control frames may come between fragments
			ctl := c.msg[start:]
			c.msg = c.msg[:start]
			if op == opPing {
				if err := c.write(opPong, ctl); err != nil {
					return nil, err
				}
			}
			if op == opClose {
				c.write(opClose, ctl)
				return nil, io.EOF
			}
			continue
		}
		if fin {
			return c.msg, nil
		}
	}
}

// frame reads one frame and appends its payload to c.msg.
func (c *wsConn) frame() (fin bool, op byte, err error) {
	var h [14]byte
	if _, err := io.ReadFull(c.in, h[:2]); err != nil {
		return false, 0, err
	}
	fin, op, masked := h[0]&0x80 != 0, h[0]&0x0F, h[1]&0x80 != 0
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		if _, err := io.ReadFull(c.in, h[2:4]); err != nil {
			return false, 0, err
		}
		n = uint64(binary.BigEndian.Uint16(h[2:4]))
	case 127:
		if _, err := io.ReadFull(c.in, h[2:10]); err != nil {
			return false, 0, err
		}
		n = binary.BigEndian.Uint64(h[2:10])
	}
	var mask [4]byte
	if masked { // servers do not mask, but tolerate it
		if _, err := io.ReadFull(c.in, mask[:]); err != nil {
			return false, 0, err
		}
	}
	if n > maxMessage || uint64(len(c.msg))+n > maxMessage {
		return false, 0, errors.New("websocket: message too large for the load tool")
	}
	start := len(c.msg)
	c.msg = slices.Grow(c.msg, int(n))[:start+int(n)]
	if _, err := io.ReadFull(c.in, c.msg[start:]); err != nil {
		return false, 0, err
	}
	if masked {
		for i := range c.msg[start:] {
			c.msg[start+i] ^= mask[i%4]
		}
	}
	if op != opContinuation && op < opClose && start > 0 {
		return false, 0, errors.New("websocket: new message inside a fragmented one")
	}
	return fin, op, nil
}

// write sends one masked control frame (payload at most 125 bytes).
func (c *wsConn) write(op byte, payload []byte) error {
	frame := make([]byte, 6, 6+len(payload))
	frame[0], frame[1] = 0x80|op, 0x80|byte(len(payload))
	rand.Read(frame[2:6])
	for i, b := range payload {
		frame = append(frame, b^frame[2+i%4])
	}
	_, err := c.conn.Write(frame)
	return err
}

// Close closes the socket without a closing handshake.
func (c *wsConn) Close() error { return c.conn.Close() }
