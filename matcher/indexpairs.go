package matcher

import "slices"

// Pairs makes a 1:1 round among ids (present people) as the package's
// Pairs does, but on the graph of the kept lists the index already holds
// (each present person's exact best partners among those present, their
// first topK) instead of scoring the whole room again: at 10,000 present
// people that recompute is most of a round's time. Partners outside ids
// and pairs for which excluded returns true (may be nil) are dropped from
// the lists (scores are the lists' exact ones: the score is symmetric);
// people of ids who are not present, or whose lists leave them
// alone, go through Pairs' leftover steps. The result is deterministic for
// the same index state, ids and excluded.
func (ix *Index) Pairs(ids []uint64, excluded func(a, b uint64) bool, topK int) []Pair {
	m := ix.m
	lists := make(map[uint64][]Suggestion, len(ids)) // IDs and exact scores
	ix.mu.Lock()
	for _, id := range ids {
		if top, ok := ix.tops[id]; ok {
			lists[id] = slices.Clone(top[:min(len(top), topK)])
		}
	}
	ix.mu.Unlock()

	m.mu.RLock()
	defer m.mu.RUnlock()
	c := m.cohortOf(ids)
	var edges []Edge
	for i, id := range c.ids {
		for _, s := range lists[id] {
			j, ok := c.pos[s.ID]
			if !ok || j == i || s.Score <= 0 || excluded != nil && excluded(id, s.ID) {
				continue
			}
			// i–j once: from the lower end, or from i when j's list lacks i
			if i < j || !slices.ContainsFunc(lists[s.ID], func(x Suggestion) bool { return x.ID == id }) {
				edges = append(edges, Edge{min(i, j), max(i, j), s.Score})
			}
		}
	}
	return m.round(c, edges, excluded, topK)
}
