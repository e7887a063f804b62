package hub

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestWithSendBuffer_DeepQueueRidesOutABurstThatDropsTheDefault(t *testing.T) {
	// A writer blocked on a full socket while the test reads the other
	// client must not time out: that ends the socket without the 1013 close
	// frame (1006), which is what a busy machine used to show.
	ts := newTestServer(t, Options{SendBuffer: 8, WriteTimeout: patience})
	deep := ts.dial(t, "topics=board&buffer=1000")
	shallow := ts.dial(t, "topics=board")
	big := strings.Repeat("x", 64<<10) // 300 × 64 KB outgrows the socket buffers
	const n = 300
	for i := 0; i < n; i++ {
		ts.hub.Publish("board", "arrival", big)
	}
	// Neither client has read: the shallow queue overflows, the deep does not.
	waitFor(t, "the shallow client dropped", func() bool { return ts.hub.Clients() == 1 })
	deepDone := make(chan error, 1)
	go func() { // both read at once, so that neither writer waits on the test
		for i := 1; i <= n; i++ {
			var m wireMsg
			deep.SetReadDeadline(time.Now().Add(patience))
			if err := deep.ReadJSON(&m); err != nil || m.Seq != uint64(i) {
				deepDone <- fmt.Errorf("deep client: message %d: seq %d, %v", i, m.Seq, err)
				return
			}
		}
		deepDone <- nil
	}()
	if code := readClose(t, shallow, patience); code != 1013 {
		t.Errorf("shallow client close code = %d, want 1013 (too slow)", code)
	}
	if err := <-deepDone; err != nil {
		t.Fatal(err)
	}
}

func TestSkipUnwatched_NeverOpenedTopicOnlyAdvancesItsSeq(t *testing.T) {
	ts := newTestServer(t, Options{SkipUnwatched: func(topic string) bool { return strings.HasPrefix(topic, "me:") }})
	built := 0
	for i := 0; i < 3; i++ {
		ts.hub.PublishFunc("me:7", "arrived", func() any { built++; return i })
	}
	if built != 0 || ts.hub.Seq("me:7") != 3 {
		t.Fatalf("unwatched topic: payload built %d times, seq %d; want 0 and 3", built, ts.hub.Seq("me:7"))
	}
	c := ts.dial(t, "topics=me:7&since=me:3") // the page's snapshot said seq 3
	ts.hub.PublishFunc("me:7", "arrived", func() any { built++; return "live" })
	if m := readMsg(t, c); m.Seq != 4 || m.Kind != "arrived" || built != 1 {
		t.Fatalf("after the page subscribed: %+v (built %d)", m, built)
	}
	// Other topics keep their ring even before anyone subscribes.
	ts.hub.Publish("board", "arrival", 1)
	b := ts.dial(t, "topics=board&since=board:0")
	if m := readMsg(t, b); m.Seq != 1 || m.Kind != "arrival" {
		t.Fatalf("board replay: %+v", m)
	}
}

func TestSkipUnwatched_FirstSubscriberWithTheTopicsSeqGetsNoResync(t *testing.T) {
	ts := newTestServer(t, Options{SkipUnwatched: func(topic string) bool { return strings.HasPrefix(topic, "me:") }})
	ts.hub.Publish("me:8", "arrived", 1)
	ts.hub.Publish("me:8", "arrived", 2) // nobody watches: seq 2, nothing kept
	c := ts.dial(t, "topics=me:8&since=me:8:2&epoch="+ts.hub.Epoch())
	ts.hub.Publish("me:8", "arrived", 3)
	if m := readMsg(t, c); m.Seq != 3 || m.Kind != "arrived" {
		t.Fatalf("a page whose snapshot is as new as the topic got %+v first; want the live message 3, no resync", m)
	}
	ts.hub.Publish("me:10", "arrived", 1)
	behind := ts.dial(t, "topics=me:10&since=me:10:0&epoch="+ts.hub.Epoch())
	if m := readMsg(t, behind); m.Kind != "resync" {
		t.Fatalf("a page behind a never-watched topic must reload (before: it missed message 1 silently): got %+v", m)
	}
}
