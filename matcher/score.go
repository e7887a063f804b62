package matcher

import "sort"

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

// suggest scores pb for pa exactly. m.mu must be held.
func (m *Model) suggest(pa, pb *person) Suggestion {
	w := m.w
	s := Suggestion{ID: pb.p.ID}
	offers := dot(pa.needs, pb.offers)
	needs := dot(pa.offers, pb.needs)
	interest := dot(pa.interests, pb.interests)
	project := dot(pa.project, pb.project)
	sector := 0.0
	if pa.f.sector != "" && pa.f.sector == pb.f.sector {
		sector = 1
	}
	s.Score = w.Complement*(offers+needs) + w.Interest*interest + w.Project*project + w.Sector*sector
	if pa.f.org != "" && pa.f.org == pb.f.org {
		s.Score -= w.SameOrg
	}
	if offers > 0 {
		s.Reasons = append(s.Reasons, Reason{ReasonOffers, shared(pa.needs, pb.offers, nil)})
	}
	if needs > 0 {
		s.Reasons = append(s.Reasons, Reason{ReasonNeeds, shared(pa.offers, pb.needs, nil)})
	}
	if interest > 0 {
		s.Reasons = append(s.Reasons, Reason{ReasonInterest, shared(pa.interests, pb.interests, nil)})
	}
	if project > 0 {
		if c := shared(pa.project, pb.project, isConcept); len(c) > 0 || project >= minProjectReason {
			s.Reasons = append(s.Reasons, Reason{ReasonProject, c})
		}
	}
	if sector > 0 {
		s.Reasons = append(s.Reasons, Reason{ReasonSector, []string{pa.f.sector}})
	}
	return s
}

// sortSuggestions orders by score, best first, then by ID for determinism.
func sortSuggestions(s []Suggestion) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Score != s[j].Score {
			return s[i].Score > s[j].Score
		}
		return s[i].ID < s[j].ID
	})
}
