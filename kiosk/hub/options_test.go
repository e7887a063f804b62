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
