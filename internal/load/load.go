// Package load drives a running icebreaker server over loopback the way an
// event morning does: K kiosks scanning badges (at a given total rate or as
// fast as possible), M phones and B boards connected over WebSockets. It
// measures scan latency, push latency from scan to board and to phone,
// messages delivered against expected, and the server's memory and CPU.
//
// It only ever targets loopback addresses, and every run is bounded in count
// and in time.
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/internal/stats"
)

// Config describes one run.
type Config struct {
	Attendees int           // size of the prepared event
	Kiosks    int           // concurrent scanning clients
	Scans     int           // scans to send; 0 = Attendees. Beyond Attendees, scans cycle: everyone leaves, then enters again, and so on
	Rate      float64       // total scans per second; 0 = as fast as possible
	Duration  time.Duration // hard bound on the scanning phase (default 2 min)
	Phones    int           // phone WebSocket clients (the first Phones attendees)
	Boards    int           // board WebSocket clients
	Rounds    int           // group rounds the admin starts after the arrivals
	Seed      uint64
	Progress  io.Writer // one line per second while scanning; nil = quiet
}

// Server is the server under test, as Start returns it.
type Server struct {
	URL      string
	SetupURL string // one-time admin setup link (path or URL); needed for Rounds
	PID      int    // for memory and CPU readings; 0 = unknown
	Stop     func() error
}

// Starter starts a server on an event file and returns it once it listens.
type Starter func(dbPath string) (*Server, error)

// Result is what a run measured. Durations are in milliseconds in JSON.
type Result struct {
	Config         Config         `json:"-"`
	Scans          int            `json:"scans"`
	Accepted       int            `json:"accepted"` // entries recorded (ok)
	Exits          int            `json:"exits"`    // exits recorded (scans beyond the first cycle)
	Elapsed        time.Duration  `json:"-"`
	ScansPerSecond float64        `json:"scans_per_second"`
	ScanLatency    Percentiles    `json:"scan_latency_ms"`
	BoardLatency   Percentiles    `json:"board_push_latency_ms"`
	PhoneLatency   Percentiles    `json:"phone_push_latency_ms"`
	BoardDelivered int            `json:"board_messages_delivered"`
	BoardExpected  int            `json:"board_messages_expected"`
	PhoneDelivered int            `json:"phone_messages_delivered"`
	PhoneExpected  int            `json:"phone_messages_expected"`
	ServerRSSBytes int64          `json:"server_rss_bytes"`
	IdleConnBytes  int64          `json:"server_bytes_per_idle_connection"`
	ServerCPU      float64        `json:"server_cpu_percent"` // of one core, during scanning
	StartupTime    time.Duration  `json:"-"`
	StartupMs      float64        `json:"server_startup_ms"`
	Errors         map[string]int `json:"errors"`
	// Rounds: the admin's POST (matching computed, every message published)
	// and the fan-out to the phones, timed from that POST.
	RoundStart     Percentiles `json:"round_start_ms"`
	RoundFanOut    Percentiles `json:"round_to_phone_ms"`
	RoundSpread    Percentiles `json:"round_broadcast_spread_ms"`
	RoundDelivered int         `json:"round_messages_delivered"`
	RoundExpected  int         `json:"round_messages_expected"`
}

