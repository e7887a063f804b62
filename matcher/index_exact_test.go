package matcher

import (
	"math/rand"
	"reflect"
	"slices"
	"testing"
)

// TestIndex_Answers_EqualExactRankingOnRealisticEvents drives an index
// through a day on realistic rooms (the tuning half of the evaluation, as
// sign-up forms are really filled in, and a larger synthetic room spread
// over several scan blocks): half the room loaded at once, then arrivals,
// exits, re-entries and "we met" in random order. Every answer the index
// gives (Arrive's, and Suggest's for everyone present at the end) must be
// exactly the from-scratch answer (bruteAnswer: every present candidate
// scored pairwise, the passes' lists over everyone, the same arrangement),
// with the same people, scores and reasons; every notice must be the
// newcomer as Model.Score explains it, and every kept list exact. The
// synthetic room takes 700 steps, 300 under -race (its first arrivals
// already meet two scan blocks).
func TestIndex_Answers_EqualExactRankingOnRealisticEvents(t *testing.T) {
	if !heavyHere(t) {
		return
	}
	rooms := []struct {
		name     string
		profiles func(t *testing.T) []Profile
		steps    int
	}{
		{"tuning half", func(t *testing.T) []Profile { return loadEvalEvent(t, "tune").profiles() }, 500},
		{"synthetic 1,200", func(*testing.T) []Profile { return synthEvent(1200, 41) }, sized(700, 300)},
	}
	for _, room := range rooms {
		t.Run(room.name, func(t *testing.T) {
			m := NewModel(room.profiles(t), Options{})
			const k = 10
			ix := NewIndex(m, k)
			ids := m.IDs()
			r := rand.New(rand.NewSource(8))
			r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
			present := slices.Clone(ids[:len(ids)/2])
			ix.Load(present)
			excluded := map[[2]uint64]bool{}
			isExcluded := func(a, b uint64) bool { return excluded[PairKey(a, b)] }
			answers := 0
			for step := 0; step < room.steps; step++ {
				switch op := r.Intn(10); {
				case op < 6 || len(present) < 10: // arrival or re-entry
					id := ids[r.Intn(len(ids))]
					if slices.Contains(present, id) {
						continue
					}
					mine, notify := ix.Arrive(id)
					present = append(present, id)
					if want := bruteAnswer(m, id, present, k, isExcluded); !reflect.DeepEqual(mine, want) {
						t.Fatalf("step %d: Arrive(%d) =\n%+v\nexact:\n%+v", step, id, mine, want)
					}
					answers++
					for _, n := range notify {
						if got, want := n.Explained(), m.Score(n.For, id); !reflect.DeepEqual(got, want) {
							t.Fatalf("step %d: notice for %d = %+v; exact %+v", step, n.For, got, want)
						}
					}
				default: // an exit, or two people met
					present = exitOrMeet(r, ix, present, excluded, op)
				}
			}
			for _, id := range present {
				if got, want := ix.Suggest(id, k), bruteAnswer(m, id, present, k, isExcluded); !reflect.DeepEqual(got, want) {
					t.Fatalf("Suggest(%d) =\n%+v\nexact:\n%+v", id, got, want)
				}
				checkKept(t, ix, id, present, isExcluded)
			}
			if answers < room.steps/4 {
				t.Fatalf("only %d arrivals checked", answers)
			}
		})
	}
}
