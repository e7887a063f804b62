package matcher

import (
	"cmp"
	"slices"
)

// ReasonKind says why two people should meet.
type ReasonKind string

const (
	ReasonOffers   ReasonKind = "offers"   // the suggested person offers what you need
	ReasonNeeds    ReasonKind = "needs"    // you offer what the suggested person needs
	ReasonInterest ReasonKind = "interest" // shared interests
	ReasonProject  ReasonKind = "project"  // similar projects
	ReasonSector   ReasonKind = "sector"   // same sector
)

// Reason is one reason for a suggestion, as data. Concepts are canonical
// concept keys (vocabulary keys, or "tag:…" for tags outside the
// vocabulary), strongest first; Model.Label renders them.
type Reason struct {
	Kind     ReasonKind
	Concepts []string
}

// Suggestion is a person (ID) suggested to someone, with its score and its
// reasons, strongest first.
type Suggestion struct {
	ID      uint64
	Score   float64
	Reasons []Reason
}

// minProjectReason is the project similarity above which similar projects
// are given as a reason even without a named concept in common.
const minProjectReason = 0.2

// suggest scores pb for pa exactly, with reasons. m.mu must be held.
func (m *Model) suggest(pa, pb *person) Suggestion {
	t := m.terms(pa, pb)
	return m.withReasons(pa, pb, t)
}

// pairTerms are the parts of pb's exact score for pa.
type pairTerms struct {
	offers, needs, interest, project, sector float64
	score                                    float64
}

// terms computes pb's exact score for pa without its reasons (no
// allocation): callers that only compare scores use it, and build reasons
// with withReasons for the few suggestions they keep. m.mu must be held.
func (m *Model) terms(pa, pb *person) pairTerms {
	w := m.w
	t := pairTerms{
		offers:   dot(pa.needs, pb.offers),
		needs:    dot(pa.offers, pb.needs),
		interest: dot(pa.interests, pb.interests),
		project:  dot(pa.project, pb.project),
	}
	if pa.f.sector != "" && pa.f.sector == pb.f.sector {
		t.sector = 1
	}
	t.score = w.Complement*(t.offers+t.needs) + w.Interest*t.interest + w.Project*t.project + w.Sector*t.sector
	if pa.f.org != "" && pa.f.org == pb.f.org {
		t.score -= w.SameOrg
	}
	return t
}

// withReasons is the suggestion of pb to pa with score terms t (from
// m.terms(pa, pb)) and its reasons.
func (m *Model) withReasons(pa, pb *person, t pairTerms) Suggestion {
	s := Suggestion{ID: pb.p.ID, Score: t.score}
	if t.offers > 0 {
		s.Reasons = append(s.Reasons, Reason{ReasonOffers, shared(pa.needs, pb.offers, nil)})
	}
	if t.needs > 0 {
		s.Reasons = append(s.Reasons, Reason{ReasonNeeds, shared(pa.offers, pb.needs, nil)})
	}
	if t.interest > 0 {
		s.Reasons = append(s.Reasons, Reason{ReasonInterest, shared(pa.interests, pb.interests, nil)})
	}
	if t.project > 0 {
		if c := shared(pa.project, pb.project, isConcept); len(c) > 0 || t.project >= minProjectReason {
			s.Reasons = append(s.Reasons, Reason{ReasonProject, c})
		}
	}
	if t.sector > 0 {
		s.Reasons = append(s.Reasons, Reason{ReasonSector, []string{pa.f.sector}})
	}
	return s
}

// bestFirst is the order of every suggestion list: higher score first,
// then lower ID, so that lists are a function of the scores alone.
func bestFirst(a, b Suggestion) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// better reports whether a comes before b in bestFirst order.
func better(a, b Suggestion) bool { return bestFirst(a, b) < 0 }

// sortSuggestions orders s best first (bestFirst).
func sortSuggestions(s []Suggestion) { slices.SortFunc(s, bestFirst) }
