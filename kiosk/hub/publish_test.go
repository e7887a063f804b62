package hub

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

func TestPublishBatch_EncodesOnEveryCoreAndKeepsEachTopicsOrder(t *testing.T) {
	ts := newTestServer(t, Options{SkipUnwatched: func(topic string) bool { return strings.HasPrefix(topic, "me:") }})
	phone := ts.dial(t, "topics=me:1&buffer=500") // the whole batch queues at once
	board := ts.dial(t, "topics=board")
	var built atomic.Int64
	var batch []Message
	for i := range 500 { // several encoding chunks
		n := i
		batch = append(batch,
			Message{Topic: "me:1", Kind: "round", Data: func() any { built.Add(1); return n }},
			Message{Topic: fmt.Sprint("me:", 1000+i), Kind: "round", Data: func() any { built.Add(1); return n }}, // never opened
		)
	}
	batch = append(batch, Message{Topic: "board", Kind: "round"}) // no data
	ts.hub.PublishBatch(batch)

	if built.Load() != 500 {
		t.Fatalf("built %d payloads, want 500 (unwatched topics are skipped)", built.Load())
	}
	if ts.hub.Seq("me:1") != 500 || ts.hub.Seq("me:1499") != 1 {
		t.Fatalf("seqs: me:1 %d, me:1499 %d", ts.hub.Seq("me:1"), ts.hub.Seq("me:1499"))
	}
	for i := range 500 {
		if m := readMsg(t, phone); m.Seq != uint64(i+1) || string(m.Data) != fmt.Sprint(i) {
			t.Fatalf("message %d: %+v data %s", i, m, m.Data)
		}
	}
	if m := readMsg(t, board); m.Topic != "board" || m.Seq != 1 || m.Data != nil {
		t.Fatalf("board: %+v", m)
	}
}

func TestPublishBatch_PanicInADataFunctionReachesTheCallerAndPublishesNothing(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	batch := make([]Message, 300)
	for i := range batch {
		batch[i] = Message{Topic: "board", Kind: "x", Data: func() any { return i }}
	}
	batch[250].Data = func() any { panic("broken payload") }
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "broken payload") {
			t.Fatalf("recovered %v, want the data function's panic", p)
		}
		if h.Seq("board") != 0 {
			t.Fatalf("seq %d after a failed batch, want 0", h.Seq("board"))
		}
	}()
	h.PublishBatch(batch)
}
