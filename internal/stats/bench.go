package stats

import (
	"fmt"
	"sync"
	"time"
)

// B is what Bench needs of a *testing.B. It is an interface so that this
// package, which the program links for its load tool, does not bring the
// testing package into the production binary.
type B interface {
	Loop() bool
	ReportAllocs()
	ReportMetric(n float64, unit string)
	Fatal(args ...any)
}

// Bench runs the benchmark's operations spread over `workers` goroutines
// (concurrent kiosks, writers...), times each one, and reports unit per
// second and the p50/p99 latency a worker waited. op receives the worker
// number and that worker's own operation count, from 0. The first error
// stops the benchmark.
//
// b.Loop hands out the operations one at a time to whichever worker is
// free, so b's ns/op is the wall time per operation across all workers; it
// leaves out the last operations still running when b.Loop ends (at most
// one per worker), which unit/s includes.
func Bench(b B, workers int, unit string, op func(worker, i int) error) {
	b.ReportAllocs()
	var rec Recorder
	var failOnce sync.Once
	var failure string
	failed := make(chan struct{}) // closed at the first error
	work := make(chan struct{})   // one token per operation
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for i := 0; ; i++ {
				if _, ok := <-work; !ok {
					return
				}
				t0 := time.Now()
				if err := op(w, i); err != nil {
					failOnce.Do(func() {
						close(failed) // first: the others stop taking work now, not after the formatting
						failure = fmt.Sprintf("worker %d op %d: %v", w, i, err)
					})
					return
				}
				rec.Add(time.Since(t0))
			}
		})
	}
	ops := 0
	start := time.Now()
dispatch:
	for b.Loop() {
		select {
		case <-failed: // before offering more work: at most one token leaves after an error
			break dispatch
		default:
		}
		select {
		case work <- struct{}{}:
			ops++
		case <-failed:
			break dispatch
		}
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)
	select {
	case <-failed:
		b.Fatal(failure)
		return
	default:
	}
	s := rec.Summary()
	b.ReportMetric(float64(ops)/elapsed.Seconds(), unit+"/s")
	b.ReportMetric(float64(s.P50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(s.P99.Microseconds())/1000, "p99-ms")
}
