package matcher

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
)

var (
	benchMu     sync.Mutex
	benchModels = map[int]*Model{}
)

// benchModel builds (once per size) a model of n synthetic attendees.
func benchModel(b *testing.B, n int) *Model {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if m, ok := benchModels[n]; ok {
		return m
	}
	ps := synthEvent(n+1, int64(n))
	for i := range ps {
		ps[i].Consent = true
	}
	m := NewModel(ps, Options{})
	benchModels[n] = m
	return m
}

// presentIndex puts ids 1..n present with full kept lists whose k-th score
// is kth, without computing them (that is BenchmarkIndex_Load's job).
func presentIndex(m *Model, n, k int, kth float64) *Index {
	ix := NewIndex(m, k)
	d := m.layout.width
	for id := uint64(1); id <= uint64(n); id++ {
		pp := m.get(id)
		ix.pos[id] = len(ix.ids)
		ix.ids = append(ix.ids, id)
		ix.people = append(ix.people, pp)
		ix.kth = append(ix.kth, 0)
		ix.rows = append(ix.rows, m.rows[m.pos[id]*d:m.pos[id]*d+d]...)
		top := make([]Suggestion, k)
		for x := range top {
			top[x] = Suggestion{ID: 1 << 62, Score: kth}
		}
		ix.setTop(int(id-1), top)
	}
	return ix
}

// BenchmarkIndex_Arrive scores one newcomer against N present people (one
// matrix-vector product + tail postings), picks its top 10 with reasons and
// finds whose kept top 10 it enters.
func BenchmarkIndex_Arrive(b *testing.B) {
	for _, n := range []int{3_000, 10_000, 20_000, 100_000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			ix := presentIndex(m, n, 10, 0.6)
			newcomer := uint64(n + 1)
			b.ReportAllocs()
			b.ResetTimer()
			notified := 0
			for b.Loop() {
				_, notify := ix.Arrive(newcomer)
				notified = len(notify)
				ix.mu.Lock()
				ix.leaveQuiet(newcomer, notify)
				ix.mu.Unlock()
			}
			b.ReportMetric(float64(notified), "notified")
		})
	}
}

// leaveQuiet removes the last arrival and restores the lists it entered,
// without recomputing anything (benchmarks only).
func (ix *Index) leaveQuiet(id uint64, notified []Notice) {
	for _, nt := range notified {
		i := ix.pos[nt.For]
		top := ix.tops[nt.For]
		for x, s := range top {
			if s.ID == id {
				top = append(top[:x:x], top[x+1:]...)
				break
			}
		}
		ix.setTop(i, append(top, Suggestion{ID: 1 << 62, Score: ix.kth[i]}))
	}
	last := len(ix.ids) - 1
	ix.ids, ix.people, ix.kth, ix.rows = ix.ids[:last], ix.people[:last], ix.kth[:last], ix.rows[:last*ix.width()]
	delete(ix.pos, id)
	delete(ix.tops, id)
}

// BenchmarkIndex_Load is the full top-10 for everyone present (blocks of
// rows), with reasons.
func BenchmarkIndex_Load(b *testing.B) {
	for _, n := range []int{10_000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			ids := m.IDs()[:n]
			b.ReportAllocs()
			for b.Loop() {
				NewIndex(m, 10).Load(ids)
			}
		})
	}
}

func BenchmarkPairs(b *testing.B) {
	for _, n := range []int{1_000, 3_000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			ids := m.IDs()[:n]
			b.ReportAllocs()
			for b.Loop() {
				Pairs(m, ids, nil, 10)
			}
		})
	}
}

func BenchmarkGroups(b *testing.B) {
	for _, mode := range []GroupMode{Affinity, Mix} {
		b.Run(fmt.Sprintf("N=1000_size6_mode%d", mode), func(b *testing.B) {
			m := benchModel(b, 1_000)
			ids := m.IDs()[:1_000]
			b.ReportAllocs()
			for b.Loop() {
				Groups(m, ids, 6, mode, 1, nil)
			}
		})
	}
}

func BenchmarkNewModel(b *testing.B) {
	ps := synthEvent(10_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		NewModel(ps, Options{})
	}
}

// BenchmarkMemoryPerAttendee reports the heap held by a model and a full
// index (k=10, everyone present) per attendee.
func BenchmarkMemoryPerAttendee(b *testing.B) {
	const n = 10_000
	ps := synthEvent(n, 3)
	for i := range ps {
		ps[i].Consent = true
	}
	for b.Loop() {
		var before, afterModel, afterIndex runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m := NewModel(ps, Options{})
		runtime.GC()
		runtime.ReadMemStats(&afterModel)
		ix := NewIndex(m, 10)
		ix.Load(m.IDs())
		runtime.GC()
		runtime.ReadMemStats(&afterIndex)
		b.ReportMetric(float64(afterModel.HeapAlloc-before.HeapAlloc)/n, "model-B/attendee")
		b.ReportMetric(float64(afterIndex.HeapAlloc-afterModel.HeapAlloc)/n, "index-B/attendee")
		b.ReportMetric(float64(m.layout.width), "columns")
		runtime.KeepAlive(ix)
	}
}
