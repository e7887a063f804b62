package matcher

import (
	"math"
	"math/rand"
	"testing"
)

// bruteMatching is the best matching weight by DP over vertex subsets.
func bruteMatching(n int, w [][]float64) float64 {
	memo := make([]float64, 1<<n)
	done := make([]bool, 1<<n)
	var best func(mask int) float64
	best = func(mask int) float64 {
		if mask == 0 {
			return 0
		}
		if done[mask] {
			return memo[mask]
		}
		i := 0
		for mask>>i&1 == 0 {
			i++
		}
		r := best(mask &^ (1 << i)) // i unmatched
		for j := i + 1; j < n; j++ {
			if mask>>j&1 == 1 && w[i][j] > 0 {
				r = math.Max(r, w[i][j]+best(mask&^(1<<i)&^(1<<j)))
			}
		}
		memo[mask], done[mask] = r, true
		return r
	}
	return best(1<<n - 1)
}

func TestMaxWeightMatching_EqualsExhaustiveSearchOnSmallGraphs(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for trial := 0; trial < 400; trial++ {
		n := 2 + r.Intn(11)
		w := make([][]float64, n)
		for i := range w {
			w[i] = make([]float64, n)
		}
		var edges []Edge
		density := 0.2 + r.Float64()*0.8
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if r.Float64() < density {
					x := float64(1+r.Intn(20)) / 10 // many ties, blossoms likely
					if trial%2 == 0 {
						x = r.Float64()
					}
					w[i][j], w[j][i] = x, x
					edges = append(edges, Edge{i, j, x})
				}
			}
		}
		mate := MaxWeightMatching(n, edges)
		var got float64
		for v, u := range mate {
			if u >= 0 {
				if mate[u] != v {
					t.Fatalf("trial %d: mate not symmetric: %v", trial, mate)
				}
				if v < u {
					got += w[v][u]
				}
			}
		}
		if want := bruteMatching(n, w); math.Abs(got-want) > 1e-5 {
			t.Fatalf("trial %d (n=%d): matching weight %.6f, optimum %.6f", trial, n, got, want)
		}
	}
}

func TestMaxWeightMatching_OddCycleNeedsBlossom(t *testing.T) {
	// triangle 0-1-2 with a pendant 2-3: optimum takes 0-1 and 2-3.
	mate := MaxWeightMatching(4, []Edge{{0, 1, 5}, {1, 2, 6}, {0, 2, 5}, {2, 3, 4}})
	if mate[0] != 1 || mate[2] != 3 {
		t.Errorf("mate = %v; want 0-1, 2-3", mate)
	}
}
