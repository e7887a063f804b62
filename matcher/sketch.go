package matcher

import (
	"sort"

	"gonum.org/v1/gonum/blas/blas64"
)

// The sketch is a dense, fixed-width view of a person's sparse vectors, one
// row per person in a gonum matrix, so that one person is scored against
// everyone with one matrix-vector product (Model.Rank) or, in the live
// Index, with a sum of the query's few non-zero columns.
//
// A person b is stored as a target row holding its interests (I), offers
// (O), needs (N), project (P), sector (S) and organisation (G) features. A
// query for a holds wI·I_a on the I columns, wC·N_a on the O columns, wC·O_a
// on the N columns, wP·P_a, wS·S_a and −wO·G_a, so query(a)·row(b) =
// Score(a, b): a's needs meet b's offers on the O columns and a's offers meet
// b's needs on the N columns. The score is symmetric, so the same product
// also scores a as a suggestion for everyone.
//
// Columns: every (block, feature) pair is a slot. At NewModel the slots
// shared by at least two people are sorted by document frequency and the
// most frequent get a column of their own, up to a width capped to bound
// the matrix's memory (widthFor). The live Index stores the present rows
// column by column and reads only a query's non-zero columns (scan.go), so
// its cost per arrival grows with the query's columns, not the width. The other slots, the long tail, live in posting
// lists (slot → people holding it, with weights): a query adds their exact
// contributions after the product, which costs little precisely because
// tail slots are rare. So the sketch score is the exact score (up to
// rounding); it is computed for everyone in one product plus a few postings,
// and reasons are computed only for the best candidates.
type sketchLayout struct {
	width int            // columns per row
	cols  map[string]int // slot → own column
	next  int            // next free own column
}

// Slot prefixes, one per block.
const (
	slotInterests  = "I\x00"
	slotOffers     = "O\x00"
	slotNeeds      = "N\x00"
	slotProject    = "P\x00"
	slotSector     = "S\x00"
	slotOrg        = "G\x00"
	slotRoles      = "R\x00"
	slotOfferWords = "X\x00"
	slotNeedWords  = "Y\x00"
	slotIdentity   = "T\x00" // what a person is about, met by others' targets
	slotTargets    = "U\x00" // whom a person looks for, met by others' identity
	slotSession    = "E\x00" // a session attended (session.go)
)

// widthFor caps the row width for an event of n people: about 16 MB of
// matrix at most, between 128 and 1024 columns.
func widthFor(n int) int {
	return min(max(2_000_000/max(n, 1), 128), 1024)
}

// headroom is the number of own columns kept free for slots that appear
// after NewModel (walk-ins, profile edits).
const headroom = 64

func newLayout(df map[string]int, n int) sketchLayout {
	slots := make([]string, 0, len(df))
	for s, c := range df {
		if c >= 2 {
			slots = append(slots, s)
		}
	}
	sort.Slice(slots, func(i, j int) bool {
		if df[slots[i]] != df[slots[j]] {
			return df[slots[i]] > df[slots[j]]
		}
		return slots[i] < slots[j]
	})
	l := sketchLayout{cols: map[string]int{}, width: min(len(slots)+headroom, widthFor(n))}
	for _, s := range slots[:min(len(slots), l.width-min(headroom, l.width/4))] {
		l.cols[s] = l.next
		l.next++
	}
	return l
}

// posting is one person holding a tail slot, with its weight; at is the
// person's position in Model.people (stable: people are never removed).
type posting struct {
	id uint64
	at int32
	w  float64
}

// qterm is a query weight on a tail slot.
type qterm struct {
	slot string
	w    float64
}

// targetWeights place a target's features with weight 1 (forSlots gives
// the colleague keys +1, matched by the query's minus penalty).
var targetWeights = Weights{Interest: 1, Complement: 1, Project: 1, Sector: 1, Target: 1, Session: 1}

// place writes pp's target row into dst (len width, zeroed) and records
// its tail slots in m.postings; at is pp's position in m.people. assign
// lets new slots take free columns. m.mu must be held for writing.
func (m *Model) place(pp *person, at int, dst []float64, assign bool) {
	l := &m.layout
	put := func(slot string, w float64) {
		c, ok := l.cols[slot]
		// A slot others hold in the tail stays there: a column of its
		// own would hide their postings from every query.
		if !ok && assign && l.next < l.width && len(m.postings[slot]) == 0 {
			c, ok = l.next, true
			l.cols[slot] = c
			l.next++
		}
		if ok {
			dst[c] += w
			return
		}
		m.postings[slot] = append(m.postings[slot], posting{pp.p.ID, int32(at), w})
	}
	forSlots(pp, false, targetWeights, put)
}