// Percentiles summarises a latency distribution in milliseconds.
type Percentiles struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50"`
	P95   float64 `json:"p95"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
}

func percentiles(r *stats.Recorder) Percentiles {
	s := r.Summary()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return Percentiles{Count: s.Count, P50: ms(s.P50), P95: ms(s.P95), P99: ms(s.P99), Max: ms(s.Max)}
}

func (c *Config) defaults() error {
	if c.Attendees <= 0 {
		c.Attendees = 300
	}
	if c.Kiosks <= 0 {
		c.Kiosks = 4
	}
	if c.Scans <= 0 {
		c.Scans = c.Attendees
	}
	if c.Scans > maxCycles*c.Attendees {
		return fmt.Errorf("load: --scans is bounded to %d cycles of the attendees (%d)", maxCycles, maxCycles*c.Attendees)
	}
	if c.Duration <= 0 {
		c.Duration = 2 * time.Minute
	}
	if c.Duration > time.Hour {
		return errors.New("load: --duration is bounded to one hour")
	}
	if c.Phones > c.Attendees {
		c.Phones = c.Attendees
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	return nil
}

// event is the prepared event: badge codes, phone secrets and kiosk keys.
type event struct {
	codes   []string
	secrets []string
	keys    []string
}

// Prepare writes an event of n attendees and k kiosks into a new file. All
// attendees consent (so every arrival is named on the board and may be
// pushed); first names are "L<index>" so pushes can be traced to scans.
func Prepare(path string, n, k int, seed uint64) (*event, error) {
	store, err := data.Open(path, data.Options{Codes: checkin.Codes{}, Create: true})
	if err != nil {
		return nil, err
	}
	defer store.Close()
	ev := &event{}
	err = store.Update(func(tx *data.Tx) error {
		if err := tx.PutEvent(data.Event{Name: "Load test", Language: "fr"}); err != nil {
			return err
		}
		for i, a := range demo.Attendees(n, seed) {
			a.FirstName, a.LastName = "L"+strconv.Itoa(i), "Load"
			a.Email = fmt.Sprintf("load%d@example.org", i)
			a.MatchConsent, a.BoardConsent = true, true
			if err := tx.PutAttendee(&a); err != nil {
				return err
			}
			ev.codes = append(ev.codes, a.BadgeCode)
			ev.secrets = append(ev.secrets, a.Secret)
		}
		for i := 0; i < k; i++ {
			key, err := checkin.NewSecret()
			if err != nil {
				return err
			}
			if err := tx.PutKiosk(&data.Kiosk{Name: fmt.Sprintf("load-%d", i)}, key); err != nil {
				return err
			}
			ev.keys = append(ev.keys, key)
		}
		return nil
	})
	return ev, err
}

// CheckLoopback refuses any server address that is not on this machine.
func CheckLoopback(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("load: %s is not a loopback address; the load tool only targets this machine", host)
	}
	return nil
}

// Run prepares an event in dir, starts the server with start, runs the load
// and stops the server.
func Run(ctx context.Context, cfg Config, dir string, start Starter) (Result, error) {
	if err := cfg.defaults(); err != nil {
		return Result{}, err
	}
	path := filepath.Join(dir, "load.db")
	ev, err := Prepare(path, cfg.Attendees, cfg.Kiosks, cfg.Seed)
	if err != nil {
		return Result{}, fmt.Errorf("prepare event: %w", err)
	}
	t0 := time.Now()
	srv, err := start(path)
	if err != nil {
		return Result{}, fmt.Errorf("start server: %w", err)
	}
	defer srv.Stop()
	startup := time.Since(t0)
	if err := CheckLoopback(srv.URL); err != nil {
		return Result{}, err
	}
	r := newRunner(cfg, ev, srv)
	res, err := r.run(ctx)
	res.StartupTime, res.StartupMs = startup, float64(startup.Microseconds())/1000
	return res, err
}

type runner struct {
	cfg    Config
	ev     *event
	srv    *Server
	client *http.Client

	sentMu sync.Mutex
	sent   map[int]time.Time // attendee index → when its scan was sent

	scanLat, boardLat, phoneLat  stats.Recorder
	boardGot, phoneGot, phoneAll atomic.Int64
	roundLat, roundStart         stats.Recorder
	roundSpread                  stats.Recorder // receipt minus the round's first receipt: the broadcast itself
	roundMu                      sync.Mutex
	roundTimes                   []time.Time
	roundGot                     atomic.Int64
	roundSentAt                  atomic.Int64 // unix nanos of the current round's POST
	accepted, exits              atomic.Int64
	errMu                        sync.Mutex
	errs                         map[string]int
}

func newRunner(cfg Config, ev *event, srv *Server) *runner {
	return &runner{
		cfg: cfg, ev: ev, srv: srv,
		client: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
			MaxIdleConnsPerHost: cfg.Kiosks * 2, MaxConnsPerHost: cfg.Kiosks * 2,
		}},
		sent: map[int]time.Time{},
		errs: map[string]int{},
	}
}

func (r *runner) fail(kind string) {
	r.errMu.Lock()
	r.errs[kind]++
	r.errMu.Unlock()
}

func (r *runner) run(ctx context.Context) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Duration+30*time.Second)
	defer cancel()
	rssBefore := rss(r.srv.PID)
	var conns []*wsConn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	var readers sync.WaitGroup
	for i := 0; i < r.cfg.Boards; i++ {
		c, err := r.dial(ctx, "/ws/board")
		if err != nil {
			return Result{}, fmt.Errorf("board %d: %w", i, err)
		}
		conns = append(conns, c)
		readers.Add(1)
		go func() { defer readers.Done(); r.read(c, "arrival", &r.boardLat, &r.boardGot, nil) }()
	}
	for i := 0; i < r.cfg.Phones; i++ {
		c, err := r.dial(ctx, "/ws/me/"+r.ev.secrets[i])
		if err != nil {
			return Result{}, fmt.Errorf("phone %d: %w", i, err)
		}
		conns = append(conns, c)
		readers.Add(1)
		go func() { defer readers.Done(); r.read(c, "arrived", &r.phoneLat, &r.phoneGot, &r.phoneAll) }()
	}
	time.Sleep(500 * time.Millisecond) // let the server settle its new connections
	rssIdle := rss(r.srv.PID)
	cpu0 := cpuTime(r.srv.PID)
	start := time.Now()
	r.scan(ctx)
	elapsed := time.Since(start)
	cpu1 := cpuTime(r.srv.PID)
	r.waitForPushes(ctx)
	roundsExpected, err := r.rounds(ctx)
	if err != nil {
		return Result{}, err
	}

	res := Result{
		Config:         r.cfg,
		Scans:          r.cfg.Scans,
		Accepted:       int(r.accepted.Load()),
		Exits:          int(r.exits.Load()),
		Elapsed:        elapsed,
		ScansPerSecond: float64(r.cfg.Scans) / elapsed.Seconds(),
		ScanLatency:    percentiles(&r.scanLat),
		BoardLatency:   percentiles(&r.boardLat),
		PhoneLatency:   percentiles(&r.phoneLat),
		BoardDelivered: int(r.boardGot.Load()),
		BoardExpected:  int(r.accepted.Load()) * r.cfg.Boards,
		PhoneDelivered: int(r.phoneAll.Load()),
		ServerRSSBytes: rss(r.srv.PID),
		Errors:         r.errs,
	}
	if n := r.cfg.Boards + r.cfg.Phones; n > 0 && rssBefore > 0 {
		res.IdleConnBytes = (rssIdle - rssBefore) / int64(n)
	}
	if cpu1 > 0 {
		res.ServerCPU = 100 * (cpu1 - cpu0).Seconds() / elapsed.Seconds()
	}
	res.RoundStart, res.RoundFanOut, res.RoundSpread = percentiles(&r.roundStart), percentiles(&r.roundLat), percentiles(&r.roundSpread)
	res.RoundDelivered, res.RoundExpected = int(r.roundGot.Load()), roundsExpected
	res.PhoneExpected = r.phoneExpected(ctx)
	return res, nil
}

func (r *runner) dial(ctx context.Context, path string) (*wsConn, error) {
	return dialWS(ctx, "ws"+strings.TrimPrefix(r.srv.URL, "http")+path, r.srv.URL)
}

// read counts every message (phones: against their topics' seq) and times
// the messages of one kind from the scan of the person they name
// ("L<index> L."); on phones it also times round assignments.
func (r *runner) read(c *wsConn, kind string, lat *stats.Recorder, got, all *atomic.Int64) {
	for {
		raw, err := c.next()
		if err != nil {
			return
		}
		now := time.Now()
		if all != nil {
			all.Add(1) // every message counts against the topic's seq
		}
		// Thousands of sockets share two cores with the server: read the
		// few fields needed by scanning, not by decoding the whole message.
		mkind := field(raw, `"kind":"`)
		if mkind == "round" && kind == "arrived" && !bytes.Contains(raw, []byte(`"round":null`)) { // a phone told its table
			if sent := r.roundSentAt.Load(); sent != 0 {
				r.roundLat.Add(now.Sub(time.Unix(0, sent)))
			}
			r.roundMu.Lock()
			r.roundTimes = append(r.roundTimes, now)
			r.roundMu.Unlock()
			r.roundGot.Add(1)
			continue
		}
		if mkind != kind {
			continue
		}
		got.Add(1)
		if i, ok := indexOf(field(raw, `"name":"`)); ok {
			r.sentMu.Lock()
			at, found := r.sent[i]
			r.sentMu.Unlock()
			if found {
				lat.Add(now.Sub(at))
			}
		}
	}
}

