package hub

import (
	"strings"
	"testing"
	"time"
)

func TestWithSendBuffer_DeepQueueRidesOutABurstThatDropsTheDefault(t *testing.T) {
	ts := newTestServer(t, Options{SendBuffer: 8})
	deep := ts.dial(t, "topics=board&buffer=1000")
	shallow := ts.dial(t, "topics=board")
	big := strings.Repeat("x", 64<<10) // fills socket buffers fast
	const n = 300
	for i := 0; i < n; i++ {
		ts.hub.Publish("board", "arrival", big)
	}
	time.Sleep(200 * time.Millisecond) // neither client has read yet
	for i := 1; i <= n; i++ {
		if m := readMsg(t, deep); m.Seq != uint64(i) {
			t.Fatalf("deep client: message %d has seq %d", i, m.Seq)
		}
	}
	if code := readClose(t, shallow, 5*time.Second); code != 1013 {
		t.Fatalf("shallow client close code = %d, want 1013 (too slow)", code)
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
