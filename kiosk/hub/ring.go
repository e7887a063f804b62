package hub

import "github.com/gorilla/websocket"

// ring keeps the last max frames of one topic, numbered without gaps up to
// last. It grows on demand, so a quiet topic costs little.
type ring struct {
	max   int
	buf   []*websocket.PreparedMessage
	start int    // index of the oldest frame once buf is full
	last  uint64 // seq of the newest frame (0: none yet)
}

// push appends the frame numbered seq, which must be last+1.
func (r *ring) push(seq uint64, pm *websocket.PreparedMessage) {
	r.last = seq
	if len(r.buf) < r.max {
		r.buf = append(r.buf, pm)
		return
	}
	r.buf[r.start] = pm
	r.start = (r.start + 1) % r.max
}

// after returns the frames numbered since+1 … last, oldest first. ok is
// false when they cannot all be replayed: since is ahead of last (another
// run of the server) or older than the ring's oldest frame.
func (r *ring) after(since uint64) (frames []*websocket.PreparedMessage, ok bool) {
	if since > r.last {
		return nil, false
	}
	missing := r.last - since
	if missing > uint64(len(r.buf)) {
		return nil, false
	}
	frames = make([]*websocket.PreparedMessage, 0, missing)
	for i := len(r.buf) - int(missing); i < len(r.buf); i++ {
		frames = append(frames, r.buf[(r.start+i)%len(r.buf)])
	}
	return frames, true
}
