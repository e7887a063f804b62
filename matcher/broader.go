package matcher

import (
	"slices"
	"strings"
)

// Neighbours in the vocabulary: a concept's broader concepts (and theirs)
// are added to every concept vector at a fraction of the concept's weight,
// so that "business angels" meets "fundraising" (its broader concept) at
// half the score of an exact match, and meets "venture capital" (a sibling
// under fundraising) at a quarter. Exact matches still score highest.

// Weights of a concept's broader concepts, by distance.
const (
	broaderWeight      = 0.7
	grandBroaderWeight = 0.25 // theirs
)

// ancestors returns the broader concepts of key up to two levels, with
// their weights (the largest when a concept is reached twice).
func (v *Vocabulary) ancestors(key string) map[string]float64 {
	var out map[string]float64
	for _, b := range v.Broader(key) {
		if out == nil {
			out = map[string]float64{}
		}
		out[b] = max(out[b], broaderWeight)
		for _, g := range v.Broader(b) {
			if g != key {
				out[g] = max(out[g], grandBroaderWeight)
			}
		}
	}
	return out
}

// widen adds the broader concepts of each concept of s, weighted by
// ancestors, to a copy of s; a key already present keeps the larger
// weight. Tags and words have no neighbours.
func (v *Vocabulary) widen(s sparse) sparse {
	var extra map[string]float64
	for _, t := range s {
		if !isVocabKey(t.key) {
			continue
		}
		for a, f := range v.ancestors(t.key) {
			if extra == nil {
				extra = map[string]float64{}
			}
			extra[a] = max(extra[a], f*t.w)
		}
	}
	if len(extra) == 0 {
		return s
	}
	out := slices.Clone(s)
	for i := range out {
		if w, ok := extra[out[i].key]; ok {
			out[i].w = max(out[i].w, w)
			delete(extra, out[i].key)
		}
	}
	for k, w := range extra {
		out = append(out, term{key: k, w: w})
	}
	slices.SortFunc(out, func(a, b term) int { return strings.Compare(a.key, b.key) }) // before interning: by key
	return out
}

// near reports whether concepts a and b are close enough to be named as
// neighbours in a reason: one is directly broader than the other. Siblings
// and cousins still add a little to the score through widen, but saying
// that "forest and wood" is close to "circular economy" because both sit
// under "environment" would be a stretch, and a reason must be a fact.
func (v *Vocabulary) near(a, b string) bool {
	if a == b {
		return false
	}
	return slices.Contains(v.Broader(a), b) || slices.Contains(v.Broader(b), a)
}

// isVocabKey reports whether a feature key is a vocabulary concept (not a
// tag or a word).
func isVocabKey(k string) bool {
	return len(k) > 0 && !(len(k) > len(tagPrefix) && k[:len(tagPrefix)] == tagPrefix) &&
		!(len(k) > len(wordPrefix) && k[:len(wordPrefix)] == wordPrefix)
}
