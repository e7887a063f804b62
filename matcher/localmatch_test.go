package matcher

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"testing"
)

// roundGraph is the graph Pairs matches: each member's topK candidates.
func roundGraph(m *Model, ids []uint64, excluded func(a, b uint64) bool, topK int) (int, []Edge) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := m.cohortOf(ids)
	return len(c.ids), m.roundEdges(c, excluded, topK)
}

// matchingWeight checks that mate is a matching of edges and returns its
// total weight.
func matchingWeight(t testing.TB, n int, edges []Edge, mate []int) float64 {
	t.Helper()
	w := map[[2]int]float64{}
	for _, e := range edges {
		w[[2]int{min(e.U, e.V), max(e.U, e.V)}] = max(w[[2]int{min(e.U, e.V), max(e.U, e.V)}], e.W)
	}
	var total float64
	for v, u := range mate {
		if u < 0 {
			continue
		}
		if u >= n || mate[u] != v {
			t.Fatalf("mate is not a matching: %d→%d, %d→%d", v, u, u, mate[u])
		}
		x, ok := w[[2]int{min(u, v), max(u, v)}]
		if !ok {
			t.Fatalf("%d–%d matched without an edge", v, u)
		}
		if v < u {
			total += x
		}
	}
	return total
}

func TestLocalMatching_IsAMatchingNearTheExactOptimumOnSmallGraphs(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	var got, opt float64
	for trial := 0; trial < 300; trial++ {
		n := 2 + r.Intn(30)
		var edges []Edge
		density := 0.1 + r.Float64()*0.5
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if r.Float64() < density {
					edges = append(edges, Edge{i, j, float64(1+r.Intn(20)) / 10})
				}
			}
		}
		g := matchingWeight(t, n, edges, nearMaxWeightMatching(n, edges))
		o := matchingWeight(t, n, edges, MaxWeightMatching(n, edges))
		if g > o+1e-9 {
			t.Fatalf("trial %d: local %.4f above the exact optimum %.4f", trial, g, o)
		}
		got, opt = got+g, opt+o
	}
	t.Logf("300 random graphs: local search %.2f%% of the exact optimum", 100*got/opt)
	if got < 0.99*opt {
		t.Errorf("local search %.4f < 99%% of the exact optimum %.4f", got, opt)
	}
}

func TestLocalMatching_DependsOnlyOnTheEdgeSet(t *testing.T) {
	ps := synthEvent(1500, 11)
	m := NewModel(ps, Options{})
	n, edges := roundGraph(m, idsOf(ps), nil, 10)
	want := nearMaxWeightMatching(n, edges)
	r := rand.New(rand.NewSource(1))
	shuffled := slices.Clone(edges)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for k := range shuffled {
		if k%2 == 0 {
			shuffled[k].U, shuffled[k].V = shuffled[k].V, shuffled[k].U
		}
	}
	if got := nearMaxWeightMatching(n, shuffled); !reflect.DeepEqual(got, want) {
		t.Error("the matching changed with the order of the edges")
	}
}

func TestLocalMatching_WithinOnePercentOfBlossomOnEventGraphs(t *testing.T) {
	sizes := []int{1000, 3000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		for _, kind := range []string{"random", "clustered"} {
			t.Run(fmt.Sprintf("%s_%d", kind, n), func(t *testing.T) {
				ps := synthEvent(n, int64(n))
				if kind == "clustered" {
					ps = synthClustered(n, int64(n))
				}
				m := NewModel(ps, Options{})
				excluded := func(a, b uint64) bool { return (a+b)%17 == 0 }
				v, edges := roundGraph(m, idsOf(ps), excluded, 10)
				got := matchingWeight(t, v, edges, nearMaxWeightMatching(v, edges))
				opt := matchingWeight(t, v, edges, MaxWeightMatching(v, edges))
				t.Logf("N=%d %s: local %.4f, exact %.4f (%.2f%%)", n, kind, got, opt, 100*got/opt)
				if got < 0.985*opt {
					t.Errorf("local matching %.4f < 98.5%% of the exact %.4f", got, opt)
				}
			})
		}
	}
}

func TestPairs_BigRound_PlacesEveryoneOnceAndKeepsExclusions(t *testing.T) {
	// Above exactMatchingLimit, with a third of the room writing nothing
	// (they score 0 with everyone, so the matching leaves them alone) and
	// colleagues among them.
	ps := synthEvent(1501, 5)
	for i := range ps {
		ps[i].Consent = true
		if i%3 == 0 {
			ps[i] = Profile{ID: ps[i].ID, Name: ps[i].Name, Organisation: fmt.Sprintf("Org %d", i%7), Consent: true}
		}
	}
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	excluded := func(a, b uint64) bool { return (a+b)%13 == 0 || (a%3 == 1 && b%3 == 1 && (a+b)%5 == 0) }
	pairs := Pairs(m, ids, excluded, 10)
	checkRound(t, pairs, ids, excluded)
	if again := Pairs(m, ids, excluded, 10); !reflect.DeepEqual(again, pairs) {
		t.Error("two rounds on the same input differ")
	}
	for _, p := range pairs {
		for a, x := range p.Members {
			for _, y := range p.Members[a+1:] {
				if (x-1)%3 == 0 && (y-1)%3 == 0 && m.Score(x, y).Score < 0 {
					t.Errorf("%d and %d (colleagues who wrote nothing) paired although others were free", x, y)
				}
			}
		}
	}
}

func TestPairs_BigRound_NearTheExactOptimum(t *testing.T) {
	ps := synthClustered(1200, 3)
	for i := range ps {
		ps[i].Consent = true
	}
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	excluded := func(a, b uint64) bool { return (a+b)%17 == 0 }
	pairs := Pairs(m, ids, excluded, 10)
	checkRound(t, pairs, ids, excluded)
	v, edges := roundGraph(m, ids, excluded, 10)
	got, opt := matchingTotal(m, pairs), matchingWeight(t, v, edges, MaxWeightMatching(v, edges))
	t.Logf("N=1200: round %.4f, exact matching on the same graph %.4f (%.2f%%)", got, opt, 100*got/opt)
	if got < 0.985*opt {
		t.Errorf("round total %.4f < 98.5%% of the exact %.4f", got, opt)
	}
}

func TestBestPositive_PicksWhatTopIndicesPicks(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for trial := 0; trial < 200; trial++ {
		s := make([]float64, 1+r.Intn(200))
		for j := range s {
			s[j] = float64(r.Intn(7)-2) / 4 // ties, zeros and negatives
		}
		k := 1 + r.Intn(12)
		keep := func(j int) bool { return j%5 != 3 }
		var want []cand
		for _, j := range topIndices(s, k, func(j int) bool { return keep(j) && s[j] > 0 }) {
			want = append(want, cand{j, s[j]})
		}
		slices.SortFunc(want, func(a, b cand) int {
			return bestFirst(Suggestion{ID: uint64(a.j), Score: a.s}, Suggestion{ID: uint64(b.j), Score: b.s})
		})
		got := bestPositive(s, k, keep)
		if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("trial %d: bestPositive %v, topIndices %v", trial, got, want)
		}
	}
}
