package matcher

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// hackathon is a realistic hackathon sign-up sheet: offers written as
// people write them, in French or English, with titles, interests and a
// few hosts (mentors). devs, designers and business say how many of each
// kind it holds (in that order, then the rest).
func hackathon(devs, designers, business, others int) []Profile {
	dev := []struct{ title, offer string }{
		{"Développeuse", "dev fullstack React/Node"},
		{"Software engineer", "backend Python, APIs"},
		{"Data scientist", "machine learning, analyse de données"},
		{"", "développement mobile iOS / Android"},
		{"Ingénieur logiciel", "DevOps, Docker, Kubernetes"},
		{"Étudiant", "développeur front-end"},
		{"Data analyst", "data visualisation, tableaux de bord"},
		{"CTO", "architecture cloud AWS"},
	}
	design := []struct{ title, offer string }{
		{"UX/UI designer", "UX/UI designer"},
		{"Graphiste", "designer graphique, identité visuelle"},
		{"Product designer", "prototypage Figma"},
		{"", "UX research, tests utilisateurs"},
		{"Webdesigner", "webdesign"},
	}
	biz := []struct{ title, offer string }{
		{"Business developer", "développement commercial, prospection"},
		{"Product manager", "product management"},
		{"", "commercial B2B"},
		{"Growth marketer", "growth / marketing digital"},
		{"Product Owner", "product owner"},
		{"Étudiante en école de commerce", "business plan, pitch"},
	}
	other := []struct{ title, offer string }{
		{"Juriste", "droit des contrats"},
		{"Doctorante en biologie", "biologie marine"},
		{"", ""},
		{"Enseignant", "pédagogie"},
	}
	interests := []string{"climat", "santé", "éducation", "mobilité", "culture", "agriculture"}
	var ps []Profile
	add := func(kind string, i int, title, offer string) {
		id := uint64(len(ps) + 1)
		ps = append(ps, Profile{
			ID: id, Name: fmt.Sprintf("%s %d", kind, i+1), Title: title,
			Organisation: fmt.Sprintf("Équipe %d", id%11),
			Offers:       strings.Split(offer, ", "),
			Needs:        []string{[]string{"design", "développement web", "business model", "pitch"}[id%4]},
			Interests:    []string{interests[id%6], interests[(id/6)%6]},
			Host:         kind == "other", // the mentors
			Consent:      true,
		})
		if offer == "" {
			ps[len(ps)-1].Offers = nil
		}
	}
	for i := range devs {
		add("dev", i, dev[i%len(dev)].title, dev[i%len(dev)].offer)
	}
	for i := range designers {
		add("design", i, design[i%len(design)].title, design[i%len(design)].offer)
	}
	for i := range business {
		add("biz", i, biz[i%len(biz)].title, biz[i%len(biz)].offer)
	}
	for i := range others {
		add("other", i, other[i%len(other)].title, other[i%len(other)].offer)
	}
	return ps
}

// checkedTeams builds the teams opts asks for (DefaultRoles when opts has
// none), fails the test on an error and checks them with checkTeams.
func checkedTeams(t *testing.T, m *Model, ids []uint64, opts TeamOptions) []Group {
	t.Helper()
	teams, err := BuildTeams(m, ids, opts)
	if err != nil {
		t.Fatal(err)
	}
	roles := opts.Roles
	if roles == nil {
		roles = DefaultRoles()
	}
	checkTeams(t, teams, ids, roles)
	return teams
}

// checkTeams checks that teams place every id once, with sizes that
// differ by at most one, and that Roles follow roles.
func checkTeams(t *testing.T, teams []Group, ids []uint64, roles []Role) {
	t.Helper()
	seen := map[uint64]bool{}
	lo, hi := len(ids), 0
	for _, g := range teams {
		lo, hi = min(lo, len(g.Members)), max(hi, len(g.Members))
		for _, id := range g.Members {
			if seen[id] {
				t.Errorf("%d placed twice", id)
			}
			seen[id] = true
		}
		if len(g.Roles) != len(roles) {
			t.Fatalf("team %v: %d role entries for %d roles", g.Members, len(g.Roles), len(roles))
		}
		for r, rc := range g.Roles {
			if rc.Role != roles[r].Key {
				t.Errorf("role %d is %q; want %q", r, rc.Role, roles[r].Key)
			}
			for _, id := range rc.By {
				if !slices.Contains(g.Members, id) {
					t.Errorf("role %s filled by %d, who is not in the team", rc.Role, id)
				}
			}
		}
	}
	if len(seen) != len(ids) {
		t.Errorf("%d people placed; want %d", len(seen), len(ids))
	}
	if hi-lo > 1 {
		t.Errorf("team sizes from %d to %d", lo, hi)
	}
}

