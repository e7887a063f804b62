package hub

import (
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// client is one WebSocket connection. The hub goroutine owns its
// subscription; its reader goroutine owns the socket's reading side and its
// writer owns the writing side.
//
// The writer runs only while there is something to write (a frame, a ping,
// the final close): an idle connection keeps one goroutine, not two, which
// is what keeps it under 10 KB. There is never more than one writer.
type client struct {
	conn   *websocket.Conn
	remote string
	topics []string
	send   chan *websocket.PreparedMessage // frames queued for the writer; nil asks for a ping

	// stop is closed by the hub goroutine (once) to end the connection; the
	// close frame to send, if any, is set just before.
	stop      chan struct{}
	closeCode int
	closeText string

	// writing is true while a writer goroutine runs, and forever after the
	// writer that closed the socket: whoever sets it from false starts one.
	writing    atomic.Bool
	writerDone chan struct{} // closed by the writer that closed the socket
}

// kick starts a writer unless one is running. The hub calls it after
// queueing a frame or closing stop.
func (c *client) kick(opts *Options) {
	if c.writing.CompareAndSwap(false, true) {
		go c.writeLoop(opts)
	}
}

// writeLoop writes what is queued, then returns. It ends the connection
// (close frame if asked, socket closed, writerDone closed, writing left
// true) when stop is closed or a write fails; closing the socket ends the
// reader.
func (c *client) writeLoop(opts *Options) {
	for {
		select {
		case <-c.stop:
			c.sendClose(opts.WriteTimeout)
			c.finish()
			return
		default:
		}
		select {
		case pm := <-c.send:
			if err := c.write(pm, opts.WriteTimeout); err != nil {
				c.finish()
				return
			}
		default:
			c.writing.Store(false)
			if len(c.send) == 0 && !c.stopped() || !c.writing.CompareAndSwap(false, true) {
				return // idle, or a new writer took over
			}
		}
	}
}

func (c *client) write(pm *websocket.PreparedMessage, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	if pm == nil {
		return c.conn.WriteControl(websocket.PingMessage, nil, deadline)
	}
	c.conn.SetWriteDeadline(deadline)
	return c.conn.WritePreparedMessage(pm)
}

func (c *client) stopped() bool {
	select {
	case <-c.stop:
		return true
	default:
		return false
	}
}

func (c *client) finish() {
	c.conn.Close()
	close(c.writerDone)
}

func (c *client) sendClose(timeout time.Duration) {
	if c.closeCode == 0 {
		return
	}
	msg := websocket.FormatCloseMessage(c.closeCode, c.closeText)
	c.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(timeout))
}

// readLoop reads client messages until the socket fails or closes, then
// unregisters the client and waits for its writer, so that when it returns
// the connection is entirely gone.
func (h *Hub) readLoop(c *client, onMessage func(topic string, msg []byte)) {
	defer h.conns.Done()
	pongWait := h.opts.pongWait()
	c.conn.SetReadLimit(h.opts.ReadLimit)
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	for {
		_, msg, err := c.conn.ReadMessage()
		if err != nil {
			break
		}
		c.conn.SetReadDeadline(time.Now().Add(pongWait))
		if onMessage == nil {
			continue
		}
		if topic, ok := clientTopic(msg, c.topics); ok {
			onMessage(topic, msg)
		}
	}
	select {
	case h.unregister <- c:
	case <-h.done: // the hub stops every client it still has
	}
	<-c.writerDone
}
