package matcher

import (
	"cmp"
	"slices"
	"strings"
)

// What the matcher understood, and how people correct it.
//
// A phone page shows each person the concepts read from their profile
// (Model.Understood), in their language, and lets them remove a wrong one
// or add one from a typeahead (Vocabulary.Complete); the corrections travel
// in Profile.Corrections and take effect with Model.Upsert. The admin sees
// the phrases that no concept covers, ranked by how many people wrote them
// (Model.Uncovered), and maps one to a concept or makes a new concept
// (Vocabulary.AddAlias, AddConcept on a clone, then a new Model).

// Understood is one concept the matcher read in a profile.
type Understood struct {
	Field Field  `json:"field"` // offers, needs, interests, or "title"
	Key   string `json:"key"`
	// Said is the text it was read from, as the person wrote it; empty
	// when the person added the concept by hand.
	Said  string `json:"said,omitempty"`
	Added bool   `json:"added,omitempty"`
}

// FieldTitle marks concepts read from the job title (not correctable: the
// title itself is).
const FieldTitle Field = "title"

// Understood returns the vocabulary concepts read in id's profile, field
// by field (offers, needs, interests, title), each sorted by key. Tags
// outside the vocabulary are not concepts and are not listed.
func (m *Model) Understood(id uint64) []Understood {
	m.mu.RLock()
	defer m.mu.RUnlock()
	pp := m.get(id)
	if pp == nil {
		return nil
	}
	var out []Understood
	for _, fb := range []struct {
		field Field
		b     bag
	}{{FieldOffers, pp.f.offers}, {FieldNeeds, union(pp.f.needs, pp.f.targets)}, {FieldInterests, pp.f.interests}, {FieldTitle, pp.f.roles}} {
		var keys []string
		for k := range fb.b {
			if isVocabKey(k) {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			u := Understood{Field: fb.field, Key: k, Added: pp.f.added[string(fb.field)+"\x00"+k]}
			if !u.Added {
				u.Said = pp.f.shown[k]
				if fb.field == FieldTitle {
					u.Said = pp.p.Title
				}
			}
			out = append(out, u)
		}
	}
	return out
}

// Uncovered is a phrase of needs, offers or interests in which no concept
// was found, with how many people wrote it (same normal form).
type Uncovered struct {
	Text   string `json:"text"` // as first written
	Field  Field  `json:"field"`
	People int    `json:"people"`
}

// Uncovered returns up to n phrases that no concept covers, most people
// first (then alphabetically): what the admin should map first.
func (m *Model) Uncovered(n int) []Uncovered {
	m.mu.RLock()
	defer m.mu.RUnlock()
	type key struct {
		field Field
		pk    string
	}
	count := map[key]*Uncovered{}
	for _, pp := range m.people {
		seen := map[key]bool{}
		for _, u := range pp.f.uncovered {
			k := key{u.field, phraseKey(u.text)}
			if k.pk == "" || seen[k] {
				continue
			}
			seen[k] = true
			if c := count[k]; c != nil {
				c.People++
			} else {
				count[k] = &Uncovered{Text: u.text, Field: u.field, People: 1}
			}
		}
	}
	out := make([]Uncovered, 0, len(count))
	for _, c := range count {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Uncovered) int {
		if c := cmp.Compare(b.People, a.People); c != 0 {
			return c
		}
		if c := cmp.Compare(phraseKey(a.Text), phraseKey(b.Text)); c != 0 {
			return c
		}
		return cmp.Compare(a.Field, b.Field)
	})
	return out[:min(n, len(out))]
}

// Complete returns up to n concept keys for a typeahead: concepts whose
// label in lang, or one of whose aliases, starts with the words typed
// (folded, so "leve" finds "levée de fonds"); label matches first, then by
// label.
func (v *Vocabulary) Complete(prefix, lang string, n int) []string {
	pk := phraseKey(prefix)
	if pk == "" || n <= 0 {
		return nil
	}
	type hit struct {
		key   string
		label bool
	}
	hits := map[string]bool{}
	for alias, key := range v.aliases {
		if key == "" || !strings.HasPrefix(alias, pk) {
			continue
		}
		label, _ := v.Label(key, lang)
		hits[key] = hits[key] || strings.HasPrefix(phraseKey(label), pk)
	}
	list := make([]hit, 0, len(hits))
	for k, l := range hits {
		list = append(list, hit{k, l})
	}
	slices.SortFunc(list, func(a, b hit) int {
		if a.label != b.label {
			if a.label {
				return -1
			}
			return 1
		}
		la, _ := v.Label(a.key, lang)
		lb, _ := v.Label(b.key, lang)
		return cmp.Or(cmp.Compare(phraseKey(la), phraseKey(lb)), cmp.Compare(a.key, b.key))
	})
	out := make([]string, 0, min(n, len(list)))
	for _, h := range list[:min(n, len(list))] {
		out = append(out, h.key)
	}
	return out
}

// union is a bag of the keys of a and b (a need read as a target is still
// one of the person's needs, for what we understood).
func union(a, b bag) bag {
	if len(b) == 0 {
		return a
	}
	out := bag{}
	for k, x := range a {
		out[k] = x
	}
	for k, x := range b {
		out[k] = max(out[k], x)
	}
	return out
}
