package kiosk

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/trace"
	"strings"
	"sync"
	"testing"
	"time"

	"icebreaker/kiosk/live"
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

// The parts a scan's answer time is split into (waits.add): what the
// drills report for the scans beside the work, and for the slow ones.
const (
	partBehindWork  = iota // the store's writer held by another transaction (the work's batches), queued or in its own batch
	partBehindScans        // queued while the committer committed earlier batches (other scans' work and flushes)
	partOwnWork            // its own batch's functions, rebalance and spill
	partOwnFlush           // its own batch's writes and fdatasyncs
	partDayLock            // the Day's lock (the live picture's batches, other scans)
	partRest               // everything else: HTTP, JSON, the matcher's work after the commit, the processor
	nParts
)

var partNames = [nParts]string{"behind the work's transactions", "behind other commits", "own commit's work", "own flushes", "the Day's lock", "the rest"}

// waits gathers where the scans' time went: live.Day.WatchScans reports
// each CheckIn by its nonce (seen), and the drill adds each scan beside the
// work with its answer time as the client saw it (add).
type waits struct {
	mu   sync.Mutex
	seen map[string]live.ScanTiming

	n, slow   int
	max       [nParts]time.Duration // the longest of each part, over all scans
	slowMax   [nParts]time.Duration // ... over the slow scans
	slowMost  [nParts]int           // how many slow scans spent most of their time in each part
	flushMax  int64                 // the most bytes an own commit flushed
	unmatched int                   // scans the Day did not report (an error answer, a throttled code)
	// behindWriter counts the scans that waited more than writerWait for
	// the store's writer held by a transaction outside the group
	// committer (Store.Update), queued or in their own batch; shared
	// counts those whose commit carried a bulk function (Store.CommitBulk).
	behindWriter, shared int
	last                 live.ScanTiming // the last scan added, for detail
	lastOK               bool
}

// writerWait is the wait for the store's writer from which a scan counts
// as held back by another transaction (taking a free lock is microseconds).
const writerWait = 10 * time.Millisecond

// watchScans starts reporting e's scans to a new waits.
func (e *testEnv) watchScans() *waits {
	w := &waits{seen: map[string]live.ScanTiming{}}
	e.Server.Day().WatchScans(func(st live.ScanTiming) {
		w.mu.Lock()
		w.seen[st.Nonce] = st
		w.mu.Unlock()
	})
	return w
}

// split is where the scan of nonce, answered in took, spent its time; ok
// is false when the Day did not report it.
func (w *waits) split(nonce string, took time.Duration) (parts [nParts]time.Duration, st live.ScanTiming, ok bool) {
	w.mu.Lock()
	st, ok = w.seen[nonce]
	delete(w.seen, nonce)
	w.mu.Unlock()
	if !ok {
		return parts, st, false
	}
	c := st.Commit
	parts[partBehindWork] = c.BehindWriter + c.Lock + c.BehindBulk + c.BulkWork
	parts[partBehindScans] = c.Queued - c.BehindWriter - c.BehindBulk
	parts[partOwnWork] = c.Work - c.BulkWork
	parts[partOwnFlush] = c.Flush
	parts[partDayLock] = st.DayLock
	parts[partRest] = took
	for p := range partRest {
		parts[partRest] -= parts[p]
	}
	return parts, st, true
}

// add counts the scan of nonce beside the work, answered in took.
func (w *waits) add(nonce string, took time.Duration) [nParts]time.Duration {
	parts, st, ok := w.split(nonce, took)
	w.last, w.lastOK = st, ok
	if !ok {
		w.unmatched++
		return parts
	}
	w.n++
	w.flushMax = max(w.flushMax, st.Commit.FlushBytes)
	if st.Commit.BehindWriter+st.Commit.Lock > writerWait {
		w.behindWriter++
	}
	if st.Commit.Bulk {
		w.shared++
	}
	most := 0
	for p, d := range parts {
		w.max[p] = max(w.max[p], d)
		if d > parts[most] {
			most = p
		}
	}
	if took > slowScan {
		w.slow++
		w.slowMost[most]++
		for p, d := range parts {
			w.slowMax[p] = max(w.slowMax[p], d)
		}
	}
	return parts
}

