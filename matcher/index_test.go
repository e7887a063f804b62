package matcher

import (
	"math/rand"
	"os"
	"testing"

	"icebreaker/internal/racefree"
)

// heavy are this package's long tests (brute force over whole rooms, big
// rounds checked against the exact optimum): under -race they run in a
// child go test without the race detector (internal/racefree). Their own
// code shares nothing between goroutines; the workers inside the matcher
// (scoreRows, the local search's promising, the group chunks) are raced by
// small tests that stay under the detector:
// TestCandidates_SameListsWhateverTheNumberOfWorkers,
// TestLocalMatching_IsAMatchingNearTheExactOptimumOnSmallGraphs, and
// TestIndex_ConcurrentArrivalsAndReads and
// TestModel_Upsert_SafeWithConcurrentReaders for the locks.
var heavy = racefree.NewGroup(
	"TestIndex_Arrive_PushesToPeopleWhoseTopChanged",
	"TestIndex_KeptLists_StayExactThroughExitsReentriesAndExclusions",
	"TestIndex_Answers_EqualExactRankingOnRealisticEvents",
	"TestLocalMatching_WithinAHairOfBlossomOnEventGraphs",
	"TestIndex_ArriveBatch_SameAsArrivingOneByOne",
	"TestPairs_ReachesOptimalMatchingOnTopKCandidates",
	"TestGroups_TeamsMode_CoversDefaultRolesInLargeRooms",
	"TestGroups_LargeCohortInChunks_KeepsSizesHostsAndQuality",
	"TestIndex_ColumnScores_MatchDenseProduct",
	"TestSession_IndexAnswers_StayExact",
	"TestIndex_ArriveBatch_MatchesBruteForce",
	"TestIndex_Load_KeepsTheSameListsAsArrivals",
	"TestLocalMatching_DependsOnlyOnTheEdgeSet",
	"TestPairs_BigRound_PlacesEveryoneOnceAndKeepsExclusions",
	"TestPairs_BigRound_NearTheExactOptimum",
	"TestCandidates_AreEachMembersExactTopKOnceEachPairIsScoredOnce",
	"TestIndexPairs_MatchesTheRoundFromScratch",
	"TestGroups_Affinity_BeatsRandomAndApproachesUpperBound",
)

// heavyHere reports whether the heavy test t runs in this process, and if
// so runs it in parallel with the other heavy tests (in the child go test,
// or without -race). When it is false, t had its result from the child and
// returns at once.
func heavyHere(t *testing.T) bool {
	t.Helper()
	if heavy.InChild(t) {
		return false
	}
	t.Parallel()
	return true
}

// sized is the size of a heavy test whose point is scale: full with
// `go test ./matcher`, where it proves what it proves at the size of an
// event, and underRace with `go test -race`, whose heavy tests run in
// heavy's child beside the race-detected tests and prove there the same
// promises on the same code paths at a smaller size (each test's doc
// comment says what). The sizes of the race-detected tests themselves are
// unchanged: finding a data race needs concurrency, not scale.
func sized(full, underRace int) int {
	if racefree.Race || racefree.Child() {
		return underRace
	}
	return full
}

// TestMain starts heavy's child go test at once, beside the tests that keep
// the race detector.
func TestMain(m *testing.M) { os.Exit(racefree.Main(m, heavy)) }

// bruteTop is the exact top-k for id among present, by pairwise Score.
func bruteTop(m *Model, id uint64, present []uint64, k int, excluded func(a, b uint64) bool) []Suggestion {
	me, _ := m.Profile(id)
	if !me.Consent {
		return nil
	}
	var all []Suggestion
	for _, o := range present {
		p, _ := m.Profile(o)
		if o == id || !p.Consent || (excluded != nil && excluded(id, o)) {
			continue
		}
		if s := bruteScore(m, id, o); s.Score > 0 {
			all = append(all, s)
		}
	}
	sortSuggestions(all)
	if len(all) > k {
		all = all[:k]
	}
	return all
}

// bruteScore is o's exact score for id, without reasons (as kept lists
// hold them).
func bruteScore(m *Model, id, o uint64) Suggestion {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return Suggestion{ID: o, Score: m.terms(m.get(id), m.get(o)).score}
}

