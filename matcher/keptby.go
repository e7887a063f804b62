package matcher

// An Index's kept lists: each present person's best present people
// (tops), and keptBy, who keeps whom, held in step with them.

import "slices"

// KeptBy returns the present people whose kept list holds id (a superset
// of those whose top k shows id): the screens to refresh when id's name
// or presence changes outside an arrival. Safe for concurrent use.
func (ix *Index) KeptBy(id uint64) []uint64 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return append([]uint64(nil), ix.keptBy[id]...)
}

// link and unlink keep keptBy in step with the kept lists: owner's list
// now holds id, or no longer does.
func (ix *Index) link(owner, id uint64) { ix.keptBy[id] = append(ix.keptBy[id], owner) }

func (ix *Index) unlink(owner, id uint64) {
	owners := ix.keptBy[id]
	for x, o := range owners {
		if o == owner {
			owners[x] = owners[len(owners)-1]
			owners = owners[:len(owners)-1]
			break
		}
	}
	if len(owners) == 0 {
		delete(ix.keptBy, id)
	} else {
		ix.keptBy[id] = owners
	}
}

// insertTop inserts s into the sorted kept list top, in place, keeping at
// most depth entries, and says where s went and, when the list was full,
// the ID that fell off its end. Kept lists are private to the index
// (setTop), so no one else sees the change.
func insertTop(top []Suggestion, s Suggestion, depth int) (_ []Suggestion, at int, evicted uint64, full bool) {
	for at < len(top) && better(top[at], s) {
		at++
	}
	if full = len(top) >= depth; full {
		evicted = top[len(top)-1].ID
	} else {
		top = append(top, Suggestion{})
	}
	copy(top[at+1:], top[at:len(top)-1])
	top[at] = s
	return top, at, evicted, full
}

// dropFromTop removes id from owner's kept list; the list is rescanned
// only if that leaves it shorter than k without being open.
func (ix *Index) dropFromTop(owner, id uint64) {
	top := ix.tops[owner]
	x := slices.IndexFunc(top, func(s Suggestion) bool { return s.ID == id })
	if x < 0 {
		return
	}
	ix.unlink(owner, id)
	top = slices.Delete(top, x, x+1)
	ix.tops[owner] = top
	i := ix.pos[owner]
	if len(top) < ix.k && !ix.open[i] {
		ix.setTop(i, ix.keptList(ix.people[i]))
		return
	}
	ix.kth[i] = kthFor(ix.people[i], top, ix.open[i], ix.depth)
}

// setTop sets the kept list of the person at row i to a private copy of
// top's IDs and scores (with room for depth), so that insertTop may change
// it in place. top must be pp's exact best among the people present, at
// most depth long: fewer means there is nobody else with a positive score
// (the list is open).
func (ix *Index) setTop(i int, top []Suggestion) {
	owner := ix.ids[i]
	for _, s := range ix.tops[owner] {
		ix.unlink(owner, s.ID)
	}
	var kept []Suggestion
	if top != nil {
		kept = make([]Suggestion, len(top), max(ix.depth, len(top)))
		for x, s := range top {
			kept[x] = Suggestion{ID: s.ID, Score: s.Score}
			ix.link(owner, s.ID)
		}
	}
	ix.tops[owner] = kept
	ix.open[i] = len(kept) < ix.depth
	ix.kth[i] = kthFor(ix.people[i], kept, ix.open[i], ix.depth)
}
