package matcher

import (
	"runtime"
	"slices"
	"sync"
)

// Large 1:1 rounds use a near-optimal matching instead of the exact blossom
// algorithm, whose cost grows with the cube of the room (7 s at 10,000
// people on each person's top 10, and up to 90 s on a loaded machine). The
// exact algorithm stays the oracle in tests and runs up to
// exactMatchingLimit people, where it costs little.
//
// localMatching works in three steps, each raising the total weight
// (computed in the blossom's integer units, so that every step ends):
//
//  1. the greedy matching, heaviest edge first (a ½-approximation; about
//     93% of the optimum on the event graphs);
//  2. short moves (localSearch.improve): a move starts at a vertex a and
//     takes apart, besides a's own pair, at most localDepth matched edges
//     along an alternating chain: a takes a new partner b, b's old partner
//     b' takes a new partner c, …, and the last released vertex stays
//     alone, takes a free neighbour, or takes a's old partner a' (an
//     alternating cycle: the swap of two pairs is the shortest one); a' may
//     also take a free neighbour of its own. This reaches about 99%;
//  3. cycle cancelling (cycles.go): the long alternating cycles, tens to
//     hundreds of vertices, that make up the rest, found by Bellman–Ford on
//     the exchange graph, then short moves again around what changed.
//
// On the event benchmarks the result is 99.9–100% of the exact optimum at
// 1,000 and 3,000 people (BenchmarkMatching reports it as pct-of-exact).
// The result depends only on n and the edges (not on their order: edges
// are sorted, ties by vertex numbers).

// exactMatchingLimit is the largest round matched by the exact blossom
// algorithm in Pairs: about 40 ms at 1,000 people on each one's top 10, but
// 0.5 s at 3,000 and 7 s at 10,000.
const exactMatchingLimit = 1000

// localDepth is how many matched edges one move may take apart besides
// a's own; each level deeper finds a little more and costs up to a factor of
// the degree.
const localDepth = 2

// sparseGraph is an undirected graph in compressed rows: the neighbours of
// v are nbr[start[v]:start[v+1]] with weights w, heaviest first.
type sparseGraph struct {
	start []int32
	nbr   []int32
	w     []int64
}

