package matcher

import "sync"

// approxMargin is how far below a present person's k-th kept score a
// newcomer's product score may fall and still be scored exactly (with
// reasons) when deciding whom to notify: the product is exact up to
// rounding (see sketch.go), so this only absorbs rounding.
const approxMargin = 1e-9

// Index is the live "who is here now" index of one event: the sketch rows
// of the people present, stored column by column (scan.go), and for each of
// them a kept top-k list of present people, so that an arrival can be
// pushed at once to the people it concerns.
//
// Scoring a newcomer is one pass over the present rows that touches only
// the newcomer's few non-zero sketch columns (a vectorised axpy per column)
// plus its exact tail postings, in cache-sized blocks: the same pass picks
// the newcomer's best candidates, re-ranked exactly with reasons, and the
// rows whose kept k-th score the newcomer may beat, checked exactly.
// ArriveBatch scores a whole batch in one such pass. Safe for concurrent
// use.
type Index struct {
	mu       sync.Mutex
	m        *Model
	k        int
	ids      []uint64  // row order
	people   []*person // row order; persons are immutable once built
	ats      []int32   // row order: position in the model's people
	cols     columns   // row order: the present sketch rows, column by column
	rowOf    []int32   // model position → row + 1 (0: absent)
	pos      map[uint64]int
	tops     map[uint64][]Suggestion // kept top-k of each present person
	kth      []float64               // row order: see kthFor
	excluded map[[2]uint64]struct{}

	// Scratch, reused by every call (under mu).
	probes  []*probe  // scratch probes, by number (Index.probe)
	q       []float64 // query row of the model width, kept zeroed
	terms   []qterm
	buf     []float64 // one block of scores
	sorted  []tailHit
	next    []int32
	batch   map[uint64]struct{}
	members []*person
	slots   []int // members[j] answers out[slots[j]]
}

// Notice tells a present person (For) that a newcomer entered their top-k;
// Suggestion.ID is the newcomer.
type Notice struct {
	For        uint64
	Suggestion Suggestion
}

// Arrival is the outcome of one arrival: the newcomer's top-k (Mine) and
// the present people whose top-k it entered (Notify), as Arrive returns
// them.
type Arrival struct {
	ID     uint64
	Mine   []Suggestion
	Notify []Notice
}

// NewIndex returns an empty index over m; k is the length of each present
// person's kept top list (and of Arrive's answer).
func NewIndex(m *Model, k int) *Index {
	d := m.layout.width
	return &Index{
		m:        m,
		k:        max(k, 1),
		cols:     newColumns(d),
		pos:      map[uint64]int{},
		tops:     map[uint64][]Suggestion{},
		excluded: map[[2]uint64]struct{}{},
		q:        make([]float64, d),
		batch:    map[uint64]struct{}{},
	}
}

func pairKey(a, b uint64) [2]uint64 {
	if a > b {
		a, b = b, a
	}
	return [2]uint64{a, b}
}

func (m *Model) lookup(id uint64) *person {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.get(id)
}

// Arrive marks id present (check-in) and scores it against everyone present
// in one pass over the present rows. mine is the newcomer's top-k among the
// people present; notify lists the present people for whom the newcomer
// entered their top-k (their kept lists are updated). An id unknown to the
// model is ignored. Arriving again (re-entry, or after a profile edit with
// Model.Upsert) re-scores the person. A non-consenting newcomer is marked
// present but gets and causes no suggestions.
func (ix *Index) Arrive(id uint64) (mine []Suggestion, notify []Notice) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var out [1]Arrival
	ix.arriveAll([]uint64{id}, out[:])
	return out[0].Mine, out[0].Notify
}

// ArriveBatch is Arrive for each id in order, with exactly the same
// results and kept lists as that sequence of calls (a newcomer is scored
// against everyone present before it, earlier members of the batch
// included), but the people already present are scored against the whole
// batch in one pass over their rows: a group commit for a queue of
// check-ins. out[i] answers ids[i]; an unknown id gets an Arrival with only
// its ID.
func (ix *Index) ArriveBatch(ids []uint64) []Arrival {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make([]Arrival, len(ids))
	ix.arriveAll(ids, out)
	return out
}

