package kiosk

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/trace"
	"sync"
	"testing"
	"time"
)

// slowScan is the answer time from which a pause drill counts a scan as
// slow (the bound of issue 13 #3), and slowTraced the one from which it
// keeps a trace of it when ICEBREAKER_DRILL_TRACE names a folder.
const (
	slowScan   = 100 * time.Millisecond
	slowTraced = 100 * time.Millisecond
)

// slowTracer keeps, with ICEBREAKER_DRILL_TRACE=dir, an execution trace
// of the last seconds (runtime/trace's flight recorder) and writes it to
// dir each time a scan beside the work answers slower than slowTraced (at
// most maxSnaps files), so that `go tool trace` shows what that scan
// waited on. Without the variable it records nothing.
type slowTracer struct {
	dir   string
	fr    *trace.FlightRecorder
	mu    sync.Mutex
	snaps int
	last  time.Duration // when the last snapshot was taken, since the work began
}

// maxSnaps and snapGap bound the snapshots: at most maxSnaps a drill, at
// least snapGap apart (the flight recorder holds the last seconds).
const (
	maxSnaps = 12
	snapGap  = 2 * time.Second
)

func startSlowTracer(t testing.TB) *slowTracer {
	dir := os.Getenv("ICEBREAKER_DRILL_TRACE")
	if dir == "" {
		return &slowTracer{}
	}
	fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{MinAge: 1500 * time.Millisecond, MaxBytes: 64 << 20})
	if err := fr.Start(); err != nil {
		t.Logf("no flight recorder: %v", err)
		return &slowTracer{}
	}
	return &slowTracer{dir: dir, fr: fr}
}

// slow notes that scan i took took, ended at end (since the work began).
func (s *slowTracer) slow(t testing.TB, i int, took, at time.Duration) {
	if s.fr == nil || took < slowTraced {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snaps == maxSnaps || (s.snaps > 0 && at-s.last < snapGap) {
		return
	}
	s.snaps++
	s.last = at
	name := filepath.Join(s.dir, fmt.Sprintf("%s-%d-scan%d-%dms.trace", filepath.Base(t.Name()), s.snaps, i, took.Milliseconds()))
	f, err := os.Create(name)
	if err != nil {
		t.Logf("trace: %v", err)
		return
	}
	defer f.Close()
	if _, err := s.fr.WriteTo(f); err != nil {
		t.Logf("trace: %v", err)
	}
	t.Logf("scan %d took %v, ending %v into the work: trace in %s", i, took.Round(time.Millisecond), at.Round(time.Millisecond), name)
}

func (s *slowTracer) stop() {
	if s.fr != nil {
		s.fr.Stop()
	}
}