// newSparseGraph builds the adjacency of es (parallel edges keep their
// heaviest weight).
func newSparseGraph(n int, es []wedge) sparseGraph {
	type half struct {
		v, u int32
		w    int64
	}
	halves := make([]half, 0, 2*len(es))
	for _, e := range es {
		halves = append(halves, half{int32(e.i), int32(e.j), e.w}, half{int32(e.j), int32(e.i), e.w})
	}
	slices.SortFunc(halves, func(a, b half) int {
		switch {
		case a.v != b.v:
			return int(a.v - b.v)
		case a.u != b.u:
			return int(a.u - b.u)
		case a.w != b.w:
			return -cmpInt64(a.w, b.w) // heaviest first, then dropped as duplicates below
		}
		return 0
	})
	halves = slices.CompactFunc(halves, func(a, b half) bool { return a.v == b.v && a.u == b.u })
	slices.SortStableFunc(halves, func(a, b half) int {
		if a.v != b.v {
			return int(a.v - b.v)
		}
		return -cmpInt64(a.w, b.w) // heaviest first; equal weights keep neighbour order
	})
	g := sparseGraph{start: make([]int32, n+1), nbr: make([]int32, len(halves)), w: make([]int64, len(halves))}
	for k, h := range halves {
		g.start[h.v+1]++
		g.nbr[k], g.w[k] = h.u, h.w
	}
	for v := 0; v < n; v++ {
		g.start[v+1] += g.start[v]
	}
	return g
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// localMatching returns a near-maximum-weight matching of the graph with n
// vertices and edges es (positive integer weights): mate[v] is v's partner
// or -1.
func localMatching(n int, es []wedge) []int {
	g := newSparseGraph(n, es)
	ls := &localSearch{g: g, mate: make([]int32, n), mw: make([]int64, n), inPath: make([]bool, n)}
	for v := range ls.mate {
		ls.mate[v] = -1
	}
	ls.greedy(es)
	ls.improve(nil)
	if changed := ls.cancelCycles(); len(changed) > 0 {
		ls.improve(changed)
	}
	mate := make([]int, n)
	for v, u := range ls.mate {
		mate[v] = int(u)
	}
	return mate
}

// localSearch is the state of localMatching.
type localSearch struct {
	g    sparseGraph
	mate []int32 // partner or -1
	mw   []int64 // weight of the vertex's matched edge, 0 when free

	// the move being built from one start vertex, and the best one found
	a, aOld        int32
	aFree1, aFree2 int32  // aOld's two heaviest free neighbours, or -1
	inPath         []bool // a, a's old partner and the chain's vertices
	cur, best      localMove
}

// localMove is a set of new pairs; applying it frees the old partners of
// their members. gain is the change of the matching's total weight.
type localMove struct {
	gain  int64
	pairs [localDepth + 2][2]int32
	n     int
}

func (mv *localMove) push(x, y int32) { mv.pairs[mv.n] = [2]int32{x, y}; mv.n++ }

func sortedEdges(es []wedge) []wedge {
	order := make([]wedge, len(es))
	for k, e := range es {
		order[k] = wedge{min(e.i, e.j), max(e.i, e.j), e.w}
	}
	slices.SortFunc(order, func(a, b wedge) int {
		if c := cmpInt64(b.w, a.w); c != 0 {
			return c
		}
		if a.i != b.i {
			return a.i - b.i
		}
		return a.j - b.j
	})
	return order
}

// greedy matches edges heaviest first (ties by vertex numbers).
func (ls *localSearch) greedy(es []wedge) {
	order := sortedEdges(es)
	for _, e := range order {
		if ls.mate[e.i] < 0 && ls.mate[e.j] < 0 {
			ls.match(int32(e.i), int32(e.j), e.w)
		}
	}
}

func (ls *localSearch) match(x, y int32, w int64) {
	ls.mate[x], ls.mate[y] = y, x
	ls.mw[x], ls.mw[y] = w, w
}

// improve applies the best move found from each vertex in a work queue
// until no vertex has an improving move (or a generous bound on the number
// of examinations is reached, which keeps the time bounded on adversarial
// graphs with long chains of tiny gains). The queue starts with the
// vertices that have an improving move from the starting matching; the
// vertices near each applied move join it.
func (ls *localSearch) improve(start []int32) {
	n := len(ls.mate)
	queue := start
	if queue == nil {
		queue = ls.promising()
	} else {
		queue = slices.Clone(queue)
	}
	queued := make([]bool, n)
	for _, v := range queue {
		queued[v] = true
	}
	enqueue := func(v int32) {
		if !queued[v] {
			queued[v] = true
			queue = append(queue, v)
		}
	}
	for budget := 20 * n; len(queue) > 0 && budget > 0; budget-- {
		a := queue[0]
		queue = queue[1:]
		queued[a] = false
		if !ls.search(a) {
			continue
		}
		mv := ls.best
		var changed []int32
		for _, p := range mv.pairs[:mv.n] {
			for _, x := range p {
				changed = append(changed, x)
				if old := ls.mate[x]; old >= 0 {
					changed = append(changed, old)
					ls.mate[old], ls.mw[old] = -1, 0
				}
				ls.mate[x], ls.mw[x] = -1, 0
			}
		}
		for _, p := range mv.pairs[:mv.n] {
			ls.match(p[0], p[1], ls.weight(p[0], p[1]))
		}
		for _, x := range changed {
			enqueue(x)
			for k := ls.g.start[x]; k < ls.g.start[x+1]; k++ {
				enqueue(ls.g.nbr[k])
			}
		}
	}
}

// promising returns, in increasing order, the vertices from which an
// improving move starts in the current matching. Most have none, and
// finding that out is most of the search's work, so it is shared among
// the cores (each with its own scratch state; the matching is only read).
func (ls *localSearch) promising() []int32 {
	n := len(ls.mate)
	has := make([]bool, n)
	workers := max(1, min(runtime.GOMAXPROCS(0), 8))
	per := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += per {
		s := *ls
		s.inPath = make([]bool, n)
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			for v := lo; v < hi; v++ {
				has[v] = s.search(int32(v))
			}
		}(lo, min(lo+per, n))
	}
	wg.Wait()
	var out []int32
	for v, h := range has {
		if h {
			out = append(out, int32(v))
		}
	}
	return out
}

// weight is the weight of edge x–y (which exists).
func (ls *localSearch) weight(x, y int32) int64 {
	w, ok := ls.edge(x, y)
	if !ok {
		panic("matcher: localMatching: missing edge")
	}
	return w
}