// field returns the string value that follows key in a JSON message, up to
// the next quote (the values read here hold no escaped quotes).
func field(raw []byte, key string) string {
	i := bytes.Index(raw, []byte(key))
	if i < 0 {
		return ""
	}
	rest := raw[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

func indexOf(name string) (int, bool) {
	first, _, _ := strings.Cut(name, " ")
	if !strings.HasPrefix(first, "L") {
		return 0, false
	}
	i, err := strconv.Atoi(first[1:])
	return i, err == nil
}

func (r *runner) progress(done *atomic.Int64) (stop func()) {
	if r.cfg.Progress == nil {
		return func() {}
	}
	quit := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		var last int64
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				n := done.Load()
				fmt.Fprintf(r.cfg.Progress, "scans %d/%d  (%d/s)  board msgs %d  phone msgs %d\n",
					n, r.cfg.Scans, n-last, r.boardGot.Load(), r.phoneGot.Load())
				last = n
			}
		}
	}()
	return func() { close(quit) }
}

// waitForPushes waits until the boards have every arrival (or 5 s pass).
func (r *runner) waitForPushes(ctx context.Context) {
	deadline := time.Now().Add(5 * time.Second)
	want := r.accepted.Load() * int64(r.cfg.Boards)
	for time.Now().Before(deadline) && r.boardGot.Load() < want && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the phones' last pushes
}

