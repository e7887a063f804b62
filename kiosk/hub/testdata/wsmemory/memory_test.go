// Package wsmemory measures, in one sitting, what an idle WebSocket
// connection costs a server with each way of reading client frames that
// the hub could use. It is a module of its own (under testdata, so the
// icebreaker module neither builds it nor depends on what it compares):
//
//	cd kiosk/hub/testdata/wsmemory && go test -count=1 -v
//
// Each variant accepts n connections from a child process (this test
// binary again, dialling with gorilla and answering pings like a page),
// parks one reader goroutine per connection, pings every connection twice
// and waits for the pongs, then reports live heap + goroutine stacks per
// connection after a full collection (and the same counting heap spans in
// use). Variants:
//
//   - hub: icebreaker/kiosk/hub as it is (gorilla handshake and writes,
//     the hub's own frame reader).
//   - gorilla: gorilla/websocket alone, with the hub's buffer settings,
//     reading with Conn.NextReader.
//   - coder: github.com/coder/websocket, reading with Conn.Reader.
//   - gobwas: github.com/gobwas/ws, reading with wsutil.Reader (UTF-8
//     checked, control frames answered).
//
// The bare variants do none of the hub's bookkeeping (topics, queue,
// registration): they bound from below what a hub built on them would
// cost.
package wsmemory

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	coder "github.com/coder/websocket"
	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
	"github.com/gorilla/websocket"

	"icebreaker/kiosk/hub"
	"icebreaker/kiosk/hub/internal/idle"
)

// n is how many idle connections each variant holds (WSMEMORY_N overrides).
func n() int {
	if v, err := strconv.Atoi(os.Getenv("WSMEMORY_N")); err == nil && v > 0 {
		return v
	}
	return 5000
}

// TestHelperIdleClients is not a test: it is the idle clients' child
// process (see idle.Helper).
func TestHelperIdleClients(t *testing.T) { idle.Helper(t) }

// server is one variant: handler accepts a connection and starts its
// reader; pingAll pings every accepted connection twice (unless the server
// pings on its own); closeAll ends them.
type server struct {
	handler  http.HandlerFunc
	clients  func() int
	pingAll  func(t *testing.T)
	closeAll func()
}

// waitFor polls cond for at most a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// registry keeps the accepted connections of a bare variant.
type registry[C any] struct {
	mu    sync.Mutex
	conns []C
	pongs atomic.Int64
}

func (r *registry[C]) add(c C) {
	r.mu.Lock()
	r.conns = append(r.conns, c)
	r.mu.Unlock()
}

func (r *registry[C]) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.conns)
}

func (r *registry[C]) each(fn func(C)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.conns {
		fn(c)
	}
}

// pingTwice pings every connection twice with ping and waits until the
// readers have counted every pong.
func (r *registry[C]) pingTwice(t *testing.T, ping func(C)) {
	for range 2 {
		r.each(ping)
	}
	waitFor(t, "pongs", func() bool { return r.pongs.Load() >= int64(2*r.len()) })
}

func hubServer() server {
	// The hub pings on its own ticker: the clients' "pinged" says when
	// every connection has been pinged twice. Two seconds' interval reaps
	// no live peer of 5,000 on a busy machine (half a second and a second
	// sometimes did).
	h := hub.New(hub.Options{PingInterval: 2 * time.Second})
	return server{
		handler:  func(w http.ResponseWriter, r *http.Request) { h.Serve(w, r, []string{"board", "me-1"}, nil) },
		clients:  h.Clients,
		pingAll:  func(*testing.T) {},
		closeAll: h.Close,
	}
}

func gorillaServer() server {
	reg := &registry[*websocket.Conn]{}
	up := websocket.Upgrader{ReadBufferSize: 256, WriteBufferSize: 1024, WriteBufferPool: &sync.Pool{}}
	return server{
		handler: func(w http.ResponseWriter, r *http.Request) {
			conn, err := up.Upgrade(w, r, nil)
			if err != nil {
				return
			}
			conn.SetReadLimit(4096)
			conn.SetPongHandler(func(string) error { reg.pongs.Add(1); return nil })
			reg.add(conn)
			go func() {
				for {
					_, rd, err := conn.NextReader()
					if err != nil {
						return
					}
					io.Copy(io.Discard, rd)
				}
			}()
		},
		clients: reg.len,
		pingAll: func(t *testing.T) {
			reg.pingTwice(t, func(c *websocket.Conn) { c.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second)) })
		},
		closeAll: func() { reg.each(func(c *websocket.Conn) { c.Close() }) },
	}
}