// edge returns the weight of edge x–y, if there is one.
func (ls *localSearch) edge(x, y int32) (int64, bool) {
	for k := ls.g.start[x]; k < ls.g.start[x+1]; k++ {
		if ls.g.nbr[k] == y {
			return ls.g.w[k], true
		}
	}
	return 0, false
}

// search finds the best improving move that starts at a, into ls.best, and
// reports whether there is one.
func (ls *localSearch) search(a int32) bool {
	ls.a, ls.aOld = a, ls.mate[a]
	ls.aFree1, ls.aFree2 = -1, -1
	if ls.aOld >= 0 {
		for k := ls.g.start[ls.aOld]; k < ls.g.start[ls.aOld+1]; k++ {
			if u := ls.g.nbr[k]; ls.mate[u] < 0 {
				if ls.aFree1 < 0 {
					ls.aFree1 = int32(k)
				} else {
					ls.aFree2 = int32(k)
					break
				}
			}
		}
	}
	ls.inPath[a] = true
	if ls.aOld >= 0 {
		ls.inPath[ls.aOld] = true
	}
	ls.best = localMove{}
	ls.cur = localMove{gain: -ls.mw[a]}
	ls.extend(a, 0)
	ls.inPath[a] = false
	if ls.aOld >= 0 {
		ls.inPath[ls.aOld] = false
	}
	return ls.best.gain > 0
}

// extend tries every next step from the released vertex x (a itself at
// depth 0), having taken apart depth matched edges besides a's.
func (ls *localSearch) extend(x int32, depth int) {
	if depth > 0 {
		ls.record(-1) // x stays alone
	}
	for k := ls.g.start[x]; k < ls.g.start[x+1]; k++ {
		y, w := ls.g.nbr[k], ls.g.w[k]
		if depth == 0 && y == ls.aOld {
			continue // a's own pair
		}
		if y == ls.aOld {
			ls.cur.push(x, y) // closes an alternating cycle
			ls.cur.gain += w
			ls.recordPlain()
			ls.cur.gain -= w
			ls.cur.n--
			continue
		}
		if ls.inPath[y] {
			continue
		}
		yOld := ls.mate[y]
		if yOld < 0 {
			ls.cur.push(x, y)
			ls.cur.gain += w
			ls.record(y)
			ls.cur.gain -= w
			ls.cur.n--
			continue
		}
		if depth+1 > localDepth || ls.inPath[yOld] {
			continue
		}
		// Only chains that could still pay off: after this step, the freed
		// vertex and a's old partner would need to win back the loss.
		step := w - ls.mw[y]
		if ls.cur.gain+step+ls.maxAdj(yOld)+ls.maxFreeA() <= ls.best.gain {
			continue
		}
		ls.cur.push(x, y)
		ls.cur.gain += step
		ls.inPath[y], ls.inPath[yOld] = true, true
		ls.extend(yOld, depth+1)
		ls.inPath[y], ls.inPath[yOld] = false, false
		ls.cur.gain -= step
		ls.cur.n--
	}
}

// maxAdj is the heaviest edge weight at v.
func (ls *localSearch) maxAdj(v int32) int64 {
	if k := ls.g.start[v]; k < ls.g.start[v+1] {
		return ls.g.w[k]
	}
	return 0
}

// maxFreeA is the most a's old partner can gain by taking a free neighbour.
func (ls *localSearch) maxFreeA() int64 {
	if ls.aFree1 < 0 {
		return 0
	}
	return ls.g.w[ls.aFree1]
}

// record keeps the current move, extended by a's old partner taking its
// best free neighbour other than taken (when that helps), if it beats the
// best so far.
func (ls *localSearch) record(taken int32) {
	k := ls.aFree1
	if k >= 0 && ls.g.nbr[k] == taken {
		k = ls.aFree2
	}
	if k >= 0 && ls.cur.gain+ls.g.w[k] > ls.best.gain {
		ls.cur.push(ls.aOld, ls.g.nbr[k])
		ls.cur.gain += ls.g.w[k]
		ls.best = ls.cur
		ls.cur.gain -= ls.g.w[k]
		ls.cur.n--
	}
	ls.recordPlain()
}

// recordPlain keeps the current move as it is if it beats the best so far.
func (ls *localSearch) recordPlain() {
	if ls.cur.gain > ls.best.gain {
		ls.best = ls.cur
	}
}

// nearMaxWeightMatching is localMatching on float weights, with the same
// edge rules as MaxWeightMatching.
func nearMaxWeightMatching(n int, edges []Edge) []int {
	return localMatching(n, scaleEdges(n, edges))
}
