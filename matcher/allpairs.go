package matcher

import (
	"runtime"
	"sync"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// blockRows is how many query rows one matrix-matrix product scores at a
// time in full recomputes: the score block (blockRows × n) stays small.
const blockRows = 256

// cand is a candidate partner: position in the cohort and exact score.
type cand struct {
	j int
	s float64
}

// cohort is a set of people scored against each other.
type cohort struct {
	ids    []uint64
	people []*person
	pos    map[uint64]int
}

// cohortOf returns the known, consenting people among ids, deduplicated and
// in the order given. m.mu must be held (read).
func (m *Model) cohortOf(ids []uint64) cohort {
	c := cohort{pos: map[uint64]int{}}
	for _, id := range ids {
		pp := m.get(id)
		if pp == nil || !pp.p.Consent {
			continue
		}
		if _, dup := c.pos[id]; dup {
			continue
		}
		c.pos[id] = len(c.ids)
		c.ids = append(c.ids, id)
		c.people = append(c.people, pp)
	}
	return c
}

// rowOf returns the function that maps an id to its position in c (false
// when it is not a member). When the ids are compact (the store numbers
// attendees 1, 2, 3…) it reads a table indexed by id rather than the map:
// the tail postings call it for every posting of every query row, and at
// 10,000 people the map lookups were a third of the time of a full top-k.
func (c cohort) rowOf() func(uint64) (int, bool) {
	var top uint64
	for _, id := range c.ids {
		top = max(top, id)
	}
	if top > uint64(4*len(c.ids)+1024) {
		return func(id uint64) (int, bool) {
			i, ok := c.pos[id]
			return i, ok
		}
	}
	table := make([]int32, top+1) // position+1, 0 for none
	for i, id := range c.ids {
		table[id] = int32(i + 1)
	}
	return func(id uint64) (int, bool) {
		if id >= uint64(len(table)) || table[id] == 0 {
			return 0, false
		}
		return int(table[id] - 1), true
	}
}

// scoreRows scores every member of c against every member with weights w,
// in blocks of rows spread over GOMAXPROCS workers. f receives each
// member's row of scores (valid only during the call); it is called
// concurrently for different rows. m.mu must be held (read).
//
// Why not one dense matrix-matrix product per block: a query row has ~20
// non-zero columns out of a few hundred, and gonum's pure-Go Dgemm does not
// skip zeros, so at N=10,000 it spent ~4 s on the full top-10. Instead the
// cohort's columns are laid out as rows of a gonum matrix (features × people)
// and each query row is the sum of its non-zero columns scaled
// (floats.AddScaled, vectorised): the same product, ~10× fewer flops.
func (m *Model) scoreRows(c cohort, w Weights, f func(i int, scores []float64)) {
	n := len(c.ids)
	if n == 0 {
		return
	}
	d := m.layout.width
	columns := mat.NewDense(d, n, nil) // columns.At(f, j) = feature f of member j
	for j, id := range c.ids {
		at := m.pos[id] * d
		for f, x := range m.rows[at : at+d] {
			if x != 0 {
				columns.Set(f, j, x)
			}
		}
	}
	row := c.rowOf()
	blocks := make(chan int)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := make([]float64, n)
			for lo := range blocks {
				for i := lo; i < min(lo+blockRows, n); i++ {
					q, tail := m.queryWith(c.people[i], w)
					clear(s)
					for f, x := range q {
						if x != 0 {
							floats.AddScaled(s, x, columns.RawRowView(f))
						}
					}
					m.addTail(s, tail, row)
					f(i, s)
				}
			}
		}()
	}
	for lo := 0; lo < n; lo += blockRows {
		blocks <- lo
	}
	close(blocks)
	wg.Wait()
}

// candidates returns, for each member of c, its best k partners in c with a
// positive score, not excluded, best first. m.mu must be held (read).
func (m *Model) candidates(c cohort, k int, excluded func(a, b uint64) bool) [][]cand {
	out := make([][]cand, len(c.ids))
	if k <= 0 {
		return out
	}
	m.scoreRows(c, m.w, func(i int, s []float64) {
		me := c.ids[i]
		out[i] = bestPositive(s, k, func(j int) bool {
			return j != i && (excluded == nil || !excluded(me, c.ids[j]))
		})
	})
	return out
}

// bestPositive returns the (at most) k best positive scores of s accepted
// by keep, best first, equal scores by lower index: the set topIndices
// picks, in bestFirst order. It keeps the running k-th score in a
// local so that the pass over a whole row (10,000 scores per person at
// 10,000 people) costs one comparison per score.
func bestPositive(s []float64, k int, keep func(int) bool) []cand {
	top := make([]cand, 0, k+1)
	floor := 0.0 // scores must beat it: positive, then above the k-th
	for j, x := range s {
		if x <= floor || !keep(j) {
			continue
		}
		at := len(top)
		for at > 0 && top[at-1].s < x {
			at--
		}
		top = append(top, cand{})
		copy(top[at+1:], top[at:])
		top[at] = cand{j, x}
		if len(top) > k {
			top = top[:k]
		}
		if len(top) == k {
			floor = top[k-1].s
		}
	}
	return top
}

// RankAll returns the top k suggestions (with reasons) of every consenting
// person among ids, against the others in ids: the full recompute, in blocks
// of rows. The result is indexed like ids; unknown or non-consenting ids get
// nil. excluded (may be nil, may be called concurrently) removes met or
// declined pairs.
func (m *Model) RankAll(ids []uint64, k int, excluded func(a, b uint64) bool) [][]Suggestion {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := m.cohortOf(ids)
	lists := m.candidates(c, k, excluded)
	out := make([][]Suggestion, len(ids))
	for x, id := range ids {
		i, ok := c.pos[id]
		if !ok || out[x] != nil {
			continue
		}
		sugg := make([]Suggestion, len(lists[i]))
		for y, cd := range lists[i] {
			sugg[y] = m.suggest(c.people[i], c.people[cd.j])
		}
		out[x] = sugg
	}
	return out
}