func coderServer() server {
	reg := &registry[*coder.Conn]{}
	return server{
		handler: func(w http.ResponseWriter, r *http.Request) {
			conn, err := coder.Accept(w, r, nil)
			if err != nil {
				return
			}
			conn.SetReadLimit(4096)
			reg.add(conn)
			go func() {
				for {
					_, rd, err := conn.Reader(context.Background())
					if err != nil {
						return
					}
					io.Copy(io.Discard, rd)
				}
			}()
		},
		clients: reg.len,
		pingAll: func(t *testing.T) {
			for range 2 {
				var wg sync.WaitGroup
				reg.each(func(c *coder.Conn) {
					wg.Go(func() {
						ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
						defer cancel()
						if c.Ping(ctx) == nil { // returns at the pong, read by the reader goroutine
							reg.pongs.Add(1)
						}
					})
				})
				wg.Wait()
			}
			if got, want := reg.pongs.Load(), int64(2*reg.len()); got != want {
				t.Fatalf("%d pongs of %d", got, want)
			}
		},
		closeAll: func() { reg.each(func(c *coder.Conn) { c.CloseNow() }) },
	}
}

func gobwasServer() server {
	reg := &registry[net.Conn]{}
	return server{
		handler: func(w http.ResponseWriter, r *http.Request) {
			conn, _, _, err := ws.UpgradeHTTP(r, w)
			if err != nil {
				return
			}
			reg.add(conn)
			go func() {
				rd := &wsutil.Reader{
					Source:       conn,
					State:        ws.StateServerSide,
					CheckUTF8:    true,
					MaxFrameSize: 4096,
					OnIntermediate: func(h ws.Header, r io.Reader) error {
						if h.OpCode == ws.OpPong {
							reg.pongs.Add(1)
						}
						return wsutil.ControlFrameHandler(conn, ws.StateServerSide)(h, r)
					},
				}
				for {
					h, err := rd.NextFrame()
					if err != nil {
						conn.Close()
						return
					}
					if h.OpCode.IsControl() {
						if err := rd.OnIntermediate(h, rd); err != nil {
							conn.Close()
							return
						}
						continue
					}
					io.Copy(io.Discard, rd)
				}
			}()
		},
		clients: reg.len,
		pingAll: func(t *testing.T) {
			reg.pingTwice(t, func(c net.Conn) { wsutil.WriteServerMessage(c, ws.OpPing, nil) })
		},
		closeAll: func() { reg.each(func(c net.Conn) { c.Close() }) },
	}
}

// variants are the servers compared, by name.
var variants = map[string]func() server{
	"hub":     hubServer,
	"gorilla": gorillaServer,
	"coder":   coderServer,
	"gobwas":  gobwasServer,
}

// TestMemory_PerIdleConnection measures each variant in a process of its
// own (this test binary again), so that none inherits the stacks and heap
// spans another has just released.
func TestMemory_PerIdleConnection(t *testing.T) {
	for _, name := range []string{"hub", "gorilla", "coder", "gobwas"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperVariant$", "-test.v")
		cmd.Env = append(os.Environ(), envVariant+"="+name)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		for line := range strings.Lines(string(out)) {
			if strings.Contains(line, "idle connections:") {
				t.Log(strings.TrimSpace(line[strings.Index(line, ": ")+2:]))
			}
		}
	}
}

const envVariant = "WSMEMORY_VARIANT"

// TestHelperVariant is not a test: in a child process it measures the
// variant named by $WSMEMORY_VARIANT.
func TestHelperVariant(t *testing.T) {
	name := os.Getenv(envVariant)
	if name == "" {
		t.Skip("helper process only")
	}
	count := n()
	idle.RaiseFileLimit(t, uint64(2*count+256))
	s := variants[name]()
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	defer s.closeAll()
	before := idle.Measure()
	pinged, stop := idle.Start(t, "TestHelperIdleClients", "ws"+strings.TrimPrefix(srv.URL, "http")+"/ws", count)
	defer stop()
	waitFor(t, "every connection accepted", func() bool { return s.clients() == count })
	s.pingAll(t)
	select {
	case <-pinged:
	case <-time.After(time.Minute):
		t.Fatal("the clients were not pinged twice")
	}
	if got := s.clients(); got != count {
		t.Fatalf("%d connections left of %d", got, count)
	}
	// The lowest of three readings: one taken while the hub writes a
	// ping round counts the writers' stacks too.
	after := idle.Measure()
	for range 2 {
		if m := idle.Measure(); m.HeapAlloc+m.Stacks < after.HeapAlloc+after.Stacks {
			after = m
		}
	}
	live, inuse := idle.PerConn(before, after, count)
	stacks, _ := idle.PerConn(idle.Memory{Stacks: before.Stacks}, idle.Memory{Stacks: after.Stacks}, count)
	t.Logf("%-8s %d idle connections: %5.0f B each (live heap %5.0f + stacks %5.0f); %5.0f B counting heap spans in use",
		name, count, live, live-stacks, stacks, inuse)
}
