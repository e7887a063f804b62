package matcher

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
)

var (
	benchMu     sync.Mutex
	benchModels = map[int]*Model{}
)

// benchNewcomers is how many attendees beyond n a bench model holds: the
// newcomers of the arrival benchmarks (ids n+1…).
const benchNewcomers = 64

// loadedBenchIndex is an index keeping k over benchModel(n) with everyone
// of the room (ids 1 to n) present, loaded at once (Index.Load).
func loadedBenchIndex(b *testing.B, n, k int) *Index {
	b.Helper()
	ix := NewIndex(benchModel(b, n), k)
	ids := make([]uint64, n)
	for i := range ids {
		ids[i] = uint64(i + 1)
	}
	ix.Load(ids)
	return ix
}

// benchModel builds (once per size) a model of n+benchNewcomers synthetic
// attendees.
func benchModel(b *testing.B, n int) *Model {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if m, ok := benchModels[n]; ok {
		return m
	}
	ps := consenting(synthEvent(n+benchNewcomers, int64(n)))
	m := NewModel(ps, Options{})
	benchModels[n] = m
	return m
}

// presentIndex puts ids 1..n present with full kept lists whose last
// (depth-th) score is kth for everyone, without computing them (that is
// BenchmarkIndex_Load's job). kth is calibrated on the room: the median of
// the real depth-th best scores of a sample of 200 present people, so that
// a newcomer enters about as many lists as it would in a real room (a
// fixed threshold meant nothing once the score's scale changed).
func presentIndex(m *Model, n, k int) (ix *Index, kth float64) {
	ix = NewIndex(m, k)
	ix.rowOf = make([]int32, len(m.people))
	for id := uint64(1); id <= uint64(n); id++ {
		ix.push(m.get(id))
	}
	var sample []float64
	for i := 0; i < n; i += max(1, n/200) {
		if top := ix.keptList(ix.people[i]); len(top) > 0 {
			sample = append(sample, top[len(top)-1].Score)
		}
	}
	slices.Sort(sample)
	kth = sample[len(sample)/2]
	for i := range n {
		ix.setTop(i, fillerTop(ix.depth, kth, i))
	}
	return ix, kth
}

// fillerTop is a full kept list of depth placeholders scoring kth for the
// person at row (placeholder IDs are distinct, like people).
func fillerTop(depth int, kth float64, row int) []Suggestion {
	top := make([]Suggestion, depth)
	for x := range top {
		top[x] = Suggestion{ID: 1<<62 + uint64(row*depth+x), Score: kth}
	}
	return top
}

// arriveSizes are the numbers of people present in the arrival benchmarks.
var arriveSizes = []int{3_000, 10_000, 20_000, 100_000}

// BenchmarkIndex_Arrive scores one newcomer against N present people (one
// pass over the newcomer's sketch columns + tail postings), picks its top
// 10 with reasons and finds whose kept top 10 it enters; the kept lists
// are fillers at the room's median kept score (presentIndex, reported as
// kth). BenchmarkIndex_ArriveLoaded is the same on the real kept lists.
func BenchmarkIndex_Arrive(b *testing.B) {
	for _, n := range arriveSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			ix, kth := presentIndex(m, n, 10)
			newcomer := []uint64{uint64(n + 1)}
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			notified := 0
			start := cpuTime()
			for b.Loop() {
				_, notify := ix.Arrive(newcomer[0])
				notified = len(notify)
				ix.leaveQuiet(newcomer, []Arrival{{ID: newcomer[0], Notify: notify}}, kth)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e3, "cpu-µs/op")
			b.ReportMetric(float64(notified), "notified")
			b.ReportMetric(kth, "kth")
		})
	}
}