func TestBuildTeams_ReadsHackathonProfilesIntoRoles(t *testing.T) {
	ps := hackathon(8, 5, 6, 4)
	m := NewModel(ps, Options{})
	roleOf := func(keys []string) []string {
		var out []string
		for _, r := range DefaultRoles() {
			if slices.ContainsFunc(r.Concepts, func(k string) bool { return slices.Contains(keys, k) }) {
				out = append(out, r.Key)
			}
		}
		return out
	}
	for _, p := range ps {
		got := roleOf(m.offeredConcepts(p.ID))
		want := map[string][]string{"dev": {"tech"}, "design": {"design"}, "biz": {"business"}, "other": nil}[strings.Fields(p.Name)[0]]
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s (%q, offers %q): roles %v from concepts %v; want %v", p.Name, p.Title, p.Offers, got, m.offeredConcepts(p.ID), want)
		}
	}
}

func TestBuildTeams_EachTeamGetsTechDesignAndBusinessWhenTheRoomAllows(t *testing.T) {
	ps := hackathon(12, 6, 6, 6) // 30 people, 6 teams of 5
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	teams := checkedTeams(t, m, ids, TeamOptions{Size: 5, Seed: 1})
	if len(teams) != 6 {
		t.Fatalf("%d teams; want 6", len(teams))
	}
	got, rnd := groupTotal(m, teams), groupTotal(m, randomGroups(m, ids, teams, 2))
	t.Logf("30 people in 6 teams: affinity %.2f, random seating %.2f", got, rnd)
	if got <= rnd {
		t.Errorf("teams' affinity %.2f not above a random seating's %.2f", got, rnd)
	}
	for _, g := range teams {
		if miss := g.Missing(); len(miss) > 0 {
			t.Errorf("team %v lacks %v (%s)", g.Members, miss, g.MissingText(DefaultRoles(), "fr"))
		}
		if g.MissingText(DefaultRoles(), "fr") != "" {
			t.Errorf("team %v: missing text %q for a complete team", g.Members, g.MissingText(DefaultRoles(), "fr"))
		}
		hosts := 0
		for _, id := range g.Members {
			if p, _ := m.Profile(id); p.Host {
				hosts++
			}
		}
		if hosts != 1 || g.Host == 0 {
			t.Errorf("team %v has %d hosts (Host %d); want one per team (6 hosts for 6 teams)", g.Members, hosts, g.Host)
		}
	}
}

func TestBuildTeams_SaysWhatEachTeamLacks(t *testing.T) {
	ps := hackathon(8, 2, 4, 6) // 20 people, 4 teams of 5, only 2 designers
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	teams := checkedTeams(t, m, ids, TeamOptions{Size: 5, Seed: 3})
	withDesign := 0
	for _, g := range teams {
		if !slices.Contains(g.Missing(), "design") {
			withDesign++
			continue
		}
		if !reflect.DeepEqual(g.Missing(), []string{"design"}) {
			t.Errorf("team %v lacks %v; want only design", g.Members, g.Missing())
		}
		if fr, en := g.MissingText(DefaultRoles(), "fr"), g.MissingText(DefaultRoles(), "en"); fr != "manque\u00a0: design" || en != "missing: design" {
			t.Errorf("missing texts %q / %q", fr, en)
		}
	}
	if withDesign != 2 {
		t.Errorf("%d teams have a designer; want the 2 designers in 2 different teams", withDesign)
	}
}

func TestBuildTeams_KeepsEarlierTeammatesApartWherePossible(t *testing.T) {
	ps := hackathon(12, 6, 6, 6)
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	first := checkedTeams(t, m, ids, TeamOptions{Size: 5, Seed: 1})
	sat := map[[2]uint64]bool{}
	for _, g := range first {
		for a, x := range g.Members {
			for _, y := range g.Members[a+1:] {
				sat[PairKey(x, y)] = true
			}
		}
	}
	second := checkedTeams(t, m, ids, TeamOptions{Size: 5, Seed: 2, SatTogether: func(a, b uint64) bool { return sat[PairKey(a, b)] }})
	repeats, missing := 0, 0
	for _, g := range second {
		missing += len(g.Missing())
		for a, x := range g.Members {
			for _, y := range g.Members[a+1:] {
				if sat[PairKey(x, y)] {
					repeats++
				}
			}
		}
	}
	t.Logf("second round: %d pairs seated again (of %d), %d roles missing", repeats, len(sat), missing)
	if repeats > 0 || missing > 0 {
		t.Errorf("second round: %d repeated pairs and %d missing roles; want none of either", repeats, missing)
	}
}

