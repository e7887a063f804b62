package matcher

import (
	"math/rand"
	"reflect"
	"testing"
)

// randomBatches cuts a random event's traffic into batches: mostly new
// arrivals, plus unknown ids, ids repeated within a batch and re-entries of
// people already present.
func randomBatches(r *rand.Rand, n, unknown int) [][]uint64 {
	var batches [][]uint64
	order := r.Perm(n)
	for len(order) > 0 {
		size := min(1+r.Intn(40), len(order))
		var batch []uint64
		for _, i := range order[:size] {
			batch = append(batch, uint64(i+1))
			switch r.Intn(12) {
			case 0:
				batch = append(batch, uint64(n+1+r.Intn(unknown))) // not in the model
			case 1:
				batch = append(batch, batch[r.Intn(len(batch))]) // repeated in the batch
			case 2:
				batch = append(batch, uint64(1+r.Intn(n))) // maybe present already
			}
		}
		order = order[size:]
		batches = append(batches, batch)
	}
	return batches
}

// explained replaces each notice of arrivals by its explained suggestion
// (Notice.Explained), so that arrivals compare with reflect.DeepEqual.
func explained(arrivals []Arrival) []Arrival {
	out := make([]Arrival, len(arrivals))
	for x, a := range arrivals {
		out[x] = Arrival{ID: a.ID, Mine: a.Mine}
		for _, n := range a.Notify {
			out[x].Notify = append(out[x].Notify, Notice{For: n.For, Suggestion: n.Explained()})
		}
	}
	return out
}

func TestIndex_ArriveBatch_SameAsArrivingOneByOne(t *testing.T) {
	if !heavyHere(t) {
		return
	}
	for _, tc := range []struct {
		name string
		n    int
		k    int
		seed int64
	}{
		{"small room k=3", 60, 3, 1},
		{"several scan blocks k=10", 1400, 10, 2},
		{"several scan blocks k=5", 1100, 5, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewSource(tc.seed))
			m := NewModel(synthEvent(tc.n, tc.seed), Options{})
			batched, single := NewIndex(m, tc.k), NewIndex(m, tc.k)
			for b, batch := range randomBatches(r, tc.n, 5) {
				if b%7 == 3 { // exclusions and exits between batches
					a, c := uint64(1+r.Intn(tc.n)), uint64(1+r.Intn(tc.n))
					batched.Exclude(a, c)
					single.Exclude(a, c)
					batched.Leave(a)
					single.Leave(a)
				}
				got := batched.ArriveBatch(batch)
				want := make([]Arrival, len(batch))
				for x, id := range batch {
					want[x].ID = id
					want[x].Mine, want[x].Notify = single.Arrive(id)
				}
				got, want = explained(got), explained(want)
				if !reflect.DeepEqual(got, want) {
					for x := range got {
						if !reflect.DeepEqual(got[x], want[x]) {
							t.Fatalf("batch %d, arrival %d (id %d):\nArriveBatch %+v\nArrive      %+v", b, x, batch[x], got[x], want[x])
						}
					}
				}
				if !reflect.DeepEqual(batched.tops, single.tops) || !reflect.DeepEqual(batched.ids, single.ids) {
					t.Fatalf("after batch %d: kept lists or rows differ", b)
				}
			}
			if batched.Count() != single.Count() || batched.Count() == 0 {
				t.Errorf("Count = %d; one by one %d", batched.Count(), single.Count())
			}
		})
	}
}

func TestIndex_ArriveBatch_MatchesBruteForce(t *testing.T) {
	if !heavyHere(t) {
		return
	}
	const n, k = 300, 5
	m, ix := synthIndex(n, 21, k)
	var present []uint64
	for lo := 0; lo < n; lo += 37 {
		var batch []uint64
		for id := lo + 1; id <= min(lo+37, n); id++ {
			batch = append(batch, uint64(id))
		}
		for _, a := range ix.ArriveBatch(batch) {
			if want := bruteAnswer(m, a.ID, present, k, nil); !sameTop(a.Mine, want) {
				t.Fatalf("mine of %d = %v; brute force %v", a.ID, a.Mine, want)
			}
			present = append(present, a.ID)
		}
	}
	for _, id := range present {
		checkKept(t, ix, id, present, nil)
	}
}

