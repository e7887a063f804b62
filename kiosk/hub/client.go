package hub

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// client is one WebSocket connection. The hub goroutine owns its
// subscription; its reader goroutine owns the socket's reading side and its
// writer owns the writing side.
//
// The writer runs only while there is something to write (a frame, a ping,
// the final close): an idle connection keeps one goroutine, not two, and
// that reader parks on a 2 KB stack (see readMessage), which is what keeps
// it near 6 KB. There is never more than one writer.
type client struct {
	conn   *websocket.Conn // writes (gorilla frames them)
	raw    net.Conn        // reads (see readMessage)
	header [8]byte         // the reader's frame header and masking key
	mask   [4]byte
	text   bool      // the message being read is text (its continuations are checked as UTF-8)
	utf8   utf8Check // how far its UTF-8 is
	remote string
	topics []string
	// onClose runs once the connection is entirely gone (WithOnClose).
	onClose func()
	// lastHeard is when the reader last got a frame (unix nanoseconds): the
	// hub goroutine reaps a peer silent for longer than pongWait. (A read
	// deadline per frame would do the same at the cost of a timer reset per
	// frame and a deeper reader stack.)
	lastHeard atomic.Int64

	// The messages for the writer, at most queueMax: next is the oldest,
	// queue the ones after it. A lone message (a phone's, a broadcast's)
	// takes only the next slot; the queue's memory is released whenever it
	// drains, so an idle connection holds none.
	queueMu  sync.Mutex
	next     *message
	queue    []*message
	queueMax int

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
		if m, ok := c.dequeue(); ok {
			if err := c.write(m, opts.WriteTimeout); err != nil {
				c.finish()
				return
			}
			continue
		}
		c.writing.Store(false)
		if c.queued() == 0 && !c.stopped() || !c.writing.CompareAndSwap(false, true) {
			return // idle, or a new writer took over
		}
	}
}

// enqueue adds m for the writer; it reports false when queueMax messages
// are already waiting.
func (c *client) enqueue(m *message) bool {
	c.queueMu.Lock()
	defer c.queueMu.Unlock()
	switch {
	case c.lenLocked() >= c.queueMax:
		return false
	case c.next == nil && len(c.queue) == 0:
		c.next = m
	default:
		c.queue = append(c.queue, m)
	}
	return true
}

// dequeue takes the oldest queued message; ok is false when there is none.
func (c *client) dequeue() (m *message, ok bool) {
	c.queueMu.Lock()
	defer c.queueMu.Unlock()
	if c.next != nil {
		m, c.next = c.next, nil
		return m, true
	}
	if len(c.queue) == 0 {
		c.queue = nil // drained: release its memory
		return nil, false
	}
	m, c.queue[0] = c.queue[0], nil
	c.queue = c.queue[1:]
	return m, true
}

// queued is the number of messages waiting for the writer.
func (c *client) queued() int {
	c.queueMu.Lock()
	defer c.queueMu.Unlock()
	return c.lenLocked()
}

func (c *client) lenLocked() int {
	if c.next != nil {
		return 1 + len(c.queue)
	}
	return len(c.queue)
}

// pingMessage in a client's queue asks its writer for a ping.
var pingMessage = new(message)

// write sends m (pingMessage: a ping). A message for one reader is framed in the
// connection's pooled write buffer; one for several uses its shared frame.
func (c *client) write(m *message, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	if m == pingMessage {
		return c.conn.WriteControl(websocket.PingMessage, nil, deadline)
	}
	c.conn.SetWriteDeadline(deadline)
	if m.shared != nil {
		return c.conn.WritePreparedMessage(m.shared)
	}
	return c.conn.WriteMessage(websocket.TextMessage, m.payload)
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
	defer c.onClose()
	for {
		msg, err := c.readMessage(h.opts.ReadLimit, h.opts.WriteTimeout)
		if err != nil {
			break
		}
		if onMessage != nil {
			c.forward(msg, onMessage)
		}
	}
	h.unregisterAfterReading(c)
}

// forward hands a client message to onMessage with its topic (see Serve).
func (c *client) forward(msg []byte, onMessage func(topic string, msg []byte)) {
	if topic, ok := clientTopic(msg, c.topics); ok {
		onMessage(topic, msg)
	}
}

// unregisterAfterReading tells the hub goroutine that c's reader ended and
// waits for c's writer. It goes through ops, behind c's registration: on a
// channel of its own it could be handled first, and c registered after,
// with nobody reading it.
func (h *Hub) unregisterAfterReading(c *client) {
	h.send(op{unreg: c}) // false once Close began: the hub stops every client it has, and refuses late registrations
	<-c.writerDone
}
