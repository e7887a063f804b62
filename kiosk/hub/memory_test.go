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
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// The idle clients run in a child process (this test binary again), so the
// parent's runtime.MemStats count the server side only.
const (
	envClientsURL = "HUB_TEST_IDLE_CLIENTS_URL"
	envClientsN   = "HUB_TEST_IDLE_CLIENTS_N"
)

// TestHelperIdleClients is not a test: run as a child process, it dials
// $HUB_TEST_IDLE_CLIENTS_N connections, prints "ready" and holds them until
// its stdin closes. Each connection reads, so it answers the server's pings
// as a live page does.
func TestHelperIdleClients(t *testing.T) {
	url := os.Getenv(envClientsURL)
	if url == "" {
		t.Skip("helper process only")
	}
	n, _ := strconv.Atoi(os.Getenv(envClientsN))
	conns := make([]*websocket.Conn, 0, n)
	for range n {
		conn, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		conns = append(conns, conn)
		go func() {
			for {
				if _, _, err := conn.ReadMessage(); err != nil {
					return
				}
			}
		}()
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	for _, c := range conns {
		c.Close()
	}
	os.Exit(0)
}

// idleClients starts the child process with n connections to url and
// returns once they are all open; stop ends it.
func idleClients(t testing.TB, url string, n int) (stop func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperIdleClients$")
	cmd.Env = append(os.Environ(), envClientsURL+"="+url, envClientsN+"="+strconv.Itoa(n))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		stdin.Close()
		cmd.Wait()
		t.Fatalf("idle clients: %q", line)
	}
	return func() {
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

func TestMemory_IdleConnectionUnder10KB(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 2,000 sockets")
	}
	const n = 1000
	const ping = 300 * time.Millisecond
	ts := newTestServer(t, Options{PingInterval: ping})
	before := measureServerMemory()
	stop := idleClients(t, ts.wsURL("topics=board,me-1"), n)
	defer stop()
	waitFor(t, "all clients registered", func() bool { return ts.hub.Clients() == n })
	// Two pings answered, and measured between pings (no writer running):
	// each reader's stack is what a live page's is.
	time.Sleep(2*ping + ping/3)
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
