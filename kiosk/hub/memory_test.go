package hub

import (
	"os"
	"runtime/pprof"
	"testing"
	"time"

	"icebreaker/internal/racefree"
	"icebreaker/kiosk/hub/internal/idle"
)

// TestHelperIdleClients is not a test: it is the idle clients' child
// process (see idle.Helper).
func TestHelperIdleClients(t *testing.T) { idle.Helper(t) }

// measured is the memory test: under -race it runs in a child go test
// without the race detector, whose instrumentation inflates every stack
// (9 KB a connection instead of 6 KB) and is not what the program runs.
var measured = racefree.NewGroup("TestMemory_IdleConnectionUnder10KB")

func TestMemory_IdleConnectionUnder10KB(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 2,000 sockets")
	}
	if measured.InChild(t) {
		return
	}
	const n = 1000
	// A peer is reaped after 2 s of silence: plenty for 1,000 idle clients
	// to answer a ping on a busy machine (at 300 ms, a quarter of them were
	// reaped under load).
	const ping = time.Second
	ts := newTestServer(t, Options{PingInterval: ping})
	before := idle.Measure()
	pinged, stop := idle.Start(t, "TestHelperIdleClients", ts.wsURL("topics=board,me-1"), n)
	defer stop()
	waitFor(t, "all clients registered", func() bool { return ts.hub.Clients() == n })
	// Two pings answered, and measured between pings (no writer running):
	// each reader's stack is what a live page's is.
	select {
	case <-pinged:
	case <-time.After(patience):
		t.Fatal("the idle clients were not pinged twice")
	}
	after := idle.Measure()
	if got := ts.hub.Clients(); got != n {
		t.Fatalf("%d clients left of %d: live peers were reaped", got, n)
	}
	if path := os.Getenv("HUB_HEAP_PROFILE"); path != "" { // to see where the bytes go: go tool pprof -sample_index=inuse_space
		f, _ := os.Create(path)
		pprof.Lookup("heap").WriteTo(f, 0)
		f.Close()
	}

	live, inuse := idle.PerConn(before, after, n)
	stacks, _ := idle.PerConn(idle.Memory{Stacks: before.Stacks}, idle.Memory{Stacks: after.Stacks}, n)
	t.Logf("server side, per idle connection: %.0f B (live heap %.0f + stacks %.0f); %.0f B counting heap spans in use",
		live, live-stacks, stacks, inuse)
	if inuse > 10<<10 {
		t.Fatalf("%.0f bytes per idle connection, want under 10 KB", inuse)
	}
}
