package kiosk

import (
	"net"
	"net/http"
	"sync"
	"syscall"

	"icebreaker/kiosk/hub"
)

// Default caps on the WebSockets that need no sign-in (board, phones). A
// venue's phones may all share the Wi-Fi's one public address, so the
// per-address cap is generous; the global cap keeps file descriptors in
// reserve for the kiosks' requests whatever else is connected.
//
// Board sockets have a cap of their own, far lower: each receives every
// arrival, so each costs the door a write per scan (450 idle board sockets
// took the scan p50 from 3 ms to 20 ms on the test machine), where a
// phone's socket receives only its own messages. A venue runs a few
// dozen boards at most.
const (
	defaultSocketsPerAddr = 2000
	defaultMaxSockets     = 20000
	defaultMaxBoards      = 128
	// fdReserve is how many file descriptors the global cap leaves for
	// everything that is not an open board or phone socket.
	fdReserve = 1024
)

// socketGate counts the open unauthenticated sockets, in all and per remote
// address, and refuses past its caps.
type socketGate struct {
	maxTotal, maxPerAddr int
	// loopbackFree exempts loopback addresses from the per-address cap:
	// this machine's own clients (the load tool, a reverse proxy in front
	// of the server, through which every client has the proxy's address).
	loopbackFree bool

	mu     sync.Mutex
	total  int
	byAddr map[string]int
}

// newSocketGate makes a gate with the given caps; 0 means the default
// (the global default is lowered to leave fdReserve descriptors free; the
// default per-address cap does not apply to loopback addresses, a cap
// given explicitly does).
func newSocketGate(maxTotal, maxPerAddr int) *socketGate {
	loopbackFree := maxPerAddr <= 0
	if maxTotal <= 0 {
		maxTotal = defaultMaxSockets
		var lim syscall.Rlimit
		if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil && lim.Cur < uint64(maxTotal+fdReserve) {
			maxTotal = max(64, int(lim.Cur)-fdReserve)
		}
	}
	if maxPerAddr <= 0 {
		maxPerAddr = defaultSocketsPerAddr
	}
	return &socketGate{maxTotal: maxTotal, maxPerAddr: min(maxPerAddr, maxTotal), loopbackFree: loopbackFree, byAddr: map[string]int{}}
}

// acquire takes one slot for addr; false when a cap is reached.
func (g *socketGate) acquire(addr string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.total >= g.maxTotal || g.byAddr[addr] >= g.maxPerAddr && !(g.loopbackFree && isLoopback(addr)) {
		return false
	}
	g.total++
	g.byAddr[addr]++
	return true
}

func isLoopback(addr string) bool {
	ip := net.ParseIP(addr)
	return ip != nil && ip.IsLoopback()
}

// release gives back a slot acquire took.
func (g *socketGate) release(addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.total--
	if g.byAddr[addr]--; g.byAddr[addr] <= 0 {
		delete(g.byAddr, addr)
	}
}

// serveCapped upgrades an unauthenticated WebSocket within the gate's caps,
// answering 503 with Retry-After when they are reached: the door's own
// requests never compete with a flood of sockets for descriptors.
// Each gate of gates must have a slot (a board socket takes one of the
// boards' and one of all sockets').
func (s *Server) serveCapped(w http.ResponseWriter, r *http.Request, topics []string, gates []*socketGate, opts ...hub.ServeOption) {
	addr := remoteHost(r)
	for i, g := range gates {
		if !g.acquire(addr) {
			for _, taken := range gates[:i] {
				taken.release(addr)
			}
			w.Header().Set("Retry-After", "10")
			s.fail(w, "unavailable", Text{"Trop d'écrans connectés : réessayez dans un instant.", "Too many screens connected: try again in a moment."})
			return
		}
	}
	release := func() {
		for _, g := range gates {
			g.release(addr)
		}
	}
	s.hub.Serve(w, r, topics, nil, append(opts, hub.WithOnClose(release))...)
}
