package matcher

import (
	"slices"
	"sort"
)

// Pair is one introduction of a 1:1 round: two members, or three when the
// count is odd (or one, for a person every other is excluded from). Score
// is the sum of the members' pairwise scores.
type Pair struct {
	Members []uint64
	Score   float64
}

// Pairs makes one 1:1 introduction round among ids: a maximum-weight
// matching on the graph of each person's topK best partners, never pairing
// an excluded pair (met in an earlier round, declined; excluded may be nil
// and may be called concurrently). Unknown and non-consenting ids are left
// out. Pairs are returned best first; the result is deterministic for the
// same ids and model.
//
// Up to exactMatchingLimit people the matching is exact on that graph
// (blossom algorithm); above it, it is the near-optimal localMatching,
// within about 1% of the exact total at 1,000 to 10,000 people for a
// fraction of the time (BenchmarkPairs_Quality; 10,000 people in well under
// a second instead of 7 s). On each person's top-k candidates (k around 12)
// the exact matching reaches the optimum of the full graph in practice
// (≥ 99.5% is asserted in tests at N=50..300; at k=10 one random room of 200
// fell to 99.4%).
//
// People the matching leaves alone are matched again among themselves, on
// their own top-k, while that pairs anyone (at most leftoverRounds times);
// those still alone have no positive score with one another and are paired
// in order, each with the best-scoring (least negative) partner among the
// next leftoverWindow, never an excluded pair. With an odd count the last
// one joins the pair where they add the most, making a trio.
func Pairs(m *Model, ids []uint64, excluded func(a, b uint64) bool, topK int) []Pair {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := m.cohortOf(ids)
	return m.round(c, m.roundEdges(c, excluded, topK), excluded, topK)
}

// round makes the round of cohort c on the graph edges (positions in c;
// see Pairs). m.mu must be held (read).
func (m *Model) round(c cohort, edges []Edge, excluded func(a, b uint64) bool, topK int) []Pair {
	score := func(i, j int) float64 { return m.suggest(c.people[i], c.people[j]).Score }
	isExcluded := func(i, j int) bool { return excluded != nil && excluded(c.ids[i], c.ids[j]) }

	groups, single := matchEdges(len(c.ids), edges)
	for round := 0; round < leftoverRounds && len(single) >= 2; round++ {
		sub := m.cohortOf(idsAt(c, single))
		more, rest := matchEdges(len(sub.ids), m.roundEdges(sub, excluded, topK))
		if len(more) == 0 {
			break
		}
		for _, g := range more {
			groups = append(groups, []int{c.pos[sub.ids[g[0]]], c.pos[sub.ids[g[1]]]})
		}
		single = single[:0]
		for _, x := range rest {
			single = append(single, c.pos[sub.ids[x]])
		}
	}
	pairs, alone := pairInOrder(single, score, isExcluded)
	groups = append(groups, pairs...)
	groups, alone = swapIntoPairs(groups, alone, score, isExcluded)
	// Whoever is left joins the pair where they add the most.
	for _, x := range alone {
		bg, best := -1, 0.0
		for g, members := range groups {
			if len(members) != 2 || isExcluded(x, members[0]) || isExcluded(x, members[1]) {
				continue
			}
			if s := score(x, members[0]) + score(x, members[1]); bg < 0 || s > best {
				bg, best = g, s
			}
		}
		if bg < 0 {
			groups = append(groups, []int{x})
		} else {
			groups[bg] = append(groups[bg], x)
		}
	}

	out := make([]Pair, len(groups))
	for g, members := range groups {
		p := Pair{Members: make([]uint64, len(members))}
		for a, i := range members {
			p.Members[a] = c.ids[i]
			for _, j := range members[a+1:] {
				p.Score += score(i, j)
			}
		}
		out[g] = p
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].Members[0] < out[b].Members[0]
	})
	return out
}

// Leftover handling in Pairs.
const (
	leftoverRounds = 4  // re-matchings of the people a matching left alone
	leftoverWindow = 64 // partners looked at for each of the last ones
)