func TestBuildTeams_RolesOfOnesOwnWithSkillsAndPredicates(t *testing.T) {
	ps := hackathon(6, 3, 3, 3)
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	roles := []Role{
		{Key: "dev", FR: "développement", EN: "development", Concepts: []string{"code"}},
		{Key: "mentor", FR: "mentor", EN: "mentor", Match: func(p Profile) bool { return p.Host }},
	}
	skills := func(p Profile) []string {
		if strings.HasPrefix(p.Name, "dev ") {
			return []string{"code"}
		}
		return nil
	}
	teams := checkedTeams(t, m, ids, TeamOptions{Size: 5, Roles: roles, Skills: skills, Seed: 1})
	for _, g := range teams {
		if len(g.Missing()) > 0 {
			t.Errorf("team %v lacks %s", g.Members, g.MissingText(roles, "en"))
		}
	}
	again, _ := BuildTeams(m, ids, TeamOptions{Size: 5, Roles: roles, Skills: skills, Seed: 1})
	if !reflect.DeepEqual(again, teams) {
		t.Error("the same seed gave other teams")
	}
}

func TestBuildTeams_RefusesOptionsItCannotHonour(t *testing.T) {
	m := NewModel(hackathon(2, 1, 1, 0), Options{})
	ids := m.IDs()
	for _, c := range []struct {
		opts TeamOptions
		want string
	}{
		{TeamOptions{Size: 1}, "at least 2 people"},
		{TeamOptions{Size: 4, Roles: []Role{{Key: "", Concepts: []string{"software"}}}}, "role 1 has no key"},
		{TeamOptions{Size: 4, Roles: []Role{{Key: "x", Concepts: []string{"software"}}, {Key: "x", Concepts: []string{"sales"}}}}, `"x" is given twice`},
		{TeamOptions{Size: 4, Roles: []Role{{Key: "design"}}}, "neither which concepts"},
		{TeamOptions{Size: 4, Roles: []Role{{Key: "design", Concepts: []string{"desing"}}}}, `"desing" is not a concept of the vocabulary`},
	} {
		if _, err := BuildTeams(m, ids, c.opts); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v; want one containing %q", c.opts, err, c.want)
		}
	}
}

func TestGroups_TeamsMode_CoversDefaultRolesInLargeRooms(t *testing.T) {
	if !heavyHere(t) {
		return
	}
	// Above groupChunk, the room is built in chunks: coverage holds in each.
	ps := hackathon(1000, 600, 600, 300) // 500 teams of 5
	m := NewModel(ps, Options{})
	ids := idsOf(ps)
	teams := Groups(m, ids, 5, Teams, 1, nil)
	checkTeams(t, teams, ids, DefaultRoles())
	missing := 0
	for _, g := range teams {
		missing += len(g.Missing())
	}
	t.Logf("%d teams for %d people: %d roles missing", len(teams), len(ids), missing)
	if missing > 0 {
		t.Errorf("%d roles missing across %d teams; the room has enough of each", missing, len(teams))
	}
}

// BenchmarkBuildTeams builds teams of 5 covering DefaultRoles on a
// hackathon of N people (40% tech, 20% design, 25% business, 15% others).
func BenchmarkBuildTeams(b *testing.B) {
	for _, n := range []int{300, 1_000, 5_000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			ps := hackathon(n*40/100, n*20/100, n*25/100, n-n*40/100-n*20/100-n*25/100)
			m := NewModel(ps, Options{})
			ids := idsOf(ps)
			b.ReportAllocs()
			missing := 0
			for b.Loop() {
				teams, err := BuildTeams(m, ids, TeamOptions{Size: 5, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				missing = 0
				for _, g := range teams {
					missing += len(g.Missing())
				}
			}
			b.ReportMetric(float64(missing), "roles-missing")
		})
	}
}
