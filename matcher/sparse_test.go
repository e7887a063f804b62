package matcher

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// randomKeys draws n keys (duplicates possible) over an alphabet that
// holds the bytes that order keys in practice: NUL, ASCII, UTF-8 lead and
// continuation bytes, 0xff.
func randomKeys(r *rand.Rand, n int) []string {
	alphabet := []byte{0, 'a', 'b', 'w', ':', '-', 0xc3, 0xa9, 0xff}
	keys := []string{"", "a", "a\x00", "ab", "abcdefgh", "abcdefghi", "abcdefgh\x00", "w:recyclag", "w:recycl", "tag:impress 3d", "industrial-design", "industrial-engineering"}
	for len(keys) < n {
		b := make([]byte, r.Intn(14))
		for i := range b {
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
		keys = append(keys, string(b))
	}
	return keys
}

// tableOf is the key table of keys (as newKeyTable numbers them).
func tableOf(keys []string) keyTable {
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	kt := keyTable{}
	for i, k := range sorted {
		kt[k] = uint32(i + 1)
	}
	return kt
}

func TestCompareTerms_OrdersLikeStringsCompare_WithAndWithoutIDs(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	keys := randomKeys(r, 400)
	kt := tableOf(keys[:300]) // the last 100 are keys met after the model was built
	for i := 0; i < 40000; i++ {
		a, b := keys[r.Intn(len(keys))], keys[r.Intn(len(keys))]
		ta, tb := term{key: a, id: kt[a]}, term{key: b, id: kt[b]}
		if got, want := compareTerms(&ta, &tb), strings.Compare(a, b); got != want {
			t.Fatalf("compareTerms(%q #%d, %q #%d) = %d; strings.Compare %d", a, ta.id, b, tb.id, got, want)
		}
	}
}

// vectorOf is a sparse vector over keys (sorted, distinct) with random
// weights, interned in kt.
func vectorOf(r *rand.Rand, keys []string, kt keyTable) sparse {
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	v := make(sparse, len(keys))
	for i, k := range keys {
		v[i] = term{key: k, w: r.Float64(), id: kt[k]}
	}
	return v
}

func TestDot_SameSumAsByKeys_WhenSomeKeysLackAnID(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	keys := randomKeys(r, 60)
	kt := tableOf(keys[:45])
	pick := func() []string {
		var out []string
		for _, k := range keys {
			if r.Intn(3) == 0 {
				out = append(out, k)
			}
		}
		return out
	}
	for range 2000 {
		a, b := vectorOf(r, pick(), kt), vectorOf(r, pick(), kt)
		var want float64 // a's terms that b holds, in key order
		var wantKeys []string
		for _, e := range a {
			if w := weightByKey(b, e.key); w != 0 {
				want += e.w * w
				wantKeys = append(wantKeys, e.key)
			}
		}
		if got := dot(a, b); got != want {
			t.Fatalf("dot = %v; merge by keys %v", got, want)
		}
		if got := shared(a, b, nil); !slices.Equal(slices.Sorted(slices.Values(got)), wantKeys) {
			t.Fatalf("shared = %q; keys both hold %q", got, wantKeys)
		}
		for _, e := range b {
			if got, want := weightOf(a, &e), weightByKey(a, e.key); got != want {
				t.Fatalf("weightOf(%q) = %v; %v", e.key, got, want)
			}
		}
	}
}

// weightByKey is key's weight in s, read term by term.
func weightByKey(s sparse, key string) float64 {
	for _, e := range s {
		if e.key == key {
			return e.w
		}
	}
	return 0
}

// TestKeyedTerms_EqualTerms_BitForBit scores every pair of an evaluation
// event, and two walk-ins sharing words the key table lacks (Upserts
// after NewModel), both with the merge (terms) and with either person keyed:
// every term is the same float64.
func TestKeyedTerms_EqualTerms_BitForBit(t *testing.T) {
	ev := loadEvalEvent(t, "fresh")
	ps := ev.profiles()
	m := NewModel(ps, Options{})
	walkIn := ps[0]
	walkIn.ID = 1 << 40
	walkIn.Project += " zygomorphique xylophonistes"
	walkIn.Offers = append(walkIn.Offers, "accordage de clavecins anciens")
	m.Upsert(walkIn)
	walkIn.ID++
	walkIn.Needs = append(walkIn.Needs, "accordage de clavecins anciens")
	m.Upsert(walkIn)
	m.mu.RLock()
	defer m.mu.RUnlock()
	if w := m.get(walkIn.ID); !slices.ContainsFunc(w.project, func(e term) bool { return e.id == 0 }) {
		t.Fatalf("the walk-in's project %v has no key without an id: the test would not cover them", w.project)
	}
	var ka, kb keyed
	for _, pa := range m.people {
		ka.set(pa, len(m.keys))
		for _, pb := range m.people {
			if pa == pb {
				continue
			}
			kb.set(pb, len(m.keys))
			want := m.terms(pa, pb)
			if got := m.keyedTerms(pa, pb, &ka); got != want {
				t.Fatalf("%d→%d keyed by the first: %+v; merged %+v", pa.p.ID, pb.p.ID, got, want)
			}
			if got := m.keyedTerms(pa, pb, &kb); got != want {
				t.Fatalf("%d→%d keyed by the second: %+v; merged %+v", pa.p.ID, pb.p.ID, got, want)
			}
		}
	}
}
