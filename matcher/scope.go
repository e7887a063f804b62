package matcher

import "slices"

// A concept is offered or sought in a scope: « subventions pour le
// spectacle vivant » offers grants in culture, « des fonds pour un camion
// dentaire » seeks them in health. The two share the concept "grants" and
// nothing a careful reader would call a match: a cultural funder cannot
// help a dentist. A pair whose shared concept is scoped on both sides, in
// two different scope groups, is a scope clash: that concept neither
// counts in the score nor is given as a reason.
//
// The scope of a concept is the broad fields (broadField) that the parts
// naming it name beside it, mapped to their scope group (scopeGroups). A
// concept is scoped only when every part that names it has a scope; one
// named once without a field is general and clashes with nothing. A need is scoped in one group
// at most (a need in two groups is general), an offer in any number (a
// funder of food and health projects); they clash when the need's group is
// not among the offer's. Broader concepts carry the scope of the concept
// they come from, since the score meets them through Vocabulary.widen
// (grants in culture are funding in culture).
//
// One group on the need's side keeps the score a sum of products, so the
// sketch stays exact (forSlots): a scoped need and a scoped offer of k each
// add the slot k·scoped and a slot k·g per group g, the query's k·scoped
// with the opposite sign, so that query·row = w·w (1 − [both scoped] +
// [the need's group is the offer's]) = w·w unless the two clash.
type scopes map[string][]string

// scopeGroups partitions the broad fields into groups within which
// scopes never clash (grants for music answer grants for culture; a
// funder of food projects answers a farm). Fields not listed span every
// sector (retail, crafts, events, the social economy: a bakery is food,
// retail and a craft at once) and give no scope.
var scopeGroups = map[string]string{
	"food": "food", "gastronomy": "food", "agriculture": "food",
	"health": "health", "sport": "health",
	"culture": "culture", "music": "culture", "cinema": "culture", "media": "culture",
	"education": "education", "higher-education": "education", "children": "education",
	"energy": "transition", "environment": "transition", "mobility": "transition",
	"construction": "building", "real-estate": "building",
	"industry": "industry", "tourism": "tourism",
	"fashion": "fashion", "cosmetics": "fashion",
	"healthtech": "health", "biotech": "health", "foodtech": "food", "edtech": "education",
	"proptech": "building", "mobility-tech": "transition",
}

// fieldsOf is key as a broad field, or its broader broad fields (a
// sector read as "bakery" is in food).
func fieldsOf(v *Vocabulary, key string) []string {
	if broadField[key] {
		return []string{key}
	}
	var out []string
	for _, b := range v.Broader(key) {
		if broadField[b] {
			out = append(out, b)
		}
	}
	return out
}

// scopeReading gathers, while a profile is read, the scope groups of the
// parts naming each concept; a nil entry means a part named it without
// one (general).
type scopeReading map[string][]string

// note records that one part named keys with the fields fields.
func (s scopeReading) note(v *Vocabulary, keys, fields []string) {
	var groups []string
	for _, f := range fields {
		if g := scopeGroups[f]; g != "" && !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	for _, k := range keys {
		s.noteOne(k, groups)
		for a := range v.ancestors(k) {
			if !broadField[a] {
				s.noteOne(a, groups)
			}
		}
	}
}

func (s scopeReading) noteOne(k string, groups []string) {
	old, seen := s[k]
	switch {
	case len(groups) == 0:
		s[k] = nil
	case !seen:
		s[k] = slices.Clone(groups)
	case old != nil:
		for _, g := range groups {
			if !slices.Contains(old, g) {
				old = append(old, g)
			}
		}
		s[k] = old
	}
}

// scopes is what was read: the scoped concepts, or nil when none is,
// which is most people. For needs (single) a concept in more than one
// group is general.
func (s scopeReading) scopes(single bool) scopes {
	var out scopes
	for k, g := range s {
		if g == nil || (single && len(g) > 1) {
			continue
		}
		if out == nil {
			out = scopes{}
		}
		out[k] = g
	}
	return out
}

// clash reports whether key is scoped on both sides in groups that do not
// meet.
func (a scopes) clash(key string, b scopes) bool {
	ga, gb := a[key], b[key]
	if len(ga) == 0 || len(gb) == 0 {
		return false
	}
	for _, g := range ga {
		if slices.Contains(gb, g) {
			return false
		}
	}
	return true
}

// clashWeight is the part of dot(x, y) that rests on concepts whose scopes
// clash (sx for x's side, sy for y's). It costs nothing when either side
// has no scoped concept, which is most pairs.
func clashWeight(x, y sparse, sx, sy scopes) float64 {
	if len(sx) == 0 || len(sy) == 0 {
		return 0
	}
	var w float64
	for _, t := range x { // in key order: the sum is the same both ways round
		if sx.clash(t.key, sy) {
			w += t.w * weightOf(y, &t)
		}
	}
	return w
}

// weightOf is the weight of t's key in the sorted vector s (0 when
// absent), found by compareTerms: by id when both have one.
func weightOf(s sparse, t *term) float64 {
	i, found := slices.BinarySearchFunc(s, t, func(e term, t *term) int { return compareTerms(&e, t) })
	if found {
		return s[i].w
	}
	return 0
}

// Slot suffixes of a scoped concept (forSlots): k·scoped and k·group.
const (
	slotScoped  = "\x01*"
	slotScopeIn = "\x01"
)

// scopeSlots adds the slots of the scoped concepts of v (see scopes): on
// the query side the k·scoped slot takes the opposite sign.
func scopeSlots(prefix string, v sparse, x float64, sc scopes, query bool, f func(slot string, w float64)) {
	if len(sc) == 0 || x == 0 {
		return
	}
	sign := 1.0
	if query {
		sign = -1
	}
	for _, t := range v {
		for i, g := range sc[t.key] {
			if i == 0 {
				f(prefix+t.key+slotScoped, sign*x*t.w)
			}
			f(prefix+t.key+slotScopeIn+g, x*t.w)
		}
	}
}

// withoutClashes drops from a need↔offer reason the concepts whose scopes
// clash; mine and theirs are the receiver's and the suggested person's
// scopes for the reason's sides.
func withoutClashes(r Reason, mine, theirs scopes) Reason {
	if len(mine) == 0 || len(theirs) == 0 {
		return r
	}
	keep := r.Concepts[:0:0]
	for _, k := range r.Concepts {
		if !mine.clash(k, theirs) {
			keep = append(keep, k)
		}
	}
	r.Concepts = keep
	return r
}
