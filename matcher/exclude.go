package matcher

// Pairs that must not meet again: the PairSet type, and the Index's
// excluded pairs (Exclude and what reads them).

// PairSet is a set of unordered pairs of attendee IDs: pairs that must not
// meet again (they met, one declined, or a round already seated them
// together). {a, b} and {b, a} are the same pair. The zero value is an
// empty set ready to use. A PairSet is not safe for concurrent use: its
// owner guards it (Index under its lock; kiosk/live under the Day's).
type PairSet struct {
	m map[[2]uint64]struct{}
}

// PairKey is the map key of the unordered pair {a, b}: the smaller ID
// first, so that {a, b} and {b, a} are one key. It serves any ID type
// (uint64 here, data.AttendeeID in kiosk/live).
func PairKey[ID ~uint64](a, b ID) [2]ID {
	if a > b {
		a, b = b, a
	}
	return [2]ID{a, b}
}

// Add puts the pair {a, b} in the set.
func (s *PairSet) Add(a, b uint64) {
	if s.m == nil {
		s.m = map[[2]uint64]struct{}{}
	}
	s.m[PairKey(a, b)] = struct{}{}
}

// Has reports whether the pair {a, b} is in the set. It has the shape of
// the excluded callback of Pairs and Groups.
func (s *PairSet) Has(a, b uint64) bool {
	if len(s.m) == 0 {
		return false // the morning, before anyone met: no map lookup per candidate
	}
	_, ok := s.m[PairKey(a, b)]
	return ok
}

// Len is the number of pairs in the set.
func (s *PairSet) Len() int { return len(s.m) }

// Union adds every pair of o to s.
func (s *PairSet) Union(o *PairSet) {
	for k := range o.m {
		s.Add(k[0], k[1])
	}
}

// Clone returns an independent copy of s.
func (s *PairSet) Clone() *PairSet {
	c := &PairSet{}
	c.Union(s)
	return c
}

// Each calls fn for every pair, the smaller ID first, in no set order.
func (s *PairSet) Each(fn func(a, b uint64)) {
	for k := range s.m {
		fn(k[0], k[1])
	}
}

// Exclude records that a and b met or declined: they are never suggested
// to each other again, and each is dropped from the other's kept list (as
// Leave drops a leaver).
func (ix *Index) Exclude(a, b uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.excluded.Add(a, b)
	if _, ok := ix.pos[a]; ok {
		ix.dropFromTop(a, b)
	}
	if _, ok := ix.pos[b]; ok {
		ix.dropFromTop(b, a)
	}
}

// ExcludedPairs returns a copy of the excluded pairs: a snapshot for
// callers that test many pairs at once (a round) without taking the index
// lock for each, or that rebuild an index (new weights).
func (ix *Index) ExcludedPairs() *PairSet {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.excluded.Clone()
}

// Excluded reports whether a and b were excluded by Exclude; it fits the
// excluded callback of Pairs and Groups.
func (ix *Index) Excluded(a, b uint64) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.isExcluded(a, b)
}

func (ix *Index) isExcluded(a, b uint64) bool { return ix.excluded.Has(a, b) }
