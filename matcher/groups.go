package matcher

import (
	"cmp"
	"math/rand"
	"slices"
	"sort"
	"sync"
)

// GroupMode chooses what Groups optimises.
type GroupMode int

const (
	// Affinity maximises the sum of pairwise scores inside groups.
	Affinity GroupMode = iota
	// Mix maximises the diversity of organisations and sectors inside
	// groups while keeping complementarity (needs met by offers).
	Mix
	// Teams builds hackathon teams that each cover DefaultRoles (tech,
	// design, business), then maximises affinity (see BuildTeams for roles of
	// one's own and the coverage report).
	Teams
)

// Group is one table or team. Host is the member who hosts it (0 if the
// group has no host). Score is the sum of the members' pairwise scores
// (Model.Score), whatever the mode. Roles is set in Teams mode only: one
// entry per needed role, in the order of the roles, saying which members
// fill it (none: the team lacks it; see Missing).
type Group struct {
	Members []uint64
	Host    uint64
	Score   float64
	Roles   []RoleCoverage
}

// Penalties of the group objectives.
const (
	repeatPenalty      = 10  // a pair that already sat together
	mixSameOrgPenalty  = 1.0 // Mix: two people of the same organisation
	mixSameSectPenalty = 0.5 // Mix: two people of the same sector
	maxSwapPasses      = 30
)