// matchEdges matches the n vertices of a round's graph: the pairs, and
// the vertices left alone in increasing order.
func matchEdges(n int, edges []Edge) (pairs [][]int, single []int) {
	var mate []int
	if n <= exactMatchingLimit {
		mate = MaxWeightMatching(n, edges)
	} else {
		mate = nearMaxWeightMatching(n, edges)
	}
	for i := 0; i < n; i++ {
		switch {
		case mate[i] < 0:
			single = append(single, i)
		case i < mate[i]:
			pairs = append(pairs, []int{i, mate[i]})
		}
	}
	return pairs, single
}

// roundEdges is the graph of a round: an edge from each member of c to
// each of its topK candidates (positions in c), once per pair. m.mu must be
// held (read).
func (m *Model) roundEdges(c cohort, excluded func(a, b uint64) bool, topK int) []Edge {
	lists := m.candidates(c, topK, excluded)
	var edges []Edge
	for i, list := range lists {
		for _, cd := range list {
			// i–j once: from the lower end, or from i when j's list lacks i
			if i < cd.j || !slices.ContainsFunc(lists[cd.j], func(x cand) bool { return x.j == i }) {
				edges = append(edges, Edge{min(i, cd.j), max(i, cd.j), cd.s})
			}
		}
	}
	return edges
}

// idsAt returns the ids of the members of c at positions at.
// swapIntoPairs pairs the people left alone two by two even when they are
// excluded from each other: x and y, excluded, take the place of a pair
// (a, b) as (x, a) and (y, b) or (x, b) and (y, a), the swap that keeps
// the most score. Without it the last two of pairInOrder, when excluded
// from each other, made two trios in an even room. Those for whom no swap
// exists stay alone (they join a trio).
func swapIntoPairs(groups [][]int, alone []int, score func(i, j int) float64, isExcluded func(i, j int) bool) ([][]int, []int) {
	var left []int
	for len(alone) >= 2 {
		x, y := alone[0], alone[1]
		alone = alone[2:]
		if !isExcluded(x, y) {
			groups = append(groups, []int{x, y})
			continue
		}
		bg, swap, best := -1, false, 0.0
		for g, members := range groups {
			if len(members) != 2 {
				continue
			}
			a, b := members[0], members[1]
			kept := -score(a, b)
			if !isExcluded(x, a) && !isExcluded(y, b) {
				if s := kept + score(x, a) + score(y, b); bg < 0 || s > best {
					bg, swap, best = g, false, s
				}
			}
			if !isExcluded(x, b) && !isExcluded(y, a) {
				if s := kept + score(x, b) + score(y, a); bg < 0 || s > best {
					bg, swap, best = g, true, s
				}
			}
		}
		if bg < 0 {
			left = append(left, x, y)
			continue
		}
		a, b := groups[bg][0], groups[bg][1]
		if swap {
			a, b = b, a
		}
		groups[bg] = []int{x, a}
		groups = append(groups, []int{y, b})
	}
	return groups, append(left, alone...)
}

func idsAt(c cohort, at []int) []uint64 {
	ids := make([]uint64, len(at))
	for x, i := range at {
		ids[x] = c.ids[i]
	}
	return ids
}

// pairInOrder pairs people in the order given, each with the best-scoring
// partner among the next leftoverWindow (or, when all of those are
// excluded, the first one further on that is not): the pairs, and those
// for whom every other is excluded.
func pairInOrder(people []int, score func(i, j int) float64, isExcluded func(i, j int) bool) (pairs [][]int, alone []int) {
	rest := append([]int(nil), people...)
	for len(rest) >= 2 {
		x, best, bestScore := rest[0], -1, 0.0
		for y := 1; y < len(rest); y++ {
			if y > leftoverWindow && best >= 0 {
				break
			}
			if isExcluded(x, rest[y]) {
				continue
			}
			if s := score(x, rest[y]); best < 0 || s > bestScore {
				best, bestScore = y, s
			}
		}
		if best < 0 {
			alone = append(alone, x)
			rest = rest[1:]
			continue
		}
		pairs = append(pairs, []int{x, rest[best]})
		rest = append(rest[1:best], rest[best+1:]...)
	}
	return pairs, append(alone, rest...)
}
