package hub

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"icebreaker/internal/racefree"
)

// The idle clients run in a child process (this test binary again), so the
// parent's runtime.MemStats count the server side only.
const (
	envClientsURL = "HUB_TEST_IDLE_CLIENTS_URL"
	envClientsN   = "HUB_TEST_IDLE_CLIENTS_N"
)

// TestHelperIdleClients is not a test: run as a child process, it dials
// $HUB_TEST_IDLE_CLIENTS_N connections, prints "ready", prints "pinged" once
// every connection has answered two pings, and holds them until its stdin
// closes. Each connection reads, so it answers the server's pings as a live
// page does.
func TestHelperIdleClients(t *testing.T) {
	url := os.Getenv(envClientsURL)
	if url == "" {
		t.Skip("helper process only")
	}
	n, _ := strconv.Atoi(os.Getenv(envClientsN))
	var twice sync.WaitGroup // one per connection, done at its second ping
	twice.Add(n)
	conns := make([]*websocket.Conn, 0, n)
	for range n {
		conn, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		conns = append(conns, conn)
		pings := 0
		conn.SetPingHandler(func(data string) error { // gorilla's default answer, counted
			if pings++; pings == 2 {
				twice.Done()
			}
			return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Minute))
		})
		go func() {
			for {
				if _, _, err := conn.ReadMessage(); err != nil {
					return
				}
			}
		}()
	}
	fmt.Println("ready")
	go func() {
		twice.Wait()
		fmt.Println("pinged")
	}()
	io.Copy(io.Discard, os.Stdin)
	for _, c := range conns {
		c.Close()
	}
	os.Exit(0)
}

// idleClients starts the child process with n connections to url and
// returns once they are all open; pinged is closed once each has answered
// two pings; stop ends it.
func idleClients(t testing.TB, url string, n int) (pinged <-chan struct{}, stop func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperIdleClients$")
	cmd.Env = append(os.Environ(), envClientsURL+"="+url, envClientsN+"="+strconv.Itoa(n))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewReader(stdout)
	line, _ := out.ReadString('\n')
	if line != "ready\n" {
		stdin.Close()
		cmd.Wait()
		t.Fatalf("idle clients: %q", line)
	}
	done := make(chan struct{})
	go func() {
		if line, _ := out.ReadString('\n'); line == "pinged\n" {
			close(done)
		}
		io.Copy(io.Discard, out)
	}()
	return done, func() {
		stdin.Close()
		cmd.Wait()
	}
}

// serverMemory is the server-side memory that grows with connections: live
// heap objects plus goroutine stacks, after a full collection.
type serverMemory struct{ heapAlloc, heapInuse, stacks uint64 }

func measureServerMemory() serverMemory {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return serverMemory{ms.HeapAlloc, ms.HeapInuse, ms.StackInuse}
}

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
	before := measureServerMemory()
	pinged, stop := idleClients(t, ts.wsURL("topics=board,me-1"), n)
	defer stop()
	waitFor(t, "all clients registered", func() bool { return ts.hub.Clients() == n })
	// Two pings answered, and measured between pings (no writer running):
	// each reader's stack is what a live page's is.
	select {
	case <-pinged:
	case <-time.After(patience):
		t.Fatal("the idle clients were not pinged twice")
	}
	after := measureServerMemory()
	if got := ts.hub.Clients(); got != n {
		t.Fatalf("%d clients left of %d: live peers were reaped", got, n)
	}
	if path := os.Getenv("HUB_HEAP_PROFILE"); path != "" { // to see where the bytes go: go tool pprof -sample_index=inuse_space
		f, _ := os.Create(path)
		pprof.Lookup("heap").WriteTo(f, 0)
		f.Close()
	}

	perConn := func(a, b uint64) float64 { return (float64(b) - float64(a)) / n }
	live := perConn(before.heapAlloc+before.stacks, after.heapAlloc+after.stacks)
	inuse := perConn(before.heapInuse+before.stacks, after.heapInuse+after.stacks)
	t.Logf("server side, per idle connection: %.0f B (live heap %.0f + stacks %.0f); %.0f B counting heap spans in use",
		live, perConn(before.heapAlloc, after.heapAlloc), perConn(before.stacks, after.stacks), inuse)
	if inuse > 10<<10 {
		t.Fatalf("%.0f bytes per idle connection, want under 10 KB", inuse)
	}
}
