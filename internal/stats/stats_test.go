package stats

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestSummarize_PercentilesByNearestRank(t *testing.T) {
	var d []time.Duration
	for i := 100; i >= 1; i-- {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	s := Summarize(d)
	if s.Count != 100 || s.P50 != 50*time.Millisecond || s.P99 != 99*time.Millisecond || s.Max != 100*time.Millisecond {
		t.Fatalf("summary = %+v", s)
	}
	if s.Mean != 50500*time.Microsecond {
		t.Fatalf("mean = %v", s.Mean)
	}
}

func TestSummarize_Empty(t *testing.T) {
	if s := Summarize(nil); s.Count != 0 || s.P99 != 0 {
		t.Fatalf("summary = %+v", s)
	}
}

// loopB is a B whose Loop runs n times.
type loopB struct {
	n       int
	metrics map[string]float64
	fatal   string
}

func (b *loopB) Loop() bool {
	b.n--
	return b.n >= 0
}
func (b *loopB) ReportAllocs()                       {}
func (b *loopB) ReportMetric(n float64, unit string) { b.metrics[unit] = n }
func (b *loopB) Fatal(args ...any)                   { b.fatal = fmt.Sprint(args...) }

func TestBench_RunsEachOperationOnceOverTheWorkers(t *testing.T) {
	const n = 1000
	var mu sync.Mutex
	perWorker := map[int]int{} // worker → operations run
	b := &loopB{n: n, metrics: map[string]float64{}}
	Bench(b, 4, "ops", func(w, i int) error {
		mu.Lock()
		defer mu.Unlock()
		if i != perWorker[w] {
			return fmt.Errorf("worker %d got op %d after %d", w, i, perWorker[w])
		}
		perWorker[w]++
		return nil
	})
	total := 0
	for _, ops := range perWorker {
		total += ops
	}
	if b.fatal != "" || total != n || len(perWorker) > 4 {
		t.Fatalf("%d operations over %d workers for %d loops (%s)", total, len(perWorker), n, b.fatal)
	}
	if b.metrics["ops/s"] <= 0 || b.metrics["p99-ms"] < b.metrics["p50-ms"] {
		t.Fatalf("metrics %v", b.metrics)
	}
}

func TestBench_StopsAtTheFirstError(t *testing.T) {
	// One worker: the dispatcher offers no token once the error is in, so
	// exactly the three operations up to the failing one run.
	var ran atomic.Int64
	b := &loopB{n: 1000, metrics: map[string]float64{}}
	Bench(b, 1, "ops", func(w, i int) error {
		if ran.Add(1) == 3 {
			return errors.New("disk full")
		}
		return nil
	})
	if !strings.Contains(b.fatal, "disk full") || ran.Load() != 3 || len(b.metrics) != 0 {
		t.Fatalf("after an error: fatal %q, %d operations ran, metrics %v", b.fatal, ran.Load(), b.metrics)
	}
	// Several workers: how many the others run before the failing one
	// closes the gate depends on the scheduler (a descheduled goroutine
	// may let the others finish everything); the error and no figures are
	// what is guaranteed.
	b = &loopB{n: 1000, metrics: map[string]float64{}}
	ran.Store(0)
	Bench(b, 4, "ops", func(w, i int) error {
		if ran.Add(1) == 3 {
			return errors.New("disk full")
		}
		return nil
	})
	if !strings.Contains(b.fatal, "disk full") || len(b.metrics) != 0 {
		t.Fatalf("after an error with 4 workers: fatal %q, metrics %v", b.fatal, b.metrics)
	}
}
