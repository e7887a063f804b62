package matcher

import "slices"

// Cycle cancelling: what short moves cannot reach. On the event graphs the
// difference between the local optimum and the exact one is a handful of
// long alternating cycles (tens to a hundred and more vertices), each worth
// a little. They are positive cycles of the exchange graph: an arc u → v
// for each edge u–y outside the matching with v = mate(y), weighing
// w(u, y) − w(y, v) (u takes y, whose partner v is released and takes the
// next one). Bellman–Ford for longest paths from every vertex at once finds
// them as cycles of its parent pointers.

// Bounds of cancelCycles.
const (
	cyclePasses = 256 // Bellman–Ford passes per search: longer cycles (in arcs) are not looked for
	cycleRounds = 64  // searches, each applying the disjoint cycles it finds
	cycleIdle   = 4   // passes a search goes on without finding a cycle, once it has found one
)

// The work of cancelCycles is bounded, in arcs relaxed, by cycleBudget
// passes over the whole graph (at least cycleFloor arcs): it keeps big
// rounds within their time, since a search can go on relaxing around
// cycles it cannot use. At 10,000 people (BenchmarkMatching's graph), 100
// passes reach 99.57% of the exact optimum for 0.56 s of CPU for the whole
// matching; 60 passes, 99.17% for 0.43 s; 30, 98.77% for 0.41 s.
const (
	cycleBudget = 100
	cycleFloor  = 4_000_000
)

// cancelCycles applies improving alternating cycles found by Bellman–Ford
// on the exchange graph and returns the vertices it re-matched.
//
// A search starts with every distance at 0 and, pass after pass, relaxes
// the arcs out of the vertices whose distance grew in the pass before
// (most arcs lose weight in a good matching, so the active set shrinks
// fast). After each pass it looks at the cycles of the parent pointers
// through the vertices just updated: each that is simple in the graph (a
// cycle that would give a vertex two partners is the trouble blossoms solve
// in the exact algorithm), disjoint from those applied before it and gaining
// weight is applied; its vertices and their neighbours start again from 0.
// A search ends at the first pass that applies nothing after one that did
// (or when nothing grows, or after cyclePasses), and the next starts afresh;
// the rounds stop when a search finds nothing.
func (ls *localSearch) cancelCycles() []int32 {
	n := int32(len(ls.mate))
	dist := make([]int64, n)
	parent := make([]int32, n)
	stamp := make([]int32, n) // walk that last visited a vertex in the parent graph
	walk := int32(0)
	queued := make([]bool, n)
	used := make([]bool, n) // re-matched by this pass's cycles
	var changed, cycle, active, next, fresh []int32
	work := max(cycleBudget*len(ls.g.nbr), cycleFloor)
	push := func(v int32) {
		if !queued[v] {
			queued[v] = true
			next = append(next, v)
		}
	}
	for round := 0; round < cycleRounds; round++ {
		clear(dist)
		active = active[:0]
		for v := range n {
			parent[v] = -1
			active = append(active, v)
		}
		applied, idle := 0, 0
		for pass := 0; pass < cyclePasses && len(active) > 0 && work > 0; pass++ {
			next = next[:0]
			for _, u := range active {
				if ls.mate[u] < 0 {
					continue
				}
				work -= int(ls.g.start[u+1] - ls.g.start[u])
				for k := ls.g.start[u]; k < ls.g.start[u+1]; k++ {
					y := ls.g.nbr[k]
					v := ls.mate[y]
					if v < 0 || v == u || y == ls.mate[u] {
						continue
					}
					if d := dist[u] + ls.g.w[k] - ls.mw[y]; d > dist[v] {
						dist[v], parent[v] = d, u
						push(v)
					}
				}
			}
			// A new cycle of the parent pointers goes through a vertex
			// updated in this pass.
			first, now := walk+1, 0
			fresh = fresh[:0]
			for _, s := range next {
				walk++
				v := s
				for v >= 0 && stamp[v] < first {
					stamp[v] = walk
					v = parent[v]
				}
				if v < 0 || stamp[v] != walk {
					continue // the walk ends, or joins an earlier one
				}
				cycle = cycle[:0]
				for x := v; ; {
					cycle = append(cycle, x)
					if x = parent[x]; x == v {
						break
					}
				}
				if ls.applyCycle(cycle, used) == cycleApplied {
					now++
					for i, x := range cycle {
						fresh = append(fresh, x, ls.mate[cycle[(i+1)%len(cycle)]])
					}
				}
			}
			if now > 0 {
				idle = 0
			} else if idle++; applied > 0 && idle > cycleIdle {
				for _, v := range next {
					queued[v] = false
				}
				break // this search has given what it had
			}
			applied += now
			for _, v := range fresh {
				// re-matched: the arcs into it are gone, and those out of
				// it and of its neighbours changed
				used[v] = false
				changed = append(changed, v)
				dist[v], parent[v] = 0, -1
				push(v)
				for k := ls.g.start[v]; k < ls.g.start[v+1]; k++ {
					push(ls.g.nbr[k])
				}
			}
			active, next = next, active
			for _, v := range active {
				queued[v] = false
			}
		}
		if applied == 0 || work <= 0 {
			break
		}
	}
	slices.Sort(changed)
	return slices.Compact(changed)
}

// Outcomes of applyCycle.
const (
	cycleApplied   = iota
	cycleNotSimple // a vertex would get two partners
	cycleSkipped   // overlaps a cycle applied in the same pass, or gains nothing
)

// applyCycle applies the alternating cycle of the exchange graph given by
// its vertices in reverse arc order (parent pointers: cycle[i+1] → cycle[i])
// if it is simple in the graph, does not touch the vertices re-matched in
// this pass (used) and gains weight.
func (ls *localSearch) applyCycle(cycle []int32, used []bool) int {
	for _, x := range cycle {
		if used[x] || used[ls.mate[x]] {
			return cycleSkipped
		}
	}
	on := func(x int32) bool { return slices.Contains(cycle, x) }
	if len(cycle) > 64 {
		set := make(map[int32]bool, len(cycle))
		for _, x := range cycle {
			set[x] = true
		}
		on = func(x int32) bool { return set[x] }
	}
	for _, x := range cycle {
		if on(ls.mate[x]) {
			return cycleNotSimple // both ends of a pair
		}
	}
	// New pairs: each u = cycle[i+1] takes y = mate(cycle[i]).
	k := len(cycle)
	var gain int64
	for i := range cycle {
		u, y := cycle[(i+1)%k], ls.mate[cycle[i]]
		w, ok := ls.edge(u, y)
		if !ok {
			return cycleSkipped // a parent pointer from before a change
		}
		gain += w - ls.mw[y]
	}
	if gain <= 0 {
		return cycleSkipped
	}
	ys := make([]int32, k)
	for i, x := range cycle {
		ys[i] = ls.mate[x]
	}
	for i := range cycle {
		u, y := cycle[(i+1)%k], ys[i]
		ls.match(u, y, ls.weight(u, y))
		used[u], used[y] = true, true
	}
	return cycleApplied
}
