package matcher

import (
	"runtime"
	"slices"
	"strings"
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
// in blocks of rows spread over scoreWorkers goroutines. f receives the
// worker's number and each member's row of scores (valid only during the
// call); it is called concurrently for different rows, never concurrently
// by one worker. With upper, row i is computed only for the members after
// i (scores[i+1:]; the rest holds garbage): the score is symmetric, so the
// upper triangle says everything at half the cost. m.mu must be held
// (read).
//
// Why not one dense matrix-matrix product per block: a query row has ~20
// non-zero columns out of a few hundred, and gonum's pure-Go Dgemm does not
// skip zeros, so at N=10,000 it spent ~4 s on the full top-10. Instead the
// cohort's columns are laid out as rows of a gonum matrix (features × people)
// and each query row is the sum of its non-zero columns scaled
// (floats.AddScaled, vectorised): the same product, ~10× fewer flops.
func (m *Model) scoreRows(c cohort, w Weights, upper bool, f func(worker, i int, scores []float64)) {
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
	dense, denseRows := m.denseTail(c, row)
	blocks := make(chan int)
	var wg sync.WaitGroup
	for worker := range scoreWorkers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := make([]float64, n)
			var sparseTail []qterm
			for lo := range blocks {
				for i := lo; i < min(lo+blockRows, n); i++ {
					from := 0
					if upper {
						from = i + 1
					}
					q, tail := m.queryWith(c.people[i], w)
					clear(s[from:])
					for f, x := range q {
						if x != 0 {
							floats.AddScaled(s[from:], x, columns.RawRowView(f)[from:])
						}
					}
					sparseTail = sparseTail[:0]
					for _, t := range tail {
						if r, ok := denseRows[t.slot]; ok {
							floats.AddScaled(s[from:], t.w, dense.RawRowView(r)[from:])
						} else {
							sparseTail = append(sparseTail, t)
						}
					}
					m.addTail(s, sparseTail, row)
					f(worker, i, s)
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

// denseTailFloats bounds the dense tail of scoreRows (32 MB), and
// denseTailMin is the fewest members of the cohort a tail slot must have
// to get a dense row.
const (
	denseTailFloats = 4_000_000
	denseTailMin    = 32
)

// denseTail lays out, for scoreRows, the model's tail slots that many
// members of c hold (the posting lists that a full recompute would walk
// once per query row) as dense rows like the sketch columns: rows.At(r, j)
// is member j's weight on the slot of row r. The most held slots come
// first, as many as denseTailFloats allows; the others stay in postings.
// m.mu must be held (read).
func (m *Model) denseTail(c cohort, row func(uint64) (int, bool)) (*mat.Dense, map[string]int) {
	n := len(c.ids)
	type held struct {
		slot  string
		count int
	}
	var slots []held
	for slot, ps := range m.postings {
		if len(ps) < denseTailMin {
			continue
		}
		count := 0
		for _, p := range ps {
			if _, ok := row(p.id); ok {
				count++
			}
		}
		if count >= denseTailMin {
			slots = append(slots, held{slot, count})
		}
	}
	slices.SortFunc(slots, func(a, b held) int {
		if a.count != b.count {
			return b.count - a.count
		}
		return strings.Compare(a.slot, b.slot)
	})
	slots = slots[:min(len(slots), denseTailFloats/max(n, 1))]
	index := make(map[string]int, len(slots))
	if len(slots) == 0 {
		return nil, index
	}
	rows := mat.NewDense(len(slots), n, nil)
	for r, h := range slots {
		index[h.slot] = r
		dst := rows.RawRowView(r)
		for _, p := range m.postings[h.slot] {
			if j, ok := row(p.id); ok {
				dst[j] += p.w
			}
		}
	}
	return rows, index
}

// scoreWorkers is how many goroutines scoreRows uses.
func scoreWorkers() int { return max(1, runtime.GOMAXPROCS(0)) }

// candidates returns, for each member of c, its best k partners in c with a
// positive score, not excluded, best first (equal scores: lower position
// first). Each pair is scored once (the upper triangle), as a candidate for
// both; each worker keeps lists of its own, merged at the end. m.mu must be
// held (read).
func (m *Model) candidates(c cohort, k int, excluded func(a, b uint64) bool) [][]cand {
	n := len(c.ids)
	out := make([][]cand, n)
	if k <= 0 || n == 0 {
		return out
	}
	type lists struct {
		top   [][]cand
		floor []float64 // a list's k-th score once full: lower scores need not apply
	}
	per := make([]lists, scoreWorkers())
	m.scoreRows(c, m.w, true, func(worker, i int, s []float64) {
		l := &per[worker]
		if l.top == nil {
			l.top, l.floor = make([][]cand, n), make([]float64, n)
		}
		me := c.ids[i]
		for j := i + 1; j < n; j++ {
			x := s[j]
			if x <= 0 || x < l.floor[i] && x < l.floor[j] {
				continue
			}
			if excluded != nil && excluded(me, c.ids[j]) {
				continue
			}
			l.top[i], l.floor[i] = admit(l.top[i], k, cand{j, x})
			l.top[j], l.floor[j] = admit(l.top[j], k, cand{i, x})
		}
	})
	for i := range out {
		var list []cand
		for _, l := range per {
			if l.top != nil {
				for _, cd := range l.top[i] {
					list, _ = admit(list, k, cd)
				}
			}
		}
		out[i] = list
	}
	return out
}

// admit inserts cd into top, kept best first (higher score, then lower
// position) and at most k long, and returns it with the score a newcomer
// must reach to enter (0 while the list is not full).
func admit(top []cand, k int, cd cand) ([]cand, float64) {
	before := func(a, b cand) bool { return a.s > b.s || a.s == b.s && a.j < b.j }
	if len(top) == k && !before(cd, top[k-1]) {
		return top, top[k-1].s
	}
	if top == nil {
		top = make([]cand, 0, k+1)
	}
	at := len(top)
	for at > 0 && before(cd, top[at-1]) {
		at--
	}
	top = append(top, cand{})
	copy(top[at+1:], top[at:])
	top[at] = cd
	if len(top) > k {
		top = top[:k]
	}
	if len(top) == k {
		return top, top[k-1].s
	}
	return top, 0
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
