package matcher

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
)

// How the Index scores a newcomer (or a batch of them) against the people
// present, in one pass over the present rows.
//
// A query has a few dozen non-zero sketch slots of the hundreds a row
// holds (15 to 20 own columns and a few thousand tail postings per arrival
// at 10,000 present in synthetic events), so the present rows are kept
// column by column (columns): a query's scores are the sum of its non-zero
// columns scaled, gonum's vectorised axpy (floats.ScaleTo,
// floats.AddScaled) over one contiguous slice per column, instead of a
// dense matrix-vector product that re-reads every column of every row.
// Then the query's tail postings (sketch.go) are added, row by row in
// posting order.
//
// The sums are kept per slot group (groupHelp …): the main score and the
// answer's two passes (help, peer) are combinations of the same groups
// (views), so one scan feeds three pools.
//
// The rows are scanned in blocks of scanBlock: each block of scores lives in
// a small buffer and is consumed at once, feeding each view's pool (the
// best rows in the order of the exact list it feeds, see pool) and, for
// arrivals, the hits (rows whose kept k-th score the newcomer may beat). A
// batch scores all its queries block by block, so a block of columns is
// read from memory once for the whole batch.
//
// Every group's score is computed as ((w₁x₁ + w₂x₂) + …) + tail terms in
// posting order, element by element, whatever the blocking, and the views
// combine the groups in a fixed order: a batch and one arrival at a time
// see bit-identical scores.

// scanBlock is how many rows one block of the scan holds (a few KB of
// scores and of each touched column: they stay in cache for a whole batch).
const scanBlock = 512

// columns holds the present people's sketch rows column by column:
// col[c][i] is column c of row i.
type columns struct {
	col [][]float64
}

func newColumns(width int) columns { return columns{col: make([][]float64, width)} }

// push appends a row (len width). A full column grows to the next size of
// its own geometric schedule (staggeredCap): with append's growth every
// column fills up and regrows in the same arrival, which at 50,000 present
// copies 128 columns (51 MB) while the door waits (a scan of 298 ms in the
// tail helper's traces); with the schedules offset, one arrival regrows a
// column or two.
func (cs *columns) push(row []float64) {
	w := len(cs.col)
	for c, x := range row {
		col := cs.col[c]
		if len(col) == cap(col) { // not append's growth, which would bring the columns back in step
			bigger := make([]float64, len(col), staggeredCap(len(col), c, w))
			copy(bigger, col)
			col = bigger
		}
		cs.col[c] = append(col, x)
	}
}

// staggeredCap is the capacity column c of w grows to when it is full at
// n rows: the first size above n of 16·1.25^(k + c/w), k = 0, 1, 2…, so the
// columns' capacities sit evenly spread within one growth step.
func staggeredCap(n, c, w int) int {
	const base, growth = 16.0, 1.25
	phase := float64(c) / float64(w)
	k := math.Ceil(math.Log(float64(n+1)/base)/math.Log(growth) - phase)
	for {
		if size := int(base * math.Pow(growth, k+phase)); size > n {
			return size
		}
		k++
	}
}

// reserve makes room for n more rows without regrowing each column.
func (cs *columns) reserve(n int) {
	for c := range cs.col {
		cs.col[c] = slices.Grow(cs.col[c], n)
	}
}

// moveLast moves the last row to row i and drops the last row.
func (cs *columns) moveLast(i int) {
	for c, col := range cs.col {
		last := len(col) - 1
		col[i] = col[last]
		cs.col[c] = col[:last]
	}
}

// A query's score is read in four parts (slot groups), because the
// answer's passes (answer.go) each rank by a part of the same query: the
// help pass by what the row can do for the querier (groupHelp), the peer
// pass by project similarity (groupProject), both with the colleague
// penalty (groupOrg). So one scan of the query's columns gives the main
// score and both passes' scores (views), where three scans read the
// help and project columns two or three times.
const (
	groupHelp    = iota // the row's offers, title, offer words and identity against the query's needs and targets (O, R, X, T slots)
	groupProject        // projects (P), at weight 1: the main view scales them by Weights.Project
	groupRest           // the query's offers and identity against the row's needs and targets, interests, sector, sessions (N, Y, U, I, S, E)
	groupOrg            // colleague keys (G), with the penalty
	numGroups
)

// slotGroup is the group of a slot, by its block prefix (sketch.go).
func slotGroup(slot string) uint8 {
	switch slot[:2] {
	case slotOffers, slotRoles, slotOfferWords, slotIdentity:
		return groupHelp
	case slotProject:
		return groupProject
	case slotOrg:
		return groupOrg
	}
	return groupRest
}

