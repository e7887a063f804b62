package matcher

import (
	"math"
	"sync"
)

// approxMargin is how far below a present person's k-th kept score a
// newcomer's product score may fall and still be scored exactly (with
// reasons) when deciding whom to notify: the product is exact up to
// rounding (see sketch.go), so this only absorbs rounding.
const approxMargin = 1e-9

// Index is the live "who is here now" index of one event: the sketch rows
// of the people present, in one gonum matrix, and for each of them a kept
// top-k list of present people, so that an arrival can be pushed at once to
// the people it concerns. Safe for concurrent use.
type Index struct {
	mu       sync.Mutex
	m        *Model
	k        int
	ids      []uint64  // row order
	people   []*person // row order; persons are immutable once built
	rows     []float64 // len(ids) × model width
	pos      map[uint64]int
	tops     map[uint64][]Suggestion // kept top-k of each present person
	kth      []float64               // row order: k-th kept score, or -Inf while the list is short
	excluded map[[2]uint64]struct{}
	scratch  []float64
}

// Notice tells a present person (For) that a newcomer entered their top-k;
// Suggestion.ID is the newcomer.
type Notice struct {
	For        uint64
	Suggestion Suggestion
}

// NewIndex returns an empty index over m; k is the length of each present
// person's kept top list (and of Arrive's answer).
func NewIndex(m *Model, k int) *Index {
	return &Index{
		m:        m,
		k:        max(k, 1),
		pos:      map[uint64]int{},
		tops:     map[uint64][]Suggestion{},
		excluded: map[[2]uint64]struct{}{},
	}
}

func pairKey(a, b uint64) [2]uint64 {
	if a > b {
		a, b = b, a
	}
	return [2]uint64{a, b}
}

// scores scores pp against every present person (row order): one gonum
// matrix-vector product over the present rows plus the tail postings (see
// sketch.go). The result is ix.scratch, valid until the next call.
func (ix *Index) scores(pp *person) []float64 {
	ix.m.mu.RLock()
	defer ix.m.mu.RUnlock()
	q, tail := ix.m.query(pp)
	ix.scratch = mulSketch(ix.rows, len(ix.ids), q, ix.scratch)
	ix.m.addTail(ix.scratch, tail, func(id uint64) (int, bool) {
		i, ok := ix.pos[id]
		return i, ok
	})
	return ix.scratch
}

func (m *Model) lookup(id uint64) *person {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.get(id)
}

// Arrive marks id present (check-in) and scores it against everyone present
// with one matrix-vector product. mine is the newcomer's top-k among the
// people present; notify lists the present people for whom the newcomer
// entered their top-k (their kept lists are updated). An id unknown to the
// model is ignored. Arriving again (re-entry, or after a profile edit with
// Model.Upsert) re-scores the person. A non-consenting newcomer is marked
// present but gets and causes no suggestions.
func (ix *Index) Arrive(id uint64) (mine []Suggestion, notify []Notice) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	pp := ix.m.lookup(id)
	if pp == nil {
		return nil, nil
	}
	if _, ok := ix.pos[id]; ok {
		ix.leave(id)
	}
	n := len(ix.ids)
	if pp.p.Consent && n > 0 {
		approx := ix.scores(pp)
		mine = ix.m.topExact(pp, approx, ix.k, ix.candidates(id))
		for i, kth := range ix.kth {
			if approx[i] < kth-approxMargin || approx[i] <= 0 {
				continue // the cheap test first: most rows stop here
			}
			pj := ix.people[i]
			if !pj.p.Consent || ix.isExcluded(id, pj.p.ID) {
				continue
			}
			top := ix.tops[pj.p.ID]
			full := len(top) >= ix.k
			s := ix.m.suggest(pj, pp)
			if s.Score <= 0 || full && !better(s, top[ix.k-1]) {
				continue
			}
			ix.setTop(i, insertTop(top, s, ix.k))
			notify = append(notify, Notice{For: pj.p.ID, Suggestion: s})
		}
	}
	ix.pos[id] = n
	ix.ids = append(ix.ids, id)
	ix.people = append(ix.people, pp)
	ix.m.mu.RLock()
	d := ix.m.layout.width
	at := ix.m.pos[id] * d
	ix.rows = append(ix.rows, ix.m.rows[at:at+d]...)
	ix.m.mu.RUnlock()
	ix.kth = append(ix.kth, 0)
	ix.setTop(n, mine)
	return mine, notify
}

// candidates accepts the present rows that may be suggested to id.
func (ix *Index) candidates(id uint64) func(int) *person {
	return func(i int) *person {
		pj := ix.people[i]
		if pj.p.ID == id || !pj.p.Consent || ix.isExcluded(id, pj.p.ID) {
			return nil
		}
		return pj
	}
}

func better(a, b Suggestion) bool {
	return a.Score > b.Score || a.Score == b.Score && a.ID < b.ID
}

