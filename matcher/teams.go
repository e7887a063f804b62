package matcher

import (
	"fmt"
	"math/bits"
	"math/rand"
	"slices"
)

// TeamOptions configure BuildTeams.
type TeamOptions struct {
	Size  int    // people per team (at least 2); sizes differ by at most one
	Roles []Role // the roles each team needs, at most 64; nil means DefaultRoles
	// Skills returns the concept keys a profile offers. nil means the
	// concepts the Model reads in the profile's offers and job title
	// (Model.Understood, so people's own corrections count).
	Skills      func(Profile) []string
	Seed        int64                  // the same seed gives the same teams
	SatTogether func(a, b uint64) bool // pairs kept apart where possible (earlier rounds); may be nil

	lenient bool // Groups' Teams mode: skip the checks of the roles against the vocabulary
}

// coverWeight is what one needed role a team gains is worth in the team
// objective: more than any affinity difference and than seating a pair
// again (repeatPenalty), so that coverage comes first.
const coverWeight = 2 * repeatPenalty

// BuildTeams builds hackathon teams: groups (as Groups) in which each needed
// role is filled by at least one member where the room allows, then with
// the most affinity (the sum of pairwise scores), one host per team where
// hosts exist, and no pair that sat together before (SatTogether) where
// possible. Each team's Roles say who fills what, so that a screen can show
// what is missing (Group.MissingText). Unknown and non-consenting ids are
// left out (the caller seats them). The result is deterministic for a seed.
//
// Method: hosts are spread first; then, scarcest role first, each team that
// lacks the role gets the unplaced person filling it who adds the most; the
// others join the team where they add the most; then swaps between teams
// (host for host, guest for guest) are applied while one improves the
// objective: coverWeight per covered role plus the affinity. Cohorts over
// groupChunk people are built in chunks, as in Groups.
//
// It fails on options it cannot honour: a size under 2, a role without a
// key or with the key of another, a role with neither concepts nor a
// predicate, more than 64 roles, or (when Skills is nil, so concepts are
// the vocabulary's) a concept the model's vocabulary does not know.
func BuildTeams(m *Model, ids []uint64, opts TeamOptions) ([]Group, error) {
	roles := opts.Roles
	if roles == nil {
		roles = DefaultRoles()
	}
	if err := m.checkTeamOptions(opts, roles); err != nil {
		return nil, err
	}
	// Who fills which role, read before the model's lock is taken (the
	// default skills come from Model.Understood, which takes it).
	fills := make(map[uint64]uint64, len(ids)) // id → bit set of the roles the person fills
	for _, id := range ids {
		p, ok := m.Profile(id)
		if !ok || !p.Consent {
			continue
		}
		var skills []string
		if opts.Skills != nil {
			skills = opts.Skills(p)
		} else {
			skills = m.offeredConcepts(id)
		}
		for r, role := range roles {
			if slices.ContainsFunc(role.Concepts, func(k string) bool { return slices.Contains(skills, k) }) ||
				role.Match != nil && role.Match(p) {
				fills[id] |= 1 << r
			}
		}
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := m.cohortOf(ids)
	groups := m.seat(c, opts.Size, opts.Seed, func(id uint64) uint64 { return fills[id] }, func(c cohort, capacity []int, seed int64) []Group {
		return m.teamsIn(c, capacity, fills, len(roles), seed, opts.SatTogether)
	})
	for x := range groups {
		g := &groups[x]
		g.Roles = make([]RoleCoverage, len(roles))
		for r, role := range roles {
			g.Roles[r].Role = role.Key
			for _, id := range g.Members {
				if fills[id]&(1<<r) != 0 {
					g.Roles[r].By = append(g.Roles[r].By, id)
				}
			}
		}
	}
	return groups, nil
}

// checkTeamOptions returns what is wrong with opts and roles, if anything.
func (m *Model) checkTeamOptions(opts TeamOptions, roles []Role) error {
	if opts.Size < 2 && !opts.lenient {
		return fmt.Errorf("teams: size %d: a team needs at least 2 people", opts.Size)
	}
	if len(roles) > 64 {
		return fmt.Errorf("teams: %d roles: at most 64 can be needed; merge some", len(roles))
	}
	seen := map[string]bool{}
	for x, r := range roles {
		switch {
		case r.Key == "":
			return fmt.Errorf("teams: role %d has no key: give each role a short name such as \"design\"", x+1)
		case seen[r.Key]:
			return fmt.Errorf("teams: role %q is given twice: merge its concepts into one role", r.Key)
		case len(r.Concepts) == 0 && r.Match == nil:
			return fmt.Errorf("teams: role %q says neither which concepts fill it nor who does (Concepts or Match)", r.Key)
		}
		seen[r.Key] = true
		if opts.Skills != nil || opts.lenient {
			continue
		}
		for _, k := range r.Concepts {
			if _, ok := m.vocab.Label(k, "en"); !ok {
				return fmt.Errorf("teams: role %q: %q is not a concept of the vocabulary: use a concept key from the vocabulary file (such as \"ux-design\")", r.Key, k)
			}
		}
	}
	return nil
}

// offeredConcepts is the default TeamOptions.Skills: the vocabulary
// concepts the model read in id's offers and job title (Model.Understood),
// sorted. m.mu must not be held.
func (m *Model) offeredConcepts(id uint64) []string {
	var keys []string
	for _, u := range m.Understood(id) {
		if (u.Field == FieldOffers || u.Field == FieldTitle) && !slices.Contains(keys, u.Key) {
			keys = append(keys, u.Key)
		}
	}
	slices.Sort(keys)
	return keys
}

// teamsIn builds len(capacity) teams of the given sizes from cohort c;
// fills maps an id to the bit set of the nroles roles the person fills.
// m.mu must be held (read).
func (m *Model) teamsIn(c cohort, capacity []int, fills map[uint64]uint64, nroles int, seed int64, satTogether func(a, b uint64) bool) []Group {
	n, g := len(c.ids), len(capacity)
	value := m.groupValues(c, Affinity, satTogether)
	fill := make([]uint64, n)
	for p, id := range c.ids {
		fill[p] = fills[id]
	}
	t := &teamState{
		fill:    fill,
		group:   make([]int, n),
		size:    make([]int, g),
		count:   make([][]int32, g),
		covered: make([]uint64, g),
		gain:    make([][]float64, n),
		value:   value,
	}
	for x := range t.count {
		t.count[x] = make([]int32, nroles)
	}
	for p := range t.gain {
		t.group[p] = -1
		t.gain[p] = make([]float64, g)
	}
	r := rand.New(rand.NewSource(seed))
	order := r.Perm(n)
	isHost := func(p int) bool { return c.people[p].p.Host }

	hosts := 0
	for _, p := range order {
		if isHost(p) && hosts < g {
			t.put(p, hosts)
			hosts++
		}
	}
	// Scarcest role first: each team lacking it takes the best of its
	// unplaced fillers.
	roleOrder := make([]int, nroles)
	fillers := make([]int, nroles)
	for rl := range roleOrder {
		roleOrder[rl] = rl
		for _, p := range order {
			if t.group[p] < 0 && fill[p]&(1<<rl) != 0 {
				fillers[rl]++
			}
		}
	}
	slices.SortStableFunc(roleOrder, func(a, b int) int { return fillers[a] - fillers[b] })
	for _, rl := range roleOrder {
		for x := 0; x < g; x++ {
			if t.covered[x]&(1<<rl) != 0 || t.size[x] >= capacity[x] {
				continue
			}
			best := -1
			for _, p := range order {
				if t.group[p] < 0 && fill[p]&(1<<rl) != 0 && (best < 0 || t.worth(p, x) > t.worth(best, x)) {
					best = p
				}
			}
			if best < 0 {
				break // no one left for this role
			}
			t.put(best, x)
		}
	}
	for _, p := range order {
		if t.group[p] >= 0 {
			continue
		}
		best := -1
		for x := 0; x < g; x++ {
			if t.size[x] < capacity[x] && (best < 0 || t.worth(p, x) > t.worth(p, best)) {
				best = x
			}
		}
		t.put(p, best)
	}

	// Swap improvement: i in A with j in B, same host status.
	for pass := 0; pass < maxSwapPasses; pass++ {
		improved := false
		for _, i := range order {
			for _, j := range order {
				a, b := t.group[i], t.group[j]
				if a == b || isHost(i) != isHost(j) {
					continue
				}
				delta := t.gain[j][a] - t.gain[i][a] + t.gain[i][b] - t.gain[j][b] - 2*value[i][j]
				delta += coverWeight * float64(t.coverChange(a, i, j)+t.coverChange(b, j, i))
				if delta <= 1e-12 {
					continue
				}
				t.move(i, b)
				t.move(j, a)
				improved = true
			}
		}
		if !improved {
			break
		}
	}
	return m.groupsOf(c, t.group, g)
}

// teamState is the assignment teamsIn improves: each member's team, each
// team's size, role counts and covered roles, and gain[p][x], the sum of
// p's values with the members of team x.
type teamState struct {
	fill    []uint64
	group   []int
	size    []int
	count   [][]int32
	covered []uint64
	gain    [][]float64
	value   [][]float64
}

// put places unplaced member p in team x.
func (t *teamState) put(p, x int) {
	t.group[p] = x
	t.size[x]++
	for f := t.fill[p]; f != 0; f &= f - 1 {
		t.count[x][bits.TrailingZeros64(f)]++
	}
	t.covered[x] |= t.fill[p]
	for q := range t.gain {
		t.gain[q][x] += t.value[q][p]
	}
}

// move takes p out of its team and puts it in team x.
func (t *teamState) move(p, x int) {
	from := t.group[p]
	t.size[from]--
	for f := t.fill[p]; f != 0; f &= f - 1 {
		rl := bits.TrailingZeros64(f)
		if t.count[from][rl]--; t.count[from][rl] == 0 {
			t.covered[from] &^= 1 << rl
		}
	}
	for q := range t.gain {
		t.gain[q][from] -= t.value[q][p]
	}
	t.put(p, x)
}

// worth is what unplaced p adds to team x.
func (t *teamState) worth(p, x int) float64 {
	return coverWeight*float64(bits.OnesCount64(t.fill[p]&^t.covered[x])) + t.gain[p][x]
}

// coverChange is the change in the number of roles team x covers when
// member out leaves it and in joins it.
func (t *teamState) coverChange(x, out, in int) int {
	change := 0
	for f := t.fill[out] | t.fill[in]; f != 0; f &= f - 1 {
		rl := bits.TrailingZeros64(f)
		before := t.count[x][rl] > 0
		after := t.count[x][rl]-int32(t.fill[out]>>rl&1)+int32(t.fill[in]>>rl&1) > 0
		switch {
		case after && !before:
			change++
		case before && !after:
			change--
		}
	}
	return change
}
