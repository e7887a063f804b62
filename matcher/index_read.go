package matcher

// What an Index answers: who is present, and a person's suggestions scanned
// afresh (Suggest) or for their kept list (keptList, scanFor).

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

// suggest scans the present rows for pp's answer of k, with reasons: its
// best by score and the passes' lists in one pass over the rows (scan.go,
// answer.go).
func (ix *Index) suggest(pp *person, k int) []Suggestion {
	if !pp.p.Consent || k <= 0 || len(ix.ids) == 0 {
		return nil
	}
	m := ix.m
	m.mu.RLock()
	defer m.mu.RUnlock()
	rows := len(ix.ids)
	pr := ix.probe(0)
	ix.prepare(pr, pp, answerDepth(k), true, false, rows)
	ix.scanBase(ix.probes[:1], rows)
	_, answer := ix.answerOf(pr, answerDepth(k), k)
	return answer
}

// answerOf re-ranks a scanned probe (with passes) exactly: its best depth
// by score (no reasons) and its answer of k (answer.go). m.mu must be held
// (read).
func (ix *Index) answerOf(pr *probe, depth, k int) (best, answer []Suggestion) {
	m := ix.m
	passes := m.passes()
	if ix.memo == nil {
		ix.memo = map[int]scoredPair{}
	}
	clear(ix.memo)
	sc := m.scorer(pr.pp, ix.person, ix.memo)
	sc.sp = ix.keyedOf(pr.pp)
	kept := m.rerankSketch(sc, pr.pool(viewMain), pr.pools[viewMain].v, depth)
	best = make([]Suggestion, len(kept))
	for x, c := range kept {
		best[x] = c.suggestion()
	}
	return best, m.answer(pr.pp, kept, m.passList(sc, passes[0], pr.pool(viewHelp)), m.passList(sc, passes[1], pr.pool(viewPeer)), k)
}

// keyedOf is pp keyed in ix (the scratch layout, laid out again unless
// it holds pp). m.mu must be held (read).
func (ix *Index) keyedOf(pp *person) *keyed {
	if ix.keyed.pp != pp {
		ix.keyed.set(pp, len(ix.m.keys))
	}
	return &ix.keyed
}

// keptList scans the present rows for pp's kept list (depth, no reasons).
func (ix *Index) keptList(pp *person) []Suggestion { return ix.scanFor(pp, ix.depth, 0) }

// scanFor scans the present rows for pp's best n, the first explain of
// them with reasons.
func (ix *Index) scanFor(pp *person, n, explain int) []Suggestion {
	if !pp.p.Consent || n <= 0 || len(ix.ids) == 0 {
		return nil
	}
	m := ix.m
	m.mu.RLock()
	defer m.mu.RUnlock()
	pr := ix.probe(0)
	rows := len(ix.ids)
	ix.prepare(pr, pp, n, false, false, rows)
	ix.scanBase(ix.probes[:1], rows)
	return m.rerank(pp, pr.pool(viewMain), n, explain, ix.person)
}
