package hub

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Options configure a Hub. The zero value is usable: every zero field takes
// its default.
type Options struct {
	SendBuffer     int           // messages queued per client before it is dropped (default 64)
	ReadLimit      int64         // max bytes of one client message (default 4096); larger => connection closed (1009)
	PingInterval   time.Duration // default 25s; a peer silent for 2×PingInterval is reaped at the next ping
	WriteTimeout   time.Duration // default 5s; a write (message, ping, close) that takes longer drops the client
	ReplayLen      int           // messages kept per topic for resync (default 256)
	AllowedOrigins []string      // extra allowed origins ("https://example.org"); same-host origin is always allowed
	Logger         *slog.Logger  // default: discard
	// SkipUnwatched, if set, names the topics (e.g. one per attendee's
	// phone) whose messages are dropped while no connection has ever
	// subscribed to them: their seq still advances, but nothing is encoded
	// or kept. Safe when pages always start from an HTTP snapshot, which
	// includes those messages' effects. Other topics are always kept for
	// replay.
	SkipUnwatched func(topic string) bool
}

func (o Options) withDefaults() Options {
	if o.SendBuffer <= 0 {
		o.SendBuffer = 64
	}
	if o.ReadLimit <= 0 {
		o.ReadLimit = 4096
	}
	if o.PingInterval <= 0 {
		o.PingInterval = 25 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 5 * time.Second
	}
	if o.ReplayLen <= 0 {
		o.ReplayLen = 256
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// pongWait is how long a peer may stay silent (no pong, no message) before
// its connection is closed.
func (o Options) pongWait() time.Duration { return 2 * o.PingInterval }

// Hub fans messages out to WebSocket clients by topic. All methods are safe
// for concurrent use.
type Hub struct {
	opts     Options
	epoch    string
	upgrader websocket.Upgrader

	// seqMu guards seqs and orders the hand-off to the hub goroutine, so
	// the hub sees each topic's messages in seq order.
	seqMu sync.Mutex
	seqs  map[string]uint64
	// watched holds the topics some connection has subscribed to since the
	// hub started (see Options.SkipUnwatched).
	watched map[string]bool

	// ops carries publications, registrations, unregistrations and drops to
	// the hub goroutine in one FIFO, so a registration whose since= was read
	// from Seq is handled after every message up to that seq, and a
	// connection's unregistration after its registration (its reader starts
	// once the registration is queued).
	ops chan op

	// lifeMu guards closed and the Add side of conns, so that no connection
	// starts after Close began waiting.
	lifeMu  sync.Mutex
	closed  bool
	conns   sync.WaitGroup // one per connection: done when both its goroutines ended
	done    chan struct{}  // closed when Close begins: every client is closed
	quit    chan struct{}  // closed once every connection ended: the hub goroutine returns
	stopped chan struct{}  // closed by the hub goroutine when it returns

	clients atomic.Int64
}

// message is one published message, encoded once: its JSON envelope, and,
// when it has several recipients, one WebSocket frame shared by all of them.
type message struct {
	topic   string
	seq     uint64
	payload []byte
	// shared is set by the hub goroutine, before handing the message to any
	// writer, when the topic has more than one subscriber: the frame is then
	// built once. A message for one reader (a phone's own topic) skips it,
	// since preparing costs a 4 KB buffer per message.
	shared *websocket.PreparedMessage
}

// New starts a hub. Call Close to stop it.
func New(opts Options) *Hub {
	opts = opts.withDefaults()
	h := &Hub{
		opts:    opts,
		epoch:   newEpoch(),
		seqs:    make(map[string]uint64),
		watched: make(map[string]bool),
		ops:     make(chan op, 256),
		done:    make(chan struct{}),
		quit:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	h.upgrader = websocket.Upgrader{
		HandshakeTimeout: opts.WriteTimeout,
		ReadBufferSize:   256, // gorilla allocates it, but the hub reads frames from the socket itself (readMessage)
		WriteBufferSize:  1024,
		WriteBufferPool:  &sync.Pool{}, // only used by WriteMessage; prepared frames bypass it
		CheckOrigin:      h.checkOrigin,
	}
	go h.run()
	return h
}

func newEpoch() string {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand contract since Go 1.24)
	return hex.EncodeToString(b[:])
}

// Epoch identifies this hub instance: it changes at every start of the
// server, when every topic's seq starts again from 1. Pages send it back as
// the epoch= query parameter so that a seq from a previous run is never
// mistaken for one of this run.
func (h *Hub) Epoch() string { return h.epoch }

// Publish sends {"topic","seq","kind","data"} to every client subscribed to
// topic and keeps it in the topic's replay ring. data is JSON-encoded once
// for all readers (a nil data omits the field); if it cannot be encoded, Publish panics (a programming
// error). It returns the topic's new sequence number (1 for a topic's first
// message). Publish never waits for clients: a client that cannot keep up is
// dropped. It waits only when 256 publications are already queued for the
// hub goroutine (fan-out CPU, not client speed). After Close, Publish still numbers the message but sends nothing.
//
// A topic chosen by Options.SkipUnwatched that no connection has ever
// subscribed to (a phone whose page was never opened) only has its seq
// advanced: nothing is encoded, sent or kept.
func (h *Hub) Publish(topic, kind string, data any) uint64 {
	return h.PublishFunc(topic, kind, func() any { return data })
}

// PublishFunc is Publish with the payload built by data, which is called
// only when the topic has (or had) subscribers: callers skip building
// messages that nobody will read (reasons rendered in two languages for
// the phone of someone who never opened it).
func (h *Hub) PublishFunc(topic, kind string, data func() any) uint64 {
	return h.publish([]Message{{Topic: topic, Kind: kind, Data: data}})[0]
}

// watch marks topics as subscribed-to (from now on their messages are
// kept for replay) and returns each topic's seq at that moment. A message
// published just before is not in the ring: a client asking for it by
// since= gets "resync" and reloads its snapshot; a client whose since= is
// that seq has missed nothing, even when the ring is empty (see
// state.subscribe).
func (h *Hub) watch(topics []string) map[string]uint64 {
	at := make(map[string]uint64, len(topics))
	h.seqMu.Lock()
	for _, t := range topics {
		h.watched[t] = true
		at[t] = h.seqs[t]
	}
	h.seqMu.Unlock()
	return at
}

// Seq returns the sequence number of topic's last published message (0 if
// none). A snapshot must take Seq before reading the state it describes.
func (h *Hub) Seq(topic string) uint64 {
	h.seqMu.Lock()
	defer h.seqMu.Unlock()
	return h.seqs[topic]
}

// Drop closes every connection subscribed to topic, with close code 1008
// ("revoked"), within a second (in practice: as soon as the hub goroutine
// handles it and each writer sends its close frame). Used when a phone link
// is revoked.
func (h *Hub) Drop(topic string) {
	h.send(op{drop: topic})
}

// ForgetReplay empties topic's replay ring: a page that reconnects with
// since= older than the next message gets "resync" and reloads its
// snapshot instead of replaying what was published before. Messages
// published before the call are forgotten, those after are kept; used
// when what earlier messages showed must no longer be shown (a person
// erased, or withdrawing their consent to the board).
func (h *Hub) ForgetReplay(topic string) {
	h.send(op{forget: topic})
}

// send hands o to the hub goroutine; it reports false once the hub stopped.
func (h *Hub) send(o op) bool {
	select {
	case h.ops <- o:
		return true
	case <-h.done:
		return false
	}
}

// Clients returns the number of connections currently registered.
func (h *Hub) Clients() int { return int(h.clients.Load()) }

// Close sends a close frame (1001, "going away") to every connection, closes
// them, and returns once every goroutine of the hub has ended (at most
// Options.WriteTimeout later for a peer that stopped reading). Serve after
// Close answers 503. Close is idempotent.
func (h *Hub) Close() {
	h.lifeMu.Lock()
	already := h.closed
	h.closed = true
	h.lifeMu.Unlock()
	if !already {
		close(h.done)
		h.conns.Wait()
		close(h.quit)
	}
	<-h.stopped
}
