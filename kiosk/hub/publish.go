package hub

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gorilla/websocket"
)

// Message is one message of a PublishBatch: what PublishFunc takes.
type Message struct {
	Topic, Kind string
	// Data builds the payload; it is called only when Topic has (or had)
	// subscribers (see PublishFunc), possibly on another goroutine. Nil
	// omits the "data" field.
	Data func() any
}

// PublishBatch publishes msgs as PublishFunc would, one after the other
// (each topic's seqs follow the order of msgs), but builds and encodes them
// on every core first, then hands them to the hub goroutine in one piece.
// It is for the thousands of messages of one event (a round: one table per
// phone): they leave together, instead of trickling out behind one encoder
// while the first are already being written. Data functions run
// concurrently with each other; if one panics, PublishBatch panics on the
// caller's goroutine once the others are done, and nothing is published.
func (h *Hub) PublishBatch(msgs []Message) {
	h.publish(msgs)
}

// publishChunk is how many messages an encoding worker takes at a time.
const publishChunk = 64

// publish numbers msgs and hands the encoded ones to the hub goroutine in one
// op; it returns their seqs.
func (h *Hub) publish(msgs []Message) []uint64 {
	seqs := make([]uint64, len(msgs))
	wanted := make([]bool, len(msgs)) // false: skipped, unwatched (its seq is already set)
	h.seqMu.Lock()
	for i, m := range msgs {
		if h.opts.SkipUnwatched != nil && !h.watched[m.Topic] && h.opts.SkipUnwatched(m.Topic) {
			h.seqs[m.Topic]++
			seqs[i] = h.seqs[m.Topic]
			continue
		}
		wanted[i] = true
	}
	h.seqMu.Unlock()

	// Outside the lock: other publishers encode in parallel too.
	parts := make([]envelope, len(msgs))
	encodeAll(len(msgs), func(i int) {
		if wanted[i] {
			parts[i] = encodeParts(msgs[i].Topic, msgs[i].Kind, msgs[i].Data)
		}
	})

	h.seqMu.Lock()
	defer h.seqMu.Unlock()
	batch := make([]*message, 0, len(msgs))
	for i, m := range msgs {
		if !wanted[i] {
			continue
		}
		seq := h.seqs[m.Topic] + 1
		h.seqs[m.Topic] = seq
		seqs[i] = seq
		batch = append(batch, &message{topic: m.Topic, seq: seq, payload: parts[i].with(seq)})
	}
	if len(batch) > 0 {
		h.send(op{batch: batch})
	}
	return seqs
}

// encodeAll calls encode(i) for every i in [0, n), spread over up to
// GOMAXPROCS goroutines (the caller's included) in chunks of publishChunk.
// A panic in encode is re-raised on the caller's goroutine after every
// worker stopped.
func encodeAll(n int, encode func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+publishChunk-1)/publishChunk)
	if workers <= 1 {
		for i := range n {
			encode(i)
		}
		return
	}
	var next atomic.Int64
	var failure atomic.Value
	work := func() {
		defer func() {
			if p := recover(); p != nil {
				failure.CompareAndSwap(nil, fmt.Sprint(p))
				next.Store(int64(n)) // the others stop at their next chunk
			}
		}()
		for {
			start := int(next.Add(publishChunk)) - publishChunk
			if start >= n {
				return
			}
			for i := start; i < min(start+publishChunk, n); i++ {
				encode(i)
			}
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	if p := failure.Load(); p != nil {
		panic(p)
	}
}

// envelope is one message's JSON around its seq: head is
// `{"topic":T,"seq":` and tail is `,"kind":K,"data":D}`.
type envelope struct{ head, tail []byte }

// encodeParts encodes the envelope of a message; data may be nil.
func encodeParts(topic, kind string, data func() any) envelope {
	t, _ := json.Marshal(topic) // a string always encodes
	k, _ := json.Marshal(kind)
	head := append(append(append([]byte(nil), `{"topic":`...), t...), `,"seq":`...)
	tail := append(append([]byte(`,"kind":`), k...), '}')
	if data == nil {
		return envelope{head, tail}
	}
	if v := data(); v != nil {
		d, err := json.Marshal(v)
		if err != nil {
			panic("hub: Publish: data is not JSON-encodable: " + err.Error())
		}
		tail = append(append(append(tail[:len(tail)-1], `,"data":`...), d...), '}')
	}
	return envelope{head, tail}
}

// with assembles the envelope around seq.
func (e envelope) with(seq uint64) []byte {
	b := make([]byte, 0, len(e.head)+20+len(e.tail))
	return append(strconv.AppendUint(append(b, e.head...), seq, 10), e.tail...)
}

// prepare wraps a payload as a frame prepared once for every connection.
func prepare(payload []byte) *websocket.PreparedMessage {
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, payload)
	if err != nil {
		panic("hub: preparing frame: " + err.Error()) // only fails with compression, which is off
	}
	return pm
}