// bruteAnswer is the answer of k that id should get among present: its
// brute-force best and the passes' brute-force lists, arranged by leaning
// (answer.go).
func bruteAnswer(m *Model, id uint64, present []uint64, k int, excluded func(a, b uint64) bool) []Suggestion {
	best := bruteTop(m, id, present, answerDepth(k), excluded)
	m.mu.RLock()
	defer m.mu.RUnlock()
	pa := m.get(id)
	if pa == nil || !pa.p.Consent {
		return nil
	}
	var cands []*person
	for _, o := range present {
		pb := m.get(o)
		if o == id || pb == nil || !pb.p.Consent || (excluded != nil && excluded(id, o)) {
			continue
		}
		cands = append(cands, pb)
	}
	rows := make([]int, len(cands))
	for i := range rows {
		rows[i] = i
	}
	sc := m.scorer(pa, func(i int) *person { return cands[i] }, nil)
	var lists [2][]scoredPair
	for x, ps := range m.passes() {
		lists[x] = m.passList(sc, ps, rows)
	}
	var kept []scoredPair
	for _, s := range best {
		pb := m.get(s.ID)
		kept = append(kept, scoredPair{pb, m.terms(pa, pb)})
	}
	return m.answer(pa, kept, lists[0], lists[1], k)
}

func sameTop(got, want []Suggestion) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if d := got[i].Score - want[i].Score; d > 1e-9 || d < -1e-9 {
			return false
		}
	}
	return true
}

// checkKept fails t unless id's kept list is what Index promises: the
// exact best of the people present for its length, at least k long (or
// everyone with a positive score), and everyone with a positive score
// when the list is open.
func checkKept(t *testing.T, ix *Index, id uint64, present []uint64, excluded func(a, b uint64) bool) {
	t.Helper()
	kept := ix.tops[id]
	all := bruteTop(ix.m, id, present, len(present), excluded)
	if len(kept) > len(all) || !sameTop(kept, all[:len(kept)]) {
		t.Fatalf("kept list of %d = %v; brute force %v", id, kept, all[:min(len(all), ix.depth)])
	}
	if len(kept) < min(ix.k, len(all)) || ix.open[ix.pos[id]] && len(kept) != min(len(all), ix.depth) {
		t.Fatalf("kept list of %d holds %d (open %v) of %d people with a positive score; k = %d, depth %d",
			id, len(kept), ix.open[ix.pos[id]], len(all), ix.k, ix.depth)
	}
}

// TestIndex_Arrive_PushesToPeopleWhoseTopChanged: over every arrival into
// a room, the newcomer's list and the people notified are those of brute
// force (250 arrivals; 120 under -race: the brute force is cubic in the
// room, and 120 arrivals still fill and refill every kept list).
func TestIndex_Arrive_PushesToPeopleWhoseTopChanged(t *testing.T) {
	if !heavyHere(t) {
		return
	}
	n, k := sized(250, 120), 5
	m, ix := synthIndex(n, 7, k)
	order := rand.New(rand.NewSource(1)).Perm(n)
	var present []uint64
	mineMisses, notifyMisses := 0, 0
	for _, i := range order {
		id := uint64(i + 1)
		// kth[o] is o's k-th best score among those present before id, or 0.
		kth := map[uint64]float64{}
		for _, o := range present {
			if top := bruteTop(m, o, present, k, nil); len(top) == k {
				kth[o] = top[k-1].Score
			}
		}
		mine, notify := ix.Arrive(id)
		if want := bruteAnswer(m, id, present, k, nil); !sameTop(mine, want) {
			mineMisses++
		}
		notified := map[uint64]bool{}
		for _, nt := range notify {
			if nt.Suggestion.ID != id {
				t.Fatalf("notice for %d names %d, not the newcomer %d", nt.For, nt.Suggestion.ID, id)
			}
			notified[nt.For] = true
		}
		me, _ := m.Profile(id)
		for _, o := range present {
			po, _ := m.Profile(o)
			s := m.Score(o, id).Score
			if !me.Consent || !po.Consent || s <= 0 || s == kth[o] {
				if notified[o] && (!me.Consent || !po.Consent || s <= 0) {
					notifyMisses++
				}
				continue // ties at the boundary may go either way
			}
			if (s > kth[o]) != notified[o] {
				notifyMisses++
			}
		}
		present = append(present, id)
	}
	if mineMisses > 0 || notifyMisses > 0 {
		t.Errorf("differences from brute force over %d arrivals: %d newcomer top lists, %d notifications", n, mineMisses, notifyMisses)
	}
	if ix.Count() != n {
		t.Errorf("Count = %d; want %d", ix.Count(), n)
	}
}