// Views of a probe: the main score, then the passes' in passes() order.
const (
	viewMain = iota
	viewHelp
	viewPeer
	numViews
)

// groupWeights are the weights of a probe's query: the model's, with
// projects at weight 1 (groupProject).
func groupWeights(w Weights) Weights {
	w.Project = 1
	return w
}

// views combines the group scores g of one row into the main score
// (((help + Project·project) + rest) + org) and the help and peer passes'
// scores (help + org, project + org), always in this order.
func views(g *[numGroups]float64, project float64) (main, help, peer float64) {
	return g[groupHelp] + project*g[groupProject] + g[groupRest] + g[groupOrg],
		g[groupHelp] + g[groupOrg], g[groupProject] + g[groupOrg]
}

// tailHit is a tail contribution of a query to one row, in one group.
type tailHit struct {
	row   int32
	group uint8
	add   float64
}

// hit is a row whose score may put the newcomer in its kept top list.
type hit struct {
	row int32
	v   float64
}

// probe is one query being scanned: a newcomer (arrival, hits wanted) or
// a fresh top list (Suggest, a rescan). Its slices are scratch, reused
// across calls.
type probe struct {
	pp     *person
	notify bool                 // collect hits
	views  int                  // 1: the main view only; numViews: the passes' too
	qcols  [numGroups][]int     // non-zero query columns of each group, ascending
	qw     [numGroups][]float64 // their weights
	tail   []tailHit            // grouped by block (bucketed), posting order inside
	bucket []int32              // tail[bucket[b]:bucket[b+1]] falls in block b; the last bucket holds rows ≥ base
	pools  [numViews]pool       // each view's best rows
	hits   []hit
}

// prepare sets pr up to find pp's top depth by the model's score (and,
// with passes, each pass's candidates by its own score; with notify, its
// hits) over the present rows [0, base) plus, for a run of arrivals, rows
// ≥ base already mapped in ix.rowOf. m.mu must be held (read).
func (ix *Index) prepare(pr *probe, pp *person, depth int, passes, notify bool, base int) {
	m := ix.m
	pr.pp, pr.notify, pr.views = pp, notify, 1
	pr.pools[viewMain].reset(rerankPool(depth))
	if passes {
		pr.views = numViews
		for x, ps := range m.passes() {
			pr.pools[viewHelp+x].reset(rerankPool(ps.depth))
		}
	}
	pr.hits = pr.hits[:0]
	if len(ix.qg) < len(ix.q) {
		ix.qg = make([]uint8, len(ix.q))
	}
	q, terms := m.queryInto(pp, groupWeights(m.w), ix.q, ix.qg, ix.terms)
	ix.terms = terms
	for g := range pr.qcols {
		pr.qcols[g], pr.qw[g] = pr.qcols[g][:0], pr.qw[g][:0]
	}
	for c, w := range q {
		if w != 0 {
			g := ix.qg[c]
			pr.qcols[g] = append(pr.qcols[g], c)
			pr.qw[g] = append(pr.qw[g], w)
			q[c] = 0
		}
	}
	// The tail, bucketed by block with a stable counting sort.
	blocks := (base + scanBlock - 1) / scanBlock
	pr.bucket = append(pr.bucket[:0], make([]int32, blocks+2)...)
	blockOf := func(r int32) int {
		if int(r) >= base {
			return blocks
		}
		return int(r) / scanBlock
	}
	pr.tail = pr.tail[:0]
	for _, t := range terms {
		g := slotGroup(t.slot)
		for _, p := range m.postings[t.slot] {
			if int(p.at) < len(ix.rowOf) && ix.rowOf[p.at] > 0 {
				r := ix.rowOf[p.at] - 1
				pr.tail = append(pr.tail, tailHit{r, g, t.w * p.w})
				pr.bucket[blockOf(r)+1]++
			}
		}
	}
	for b := 1; b < len(pr.bucket); b++ {
		pr.bucket[b] += pr.bucket[b-1]
	}
	if len(pr.tail) > 0 {
		ix.sorted = append(ix.sorted[:0], make([]tailHit, len(pr.tail))...)
		next := append(ix.next[:0], pr.bucket...)
		for _, t := range pr.tail {
			b := blockOf(t.row)
			ix.sorted[next[b]] = t
			next[b]++
		}
		pr.tail, ix.sorted = ix.sorted, pr.tail
		ix.next = next
	}
}