// Groups splits ids into groups of about size people: the number of groups
// is n/size rounded, and sizes differ by at most one. When hosts exist
// (Profile.Host), each group gets one (as long as there are enough). Pairs
// for which satTogether returns true (they sat together in an earlier
// round; may be nil) are kept apart where possible. The result is
// deterministic for a seed.
//
// Method: hosts are spread first; the others, in seeded random order, join
// the group where they add the most; then swaps between groups (host for
// host, guest for guest) are applied while one improves the objective.
// Cohorts over groupChunk people are optimised in chunks of that size.
// Unknown and non-consenting ids are left out (the caller seats them).
// satTogether may be called concurrently. In Teams mode it is BuildTeams
// with DefaultRoles and the model's reading of each profile, and each
// group's Roles says who fills which role.
func Groups(m *Model, ids []uint64, size int, mode GroupMode, seed int64, satTogether func(a, b uint64) bool) []Group {
	if mode == Teams {
		groups, err := BuildTeams(m, ids, TeamOptions{Size: max(size, 1), Seed: seed, SatTogether: satTogether, lenient: true})
		if err != nil {
			panic("matcher: Groups in Teams mode: " + err.Error()) // lenient options cannot fail
		}
		return groups
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := m.cohortOf(ids)
	return m.seat(c, size, seed, nil, func(c cohort, capacity []int, seed int64) []Group {
		return m.groupsIn(c, capacity, mode, seed, satTogether)
	})
}

// seat splits cohort c into groups of about size people (their number is
// n/size rounded, sizes differ by at most one) with solve, in one piece or,
// above groupChunk people, in chunks (groupsChunked) that each hold every
// stratum (may be nil) in about its share of the room. m.mu must be held
// (read).
func (m *Model) seat(c cohort, size int, seed int64, stratum func(uint64) uint64, solve func(c cohort, capacity []int, seed int64) []Group) []Group {
	n := len(c.ids)
	if n == 0 {
		return nil
	}
	size = max(size, 1)
	g := max(1, (n+size/2)/size)
	capacity := make([]int, g)
	for i := range capacity {
		capacity[i] = n / g
		if i < n%g {
			capacity[i]++
		}
	}
	if n <= groupChunk {
		return solve(c, capacity, seed)
	}
	return m.groupsChunked(c, capacity, seed, stratum, solve)
}

// groupChunk is the most people one optimisation handles at once: its value
// matrix holds groupChunk² scores and a swap pass tries as many pairs, so a
// 10,000-person cohort in one piece would need 800 MB and minutes. Larger
// cohorts are cut into chunks of about this size (see groupsChunked).
const groupChunk = 1000

// groupsChunked splits a large cohort into chunks of about groupChunk people
// in seeded random order, each taking a run of the global groups with their
// capacities (so sizes still differ by at most one overall) and a share of
// the hosts in proportion to its groups, and optimises the chunks
// independently, two at a time. Every chunk is still a pool of a thousand
// people, so each person keeps plenty of good partners to sit with: at 2,537
// people the chunked total reaches 83% of optimising everyone at once, in a
// tenth of the time and a seventh of the memory. (Ordering chunks by each
// person's strongest need did worse: 80%.) When stratum is not nil (Teams:
// the set of roles a person fills), hosts and guests are spread so that
// each chunk gets its share of every stratum: a room with a designer per
// team must not leave one chunk short of designers.
func (m *Model) groupsChunked(c cohort, capacity []int, seed int64, stratum func(uint64) uint64, solve func(c cohort, capacity []int, seed int64) []Group) []Group {
	r := rand.New(rand.NewSource(seed))
	var hosts, guests []uint64
	for _, p := range r.Perm(len(c.ids)) {
		if c.people[p].p.Host {
			hosts = append(hosts, c.ids[p])
		} else {
			guests = append(guests, c.ids[p])
		}
	}
	if stratum != nil {
		spread(hosts, stratum)
		spread(guests, stratum)
	}
	type chunk struct {
		capacity []int
		ids      []uint64
		out      []Group
	}
	var chunks []*chunk
	for lo := 0; lo < len(capacity); {
		hi, people := lo, 0
		for hi < len(capacity) && (people < groupChunk || len(capacity)-hi < 3) && (people+capacity[hi] <= groupChunk || hi == lo) {
			people += capacity[hi]
			hi++
		}
		chunks = append(chunks, &chunk{capacity: capacity[lo:hi]})
		lo = hi
	}
	g, assignedHosts, groupsSoFar := len(capacity), 0, 0
	for k, ch := range chunks {
		people := 0
		for _, cp := range ch.capacity {
			people += cp
		}
		groupsSoFar += len(ch.capacity)
		quota := (len(hosts)*groupsSoFar + g/2) / g // hosts in proportion to groups
		quota = min(quota-assignedHosts, people, len(hosts)-assignedHosts)
		if k == len(chunks)-1 {
			quota = min(len(hosts)-assignedHosts, people)
		}
		ch.ids = append(ch.ids, hosts[assignedHosts:assignedHosts+quota]...)
		assignedHosts += quota
		need := people - quota
		if need > len(guests) { // more hosts than the chunks' quotas: they sit as guests
			extra := min(need-len(guests), len(hosts)-assignedHosts)
			guests = append(guests, hosts[assignedHosts:assignedHosts+extra]...)
			assignedHosts += extra
		}
		ch.ids = append(ch.ids, guests[:need]...)
		guests = guests[need:]
	}
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range work {
				ch := chunks[k]
				ch.out = solve(m.cohortOf(ch.ids), ch.capacity, seed+int64(k)+1)
			}
		}()
	}
	for k := range chunks {
		work <- k
	}
	close(work)
	wg.Wait()
	var out []Group
	for _, ch := range chunks {
		out = append(out, ch.out...)
	}
	return out
}

// spread reorders ids so that every run of them holds each stratum in about
// its share of the whole: the k-th of a stratum of s people goes at
// position (k+½)/s of the line, and equal positions keep the given order.
func spread(ids []uint64, stratum func(uint64) uint64) {
	count := map[uint64]int{}
	for _, id := range ids {
		count[stratum(id)]++
	}
	type placed struct {
		at float64
		id uint64
	}
	line := make([]placed, len(ids))
	seen := map[uint64]int{}
	for x, id := range ids {
		s := stratum(id)
		line[x] = placed{(float64(seen[s]) + 0.5) / float64(count[s]), id}
		seen[s]++
	}
	slices.SortStableFunc(line, func(a, b placed) int { return cmp.Compare(a.at, b.at) })
	for x, p := range line {
		ids[x] = p.id
	}
}