// arriveAll implements ArriveBatch in runs of ids that are neither present
// nor repeated within the run; a present id leaves first and starts a run.
func (ix *Index) arriveAll(ids []uint64, out []Arrival) {
	for i := 0; i < len(ids); {
		clear(ix.batch)
		j := i
		for ; j < len(ids); j++ {
			_, present := ix.pos[ids[j]]
			_, repeated := ix.batch[ids[j]]
			if present || repeated {
				break
			}
			ix.batch[ids[j]] = struct{}{}
		}
		if j == i {
			ix.leave(ids[i])
			j++
		}
		ix.arriveFresh(ids[i:j], out[i:j])
		i = j
	}
}

// arriveFresh marks ids present in order (none is present yet or repeated)
// and answers each in out: the rows present before the run are scanned
// once for all its newcomers, then each newcomer, in order, scans the
// members that arrived before it and updates the kept lists.
func (ix *Index) arriveFresh(ids []uint64, out []Arrival) {
	m := ix.m
	m.mu.RLock()
	defer m.mu.RUnlock()
	if len(ix.rowOf) < len(m.people) {
		ix.rowOf = append(ix.rowOf, make([]int32, len(m.people)-len(ix.rowOf))...)
	}
	base := len(ix.ids)
	ix.members, ix.slots = ix.members[:0], ix.slots[:0]
	for x, id := range ids {
		out[x] = Arrival{ID: id}
		if pp := m.get(id); pp != nil {
			ix.rowOf[m.pos[id]] = int32(base + len(ix.members) + 1) // seen by the tails
			ix.members = append(ix.members, pp)
			ix.slots = append(ix.slots, x)
		}
	}
	scanned := 0
	for j, pp := range ix.members {
		if pp.p.Consent && base+j > 0 {
			ix.prepare(ix.probe(scanned), pp, ix.k, true, base)
			scanned++
		}
	}
	probes := ix.probes[:scanned]
	ix.scanBase(probes, base)
	next := 0
	for j, pp := range ix.members {
		a := &out[ix.slots[j]]
		n := len(ix.ids)
		if pp.p.Consent && n > 0 {
			pr := probes[next]
			next++
			ix.scanRest(pr, base, n)
			a.Mine = m.rerank(pp, pr.pool.rows, ix.k, ix.person)
			a.Notify = ix.notify(pp, pr.hits)
		}
		ix.push(pp)
		ix.setTop(n, a.Mine)
	}
}

// probe returns the i-th scratch probe.
func (ix *Index) probe(i int) *probe {
	for len(ix.probes) <= i {
		ix.probes = append(ix.probes, &probe{})
	}
	return ix.probes[i]
}

func (ix *Index) person(i int) *person { return ix.people[i] }

// notify checks the hits of newcomer pp exactly, in row order, against the
// kept lists as they are now, updates the lists it enters and says whose.
func (ix *Index) notify(pp *person, hits []hit) []Notice {
	var notices []Notice
	for _, h := range hits {
		i := int(h.row)
		if h.v < ix.kth[i]-approxMargin || h.v <= 0 {
			continue // the kept list improved since the scan
		}
		pj := ix.people[i]
		if !pj.p.Consent || ix.isExcluded(pp.p.ID, pj.p.ID) {
			continue
		}
		top := ix.tops[pj.p.ID]
		full := len(top) >= ix.k
		t := ix.m.terms(pj, pp)
		if t.score <= 0 || full && !better(Suggestion{ID: pp.p.ID, Score: t.score}, top[ix.k-1]) {
			continue
		}
		s := ix.m.withReasons(pj, pp, t)
		if top = insertTop(top, s, ix.k); !full {
			ix.tops[pj.p.ID] = top
		}
		ix.kth[i] = kthFor(pj, top, ix.k)
		notices = append(notices, Notice{For: pj.p.ID, Suggestion: s})
	}
	return notices
}

