package matcher

import "strings"

// Prefixes of feature keys that are not vocabulary concepts.
const (
	tagPrefix  = "tag:" // a tag outside the vocabulary, by its phraseKey
	wordPrefix = "w:"   // a word stem of project text
)

// features is the raw (unweighted) view of one profile.
type features struct {
	interests, offers, needs, project bag
	sector, org                       string // concept or tag key; normalised organisation
}

// tagKeys maps one tag to feature keys: the concepts it names (a tag may
// name several: "levée de fonds et SEO"), or else the tag itself as
// "tag:"+phraseKey so that unknown tags still match each other. display
// records the original spelling of unknown tags for explanations.
func (v *Vocabulary) tagKeys(tag string, display func(key, text string)) []string {
	st := stems(tag)
	if len(st) == 0 {
		return nil
	}
	whole := strings.Join(st, " ")
	if key, ok := v.aliases[whole]; ok {
		return []string{key}
	}
	found, _ := v.scan(st)
	if len(found) > 0 {
		return found
	}
	key := tagPrefix + whole
	display(key, strings.TrimSpace(tag))
	return []string{key}
}

func (v *Vocabulary) tagBag(tags []string, display func(key, text string)) bag {
	b := bag{}
	for _, t := range tags {
		for _, k := range v.tagKeys(t, display) {
			b[k] = 1 // a list names a concept once, however many tags repeat it
		}
	}
	return b
}

// projectBag counts the concepts named in free text and the stems of the
// words left over. Concepts count double: they are the strongest evidence
// that two projects are about the same thing.
func (v *Vocabulary) projectBag(text string) bag {
	b := bag{}
	found, rest := v.scan(stems(text))
	for _, k := range found {
		b[k] += 2
	}
	for _, s := range rest {
		if len(s) > 2 {
			b[wordPrefix+s]++
		}
	}
	return b
}

func (v *Vocabulary) extract(p Profile, display func(key, text string)) features {
	f := features{
		interests: v.tagBag(p.Interests, display),
		offers:    v.tagBag(p.Offers, display),
		needs:     v.tagBag(p.Needs, display),
		project:   v.projectBag(p.Project),
		org:       phraseKey(p.Organisation),
	}
	if keys := v.tagKeys(p.Sector, display); len(keys) > 0 {
		f.sector = keys[0]
	}
	return f
}

// isConcept reports whether a feature key can be shown as a concept
// (vocabulary concept or unknown tag, not a bare word stem).
func isConcept(key string) bool { return !strings.HasPrefix(key, wordPrefix) }
