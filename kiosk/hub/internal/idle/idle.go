// Package idle measures what idle WebSocket connections cost a server. The
// clients run in a child process (the test binary again), so that the
// parent's runtime.MemStats count the server side only; each client reads,
// so it answers the server's pings as a live page does.
//
// Only tests import it: a test binary that uses Start must have a test that
// calls Helper (see Helper), and nothing here is linked into a program.
package idle

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

const (
	envURL = "IDLE_CLIENTS_URL"
	envN   = "IDLE_CLIENTS_N"
)

// Helper is the child's side. Call it first thing from a test named
// helperTest (the name given to Start), as in
//
//	func TestHelperIdleClients(t *testing.T) { idle.Helper(t) }
//
// In the child process it dials $IDLE_CLIENTS_N connections, prints
// "ready", prints "pinged" once every connection has answered two pings,
// holds them until its stdin closes and exits; in any other process it
// skips the test.
func Helper(t *testing.T) {
	url := os.Getenv(envURL)
	if url == "" {
		t.Skip("helper process only")
	}
	n, _ := strconv.Atoi(os.Getenv(envN))
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

// Start runs helperTest of this test binary as the child process, with n
// connections to url, and returns once they are all open; pinged is closed
// once each has answered two pings; stop ends the child.
func Start(t testing.TB, helperTest, url string, n int) (pinged <-chan struct{}, stop func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+helperTest+"$")
	cmd.Env = append(os.Environ(), envURL+"="+url, envN+"="+strconv.Itoa(n))
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

// Memory is the server-side memory that grows with connections, after a
// full collection.
type Memory struct {
	HeapAlloc, HeapInuse, Stacks uint64 // live heap, heap spans in use, goroutine stacks
}

// Measure reads Memory after two collections.
func Measure() Memory {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return Memory{ms.HeapAlloc, ms.HeapInuse, ms.StackInuse}
}

// PerConn is what each of n connections added between before and after:
// live (live heap + stacks) and inuse (heap spans in use + stacks), in
// bytes.
func PerConn(before, after Memory, n int) (live, inuse float64) {
	per := func(a, b uint64) float64 { return (float64(b) - float64(a)) / float64(n) }
	return per(before.HeapAlloc+before.Stacks, after.HeapAlloc+after.Stacks),
		per(before.HeapInuse+before.Stacks, after.HeapInuse+after.Stacks)
}

// RaiseFileLimit lifts the soft limit on open files to at least want,
// within the hard limit, and skips the test when it cannot.
func RaiseFileLimit(t testing.TB, want uint64) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur >= want {
		return
	}
	lim.Cur = min(want, lim.Max)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur < want {
		t.Skipf("open files limited to %d, need %d", lim.Cur, want)
	}
}