// scanRange scores pr against rows [lo, hi) with the tail terms of tail
// that fall in that range, and feeds its pools and hits. Rows must be
// scanned in increasing order across calls. One loop over the rows
// combines each row's groups into its views and checks them against the
// pools' floors and the row's kept k-th score: a row is read once, and
// the rare row a pool admits leaves the loop for admit.
func (ix *Index) scanRange(pr *probe, lo, hi int, tail []tailHit) {
	bufs := ix.scoreRange(pr, lo, hi, tail)
	n := hi - lo
	h, p, r, o := bufs[groupHelp][:n], bufs[groupProject][:n], bufs[groupRest][:n], bufs[groupOrg][:n]
	project := ix.m.w.Project
	var kth []float64
	if pr.notify {
		kth = ix.kth[lo:hi]
	}
	main, help, peer := &pr.pools[viewMain], &pr.pools[viewHelp], &pr.pools[viewPeer]
	passes := pr.views > 1
	for x := range n {
		s, hs, ps := views(&[numGroups]float64{h[x], p[x], r[x], o[x]}, project)
		if kth != nil && !(s < kth[x]-approxMargin || s <= 0) {
			pr.hits = append(pr.hits, hit{int32(lo + x), s})
		}
		if s >= main.floor {
			ix.admit(pr, main, lo+x, s, 0)
		}
		if passes {
			if hs >= help.floor {
				ix.admit(pr, help, lo+x, hs, s)
			}
			if ps >= peer.floor {
				ix.admit(pr, peer, lo+x, ps, s)
			}
		}
	}
}

// admit pushes row i, scoring v in pool pl (and then by main score, 0 in
// the main view), into pl if pl admits it and it is a candidate for pr.
func (ix *Index) admit(pr *probe, pl *pool, i int, v, then float64) {
	if id := ix.ids[i]; pl.admits(v, then, id) && ix.candidate(pr.pp, i) != nil {
		pl.push(i, v, then, id)
	}
}

// scoreRange writes pr's group scores of rows [lo, hi) into ix.bufs and
// returns them (each len hi-lo): each group's non-zero columns scaled and
// summed in order, then its terms of tail that fall in the range, in
// order.
func (ix *Index) scoreRange(pr *probe, lo, hi int, tail []tailHit) *[numGroups][]float64 {
	for g := range ix.bufs {
		if cap(ix.bufs[g]) < hi-lo {
			ix.bufs[g] = make([]float64, max(hi-lo, scanBlock))
		}
		buf := ix.bufs[g][:hi-lo]
		ix.bufs[g] = buf
		if len(pr.qcols[g]) == 0 {
			clear(buf)
		}
		for x, c := range pr.qcols[g] {
			if x == 0 {
				floats.ScaleTo(buf, pr.qw[g][x], ix.cols.col[c][lo:hi])
			} else {
				floats.AddScaled(buf, pr.qw[g][x], ix.cols.col[c][lo:hi])
			}
		}
	}
	for _, t := range tail {
		if r := int(t.row) - lo; r >= 0 && r < hi-lo {
			ix.bufs[t.group][r] += t.add
		}
	}
	return &ix.bufs
}

// scanBase scans the present rows [0, base) for every probe, block by block.
func (ix *Index) scanBase(probes []*probe, base int) {
	for lo, b := 0, 0; lo < base; lo, b = lo+scanBlock, b+1 {
		hi := min(lo+scanBlock, base)
		for _, pr := range probes {
			ix.scanRange(pr, lo, hi, pr.tail[pr.bucket[b]:pr.bucket[b+1]])
		}
	}
}

// scanRest scans rows [base, hi) (members of the batch that arrived before
// pr's newcomer) for pr.
func (ix *Index) scanRest(pr *probe, base, hi int) {
	if hi <= base {
		return
	}
	last := len(pr.bucket) - 2
	ix.scanRange(pr, base, hi, pr.tail[pr.bucket[last]:pr.bucket[last+1]])
}

// candidate returns the person at row i if it may be suggested to pp.
func (ix *Index) candidate(pp *person, i int) *person {
	if !ix.consent[i] || ix.ids[i] == pp.p.ID || ix.isExcluded(pp.p.ID, ix.ids[i]) {
		return nil
	}
	return ix.people[i]
}

// kthFor is the score that a newcomer must reach to enter a person's kept
// list top (see Index): +Inf for someone without consent (never
// notified), -Inf while an open list has room, else its last entry's.
func kthFor(pp *person, top []Suggestion, open bool, depth int) float64 {
	switch {
	case !pp.p.Consent:
		return math.Inf(1)
	case len(top) >= depth:
		return top[depth-1].Score
	case open || len(top) == 0:
		return math.Inf(-1)
	}
	return top[len(top)-1].Score
}