// unplace removes pp's entries from the posting lists.
func (m *Model) unplace(pp *person) {
	forSlots(pp, false, targetWeights, func(slot string, _ float64) {
		list := m.postings[slot]
		for i, p := range list {
			if p.id == pp.p.ID {
				list = append(list[:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(m.postings, slot)
		} else {
			m.postings[slot] = list
		}
	})
}

// forSlots calls f for every slot of pp. As a target (query false) each
// block goes to its own slots with weight 1 (the organisation keys with
// +1); as a query the blocks are crossed so that a's needs meet b's offers
// and b's title, a's offers and title meet b's needs, and the text channel
// likewise, each scaled by its weight (colleague keys with minus the
// colleague penalty). So query(a)·target(b) = terms(a, b).score.
func forSlots(pp *person, query bool, w Weights, f func(slot string, w float64)) {
	each := func(prefix string, v sparse, x float64) {
		if x == 0 {
			return
		}
		for _, t := range v {
			f(prefix+t.key, x*t.w)
		}
	}
	each(slotInterests, pp.interests, w.Interest)
	each(slotProject, pp.project, w.Project)
	if query {
		each(slotOffers, pp.needs, w.Complement)
		scopeSlots(slotOffers, pp.needs, w.Complement, pp.f.needScope, true, f)
		each(slotRoles, pp.needs, w.Complement*w.Role)
		each(slotOfferWords, pp.needWords, w.Text)
		each(slotIdentity, pp.targets, w.Target)
		if !w.helpOnly {
			each(slotNeeds, pp.offers, w.Complement)
			scopeSlots(slotNeeds, pp.offers, w.Complement, pp.f.offerScope, true, f)
			each(slotNeeds, pp.roles, w.Complement*w.Role)
			each(slotNeedWords, pp.offerWords, w.Text)
			each(slotTargets, pp.identity, w.Target)
		}
	} else {
		each(slotOffers, pp.offers, 1)
		scopeSlots(slotOffers, pp.offers, 1, pp.f.offerScope, false, f)
		each(slotRoles, pp.roles, 1)
		each(slotNeeds, pp.needs, 1)
		scopeSlots(slotNeeds, pp.needs, 1, pp.f.needScope, false, f)
		each(slotOfferWords, pp.offerWords, 1)
		each(slotNeedWords, pp.needWords, 1)
		each(slotIdentity, pp.identity, 1)
		each(slotTargets, pp.targets, 1)
	}
	if pp.f.sector != "" && w.Sector != 0 {
		f(slotSector+pp.f.sector, w.Sector)
	}
	if w.Session != 0 {
		for _, s := range pp.p.Sessions {
			f(slotSession+s.Key, w.Session)
		}
	}
	org := 1.0
	if query {
		org = -w.colleaguePenalty()
	}
	if org != 0 {
		for _, k := range pp.f.orgs {
			f(slotOrg+k, org)
		}
	}
}

// query returns pa's dense query vector and its tail terms. m.mu must be
// held (read).
func (m *Model) query(pa *person) ([]float64, []qterm) { return m.queryWith(pa, m.w) }

// queryWith is query with other weights (Groups' mix mode scores
// complementarity and diversity).
func (m *Model) queryWith(pa *person, w Weights) ([]float64, []qterm) {
	return m.queryInto(pa, w, make([]float64, m.layout.width), nil, nil)
}

// queryInto is queryWith writing into q (len width, zeroed) and appending
// to tail[:0], so that a caller can reuse both. With group (len width)
// non-nil, group[c] is set to the slot group (slotGroup) of each column c
// written.
func (m *Model) queryInto(pa *person, w Weights, q []float64, group []uint8, tail []qterm) ([]float64, []qterm) {
	tail = tail[:0]
	forSlots(pa, true, w, func(slot string, w float64) {
		if c, ok := m.layout.cols[slot]; ok {
			q[c] += w
			if group != nil {
				group[c] = slotGroup(slot)
			}
		} else if _, ok := m.postings[slot]; ok {
			tail = append(tail, qterm{slot, w})
		}
	})
	return q, tail
}

// addTail adds the tail contributions of a query to scores; row maps an id
// to its row in scores (false: not in this matrix). m.mu must be held.
func (m *Model) addTail(scores []float64, tail []qterm, row func(uint64) (int, bool)) {
	for _, t := range tail {
		for _, p := range m.postings[t.slot] {
			if i, ok := row(p.id); ok {
				scores[i] += t.w * p.w
			}
		}
	}
}

// slotDF counts, for each slot, how many people have it.
func slotDF(people []*person) map[string]int {
	df := map[string]int{}
	for _, pp := range people {
		forSlots(pp, false, targetWeights, func(slot string, _ float64) { df[slot]++ })
	}
	return df
}

func blasVec(d []float64) blas64.Vector { return blas64.Vector{N: len(d), Data: d, Inc: 1} }
