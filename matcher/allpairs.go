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
	row := func(id uint64) (int, bool) {
		i, ok := c.pos[id]
		return i, ok
	}
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
		top := topIndices(s, k, func(j int) bool {
			return j != i && s[j] > 0 && (excluded == nil || !excluded(me, c.ids[j]))
		})
		list := make([]cand, 0, len(top))
		for _, j := range top {
			list = append(list, cand{j, s[j]})
		}
		sortCands(list)
		out[i] = list
	})
	return out
}

func sortCands(l []cand) {
	// insertion sort: lists are short (k)
	for i := 1; i < len(l); i++ {
		for j := i; j > 0 && (l[j].s > l[j-1].s || l[j].s == l[j-1].s && l[j].j < l[j-1].j); j-- {
			l[j], l[j-1] = l[j-1], l[j]
		}
	}
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