func TestIndex_Leave_RemovesFromSuggestionsAndKeptLists(t *testing.T) {
	m := NewModel(karimAndAmelie(), Options{})
	ix := NewIndex(m, 3)
	for id := uint64(1); id <= 5; id++ {
		ix.Arrive(id)
	}
	if got := ix.Suggest(1, 3); len(got) == 0 || got[0].ID != 2 {
		t.Fatalf("Suggest(1) = %+v; want Karim first", got)
	}
	ix.Leave(2)
	if ix.Present(2) || ix.Count() != 4 {
		t.Fatalf("after Leave(2): present=%v count=%d", ix.Present(2), ix.Count())
	}
	for _, s := range ix.Suggest(1, 3) {
		if s.ID == 2 || s.ID == 4 {
			t.Errorf("Suggest(1) after Leave returns %d", s.ID)
		}
	}
	for _, s := range ix.tops[1] {
		if s.ID == 2 {
			t.Error("kept list still holds the leaver")
		}
	}
	if _, notify := ix.Arrive(2); len(notify) == 0 || notify[0].For != 1 {
		t.Errorf("re-entry of Karim notified %+v; want Amélie", notify)
	}
}

func TestIndex_Exclude_PairNeverComesBack(t *testing.T) {
	m := NewModel(karimAndAmelie(), Options{})
	ix := NewIndex(m, 3)
	for id := uint64(1); id <= 5; id++ {
		ix.Arrive(id)
	}
	ix.Exclude(2, 1)
	for _, s := range ix.Suggest(1, 5) {
		if s.ID == 2 {
			t.Error("excluded pair suggested")
		}
	}
	ix.Leave(2)
	if _, notify := ix.Arrive(2); len(notify) != 0 && notify[0].For == 1 {
		t.Error("excluded pair notified on re-entry")
	}
	if !ix.Excluded(1, 2) {
		t.Error("Excluded(1,2) = false")
	}
}

func TestIndex_NonConsenting_NeitherSuggestedNorSuggestedTo(t *testing.T) {
	m := NewModel(karimAndAmelie(), Options{})
	ix := NewIndex(m, 3)
	for id := uint64(1); id <= 5; id++ {
		ix.Arrive(id)
	}
	mine, notify := ix.Arrive(4)
	if mine != nil || notify != nil {
		t.Errorf("non-consenting arrival gave %+v, %+v", mine, notify)
	}
	if ix.Suggest(4, 3) != nil {
		t.Error("non-consenting person got suggestions")
	}
}

func TestIndex_ConcurrentArrivalsAndReads(t *testing.T) {
	_, ix := synthIndex(300, 9, 5)
	done := make(chan bool)
	for w := 0; w < 3; w++ {
		go func(w int) {
			for id := uint64(w + 1); id <= 300; id += 3 {
				ix.Arrive(id)
				ix.Suggest(id, 5)
				if id%10 == 0 {
					ix.Leave(id)
				}
			}
			done <- true
		}(w)
	}
	for w := 0; w < 3; w++ {
		<-done
	}
	if ix.Count() != 270 {
		t.Errorf("Count = %d; want 270", ix.Count())
	}
}

func TestIndex_Load_KeepsTheSameListsAsArrivals(t *testing.T) {
	if !heavyHere(t) {
		return
	}
	m := NewModel(synthEvent(150, 12), Options{})
	ids := m.IDs()
	one, bulk := NewIndex(m, 5), NewIndex(m, 5)
	for _, id := range ids {
		one.Arrive(id)
	}
	bulk.Load(ids)
	for _, id := range ids {
		if !sameTop(one.tops[id], bulk.tops[id]) {
			t.Fatalf("kept list of %d: arrivals %v, Load %v", id, one.tops[id], bulk.tops[id])
		}
	}
	if bulk.Count() != 150 {
		t.Errorf("Count = %d", bulk.Count())
	}
}
