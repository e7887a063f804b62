package hub

// ring keeps the last max messages of one topic, numbered without gaps up to
// last. It grows on demand, so a quiet topic costs little.
type ring struct {
	max   int
	buf   []*message
	start int    // index of the oldest message once buf is full
	last  uint64 // seq of the newest message (0: none yet)
}

// push appends the message numbered seq, which must be last+1.
func (r *ring) push(seq uint64, m *message) {
	r.last = seq
	if len(r.buf) < r.max {
		r.buf = append(r.buf, m)
		return
	}
	r.buf[r.start] = m
	r.start = (r.start + 1) % r.max
}

// clear forgets every kept message; the numbering goes on from last, so a
// page asking for anything before it gets a resync.
func (r *ring) clear() {
	clear(r.buf)
	r.buf, r.start = r.buf[:0], 0
}

// catchUp numbers the ring on from seq when the messages up to seq were
// published without being kept (a topic nobody watched, see
// Options.SkipUnwatched): after it, a page whose since= is seq has missed
// nothing and one asking for anything older gets a resync, as after
// clear. Messages kept from before the gap are forgotten: they could not
// be replayed in order.
func (r *ring) catchUp(seq uint64) {
	if seq > r.last {
		r.clear()
		r.last = seq
	}
}

// after returns the messages numbered since+1 … last, oldest first. ok is
// false when they cannot all be replayed: since is ahead of last (another
// run of the server) or older than the ring's oldest message.
func (r *ring) after(since uint64) (messages []*message, ok bool) {
	if since > r.last {
		return nil, false
	}
	missing := r.last - since
	if missing > uint64(len(r.buf)) {
		return nil, false
	}
	messages = make([]*message, 0, missing)
	for i := len(r.buf) - int(missing); i < len(r.buf); i++ {
		messages = append(messages, r.buf[(r.start+i)%len(r.buf)])
	}
	return messages, true
}
