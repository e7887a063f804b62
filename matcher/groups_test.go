package matcher

import (
	"math/rand"
	"reflect"
	"sort"
	"testing"
)

func groupTotal(m *Model, groups []Group) float64 {
	var t float64
	for _, g := range groups {
		t += g.Score
	}
	return t
}

// randomGroups deals ids into groups of the same sizes at random.
func randomGroups(m *Model, ids []uint64, like []Group, seed int64) []Group {
	r := rand.New(rand.NewSource(seed))
	perm := r.Perm(len(ids))
	out := make([]Group, len(like))
	at := 0
	for x, g := range like {
		for range g.Members {
			out[x].Members = append(out[x].Members, ids[perm[at]])
			at++
		}
		for a, p := range out[x].Members {
			for _, q := range out[x].Members[a+1:] {
				out[x].Score += m.Score(p, q).Score
			}
		}
	}
	return out
}

// upperBound: each person with their best size-1 partners, halved.
func upperBound(m *Model, ids []uint64, size int) float64 {
	var ub float64
	for _, a := range ids {
		var s []float64
		for _, b := range ids {
			if a != b {
				s = append(s, m.Score(a, b).Score)
			}
		}
		sort.Sort(sort.Reverse(sort.Float64Slice(s)))
		for _, x := range s[:size-1] {
			ub += max(x, 0)
		}
	}
	return ub / 2
}

func TestGroups_Affinity_BeatsRandomAndApproachesUpperBound(t *testing.T) {
	if !heavyHere(t) {
		return
	}
	for _, kind := range []string{"random", "clustered"} {
		ps := consenting(synthOfKind(kind, 120, 5))
		m := NewModel(ps, Options{})
		ids := idsOf(ps)
		groups := Groups(m, ids, 6, Affinity, 1, nil)
		got := groupTotal(m, groups)
		rnd := groupTotal(m, randomGroups(m, ids, groups, 2))
		ub := upperBound(m, ids, 6)
		t.Logf("%s N=120 size 6: affinity %.2f, random %.2f, upper bound %.2f (%.0f%% of bound)", kind, got, rnd, ub, 100*got/ub)
		if got < 1.5*rnd {
			t.Errorf("%s: affinity total %.2f not well above random %.2f", kind, got, rnd)
		}
		if got > ub+1e-9 {
			t.Errorf("%s: total %.2f exceeds the upper bound %.2f", kind, got, ub)
		}
	}
}

// checkSeating reports anyone seated twice and, in a room with fewer hosts
// than groups, any group with two hosts or more; it returns how many people
// are seated, how many groups have a host (Group.Host) and the smallest and
// largest group's size. ps[id-1] is the profile of id.
func checkSeating(t *testing.T, ps []Profile, groups []Group) (seated, withHost, lo, hi int) {
	t.Helper()
	seen := map[uint64]bool{}
	lo = len(ps)
	for _, g := range groups {
		lo, hi = min(lo, len(g.Members)), max(hi, len(g.Members))
		hosts := 0
		for _, id := range g.Members {
			if seen[id] {
				t.Errorf("%d seated twice", id)
			}
			seen[id] = true
			if ps[id-1].Host {
				hosts++
			}
		}
		if hosts > 1 {
			t.Errorf("group %v has %d hosts while groups lack one", g.Members, hosts)
		}
		if g.Host != 0 {
			withHost++
		}
	}
	return len(seen), withHost, lo, hi
}

func TestGroups_SizesHostsAndDeterminism(t *testing.T) {
	ps := synthEvent(103, 8)
	for i := range ps {
		ps[i].Consent = true
		ps[i].Host = i%9 == 0 // 12 hosts for 17 groups
	}
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	groups := Groups(m, ids, 6, Affinity, 7, nil)
	if len(groups) != 17 {
		t.Fatalf("%d groups; want 17", len(groups))
	}
	seated, withHost, lo, hi := checkSeating(t, ps, groups)
	if lo < 5 || hi > 7 {
		t.Errorf("groups of %d to %d; want 5 to 7", lo, hi)
	}
	if withHost != 12 || seated != 103 {
		t.Errorf("%d groups with a host (want 12), %d seated (want 103)", withHost, seated)
	}
	if again := Groups(m, ids, 6, Affinity, 7, nil); !reflect.DeepEqual(again, groups) {
		t.Error("same seed, different groups")
	}
}

func TestGroups_AvoidsPairsThatAlreadySatTogether(t *testing.T) {
	ps := synthClustered(60, 4)
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	first := Groups(m, ids, 6, Affinity, 1, nil)
	table := map[uint64]int{}
	for x, g := range first {
		for _, id := range g.Members {
			table[id] = x
		}
	}
	sat := func(a, b uint64) bool { return table[a] == table[b] }
	second := Groups(m, ids, 6, Affinity, 1, sat)
	repeats := 0
	for _, g := range second {
		for a, p := range g.Members {
			for _, q := range g.Members[a+1:] {
				if sat(p, q) {
					repeats++
				}
			}
		}
	}
	if repeats > 0 {
		t.Errorf("%d pairs sit together again", repeats)
	}
}

func TestGroups_Mix_SpreadsOrganisationsAndSectors(t *testing.T) {
	ps := synthEvent(96, 11)
	for i := range ps {
		ps[i].Consent = true
		ps[i].Organisation = []string{"Alpha", "Beta", "Gamma", "Delta"}[i%4]
	}
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	samePairs := func(groups []Group) int {
		n := 0
		for _, g := range groups {
			for a, p := range g.Members {
				for _, q := range g.Members[a+1:] {
					if ps[p-1].Organisation == ps[q-1].Organisation {
						n++
					}
				}
			}
		}
		return n
	}
	mix, aff := samePairs(Groups(m, ids, 4, Mix, 3, nil)), samePairs(Groups(m, ids, 4, Affinity, 3, nil))
	t.Logf("same-organisation pairs: mix %d, affinity %d", mix, aff)
	if mix != 0 {
		t.Errorf("mix mode left %d same-organisation pairs; 4 organisations fit 4 seats", mix)
	}
}
