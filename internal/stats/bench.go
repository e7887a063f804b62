package stats

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Bench runs b.N operations spread over `workers` goroutines (concurrent
// kiosks, writers...), times each one, and reports unit per second and the
// p50/p99 latency a worker waited. op receives the worker number and that
// worker's own operation count, from 0. The first error stops the benchmark.
func Bench(b *testing.B, workers int, unit string, op func(worker, i int) error) {
	b.ReportAllocs()
	var next atomic.Int64
	var rec Recorder
	var wg sync.WaitGroup
	var failed atomic.Value
	b.ResetTimer()
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; next.Add(1) <= int64(b.N); i++ {
				t0 := time.Now()
				if err := op(w, i); err != nil {
					failed.CompareAndSwap(nil, fmt.Sprintf("worker %d op %d: %v", w, i, err))
					return
				}
				rec.Add(time.Since(t0))
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if f := failed.Load(); f != nil {
		b.Fatal(f)
	}
	s := rec.Summary()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), unit+"/s")
	b.ReportMetric(float64(s.P50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(s.P99.Microseconds())/1000, "p99-ms")
}
