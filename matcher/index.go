package matcher

import (
	"sync"
)

// approxMargin is how far below a present person's k-th kept score a
// newcomer's product score may fall and still be scored exactly (with
// reasons) when deciding whom to notify: the product is exact up to
// rounding (see sketch.go), so this only absorbs rounding.
const approxMargin = 1e-9

// Index is the live "who is here now" index of one event: the sketch rows
// of the people present, stored column by column (scan.go), and for each of
// them a kept list of the best present people, so that an arrival can be
// pushed at once to the people whose top k it enters.
//
// Kept lists are deeper than k (depth): each is the exact top-L of the
// people present for its current length L (k ≤ L ≤ depth), or holds every
// present person with a positive score ("open"). An arrival enters a list
// if it beats its last entry (any positive score for an open list that is
// not full), which keeps that invariant; a departure just removes itself
// from the lists that hold it (keptBy), and a list is rescanned only when
// it falls below k entries without being open. So an exit rarely costs a
// scan of the room, where a top-k list would need one for each person who
// kept the leaver.
//
// Scoring a newcomer is one pass over the present rows that touches only
// the newcomer's few non-zero sketch columns (a vectorised axpy per column)
// plus its exact tail postings, in cache-sized blocks: the same pass picks
// the newcomer's best candidates and both passes' (answer.go), re-ranked
// exactly (each candidate scored once, the re-rank stopping as soon as no
// further row can enter), and the rows whose kept k-th score the newcomer
// may beat, checked exactly; those exact scores read the newcomer's
// vectors keyed by id (keyed, sparse.go), the merge's sums bit for bit. Every answer is the exact from-scratch one
// (TestIndex_Answers_EqualExactRankingOnRealisticEvents); a notice's
// reasons are built only when asked (Notice.Explained). ArriveBatch
// scores a whole batch in one such pass. Safe for concurrent use.
type Index struct {
	mu       sync.Mutex
	m        *Model
	k        int       // length of Arrive's answer; notices are for entries into a top k
	depth    int       // length of the kept lists (> k)
	ids      []uint64  // row order
	people   []*person // row order; persons are immutable once built
	ats      []int32   // row order: position in the model's people
	cols     columns   // row order: the present sketch rows, column by column
	rowOf    []int32   // model position → row + 1 (0: absent)
	pos      map[uint64]int
	tops     map[uint64][]Suggestion // kept list of each present person: IDs and exact scores, best first, no reasons
	kth      []float64               // row order: the score an arrival must reach to enter the kept list (kthFor)
	open     []bool                  // row order: the kept list holds every present person with a positive score
	consent  []bool                  // row order: Profile.Consent (read by the scan without touching the person)
	keptBy   map[uint64][]uint64     // id → the present people whose kept list holds id
	excluded PairSet                 // met or declined pairs (Exclude)

	// Scratch, reused by every call (under mu).
	probes  []*probe  // scratch probes, by number (Index.probe)
	q       []float64 // query row of the model width, kept zeroed
	qg      []uint8   // slot group of each written column of q
	terms   []qterm
	bufs    [numGroups][]float64 // one block of group scores
	memo    map[int]scoredPair   // terms of the rows scored for one answer (answerOf)
	keyed   keyed                // the person being answered or notified, laid out for its exact scores
	sorted  []tailHit
	next    []int32
	batch   map[uint64]struct{}
	members []*person
	slots   []int // members[j] answers out[slots[j]]
}

// Notice tells a present person (For) that a newcomer entered their top-k;
// Suggestion is the newcomer (ID) and its exact score, without reasons:
// Explained adds them, so that they are put together only for the phones
// that will show them (most of the people notified have theirs closed).
type Notice struct {
	For        uint64
	Suggestion Suggestion
	explain    func() Suggestion
}

// Explained is the notice's suggestion with its reasons, as
// Model.Score gives them. It is safe to call at any time and from any
// goroutine; the reasons are those of the two profiles as the index
// scored them.
func (n Notice) Explained() Suggestion {
	if n.explain == nil {
		return n.Suggestion
	}
	return n.explain()
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
	k = max(k, 1)
	return &Index{
		m:      m,
		k:      k,
		depth:  keptDepth(k),
		keptBy: map[uint64][]uint64{},
		cols:   newColumns(d),
		pos:    map[uint64]int{},
		tops:   map[uint64][]Suggestion{},
		q:      make([]float64, d),
		batch:  map[uint64]struct{}{},
	}
}

