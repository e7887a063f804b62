package matcher

// KeptBy returns the present people whose kept list holds id (a superset
// of those whose top k shows id): the screens to refresh when id's name
// or presence changes outside an arrival. Safe for concurrent use.
func (ix *Index) KeptBy(id uint64) []uint64 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return append([]uint64(nil), ix.keptBy[id]...)
}
