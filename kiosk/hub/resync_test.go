package hub

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestServe_Since_ReplaysOrAsksForResync(t *testing.T) {
	for _, tc := range []struct {
		name       string
		opts       Options
		published  int    // board messages published before the page reconnects
		query      string // after topics=board
		wantSeqs   []uint64
		wantResync bool
	}{
		{name: "gap in the ring is replayed", published: 5, query: "&since=board:2", wantSeqs: []uint64{3, 4, 5}},
		{name: "up to date gets nothing", published: 5, query: "&since=board:5"},
		{name: "no since gets nothing", published: 5},
		{name: "whole ring replayed", opts: Options{ReplayLen: 4}, published: 10, query: "&since=board:6", wantSeqs: []uint64{7, 8, 9, 10}},
		{name: "gap older than the ring", opts: Options{ReplayLen: 4}, published: 10, query: "&since=board:5", wantResync: true},
		{name: "seq ahead of the server (restart)", published: 3, query: "&since=board:50", wantResync: true},
		{name: "another epoch", published: 5, query: "&since=board:4&epoch=0123", wantResync: true},
		{name: "gap larger than the send queue", opts: Options{SendBuffer: 2}, published: 5, query: "&since=board:1", wantResync: true},
		{name: "since for another topic ignored", published: 5, query: "&since=me-9:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, tc.opts)
			for i := range tc.published {
				ts.hub.Publish("board", "arrival", i+1)
			}
			conn := ts.dial(t, "topics=board"+tc.query)
			ts.hub.Publish("board", "live", nil) // marks the end of what the connection missed

			if tc.wantResync {
				m := readMsg(t, conn)
				var data struct {
					Seq   uint64
					Epoch string
				}
				json.Unmarshal(m.Data, &data)
				if m.Kind != "resync" || m.Topic != "board" || m.Seq != 0 || data.Seq != uint64(tc.published) || data.Epoch != ts.hub.Epoch() {
					t.Fatalf("got %+v %s, want resync for board with seq %d and epoch %s", m, m.Data, tc.published, ts.hub.Epoch())
				}
			}
			for _, want := range tc.wantSeqs {
				if m := readMsg(t, conn); m.Seq != want || m.Kind != "arrival" || string(m.Data) != fmt.Sprint(want) {
					t.Fatalf("replayed %+v %s, want arrival seq %d", m, m.Data, want)
				}
			}
			if m := readMsg(t, conn); m.Kind != "live" || m.Seq != uint64(tc.published)+1 {
				t.Fatalf("after the replay got %+v, want the live message seq %d", m, tc.published+1)
			}
		})
	}
}

func TestServe_ReconnectWithSinceLosesNothing(t *testing.T) {
	ts := newTestServer(t, Options{})
	conn := ts.dial(t, "topics=board,me-1")
	ts.hub.Publish("board", "a", nil)
	ts.hub.Publish("me-1", "b", nil)
	last := map[string]uint64{}
	for range 2 {
		m := readMsg(t, conn)
		last[m.Topic] = m.Seq
	}
	conn.Close() // a flaky phone network
	waitFor(t, "disconnect seen", func() bool { return ts.hub.Clients() == 0 })
	ts.hub.Publish("board", "missed", nil)
	ts.hub.Publish("me-1", "missed", nil)

	q := fmt.Sprintf("topics=board,me-1&epoch=%s&since=board:%d,me-1:%d", ts.hub.Epoch(), last["board"], last["me-1"])
	conn = ts.dial(t, q)
	got := map[string]wireMsg{}
	for range 2 {
		m := readMsg(t, conn)
		got[m.Topic] = m
	}
	for _, topic := range []string{"board", "me-1"} {
		if m := got[topic]; m.Kind != "missed" || m.Seq != 2 {
			t.Fatalf("%s after reconnect: %+v, want the missed seq 2", topic, m)
		}
	}
}

func TestServe_SinceAfterSeqNeverMissesAConcurrentPublish(t *testing.T) {
	// A page reads Seq for its snapshot while publishes go on, then
	// connects with since=: every later message must reach it, exactly once.
	ts := newTestServer(t, Options{ReplayLen: 4096, SendBuffer: 4096})
	stop := make(chan struct{})
	published := make(chan uint64, 1)
	go func() {
		var seq uint64
		defer func() { published <- seq }()
		for seq < 3000 { // fewer than the ring and the queue hold
			select {
			case <-stop:
				return
			default:
				seq = ts.hub.Publish("board", "tick", nil)
			}
		}
	}()
	waitFor(t, "publishes under way", func() bool { return ts.hub.Seq("board") > 0 })
	since := ts.hub.Seq("board")
	conn := ts.dial(t, fmt.Sprintf("topics=board&since=board:%d", since))
	waitFor(t, "publishes after the connection", func() bool { return ts.hub.Seq("board") >= min(since+100, 3000) })
	close(stop)
	last := <-published
	for want := since + 1; want <= last; want++ {
		if m := readMsg(t, conn); m.Seq != want {
			t.Fatalf("got seq %d, want %d (since %d, last %d)", m.Seq, want, since, last)
		}
	}
}