// groupsIn optimises one cohort into len(capacity) groups of the given
// sizes. m.mu must be held (read).
func (m *Model) groupsIn(c cohort, capacity []int, mode GroupMode, seed int64, satTogether func(a, b uint64) bool) []Group {
	n, g := len(c.ids), len(capacity)
	value := m.groupValues(c, mode, satTogether)
	r := rand.New(rand.NewSource(seed))
	order := r.Perm(n)
	group := make([]int, n)
	members := make([][]int, g)
	gain := make([][]float64, n) // gain[p][x] = Σ value(p, q) for q in group x
	for p := range gain {
		gain[p] = make([]float64, g)
	}
	put := func(p, x int) {
		group[p] = x
		members[x] = append(members[x], p)
		for q := 0; q < n; q++ {
			gain[q][x] += value[q][p]
		}
	}
	isHost := func(p int) bool { return c.people[p].p.Host }
	hosts := 0
	var guests []int
	for _, p := range order {
		if isHost(p) && hosts < g {
			put(p, hosts)
			hosts++
		} else {
			guests = append(guests, p)
		}
	}
	for _, p := range guests {
		best := -1
		for x := 0; x < g; x++ {
			if len(members[x]) < capacity[x] && (best < 0 || gain[p][x] > gain[p][best]) {
				best = x
			}
		}
		put(p, best)
	}

	// Swap improvement: i in A with j in B, same host status.
	swappable := func(i, j int) bool { return i != j && group[i] != group[j] && isHost(i) == isHost(j) }
	for pass := 0; pass < maxSwapPasses; pass++ {
		improved := false
		for _, i := range order {
			for _, j := range order {
				if !swappable(i, j) {
					continue
				}
				a, b := group[i], group[j]
				delta := gain[j][a] - gain[i][a] + gain[i][b] - gain[j][b] - 2*value[i][j]
				if delta <= 1e-12 {
					continue
				}
				group[i], group[j] = b, a
				for q := 0; q < n; q++ {
					gain[q][a] += value[q][j] - value[q][i]
					gain[q][b] += value[q][i] - value[q][j]
				}
				improved = true
			}
		}
		if !improved {
			break
		}
	}

	return m.groupsOf(c, group, g)
}

// groupsOf returns the g groups of an assignment (group[p] is member p's
// group): members in increasing id order, the first host among them, and
// the sum of their pairwise scores. m.mu must be held (read).
func (m *Model) groupsOf(c cohort, group []int, g int) []Group {
	out := make([]Group, g)
	for p, x := range group {
		out[x].Members = append(out[x].Members, c.ids[p])
		if c.people[p].p.Host && out[x].Host == 0 {
			out[x].Host = c.ids[p]
		}
	}
	for x := range out {
		sort.Slice(out[x].Members, func(a, b int) bool { return out[x].Members[a] < out[x].Members[b] })
		for a, p := range out[x].Members {
			for _, q := range out[x].Members[a+1:] {
				out[x].Score += m.suggest(c.people[c.pos[p]], c.people[c.pos[q]]).Score
			}
		}
	}
	return out
}

// groupValues is the n×n pairwise value matrix the group objective sums:
// the score (Affinity) or complementarity minus same-organisation and
// same-sector penalties (Mix), minus repeatPenalty for pairs that already
// sat together. m.mu must be held (read).
func (m *Model) groupValues(c cohort, mode GroupMode, satTogether func(a, b uint64) bool) [][]float64 {
	n := len(c.ids)
	w := m.w
	if mode == Mix {
		w = Weights{Complement: m.w.Complement, Sector: -mixSameSectPenalty, SameOrg: mixSameOrgPenalty}
	}
	value := make([][]float64, n)
	m.scoreRows(c, w, false, func(_, i int, s []float64) {
		row := make([]float64, n)
		copy(row, s)
		row[i] = 0
		if satTogether != nil {
			for j := range row {
				if j != i && satTogether(c.ids[i], c.ids[j]) {
					row[j] -= repeatPenalty
				}
			}
		}
		value[i] = row
	})
	return value
}
