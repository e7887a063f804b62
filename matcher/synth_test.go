package matcher

import (
	"fmt"
	"math/rand"
)

// synthEvent generates n consenting profiles with tags drawn from the
// built-in vocabulary's labels (mixed FR/EN) plus a few unknown tags, so that
// scores have the spread of a real event. Deterministic for a seed.
func synthEvent(n int, seed int64) []Profile {
	r := rand.New(rand.NewSource(seed))
	v := DefaultVocabulary()
	keys := v.Keys()
	label := func() string {
		k := keys[r.Intn(len(keys))]
		l, _ := v.Label(k, []string{"fr", "en"}[r.Intn(2)])
		return l
	}
	tags := func(lo, hi int) []string {
		out := make([]string, lo+r.Intn(hi-lo+1))
		for i := range out {
			if r.Intn(8) == 0 {
				out[i] = fmt.Sprintf("sujet %d", r.Intn(50))
			} else {
				out[i] = label()
			}
		}
		return out
	}
	sectors := []string{"santé", "education", "culture", "fintech", "énergie", "agriculture", "mobilité", "tourisme"}
	ps := make([]Profile, n)
	for i := range ps {
		ps[i] = Profile{
			ID:           uint64(i + 1),
			Name:         fmt.Sprintf("P%d", i+1),
			Organisation: fmt.Sprintf("Org %d", r.Intn(max(n/4, 1))),
			Sector:       sectors[r.Intn(len(sectors))],
			Offers:       tags(1, 4),
			Needs:        tags(1, 3),
			Interests:    tags(2, 5),
			Project:      "Nous développons " + label() + " pour " + label() + " et " + label(),
			Host:         r.Intn(6) == 0,
			Consent:      r.Intn(20) != 0,
		}
	}
	return ps
}

// synthClustered generates n consenting profiles in clusters of about 12:
// members of a cluster draw their tags from the cluster's own 8 concepts,
// with needs and offers that complement each other inside the cluster.
func synthClustered(n int, seed int64) []Profile {
	r := rand.New(rand.NewSource(seed))
	v := DefaultVocabulary()
	keys := v.Keys()
	ps := make([]Profile, n)
	clusters := max(n/12, 1)
	themes := make([][]string, clusters)
	for c := range themes {
		for range 8 {
			themes[c] = append(themes[c], keys[r.Intn(len(keys))])
		}
	}
	pick := func(theme []string, k int) []string {
		out := make([]string, k)
		for i := range out {
			l, _ := v.Label(theme[r.Intn(len(theme))], []string{"fr", "en"}[r.Intn(2)])
			out[i] = l
		}
		return out
	}
	for i := range ps {
		th := themes[r.Intn(clusters)]
		ps[i] = Profile{
			ID: uint64(i + 1), Name: fmt.Sprintf("C%d", i+1),
			Organisation: fmt.Sprintf("Org %d", r.Intn(max(n/3, 1))),
			Offers:       pick(th, 1+r.Intn(3)), Needs: pick(th, 1+r.Intn(2)),
			Interests: pick(th, 2+r.Intn(3)), Consent: true, Host: r.Intn(5) == 0,
		}
	}
	return ps
}

// synthOfKind is the synthetic room of a test's kind: "clustered"
// (synthClustered) or "random" (synthEvent).
func synthOfKind(kind string, n int, seed int64) []Profile {
	if kind == "clustered" {
		return synthClustered(n, seed)
	}
	return synthEvent(n, seed)
}

// synthIndex is a model of synthEvent(n, seed) and an index over it that
// keeps k suggestions a person (nobody present yet).
func synthIndex(n int, seed int64, k int) (*Model, *Index) {
	m := NewModel(synthEvent(n, seed), Options{})
	return m, NewIndex(m, k)
}

// consenting gives every profile of ps the consent to be suggested, and
// returns ps.
func consenting(ps []Profile) []Profile {
	for i := range ps {
		ps[i].Consent = true
	}
	return ps
}

func idsOf(ps []Profile) []uint64 { return mapped(ps, func(p Profile) uint64 { return p.ID }) }