// BenchmarkIndex_ArriveBatch is 64 newcomers arriving against N present
// people, by one ArriveBatch (batch) or by 64 calls to Arrive (sequential,
// the same work one lock at a time); ns/arrival is the cost of one of them.
func BenchmarkIndex_ArriveBatch(b *testing.B) {
	const batch = benchNewcomers
	for _, n := range arriveSizes {
		for _, mode := range []string{"batch", "sequential"} {
			b.Run(fmt.Sprintf("N=%d/%s", n, mode), func(b *testing.B) {
				m := benchModel(b, n)
				ix, kth := presentIndex(m, n, 10)
				newcomers := make([]uint64, batch)
				for x := range newcomers {
					newcomers[x] = uint64(n + 1 + x)
				}
				out := make([]Arrival, batch)
				b.ReportAllocs()
				b.ResetTimer()
				notified := 0
				for b.Loop() {
					if mode == "batch" {
						out = ix.ArriveBatch(newcomers)
					} else {
						for x, id := range newcomers {
							out[x].ID = id
							out[x].Mine, out[x].Notify = ix.Arrive(id)
						}
					}
					notified = 0
					for _, a := range out {
						notified += len(a.Notify)
					}
					ix.leaveQuiet(newcomers, out, kth)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/arrival")
				b.ReportMetric(float64(notified)/batch, "notified/arrival")
			})
		}
	}
}

// leaveQuiet removes the last arrivals (ids) and puts back, in place, the
// filler lists (presentIndex) of the people whose lists they entered,
// without scanning or allocating (benchmarks only).
func (ix *Index) leaveQuiet(ids []uint64, _ []Arrival, kth float64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	base := len(ix.ids) - len(ids)
	for _, id := range ids {
		for _, owner := range ix.keptBy[id] {
			i, ok := ix.pos[owner]
			if !ok || i >= base {
				continue
			}
			// Fillers all score kth, so the newcomer went first and pushed
			// the last filler out: shift back and restore it.
			top := ix.tops[owner]
			copy(top, top[1:])
			top[len(top)-1] = Suggestion{ID: 1<<62 + uint64(i*ix.depth+len(top)-1), Score: kth}
			ix.link(owner, top[len(top)-1].ID)
			ix.kth[i] = kth
		}
		delete(ix.keptBy, id)
	}
	for range ids {
		last := len(ix.ids) - 1
		id := ix.ids[last]
		for _, s := range ix.tops[id] {
			ix.unlink(id, s.ID)
		}
		ix.rowOf[ix.ats[last]] = 0
		ix.cols.moveLast(last)
		ix.ids, ix.people, ix.kth, ix.ats, ix.open = ix.ids[:last], ix.people[:last], ix.kth[:last], ix.ats[:last], ix.open[:last]
		ix.consent = ix.consent[:last]
		delete(ix.pos, id)
		delete(ix.tops, id)
	}
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

func BenchmarkPairs(b *testing.B) { benchRounds(b, false, pairsRound) }

func BenchmarkGroups(b *testing.B) {
	for _, n := range []int{1_000, 5_000, 10_000} {
		for _, mode := range []GroupMode{Affinity, Mix} {
			b.Run(fmt.Sprintf("N=%d_size6_mode%d", n, mode), func(b *testing.B) {
				m := benchModel(b, n)
				ids := m.IDs()[:n]
				b.ReportAllocs()
				for b.Loop() {
					Groups(m, ids, 6, mode, 1, nil)
				}
			})
		}
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
	ps := consenting(synthEvent(n, 3))
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

// BenchmarkIndex_Leave times one exit from a room of N present people whose
// kept lists are real (Load), each exit followed by an untimed re-entry of
// the same person; people leave in turn.
func BenchmarkIndex_Leave(b *testing.B) {
	for _, n := range []int{3_000, 10_000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			ix := NewIndex(m, 10)
			ids := m.IDs()[:n]
			ix.Load(ids)
			b.ReportAllocs()
			b.ResetTimer()
			next := 0
			for b.Loop() {
				id := ids[next%len(ids)]
				next++
				ix.Leave(id)
				b.StopTimer()
				ix.Arrive(id)
				b.StartTimer()
			}
		})
	}
}

// BenchmarkIndex_ArriveLoaded is an arrival (then its exit) in a room whose
// kept lists are the real ones (Index.Load), not fillers at a fixed score:
// the newcomer is pushed to the people whose top k it really enters.
func BenchmarkIndex_ArriveLoaded(b *testing.B) {
	for _, n := range []int{3_000, 10_000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			ix := loadedBenchIndex(b, n, 10)
			newcomers := []uint64{uint64(n + 1), uint64(n + 2), uint64(n + 3), uint64(n + 4)}
			runtime.GC() // Load's garbage is not the arrivals' CPU time
			b.ReportAllocs()
			b.ResetTimer()
			notified, i := 0, 0
			start := cpuTime()
			for b.Loop() {
				id := newcomers[i%len(newcomers)]
				i++
				_, notify := ix.Arrive(id)
				notified += len(notify)
				ix.Leave(id)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e3, "cpu-µs/op")
			b.ReportMetric(float64(notified)/float64(i), "notified")
		})
	}
}

// BenchmarkTerms_Newcomer scores a newcomer exactly against 100 people of
// a room of 3,000 (about what one arrival scores: its candidates and the
// rows it may enter), by the merge (terms) or with the newcomer keyed
// (keyedTerms, what the Index does): ns/op is one pair.
func BenchmarkTerms_Newcomer(b *testing.B) {
	m := benchModel(b, 3_000)
	m.mu.RLock()
	defer m.mu.RUnlock()
	newcomer, others := m.people[3_000], m.people[:100]
	var kd keyed
	kd.set(newcomer, len(m.keys))
	for _, mode := range []string{"merge", "keyed"} {
		b.Run(mode, func(b *testing.B) {
			sp := &kd
			if mode == "merge" {
				sp = nil
			}
			var sum float64
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				sum += m.keyedTerms(newcomer, others[i%len(others)], sp).score
			}
			runtime.KeepAlive(sum)
		})
	}
}