// push appends pp's row (its model sketch as of now). m.mu must be held.
func (ix *Index) push(pp *person) {
	id := pp.p.ID
	at := ix.m.pos[id]
	d := ix.width()
	ix.pos[id] = len(ix.ids)
	ix.ids = append(ix.ids, id)
	ix.people = append(ix.people, pp)
	ix.ats = append(ix.ats, int32(at))
	ix.kth = append(ix.kth, kthFor(pp, nil, ix.k))
	ix.cols.push(ix.m.rows[at*d : (at+1)*d])
	ix.rowOf[at] = int32(len(ix.ids))
}

func better(a, b Suggestion) bool {
	return a.Score > b.Score || a.Score == b.Score && a.ID < b.ID
}

// insertTop inserts s into the sorted kept list top, in place, keeping at
// most k (s must beat the k-th of a full list). Kept lists are private to
// the index (setTop), so no one else sees the change.
func insertTop(top []Suggestion, s Suggestion, k int) []Suggestion {
	i := 0
	for i < len(top) && better(top[i], s) {
		i++
	}
	if len(top) < k {
		top = append(top, Suggestion{})
	}
	copy(top[i+1:], top[i:len(top)-1])
	top[i] = s
	return top
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
	ix.rowOf[ix.ats[i]] = 0
	if i != last {
		ix.ids[i] = ix.ids[last]
		ix.people[i] = ix.people[last]
		ix.ats[i] = ix.ats[last]
		ix.kth[i] = ix.kth[last]
		ix.pos[ix.ids[i]] = i
		ix.rowOf[ix.ats[i]] = int32(i + 1)
	}
	ix.cols.moveLast(i)
	ix.ids = ix.ids[:last]
	ix.people[last] = nil
	ix.people = ix.people[:last]
	ix.ats = ix.ats[:last]
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

// suggest scans the present rows for pp's top k (scan.go).
func (ix *Index) suggest(pp *person, k int) []Suggestion {
	if !pp.p.Consent || k <= 0 || len(ix.ids) == 0 {
		return nil
	}
	m := ix.m
	m.mu.RLock()
	defer m.mu.RUnlock()
	pr := ix.probe(0)
	n := len(ix.ids)
	ix.prepare(pr, pp, k, false, n)
	ix.scanBase(ix.probes[:1], n)
	return m.rerank(pp, pr.pool.rows, k, ix.person)
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
// ExcludedPairs returns a copy of the excluded pairs, each as {min, max}:
// a snapshot for callers that test many pairs at once (a round) without
// taking the index lock for each.
func (ix *Index) ExcludedPairs() map[[2]uint64]struct{} {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make(map[[2]uint64]struct{}, len(ix.excluded))
	for k := range ix.excluded {
		out[k] = struct{}{}
	}
	return out
}

func (ix *Index) Excluded(a, b uint64) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.isExcluded(a, b)
}

func (ix *Index) isExcluded(a, b uint64) bool {
	if len(ix.excluded) == 0 {
		return false // the morning, before anyone met: no map lookup per candidate
	}
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
	if len(ix.rowOf) < len(m.people) {
		ix.rowOf = append(ix.rowOf, make([]int32, len(m.people)-len(ix.rowOf))...)
	}
	ix.cols.reserve(len(ids))
	for _, id := range ids {
		pp := m.get(id)
		if pp == nil {
			continue
		}
		if _, dup := ix.pos[id]; dup {
			continue
		}
		ix.push(pp)
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

// setTop sets the kept list of the person at row i to a private copy of
// top (with room for k), so that insertTop may change it in place.
func (ix *Index) setTop(i int, top []Suggestion) {
	var kept []Suggestion
	if top != nil {
		kept = append(make([]Suggestion, 0, max(ix.k, len(top))), top...)
	}
	ix.tops[ix.ids[i]] = kept
	ix.kth[i] = kthFor(ix.people[i], kept, ix.k)
}
