package hub

import (
	"strconv"
	"time"

	"github.com/gorilla/websocket"
)

// op is one request to the hub goroutine: exactly one field is set.
type op struct {
	batch []*message    // publish, in order
	reg   *registration // subscribe a new connection
	unreg *client       // its reader ended: gorilla already answered any close frame
	drop  string        // close every connection of this topic
	// forget empties this topic's replay ring (ForgetReplay)
	forget string
}

// registration subscribes a new connection, replaying what it missed.
type registration struct {
	c       *client
	since   map[string]uint64 // topic → last seq the page has; absent: no replay asked
	epochOK bool              // false when the page's epoch= names another run of the server
	// watchedAt is each topic's seq when the connection started watching
	// it (Hub.watch): every later message is in the ring or still to come,
	// so the ring catches up to it (ring.catchUp).
	watchedAt map[string]uint64
}

// topicState is what the hub goroutine knows of one topic.
type topicState struct {
	subs map[*client]struct{}
	ring ring
}

// state is owned by the hub goroutine; nothing else touches it.
type state struct {
	h       *Hub
	clients map[*client]struct{}
	topics  map[string]*topicState
}

// run is the hub goroutine: it owns every client and topic. When Close
// begins (done), it closes every client with 1001 and keeps answering
// (closing late registrations at once) until Close has seen every
// connection end (quit).
func (h *Hub) run() {
	defer close(h.stopped)
	s := &state{h: h, clients: make(map[*client]struct{}), topics: make(map[string]*topicState)}
	done := h.done
	ping := time.NewTicker(h.opts.PingInterval) // one ticker pings every client
	defer ping.Stop()
	for {
		select {
		case o := <-h.ops:
			switch {
			case done == nil: // closing: every registered client is already stopped
				if o.reg != nil {
					s.stop(o.reg.c, websocket.CloseGoingAway, "server stopping")
				}
			case o.batch != nil:
				for _, m := range o.batch {
					s.publish(m)
				}
			case o.reg != nil:
				s.subscribe(o.reg)
			case o.unreg != nil:
				s.remove(o.unreg, 0, "")
			case o.forget != "":
				if t := s.topics[o.forget]; t != nil {
					t.ring.clear()
				}
			default:
				s.dropTopic(o.drop)
			}
		case <-done:
			done = nil
			for c := range s.clients {
				s.remove(c, websocket.CloseGoingAway, "server stopping")
			}
		case now := <-ping.C:
			s.pingOrReap(now)
		case <-h.quit:
			return
		}
	}
}

// pingOrReap queues a ping for every client heard from within pongWait and
// closes the others (no close frame: the peer is gone or stuck).
func (s *state) pingOrReap(now time.Time) {
	silent := now.Add(-s.h.opts.pongWait()).UnixNano()
	for c := range s.clients {
		if c.lastHeard.Load() < silent {
			s.remove(c, 0, "")
			continue
		}
		s.deliver(c, pingMessage)
	}
}

func (s *state) topic(name string) *topicState {
	t := s.topics[name]
	if t == nil {
		t = &topicState{subs: make(map[*client]struct{}), ring: ring{max: s.h.opts.ReplayLen}}
		s.topics[name] = t
	}
	return t
}

func (s *state) publish(m *message) {
	t := s.topic(m.topic)
	t.ring.push(m.seq, m)
	if len(t.subs) > 1 {
		m.shared = prepare(m.payload)
	}
	for c := range t.subs {
		s.deliver(c, m)
	}
}

// deliver queues m (pingMessage: a ping) for c without waiting and makes sure a
// writer runs; a client whose queue is full is dropped.
func (s *state) deliver(c *client, m *message) {
	if c.enqueue(m) {
		c.kick(&s.h.opts)
	} else {
		s.h.opts.Logger.Info("hub: dropping slow client", "remote", c.remote, "topics", c.topics)
		s.remove(c, websocket.CloseTryAgainLater, "too slow")
	}
}

func (s *state) subscribe(r *registration) {
	c := r.c
	s.clients[c] = struct{}{}
	s.h.clients.Add(1)
	for _, name := range c.topics {
		t := s.topic(name)
		t.subs[c] = struct{}{}
		t.ring.catchUp(r.watchedAt[name])
		since, asked := r.since[name]
		if !asked {
			continue
		}
		missed, ok := t.ring.after(since)
		if !r.epochOK || !ok || len(missed) > c.queueMax-c.queued() {
			s.deliver(c, resyncFrame(name, t.ring.last, s.h.epoch))
			continue
		}
		for _, m := range missed {
			s.deliver(c, m)
		}
	}
}

// remove unsubscribes c and tells its writer to stop, sending a close frame
// with code unless code is 0. Removing a client twice does nothing.
func (s *state) remove(c *client, code int, text string) {
	if _, ok := s.clients[c]; !ok {
		return
	}
	delete(s.clients, c)
	s.h.clients.Add(-1)
	for _, name := range c.topics {
		if t := s.topics[name]; t != nil {
			delete(t.subs, c)
		}
	}
	s.stop(c, code, text)
}

// stop ends c's connection, with a close frame unless code is 0.
func (s *state) stop(c *client, code int, text string) {
	c.closeCode, c.closeText = code, text
	close(c.stop)
	c.kick(&s.h.opts)
}

func (s *state) dropTopic(name string) {
	t := s.topics[name]
	if t == nil {
		return
	}
	for c := range t.subs {
		s.remove(c, websocket.ClosePolicyViolation, "revoked")
	}
}

// resyncFrame tells a page that its gap cannot be replayed: it must reload
// its snapshot. seq is 0 (it is not a numbered message of the topic); the
// topic's current seq and the hub's epoch are in data.
func resyncFrame(topic string, last uint64, epoch string) *message {
	e := encodeParts(topic, "resync", nil)
	e.tail = append(e.tail[:len(e.tail)-1], `,"data":{"seq":`...)
	e.tail = strconv.AppendUint(e.tail, last, 10)
	e.tail = append(append(append(e.tail, `,"epoch":"`...), epoch...), `"}}`...)
	return &message{topic: topic, payload: e.with(0)}
}
