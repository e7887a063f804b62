package hub

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// Serve upgrades the request to a WebSocket and subscribes the connection to
// topics. Authorisation is the caller's job, done before calling Serve.
//
// Query parameters: since=<topic>:<seq>,... asks to replay what the page
// missed after those seqs (from the ring; when the gap cannot be replayed
// the page gets {"kind":"resync"} for that topic); epoch=<Epoch()> says
// which run of the server those seqs come from (a different epoch always
// means resync).
//
// onMessage, if not nil, receives each client message that is a JSON object,
// with the topic it names in its "topic" field when that is one of the
// connection's topics, else the connection's first topic; other messages,
// and messages naming a topic the connection is not subscribed to, are
// discarded. It runs on the connection's reader goroutine: while it runs,
// that connection reads nothing more. Messages over Options.ReadLimit close
// the connection (1009), text that is not UTF-8 closes it (1007), and so
// does a frame that breaks RFC 6455 (1002); a client's close frame is
// echoed with its code, unless that code may not be sent (1002).
//
// Answers: 503 after Close, 400 for a malformed since= or no topic, 403 for
// a refused Origin, otherwise the upgrade. Serve returns as soon as the
// connection is registered; its goroutines live until it closes.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, topics []string, onMessage func(topic string, msg []byte), opts ...ServeOption) {
	cfg := serveConfig{sendBuffer: h.opts.SendBuffer, onClose: func() {}}
	for _, o := range opts {
		o(&cfg)
	}
	registered := false
	defer func() {
		if !registered {
			cfg.onClose()
		}
	}()
	if len(topics) == 0 {
		http.Error(w, "hub: no topic", http.StatusBadRequest)
		return
	}
	since, err := parseSince(r.URL.Query().Get("since"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !h.startConn() {
		http.Error(w, "hub: closed", http.StatusServiceUnavailable)
		return
	}
	conn, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil { // the upgrader has answered (403 for a refused origin)
		h.conns.Done()
		return
	}
	c := &client{
		conn:       conn,
		raw:        conn.NetConn(),
		remote:     r.RemoteAddr,
		topics:     append([]string(nil), topics...),
		queueMax:   cfg.sendBuffer,
		onClose:    cfg.onClose,
		stop:       make(chan struct{}),
		writerDone: make(chan struct{}),
	}
	c.lastHeard.Store(time.Now().UnixNano())
	epoch := r.URL.Query().Get("epoch")
	watchedAt := h.watch(c.topics)
	reg := &registration{c: c, since: since, watchedAt: watchedAt, epochOK: epoch == "" || epoch == h.epoch}
	if !h.send(op{reg: reg}) {
		c.closeCode, c.closeText = websocket.CloseGoingAway, "server stopping"
		c.sendClose(h.opts.WriteTimeout)
		conn.Close()
		h.conns.Done()
		return
	}
	registered = true
	go h.readLoop(c, onMessage)
}

// ServeOption tunes one connection.
type ServeOption func(*serveConfig)

type serveConfig struct {
	sendBuffer int
	onClose    func()
}

// WithOnClose has fn called exactly once per Serve call: when the
// connection is entirely gone, or when Serve answers without one (a
// refused upgrade, a closed hub). Callers that cap connections release
// their slot in it.
func WithOnClose(fn func()) ServeOption {
	return func(c *serveConfig) {
		if fn != nil {
			c.onClose = fn
		}
	}
}

// WithSendBuffer sets how many messages may queue for this connection
// before it is dropped as too slow (default Options.SendBuffer). Screens
// that receive every message of a busy topic (the board at the morning
// rush) want a deep queue; the many phones, whose topics are quiet, keep
// the small default (a queue holds memory only while messages wait).
func WithSendBuffer(n int) ServeOption {
	return func(c *serveConfig) {
		if n > 0 {
			c.sendBuffer = n
		}
	}
}

// startConn counts one more live connection unless the hub is closed.
func (h *Hub) startConn() bool {
	h.lifeMu.Lock()
	defer h.lifeMu.Unlock()
	if h.closed {
		return false
	}
	h.conns.Add(1)
	return true
}

// checkOrigin accepts requests without an Origin header (not a browser, so
// no cross-site risk), from the same host as the request, or from one of
// Options.AllowedOrigins (scheme and host, compared without case).
func (h *Hub) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	for _, allowed := range h.opts.AllowedOrigins {
		if strings.EqualFold(strings.TrimSuffix(allowed, "/"), u.Scheme+"://"+u.Host) {
			return true
		}
	}
	return false
}
