package matcher

import (
	"math/rand"
	"reflect"
	"slices"
	"testing"
)

// TestIndex_KeptLists_StayExactThroughExitsReentriesAndExclusions drives an
// index through a random day (arrivals, exits, re-entries, "we met") and
// checks after every step that each kept list is exact (checkKept), that
// Arrive answers the brute-force top k, and that it notifies exactly the
// people whose brute-force top k it entered.
func TestIndex_KeptLists_StayExactThroughExitsReentriesAndExclusions(t *testing.T) {
	if !heavyHere(t) {
		return
	}
	const n, k = 120, 4
	m, ix := synthIndex(n, 33, k)
	r := rand.New(rand.NewSource(5))
	var present []uint64
	excluded := map[[2]uint64]bool{}
	isExcluded := func(a, b uint64) bool { return excluded[PairKey(a, b)] }
	ids := answerIDs
	for step := 0; step < 600; step++ {
		switch op := r.Intn(10); {
		case op < 6 || len(present) < 10: // arrival or re-entry
			id := uint64(r.Intn(n) + 1)
			if slices.Contains(present, id) {
				continue
			}
			before := map[uint64][]uint64{}
			for _, o := range present {
				before[o] = ids(bruteTop(m, o, present, k, isExcluded))
			}
			mine, notify := ix.Arrive(id)
			present = append(present, id)
			if want := bruteAnswer(m, id, present, k, isExcluded); !sameTop(mine, want) {
				t.Fatalf("step %d: Arrive(%d) = %v; brute force %v", step, id, mine, want)
			}
			var got, want []uint64
			for _, nt := range notify {
				got = append(got, nt.For)
				if want := m.Score(nt.For, id); nt.Suggestion.ID != id || !sameTop([]Suggestion{nt.Suggestion}, []Suggestion{want}) || !reflect.DeepEqual(nt.Explained(), want) {
					t.Fatalf("step %d: notice %+v; want the newcomer as Score gives it, %+v", step, nt, want)
				}
			}
			for _, o := range present[:len(present)-1] {
				if after := ids(bruteTop(m, o, present, k, isExcluded)); slices.Contains(after, id) && !slices.Equal(after, before[o]) {
					want = append(want, o)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("step %d: Arrive(%d) notified %v; their top %d changed for %v", step, id, got, k, want)
			}
		default: // an exit, or two people met
			present = exitOrMeet(r, ix, present, excluded, op)
		}
		for _, id := range present {
			checkKept(t, ix, id, present, isExcluded)
		}
	}
}

// exitOrMeet applies one step of a random day other than an arrival to ix
// and present: an exit (op < 9) or two present people meeting.
func exitOrMeet(r *rand.Rand, ix *Index, present []uint64, excluded map[[2]uint64]bool, op int) []uint64 {
	if op < 9 {
		x := r.Intn(len(present))
		ix.Leave(present[x])
		return slices.Delete(present, x, x+1)
	}
	a, b := present[r.Intn(len(present))], present[r.Intn(len(present))]
	if a != b {
		excluded[PairKey(a, b)] = true
		ix.Exclude(a, b)
	}
	return present
}