// insertTop inserts s into the sorted list top, keeping at most k.
func insertTop(top []Suggestion, s Suggestion, k int) []Suggestion {
	i := 0
	for i < len(top) && better(top[i], s) {
		i++
	}
	out := make([]Suggestion, 0, min(len(top)+1, k))
	out = append(out, top[:i]...)
	out = append(out, s)
	out = append(out, top[i:]...)
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// Leave marks id absent (exit). People who kept id in their top list get
// their list recomputed among those still present.
func (ix *Index) Leave(id uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.leave(id)
}

func (ix *Index) leave(id uint64) {
	i, ok := ix.pos[id]
	if !ok {
		return
	}
	last := len(ix.ids) - 1
	if i != last {
		ix.ids[i] = ix.ids[last]
		ix.people[i] = ix.people[last]
		ix.kth[i] = ix.kth[last]
		copy(ix.rows[i*ix.width():(i+1)*ix.width()], ix.rows[last*ix.width():])
		ix.pos[ix.ids[i]] = i
	}
	ix.ids = ix.ids[:last]
	ix.people[last] = nil
	ix.people = ix.people[:last]
	ix.rows = ix.rows[:last*ix.width()]
	ix.kth = ix.kth[:last]
	delete(ix.pos, id)
	delete(ix.tops, id)
	for _, other := range ix.ids {
		ix.dropFromTop(other, id)
	}
}

// dropFromTop recomputes owner's kept list if it contains id.
func (ix *Index) dropFromTop(owner, id uint64) {
	for _, s := range ix.tops[owner] {
		if s.ID == id {
			i := ix.pos[owner]
			ix.setTop(i, ix.suggest(ix.people[i], ix.k))
			return
		}
	}
}

// Present reports whether id is checked in.
func (ix *Index) Present(id uint64) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	_, ok := ix.pos[id]
	return ok
}

// Count is the number of people present.
func (ix *Index) Count() int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return len(ix.ids)
}

// PresentIDs returns the ids of the people present, in no particular order.
func (ix *Index) PresentIDs() []uint64 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return append([]uint64(nil), ix.ids...)
}

// Suggest returns the top k suggestions for id among the people present
// now, computed afresh: never id itself, excluded pairs, non-consenting
// people, or scores ≤ 0. id need not be present; a non-consenting or
// unknown id gets nothing.
func (ix *Index) Suggest(id uint64, k int) []Suggestion {
	pp := ix.m.lookup(id)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if pp == nil {
		return nil
	}
	return ix.suggest(pp, k)
}

func (ix *Index) suggest(pp *person, k int) []Suggestion {
	if !pp.p.Consent || k <= 0 || len(ix.ids) == 0 {
		return nil
	}
	return ix.m.topExact(pp, ix.scores(pp), k, ix.candidates(pp.p.ID))
}

// Exclude records that a and b met or declined: they are never suggested
// to each other again, and their kept lists are recomputed without each
// other.
func (ix *Index) Exclude(a, b uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.excluded[pairKey(a, b)] = struct{}{}
	if _, ok := ix.pos[a]; ok {
		ix.dropFromTop(a, b)
	}
	if _, ok := ix.pos[b]; ok {
		ix.dropFromTop(b, a)
	}
}

// Excluded reports whether a and b were excluded by Exclude; it fits the
// excluded callback of Pairs and Groups.
func (ix *Index) Excluded(a, b uint64) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.isExcluded(a, b)
}

func (ix *Index) isExcluded(a, b uint64) bool {
	_, ok := ix.excluded[pairKey(a, b)]
	return ok
}

// width is the row width of the model (fixed at NewModel).
func (ix *Index) width() int { return ix.m.layout.width }

// Load marks all ids present at once (a server restart, or a pre-filled
// room) without notifications, then computes every present person's kept
// top list in one full recompute in blocks of rows (Model.candidates).
// Unknown ids are ignored; ids already present are refreshed.
func (ix *Index) Load(ids []uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, id := range ids {
		if _, ok := ix.pos[id]; ok {
			ix.leave(id)
		}
	}
	m := ix.m
	m.mu.RLock()
	defer m.mu.RUnlock()
	d := m.layout.width
	for _, id := range ids {
		pp := m.get(id)
		if pp == nil {
			continue
		}
		if _, dup := ix.pos[id]; dup {
			continue
		}
		ix.pos[id] = len(ix.ids)
		ix.ids = append(ix.ids, id)
		ix.people = append(ix.people, pp)
		ix.kth = append(ix.kth, math.Inf(-1))
		at := m.pos[id] * d
		ix.rows = append(ix.rows, m.rows[at:at+d]...)
	}
	c := m.cohortOf(ix.ids)
	lists := m.candidates(c, ix.k, ix.isExcluded)
	for i, list := range lists {
		top := make([]Suggestion, len(list))
		for x, cd := range list {
			top[x] = m.suggest(c.people[i], c.people[cd.j])
		}
		ix.setTop(ix.pos[c.ids[i]], top)
	}
}

// setTop sets the kept list of the person at row i.
func (ix *Index) setTop(i int, top []Suggestion) {
	ix.tops[ix.ids[i]] = top
	if len(top) >= ix.k {
		ix.kth[i] = top[ix.k-1].Score
	} else {
		ix.kth[i] = math.Inf(-1)
	}
}
