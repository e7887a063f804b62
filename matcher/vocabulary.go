package matcher

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Vocabulary maps the many ways people write a skill, a need or an interest,
// in French or in English, to one canonical concept key, and gives each
// concept a French and an English label for explanations.
//
// A Vocabulary is read in TSV (UTF-8, tab-separated, one concept per line):
//
//		key <TAB> French label <TAB> English label [<TAB> aliases]
//
//	  - key is the canonical concept key: lower-case ASCII, digits, '-' or '_'
//	    (e.g. "fundraising", "seo"); it appears in [Reason.Concepts].
//	  - The labels are shown to users ("levée de fonds", "fundraising"); both are
//	    also aliases.
//	  - aliases is an optional list separated by '|': synonyms, abbreviations,
//	    spellings in either language ("SEO|référencement|search engine
//	    optimisation").
//	  - Empty lines and lines starting with '#' are ignored.
//
// Matching is done on normalised text (case, accents, punctuation, stop
// words and plurals/stems in FR and EN are ignored), so an alias need not be
// repeated with or without accents, in the plural, or in capitals. When two
// concepts claim the same alias, the one read last wins. A line whose key is
// already known replaces that concept's labels and adds its aliases.
//
// A Vocabulary must not be changed (Extend) after it is passed to [NewModel].
type Vocabulary struct {
	concepts map[string]concept
	aliases  map[string]string // phraseKey → concept key
	maxWords int               // longest alias, in stems
}

type concept struct{ fr, en string }

// The built-in vocabulary is every vocab/*.tsv file, read in name order as
// if they were one file (a later file may extend an earlier one's concept).
//
//go:embed vocab/*.tsv
var builtinFiles embed.FS

var builtin = sync.OnceValue(func() *Vocabulary {
	names, err := fs.Glob(builtinFiles, "vocab/*.tsv")
	if err != nil {
		panic("matcher: built-in vocabulary: " + err.Error())
	}
	sort.Strings(names)
	v := newVocabulary()
	for _, name := range names {
		raw, err := builtinFiles.ReadFile(name)
		if err != nil {
			panic("matcher: built-in vocabulary: " + err.Error())
		}
		part, err := ParseVocabulary(bytes.NewReader(raw))
		if err != nil {
			panic("matcher: built-in vocabulary " + name + ": " + err.Error())
		}
		v.Extend(part)
	}
	return v
})

// DefaultVocabulary returns a fresh copy of the built-in bilingual
// vocabulary; the caller may Extend it.
func DefaultVocabulary() *Vocabulary {
	v := newVocabulary()
	v.Extend(builtin())
	return v
}

func newVocabulary() *Vocabulary {
	return &Vocabulary{concepts: map[string]concept{}, aliases: map[string]string{}}
}

// ParseVocabulary reads a vocabulary in the TSV format described on
// [Vocabulary]. Errors name the line.
func ParseVocabulary(r io.Reader) (*Vocabulary, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	if !utf8.Valid(raw) {
		// Not UTF-8: what Excel writes in France and Belgium. Read it as
		// Windows-1252 rather than showing people broken accents.
		if raw, err = charmap.Windows1252.NewDecoder().Bytes(raw); err != nil {
			return nil, fmt.Errorf("vocabulary: neither UTF-8 nor Windows-1252: save the file as UTF-8 (%w)", err)
		}
	}
	v := newVocabulary()
	sc := bufio.NewScanner(bytes.NewReader(raw))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < 3 {
			return nil, fmt.Errorf("vocabulary line %d: want key, French label, English label separated by tabs, got %d column(s)", line, len(cols))
		}
		key := strings.TrimSpace(cols[0])
		if !validKey(key) {
			return nil, fmt.Errorf("vocabulary line %d: key %q must be lower-case ASCII letters, digits, '-' or '_'", line, key)
		}
		fr, en := strings.TrimSpace(cols[1]), strings.TrimSpace(cols[2])
		if fr == "" || en == "" {
			return nil, fmt.Errorf("vocabulary line %d: concept %q needs both a French and an English label", line, key)
		}
		var aliases []string
		if len(cols) > 3 {
			aliases = strings.Split(cols[3], "|")
		}
		v.add(key, fr, en, aliases)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	return v, nil
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func (v *Vocabulary) add(key, fr, en string, aliases []string) {
	v.concepts[key] = concept{fr: fr, en: en}
	for _, a := range append([]string{key, fr, en}, aliases...) {
		pk := phraseKey(a)
		if pk == "" {
			continue
		}
		v.aliases[pk] = key
		if n := strings.Count(pk, " ") + 1; n > v.maxWords {
			v.maxWords = n
		}
	}
}

// Extend adds every concept and alias of extra to v (extra wins on
// conflicts), e.g. an organiser's extra.tsv on top of [DefaultVocabulary].
func (v *Vocabulary) Extend(extra *Vocabulary) {
	for pk, key := range extra.aliases {
		v.aliases[pk] = key
	}
	for key, c := range extra.concepts {
		v.concepts[key] = c
	}
	if extra.maxWords > v.maxWords {
		v.maxWords = extra.maxWords
	}
}

// Len is the number of concepts.
func (v *Vocabulary) Len() int { return len(v.concepts) }

// Keys returns the concept keys, sorted.
func (v *Vocabulary) Keys() []string {
	keys := make([]string, 0, len(v.concepts))
	for k := range v.concepts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Lookup returns the concept key that the text s names, if any:
// Lookup("Levee de fonds") == ("fundraising", true).
func (v *Vocabulary) Lookup(s string) (string, bool) {
	key, ok := v.aliases[phraseKey(s)]
	return key, ok
}

// Label returns the concept's label in lang ("fr" or "en"; anything else is
// English) and whether the concept exists.
func (v *Vocabulary) Label(key, lang string) (string, bool) {
	c, ok := v.concepts[key]
	if !ok {
		return "", false
	}
	if lang == "fr" {
		return c.fr, true
	}
	return c.en, true
}

// scan finds the concepts named inside a sequence of stems, longest alias
// first, left to right. rest holds the stems that are part of no alias.
func (v *Vocabulary) scan(st []string) (found []string, rest []string) {
	for i := 0; i < len(st); {
		matched := false
		for n := min(v.maxWords, len(st)-i); n >= 1; n-- {
			if key, ok := v.aliases[strings.Join(st[i:i+n], " ")]; ok {
				found = append(found, key)
				i += n
				matched = true
				break
			}
		}
		if !matched {
			rest = append(rest, st[i])
			i++
		}
	}
	return found, rest
}
