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
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
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

// CheckLoopback refuses any server address that is not on this machine;
// it returns the address's host:port, which the kiosks dial.
func CheckLoopback(rawURL string) (hostPort string, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	host := u.Hostname()
	if host == "localhost" {
		return u.Host, nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("load: %s is not a loopback address; the load tool only targets this machine", host)
	}
	return u.Host, nil
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
	host, err := CheckLoopback(srv.URL)
	if err != nil {
		return Result{}, err
	}
	r := newRunner(cfg, ev, srv, host)
	res, err := r.run(ctx)
	res.StartupTime, res.StartupMs = startup, float64(startup.Microseconds())/1000
	return res, err
}

type runner struct {
	cfg    Config
	ev     *event
	srv    *Server
	host   string // srv's host:port (the kiosks' raw connections)
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

func newRunner(cfg Config, ev *event, srv *Server, host string) *runner {
	return &runner{
		cfg: cfg, ev: ev, srv: srv, host: host,
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
