// Package stats records latencies and summarises them as percentiles, for
// benchmarks and the load tool. A Recorder is safe for concurrent use.
package stats

import (
	"slices"
	"sync"
	"time"
)

// Recorder collects durations.
type Recorder struct {
	mu sync.Mutex
	d  []time.Duration
}

// Add records one duration.
func (r *Recorder) Add(d time.Duration) {
	r.mu.Lock()
	r.d = append(r.d, d)
	r.mu.Unlock()
}

// Summary is a distribution at a glance.
type Summary struct {
	Count              int
	P50, P95, P99, Max time.Duration
	Mean               time.Duration
}

// Summary sorts what was recorded and returns its percentiles (nearest rank).
func (r *Recorder) Summary() Summary {
	r.mu.Lock()
	d := slices.Clone(r.d)
	r.mu.Unlock()
	return Summarize(d)
}

// Summarize computes the percentiles of d (which it sorts in place).
func Summarize(d []time.Duration) Summary {
	if len(d) == 0 {
		return Summary{}
	}
	slices.Sort(d)
	var sum time.Duration
	for _, v := range d {
		sum += v
	}
	return Summary{
		Count: len(d),
		P50:   Percentile(d, 50),
		P95:   Percentile(d, 95),
		P99:   Percentile(d, 99),
		Max:   d[len(d)-1],
		Mean:  sum / time.Duration(len(d)),
	}
}

// Percentile is the nearest-rank p-th percentile of sorted durations.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return sorted[i]
}