// phoneExpected asks each phone's snapshot how many messages its topic has
// published (its seq); the phones connected before any scan, so they should
// have received all of them.
func (r *runner) phoneExpected(ctx context.Context) int {
	total := 0
	for i := 0; i < r.cfg.Phones; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.srv.URL+"/api/me/"+r.ev.secrets[i], nil)
		resp, err := r.client.Do(req)
		if err != nil {
			r.fail("phone snapshot")
			continue
		}
		var snap struct {
			Seq int `json:"seq"`
		}
		json.NewDecoder(resp.Body).Decode(&snap)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		total += snap.Seq
	}
	return total
}

// rss reads a process's resident set size from /proc (0 when unknown).
func rss(pid int) int64 {
	if pid == 0 {
		return 0
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// cpuTime reads a process's user+system CPU time from /proc (0 when unknown).
func cpuTime(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	_, rest, ok := strings.Cut(string(raw), ") ")
	if !ok {
		return 0
	}
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks
}

// rounds signs in as the admin through the server's one-time setup link and
// starts cfg.Rounds group rounds one after the other, each pushed to every
// phone placed at a table. It returns how many phone messages the rounds
// should have delivered.
func (r *runner) rounds(ctx context.Context) (expected int, err error) {
	if r.cfg.Rounds == 0 {
		return 0, nil
	}
	if r.srv.SetupURL == "" {
		return 0, errors.New("load: --rounds needs a fresh server that prints its admin setup link")
	}
	admin, err := r.signIn(ctx)
	if err != nil {
		return 0, err
	}
	placed := min(r.cfg.Phones, int(r.accepted.Load())) // phones of people inside
	for i := 0; i < r.cfg.Rounds; i++ {
		want := r.roundGot.Load() + int64(placed)
		form := url.Values{"kind": {"groups"}, "size": {"6"}, "minutes": {"10"}}
		t0 := time.Now()
		r.roundSentAt.Store(t0.UnixNano())
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.srv.URL+"/admin/rounds", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := admin.Do(req)
		if err != nil {
			return expected, fmt.Errorf("start round: %w", err)
		}
		resp.Body.Close()
		r.roundStart.Add(time.Since(t0))
		if resp.StatusCode != http.StatusSeeOther {
			r.fail("round http " + strconv.Itoa(resp.StatusCode))
			continue
		}
		expected += placed
		deadline := time.Now().Add(10 * time.Second)
		for r.roundGot.Load() < want && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		r.roundMu.Lock()
		if len(r.roundTimes) > 0 {
			first := slices.MinFunc(r.roundTimes, func(a, b time.Time) int { return a.Compare(b) })
			for _, at := range r.roundTimes {
				r.roundSpread.Add(at.Sub(first))
			}
		}
		r.roundTimes = r.roundTimes[:0]
		r.roundMu.Unlock()
	}
	r.roundSentAt.Store(0)
	return expected, nil
}

// signIn sets the admin password with the setup link and returns a client
// holding the session cookie.
func (r *runner) signIn(ctx context.Context) (*http.Client, error) {
	setup, err := url.Parse(r.srv.SetupURL)
	if err != nil {
		return nil, err
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 2 * time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	const pw = "load-test-only-password"
	form := url.Values{"token": {setup.Query().Get("token")}, "password": {pw}, "confirm": {pw}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.srv.URL+"/admin/setup", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("load: admin setup answered %d", resp.StatusCode)
	}
	return c, nil
}
