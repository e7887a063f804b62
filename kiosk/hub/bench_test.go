package hub

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"icebreaker/internal/racefree"
	"icebreaker/kiosk/hub/internal/idle"
)

func TestMain(m *testing.M) {
	code := racefree.Main(m, measured)
	for _, f := range broadcastFixtures {
		f.close()
	}
	os.Exit(code)
}

// broadcastFixtures keeps the connected clients of each size across the
// runs the benchmark framework makes, so that 5,000 sockets are dialled once.
var broadcastFixtures = map[int]*broadcastFixture{}

// broadcastFixture is a hub over real loopback sockets with n clients that
// read every message and record its latency.
type broadcastFixture struct {
	hub   *Hub
	srv   *httptest.Server
	conns []*websocket.Conn

	mu        sync.Mutex
	latencies []time.Duration // every delivery of the current run
	received  atomic.Int64    // deliveries of the current broadcast
	all       chan time.Duration
}

func fixtureFor(b *testing.B, n int) *broadcastFixture {
	if f := broadcastFixtures[n]; f != nil {
		return f
	}
	idle.RaiseFileLimit(b, uint64(2*n+256)) // two descriptors per in-process connection
	f := &broadcastFixture{hub: New(Options{}), all: make(chan time.Duration, 1)}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hub.Serve(w, r, []string{"board"}, nil)
	}))
	url := "ws" + f.srv.URL[len("http"):] + "/ws"
	for range n {
		conn, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			b.Fatalf("dialling client %d: %v", len(f.conns)+1, err)
		}
		f.conns = append(f.conns, conn)
		go f.readLoop(conn, n)
	}
	for f.hub.Clients() < n {
		time.Sleep(time.Millisecond)
	}
	broadcastFixtures[n] = f
	return f
}

// readLoop reads messages into a reused buffer (no allocation per message)
// and records publish→receive latency from the timestamp in data.
func (f *broadcastFixture) readLoop(conn *websocket.Conn, n int) {
	buf := make([]byte, 256)
	for {
		_, r, err := conn.NextReader()
		if err != nil {
			return
		}
		k, _ := io.ReadFull(r, buf)
		at := time.Now()
		i := bytes.Index(buf[:k], []byte(`"data":`))
		sent, _ := strconv.ParseInt(string(bytes.TrimSuffix(buf[i+len(`"data":`):k], []byte("}"))), 10, 64)
		d := at.Sub(time.Unix(0, sent))
		f.mu.Lock()
		f.latencies = append(f.latencies, d)
		f.mu.Unlock()
		if f.received.Add(1) == int64(n) {
			f.all <- d // the last client: the broadcast reached everyone
		}
	}
}

func (f *broadcastFixture) close() {
	for _, c := range f.conns {
		c.Close()
	}
	f.hub.Close()
	f.srv.Close()
}

// BenchmarkBroadcast publishes one message at a time to n clients over
// loopback and waits until every client has it. ns/op is one whole
// broadcast; p50-ms and p99-ms are publish→receive per delivery;
// all-p50-ms and all-p99-ms are publish→received by the last client.
// Clients run in the same process, so their reading shares the two cores.
func BenchmarkBroadcast(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) {
			f := fixtureFor(b, n)
			f.latencies = make([]time.Duration, 0, b.N*n)
			everyone := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				f.received.Store(0)
				f.hub.Publish("board", "tick", time.Now().UnixNano())
				everyone = append(everyone, <-f.all)
			}
			b.StopTimer()
			if got := f.hub.Clients(); got != n {
				b.Fatalf("%d clients left of %d: some were dropped", got, n)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			reportPercentiles(b, "", f.latencies)
			reportPercentiles(b, "all-", everyone)
		})
	}
}

func reportPercentiles(b *testing.B, prefix string, ds []time.Duration) {
	slices.Sort(ds)
	at := func(p float64) float64 {
		return float64(ds[int(p*float64(len(ds)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), prefix+"p50-ms")
	b.ReportMetric(at(0.99), prefix+"p99-ms")
}

// BenchmarkPublish_NoClients is the publisher's own cost: encoding once and
// handing the frame to the hub goroutine.
func BenchmarkPublish_NoClients(b *testing.B) {
	h := New(Options{})
	defer h.Close()
	data := map[string]string{"name": "Amélie", "company": "Matrice"}
	b.ReportAllocs()
	for b.Loop() {
		h.Publish("board", "arrival", data)
	}
}