// String is the drill's report of the parts.
func (w *waits) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d scans split (%d not reported), %d waited over %v for a writer outside the committer, %d shared a commit with the work, largest own flush %d KiB; longest part over all scans:",
		w.n, w.unmatched, w.behindWriter, writerWait, w.shared, w.flushMax>>10)
	for p := range nParts {
		fmt.Fprintf(&b, " %s %v;", partNames[p], w.max[p].Round(time.Microsecond))
	}
	fmt.Fprintf(&b, " %d scans over %v, most of their time in:", w.slow, slowScan)
	for p := range nParts {
		fmt.Fprintf(&b, " %s %d (max %v);", partNames[p], w.slowMost[p], w.slowMax[p].Round(time.Microsecond))
	}
	return b.String()
}

// slowDetail is the answer time from which a pause drill logs a scan's
// parts one by one (waits.detail), to see what the slowest waited on.
const slowDetail = 50 * time.Millisecond

// gcClock is what the garbage collector had done by a moment: its
// cycles, and the processor time it spent stopping the world and in
// assists (runtime/metrics' estimates, cumulative).
type gcClock struct {
	cycles        uint64
	pause, assist float64
}

var gcSamples = []metrics.Sample{
	{Name: "/gc/cycles/total:gc-cycles"},
	{Name: "/cpu/classes/gc/pause:cpu-seconds"},
	{Name: "/cpu/classes/gc/mark/assist:cpu-seconds"},
}

func readGC() gcClock {
	s := make([]metrics.Sample, len(gcSamples))
	copy(s, gcSamples)
	metrics.Read(s)
	return gcClock{cycles: s[0].Value.Uint64(), pause: s[1].Value.Float64(), assist: s[2].Value.Float64()}
}

// since is what the collector did between g0 and g.
func (g gcClock) since(g0 gcClock) gcClock {
	return gcClock{cycles: g.cycles - g0.cycles, pause: g.pause - g0.pause, assist: g.assist - g0.assist}
}

// detail logs the last scan added, ending at (since the work began) after
// took: its parts, its commit's timing, what the Day measured of it, the
// time outside CheckIn (HTTP, the kiosk's key, JSON), what the garbage
// collector did meanwhile and the event file's size.
func (w *waits) detail(t testing.TB, path string, at, took time.Duration, parts [nParts]time.Duration, gc gcClock) {
	t.Helper()
	var size int64
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "slow scan at %v took %v:", at.Round(time.Millisecond), took.Round(time.Microsecond))
	for p := range nParts {
		fmt.Fprintf(&b, " %s %v;", partNames[p], parts[p].Round(time.Microsecond))
	}
	if st, ok := w.last, w.lastOK; ok {
		c := st.Commit
		fmt.Fprintf(&b, " outside CheckIn %v, after the commit %v (Day's lock %v); commit queued %v (writer %v, bulk %v) lock %v work %v (bulk %v, bulk shared %v) flush %v (%d KiB) batch %d;",
			(took - st.Total).Round(time.Microsecond), st.After.Round(time.Microsecond), st.DayLock.Round(time.Microsecond),
			c.Queued.Round(time.Microsecond), c.BehindWriter.Round(time.Microsecond), c.BehindBulk.Round(time.Microsecond), c.Lock.Round(time.Microsecond),
			c.Work.Round(time.Microsecond), c.BulkWork.Round(time.Microsecond), c.Bulk, c.Flush.Round(time.Microsecond), c.FlushBytes>>10, c.Batch)
	}
	fmt.Fprintf(&b, " GC meanwhile: %d cycles, pauses %.1f ms·cpu, assists %.1f ms·cpu; file %d MiB", gc.cycles, gc.pause*1000, gc.assist*1000, size>>20)
	t.Log(b.String())
}
