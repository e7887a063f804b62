package matcher

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Clone returns a copy of v that can be changed (AddAlias, AddConcept,
// Extend) without touching v: the way to change the vocabulary of a live
// event is to clone it, change the clone and build a new Model on it.
func (v *Vocabulary) Clone() *Vocabulary {
	c := newVocabulary()
	c.Extend(v)
	return c
}

// AddAlias makes phrase name the concept key (an organiser mapping a
// phrase that no concept covered). The concept must exist.
func (v *Vocabulary) AddAlias(phrase, key string) error {
	c, ok := v.concepts[key]
	if !ok {
		return fmt.Errorf("vocabulary: no concept %q", key)
	}
	if phraseKey(phrase) == "" {
		return fmt.Errorf("vocabulary: %q has no word to match", phrase)
	}
	v.add(key, articled(c), c.en, []string{phrase}, nil)
	return nil
}

// AddConcept adds a new concept with its labels and aliases (the French
// label may carry its article, as in a vocabulary file). The key must be
// new and valid.
func (v *Vocabulary) AddConcept(key, fr, en string, aliases []string) error {
	if !validKey(key) {
		return fmt.Errorf("vocabulary: key %q must be lower-case ASCII letters, digits, '-' or '_'", key)
	}
	if _, ok := v.concepts[key]; ok {
		return fmt.Errorf("vocabulary: concept %q exists already", key)
	}
	if strings.TrimSpace(fr) == "" || strings.TrimSpace(en) == "" {
		return fmt.Errorf("vocabulary: concept %q needs a French and an English label", key)
	}
	v.add(key, strings.TrimSpace(fr), strings.TrimSpace(en), aliases, nil)
	return nil
}

// articled is a concept's French label with its article, as written in a
// vocabulary file.
func articled(c *concept) string {
	switch c.article {
	case "":
		return c.fr
	case "l'":
		return "l'" + c.fr
	}
	return c.article + " " + c.fr
}

// WriteTSV writes v in the format ParseVocabulary reads (concepts sorted by
// key, aliases as written, blockers left out), so that an event's own
// mappings can be exported and given to --vocabulary.
func (v *Vocabulary) WriteTSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# icebreaker vocabulary: key<TAB>French label<TAB>English label<TAB>aliases (| separated)<TAB>broader")
	clean := func(s string) string {
		return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ", "|", "/").Replace(s)
	}
	for _, key := range v.Keys() {
		c := v.concepts[key]
		aliases := make([]string, len(c.aliases))
		for i, a := range c.aliases {
			aliases[i] = clean(a)
		}
		fmt.Fprintf(bw, "%s\t%s\t%s\t%s\t%s\n", key, clean(articled(c)), clean(c.en), strings.Join(aliases, "|"), strings.Join(c.broader, "|"))
	}
	return bw.Flush()
}
