package matcher

import (
	"cmp"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Ranking with a Model: one pair's score (Score), a person's best among
// everyone registered (Rank), and the exact re-rank of the candidates a
// sketch product picked (rerank, rerankSketch, rerankPairs).

// Score returns b as a suggestion for a, with its reasons. Unknown ids
// score 0 with no reasons. Consent is not checked here (Rank and the Index
// do).
func (m *Model) Score(a, b uint64) Suggestion {
	m.mu.RLock()
	defer m.mu.RUnlock()
	pa, pb := m.get(a), m.get(b)
	if pa == nil || pb == nil {
		return Suggestion{ID: b}
	}
	return m.suggest(pa, pb)
}

// Rank returns the top k suggestions for id among all registered people
// (previews before the event), best first, keeping only those for whom
// candidate returns true (nil keeps all). It never returns id itself,
// non-consenting people, or scores ≤ 0; a non-consenting id gets nothing.
func (m *Model) Rank(id uint64, k int, candidate func(uint64) bool) []Suggestion {
	m.mu.RLock()
	defer m.mu.RUnlock()
	pa := m.get(id)
	if pa == nil || !pa.p.Consent || k <= 0 || len(m.people) == 0 {
		return nil
	}
	n := len(m.people)
	cand := func(i int) *person {
		pb := m.people[i]
		if pb == pa || !pb.p.Consent || (candidate != nil && !candidate(pb.p.ID)) {
			return nil
		}
		return pb
	}
	q, tail := m.query(pa)
	approx := mulSketch(m.rows, n, q, nil)
	m.addTail(approx, tail, m.row)
	sc := m.scorer(pa, cand, map[int]scoredPair{})
	best := m.rerankPairs(sc, topIndices(approx, rerankPool(answerDepth(k)), func(i int) bool { return cand(i) != nil }), answerDepth(k))
	var lists [2][]scoredPair
	for x, pass := range m.passes() {
		pq, ptail := m.queryWith(pa, pass.w)
		papprox := mulSketch(m.rows, n, pq, approx)
		m.addTail(papprox, ptail, m.row)
		lists[x] = m.passList(sc, pass, topIndices(papprox, pass.depth, func(i int) bool { return cand(i) != nil && papprox[i] > 0 }))
	}
	return m.answer(pa, best, lists[0], lists[1], k)
}

// mulSketch computes rows × q with one gonum matrix-vector product; rows
// holds n rows of len(q) columns. dst is reused when large enough.
func mulSketch(rows []float64, n int, q []float64, dst []float64) []float64 {
	d := len(q)
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	if n == 0 {
		return dst
	}
	var y mat.VecDense
	y.SetRawVector(blasVec(dst))
	y.MulVec(mat.NewDense(n, d, rows[:n*d]), mat.NewVecDense(d, q))
	return dst
}

// answerDepth is how many of the best candidates an answer of k is
// arranged from: enough for each kind of suggestion to have its turn.
func answerDepth(k int) int { return keptDepth(k) }

// rerank scores the pool rows exactly for pa and returns the best n with a
// positive score, best first (ties by ID); only the first explain of them
// get their reasons. The result depends only on the set of rows in pool,
// never on their order. cand maps a row to its person.
func (m *Model) rerank(pa *person, pool []int, n, explain int, cand func(int) *person) []Suggestion {
	kept := m.rerankPairs(m.scorer(pa, cand, nil), pool, n)
	out := make([]Suggestion, len(kept))
	for x, c := range kept {
		if x < explain {
			out[x] = m.withReasons(pa, c.pb, c.t)
		} else {
			out[x] = c.suggestion()
		}
	}
	return out
}

// rerankSketch is rerankPairs over pool rows whose sketch scores are
// approx (approx[x] for pool[x], the exact scores up to rounding), with the
// same result: rows are scored exactly in decreasing sketch order, and no
// further once n are kept and the next sketch score falls below the n-th
// exact score by more than rounding (approxMargin), or below zero. So
// about n rows are scored instead of the whole pool.
func (m *Model) rerankSketch(sc *pairScorer, pool []int, approx []float64, n int) []scoredPair {
	if n <= 0 {
		return nil
	}
	order := make([]int, len(pool))
	for x := range order {
		order[x] = x
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(approx[b], approx[a]) })
	kept := make([]scoredPair, 0, n+1)
	for _, x := range order {
		if approx[x] <= -approxMargin || len(kept) >= n && approx[x] < kept[n-1].t.score-approxMargin {
			break
		}
		c, ok := sc.at(pool[x])
		if !ok || c.t.score <= 0 {
			continue
		}
		at, _ := slices.BinarySearchFunc(kept, c, func(e, c scoredPair) int { return bestFirst(e.suggestion(), c.suggestion()) })
		kept = slices.Insert(kept, at, c)
		kept = kept[:min(len(kept), n)]
	}
	return kept
}

// rerankPairs is rerank with the terms of the best n kept (for answer) and
// no reasons; sc scores each row once.
func (m *Model) rerankPairs(sc *pairScorer, pool []int, n int) []scoredPair {
	kept := make([]scoredPair, 0, len(pool))
	for _, i := range pool {
		if c, ok := sc.at(i); ok && c.t.score > 0 {
			kept = append(kept, c)
		}
	}
	slices.SortFunc(kept, func(a, b scoredPair) int { return bestFirst(a.suggestion(), b.suggestion()) })
	return kept[:min(len(kept), n)]
}