func TestIndex_ArriveBatch_EmptyAndUnknown(t *testing.T) {
	m := NewModel(karimAndAmelie(), Options{})
	ix := NewIndex(m, 3)
	if out := ix.ArriveBatch(nil); len(out) != 0 {
		t.Errorf("ArriveBatch(nil) = %v", out)
	}
	out := ix.ArriveBatch([]uint64{99, 1, 2})
	if out[0].ID != 99 || out[0].Mine != nil || out[0].Notify != nil {
		t.Errorf("unknown id answered %+v", out[0])
	}
	if out[1].Mine != nil || ix.Count() != 2 {
		t.Errorf("first arrival answered %+v; count %d", out[1], ix.Count())
	}
	if len(out[2].Mine) == 0 || out[2].Mine[0].ID != 1 || len(out[2].Notify) == 0 || out[2].Notify[0].For != 1 {
		t.Errorf("Karim after Amélie in the same batch: %+v", out[2])
	}
}

// TestIndex_ColumnScores_MatchDenseProduct checks that one scan of a
// query's column groups gives, for every present row, the main score and
// each pass's score (views) as a dense product of the present rows with
// that pass's own query does.
func TestIndex_ColumnScores_MatchDenseProduct(t *testing.T) {
	if !heavyHere(t) {
		return
	}
	m, ix := synthIndex(1300, 5, 10)
	ids := m.IDs()
	for _, id := range ids[:1200] {
		ix.Arrive(id)
	}
	for _, id := range ids[1100:1150] {
		ix.Leave(id) // rows move: the columns must follow
	}
	d := m.layout.width
	var dense []float64 // the present rows, row-major, as the old Index kept them
	for _, id := range ix.ids {
		at := m.pos[id] * d
		dense = append(dense, m.rows[at:at+d]...)
	}
	weights := [numViews]Weights{m.w, m.passes()[0].w, m.passes()[1].w}
	checked := 0
	for _, id := range ids[1200:] {
		pp := m.get(id)
		var want [numViews][]float64
		for v, w := range weights {
			q, tail := m.queryWith(pp, w)
			want[v] = mulSketch(dense, len(ix.ids), q, nil)
			m.addTail(want[v], tail, func(id uint64) (int, bool) {
				i, ok := ix.pos[id]
				return i, ok
			})
		}
		pr := &probe{}
		ix.prepare(pr, pp, 10, true, false, len(ix.ids))
		bufs := ix.scoreRange(pr, 0, len(ix.ids), pr.tail)
		for i := range ix.ids {
			var g [numGroups]float64
			for k := range g {
				g[k] = bufs[k][i]
			}
			main, help, peer := views(&g, m.w.Project)
			for v, got := range [numViews]float64{main, help, peer} {
				if diff := got - want[v][i]; diff > 1e-12 || diff < -1e-12 {
					t.Fatalf("view %d of %d for row %d: column groups %v, dense %v", v, id, i, got, want[v][i])
				}
				if want[v][i] != 0 {
					checked++
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no non-zero score checked")
	}
}

func TestPool_KeepsBestByScoreThenLowerID(t *testing.T) {
	values := []float64{0.5, 0.9, 0.5, 0.1, 0.9, 0.5 + 1e-14, 0.7}
	var p pool
	p.reset(4)
	for i, v := range values {
		id := uint64(100 - i) // later rows have lower IDs
		if p.admits(v, 0, id) {
			p.push(i, v, 0, id)
		}
	}
	got := map[int]bool{}
	for _, i := range p.rows {
		got[i] = true
	}
	// 0.5 at rows 0, 2 and 5 tie (within rounding): row 5 has the lowest ID.
	if want := map[int]bool{1: true, 4: true, 6: true, 5: true}; !reflect.DeepEqual(got, want) {
		t.Errorf("pool rows = %v; want %v", p.rows, want)
	}
}

// TestPool_BreaksTiesByMainScore checks a pass's pool: rows tied on the
// pass's score are kept by their main score, as the exact pass list
// orders them.
func TestPool_BreaksTiesByMainScore(t *testing.T) {
	var p pool
	p.reset(2)
	for i, main := range []float64{0.3, 0.9, 0.1, 0.6} {
		if p.admits(0.5, main, uint64(i)) {
			p.push(i, 0.5, main, uint64(i))
		}
	}
	if got := map[int]bool{p.rows[0]: true, p.rows[1]: true}; !reflect.DeepEqual(got, map[int]bool{1: true, 3: true}) {
		t.Errorf("pool rows = %v; want rows 1 and 3", p.rows)
	}
}
