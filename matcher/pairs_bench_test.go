package matcher

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

// benchExact caches the exact matching total of each benchmark round graph.
var benchExact = map[int]float64{}

// BenchmarkMatching times the matching step of a 1:1 round alone, on the
// round's graph (each of N people's top 10, everyone present): the exact
// blossom algorithm (not at 10,000: 7 to 90 s there, depending on the
// machine's load) and localMatching, which also reports its total as a
// percentage of the exact total (pct-of-exact) where that is computed.
func BenchmarkMatching(b *testing.B) {
	for _, n := range []int{1_000, 3_000, 10_000} {
		for _, algo := range []string{"exact", "local"} {
			if algo == "exact" && n > 3_000 {
				continue
			}
			b.Run(fmt.Sprintf("N=%d/%s", n, algo), func(b *testing.B) {
				m := benchModel(b, n)
				v, edges := roundGraph(m, m.IDs()[:n], nil, 10)
				match := MaxWeightMatching
				if algo == "local" {
					match = nearMaxWeightMatching
				}
				benchMu.Lock()
				exact, ok := benchExact[n]
				if !ok && algo == "local" && n <= 3_000 {
					exact = matchingWeight(b, v, edges, MaxWeightMatching(v, edges))
					benchExact[n] = exact
				}
				benchMu.Unlock()
				b.ReportAllocs()
				b.ResetTimer()
				var mate []int
				for b.Loop() {
					mate = match(v, edges)
				}
				b.StopTimer()
				total := matchingWeight(b, v, edges, mate)
				if algo == "exact" {
					benchMu.Lock()
					benchExact[n] = total
					benchMu.Unlock()
				} else if exact > 0 {
					b.ReportMetric(100*total/exact, "pct-of-exact")
				}
			})
		}
	}
}

// cpuTime is the CPU time (user + system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPairs_CPU is BenchmarkPairs reporting, beside the wall time, the
// CPU time per round (cpu-ms/op, all cores together): on a machine shared
// with other work the wall time says more about the neighbours than about
// the round, and the CPU time bounds what the round costs alone.
func BenchmarkPairs_CPU(b *testing.B) { benchRounds(b, true, pairsRound) }

// pairsRound is a 1:1 round of everyone in ids from scratch (Pairs).
func pairsRound(m *Model, ids []uint64) func() { return func() { Pairs(m, ids, nil, 10) } }

// benchRounds times the round that setup makes for a benchmark model of N
// people (N = 1,000, 3,000, 10,000), and with cpu its CPU time per round
// (cpu-ms/op). setup's own work is not timed.
func benchRounds(b *testing.B, cpu bool, setup func(m *Model, ids []uint64) (round func())) {
	for _, n := range []int{1_000, 3_000, 10_000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			round := setup(m, m.IDs()[:n])
			b.ReportAllocs()
			b.ResetTimer()
			start := cpuTime()
			for b.Loop() {
				round()
			}
			if cpu {
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
			}
		})
	}
}

// BenchmarkIndex_Pairs is a 1:1 round of N present people from the live
// index's kept lists (Index.Pairs), with its CPU time (cpu-ms/op).
func BenchmarkIndex_Pairs(b *testing.B) {
	benchRounds(b, true, func(m *Model, ids []uint64) func() {
		ix := NewIndex(m, 10)
		ix.Load(ids)
		return func() { ix.Pairs(ids, nil, 10) }
	})
}
