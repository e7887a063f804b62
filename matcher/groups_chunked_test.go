package matcher

import (
	"reflect"
	"testing"
)

// TestGroups_LargeCohortInChunks_KeepsSizesHostsAndQuality: above
// groupChunk people the cohort is optimised in chunks; the promises of
// Groups still hold across chunk borders: everyone seated once, sizes within
// ±1 of each other overall, one host per group while hosts last, the same
// groups for the same seed, and far better than a random seating. Three
// chunks, the last one partial (2*groupChunk+537 people); under -race two
// (groupChunk+137): one border, the same promises across it.
func TestGroups_LargeCohortInChunks_KeepsSizesHostsAndQuality(t *testing.T) {
	if !heavyHere(t) {
		return
	}
	n := sized(2*groupChunk+537, groupChunk+137)
	ps := synthEvent(n, 11)
	hostsWanted := 0
	for i := range ps {
		ps[i].Consent = true
		ps[i].Host = i%11 == 0
		if ps[i].Host {
			hostsWanted++
		}
	}
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	groups := Groups(m, ids, 6, Affinity, 3, nil)
	if want := (n + 3) / 6; len(groups) != want {
		t.Fatalf("%d groups; want %d", len(groups), want)
	}
	seated, withHost, lo, hi := checkSeating(t, ps, groups)
	if seated != n || hi-lo > 1 {
		t.Fatalf("%d seated of %d; sizes from %d to %d", seated, n, lo, hi)
	}
	if withHost != min(hostsWanted, len(groups)) {
		t.Errorf("%d groups with a host; want %d", withHost, min(hostsWanted, len(groups)))
	}
	got, rnd := groupTotal(m, groups), groupTotal(m, randomGroups(m, ids, groups, 5))
	t.Logf("N=%d size 6 in chunks: affinity %.1f, random %.1f", n, got, rnd)
	if got < 2*rnd {
		t.Errorf("chunked affinity %.1f not well above random %.1f", got, rnd)
	}
	if again := Groups(m, ids, 6, Affinity, 3, nil); !reflect.DeepEqual(again, groups) {
		t.Error("same seed, different groups")
	}
}