// keptDepth is how many people a kept list holds for answers of k: the
// slack beyond k is how many of them may leave before the list needs a
// rescan.
func keptDepth(k int) int { return k + max(4, k/2) }

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
			ix.prepare(ix.probe(scanned), pp, ix.depth, true, true, base)
			scanned++
		}
	}
	probes := ix.probes[:scanned]
	ix.scanBase(probes, base)
	next := 0
	for j, pp := range ix.members {
		var kept []Suggestion
		a := &out[ix.slots[j]]
		n := len(ix.ids)
		if pp.p.Consent && n > 0 {
			pr := probes[next]
			next++
			ix.scanRest(pr, base, n)
			kept, a.Mine = ix.answerOf(pr, ix.depth, ix.k)
			a.Notify = ix.notify(pp, pr.hits)
		}
		ix.push(pp)
		ix.setTop(n, kept)
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
// kept lists as they are now, enters pp into the lists it beats the last
// entry of (see Index), and says whose top k it entered, with reasons.
func (ix *Index) notify(pp *person, hits []hit) []Notice {
	var notices []Notice
	keptBy := ix.keptBy[pp.p.ID] // linked once at the end: one map write, not one per list entered
	defer func() {
		if len(keptBy) > 0 {
			ix.keptBy[pp.p.ID] = keptBy
		}
	}()
	for _, h := range hits {
		i := int(h.row)
		if h.v < ix.kth[i]-approxMargin || h.v <= 0 {
			continue // the kept list improved since the scan
		}
		pj := ix.people[i]
		if !pj.p.Consent || ix.isExcluded(pp.p.ID, pj.p.ID) {
			continue
		}
		t := ix.m.keyedTerms(pj, pp, ix.keyedOf(pp))
		if t.score <= 0 {
			continue
		}
		owner, s := pj.p.ID, Suggestion{ID: pp.p.ID, Score: t.score}
		top := ix.tops[owner]
		if (len(top) >= ix.depth || !ix.open[i]) && len(top) > 0 && !better(s, top[len(top)-1]) {
			continue
		}
		top, at, evicted, full := insertTop(top, s, ix.depth)
		ix.tops[owner] = top
		keptBy = append(keptBy, owner)
		if full {
			ix.unlink(owner, evicted)
		}
		if len(top) >= ix.depth {
			ix.open[i] = false // from now on it may miss someone below its last
		}
		ix.kth[i] = kthFor(pj, top, ix.open[i], ix.depth)
		if at < ix.k {
			m := ix.m
			notices = append(notices, Notice{For: owner, Suggestion: s, explain: func() Suggestion {
				m.mu.RLock()
				defer m.mu.RUnlock()
				return m.withReasons(pj, pp, t)
			}})
		}
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
	ix.kth = append(ix.kth, kthFor(pp, nil, true, ix.depth))
	ix.open = append(ix.open, true)
	ix.consent = append(ix.consent, pp.p.Consent)
	ix.cols.push(ix.m.rows[at*d : (at+1)*d])
	ix.rowOf[at] = int32(len(ix.ids))
}

// Leave marks id absent (exit). It drops id from the kept lists that hold
// it; a list left shorter than k (and not open) is recomputed among those
// still present.
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
		ix.open[i] = ix.open[last]
		ix.consent[i] = ix.consent[last]
		ix.pos[ix.ids[i]] = i
		ix.rowOf[ix.ats[i]] = int32(i + 1)
	}
	ix.cols.moveLast(i)
	ix.ids = ix.ids[:last]
	ix.people[last] = nil
	ix.people = ix.people[:last]
	ix.ats = ix.ats[:last]
	ix.kth = ix.kth[:last]
	ix.open = ix.open[:last]
	ix.consent = ix.consent[:last]
	delete(ix.pos, id)
	for _, s := range ix.tops[id] {
		ix.unlink(id, s.ID)
	}
	delete(ix.tops, id)
	owners := ix.keptBy[id]
	delete(ix.keptBy, id)
	for _, owner := range owners {
		ix.dropFromTop(owner, id)
	}
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
	lists := m.candidates(c, ix.depth, ix.isExcluded)
	for i, list := range lists {
		top := make([]Suggestion, 0, len(list))
		for _, cd := range list {
			if sc := m.terms(c.people[i], c.people[cd.j]).score; sc > 0 {
				top = append(top, Suggestion{ID: c.ids[cd.j], Score: sc})
			}
		}
		sortSuggestions(top)
		ix.setTop(ix.pos[c.ids[i]], top)
	}
}
