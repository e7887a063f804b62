package matcher

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Vocabulary maps the many ways people write a skill, a need or an interest,
// in French or in English, to one canonical concept key, gives each concept
// a French and an English label for explanations, and links concepts to
// broader ones so that neighbours meet at a lower score.
//
// A Vocabulary is read in TSV (UTF-8, tab-separated, one concept per line):
//
//		key <TAB> French label <TAB> English label [<TAB> aliases [<TAB> broader]]
//
//	  - key is the canonical concept key: lower-case ASCII, digits, '-' or '_'
//	    (e.g. "fundraising", "seo"); it appears in [Reason.Concepts].
//	  - The labels are shown to users; both are also aliases. The French label
//	    carries its definite article where French uses one ("la levée de
//	    fonds", "l'IA", "les RH"): sentences are built from it (« de la levée
//	    de fonds », « à l'IA », « aux RH ») and it is shown without it.
//	  - aliases is an optional list separated by '|': synonyms, abbreviations,
//	    word forms and the phrases people use to describe the problem, in
//	    either language ("SEO|référencement naturel|on est en page 5 sur google").
//	  - broader is an optional list of broader concept keys separated by '|'
//	    ("business-angels" → "fundraising"); a key may name a concept defined
//	    later or in another file.
//	  - An alias written "~bois" is loose: an everyday word that often means
//	    something else (« fenêtres en bois » are joinery, not forestry). It
//	    counts in the score like any alias, but no reason names the concept
//	    on the strength of loose aliases alone (features.loose, sureOnly),
//	    and a pair that shares nothing else is not suggested: a stated
//	    reason must be true.
//	  - A line whose key is "-" lists blocker phrases in its aliases column
//	    (labels "-"): phrases that name no concept, so that no shorter alias
//	    fires inside them ("petites séries", "board games").
//	  - Empty lines and lines starting with '#' are ignored.
//
// Matching is on whole words in order (see readWords): case, accents,
// punctuation, articles and plurals are ignored, every other word counts.
// At each position the longest alias wins. When two concepts claim the same
// alias, the one read last wins. A line whose key is already known adds its
// aliases and broader links to that concept and keeps its first labels;
// [Vocabulary.Extend] with an organiser's file replaces labels too. The key
// itself is not an alias (keys such as "sea" or "it" are words).
//
// A Vocabulary must not be changed (Extend) after it is passed to [NewModel].
type Vocabulary struct {
	concepts map[string]*concept
	aliases  map[string]string // phraseKey → concept key; "" for a blocker
	whole    map[string]string // phraseKey → concept key, for a whole list item only ("=locaux")
	loose    map[string]bool   // phraseKeys of loose aliases ("~bois")
	maxWords int               // longest alias, in words
	glossary map[string]string // normalised French word → English word (text channel, glossary.go)
	typoMu   sync.Mutex
	typos    atomic.Pointer[typoIndex] // built on first use (typo.go)
}

// concept is one entry of the vocabulary.
type concept struct {
	fr, en  string   // labels as shown (the French one without its article)
	article string   // French definite article of the label: "le", "la", "l'", "les" or ""
	broader []string // broader concept keys
	aliases []string // as written, for WriteTSV
}

// blockerKey is the key of a vocabulary line that lists blocker phrases.
const blockerKey = "-"

// The built-in vocabulary is every vocab/*.tsv file, read in name order as
// one file: a later line with a known key adds aliases and broader links to
// the concept (its first labels stay).
//
//go:embed vocab/*.tsv vocab/*.txt
var builtinFiles embed.FS

var builtin = sync.OnceValue(func() *Vocabulary {
	names, err := fs.Glob(builtinFiles, "vocab/*.tsv")
	if err != nil {
		panic("matcher: built-in vocabulary: " + err.Error())
	}
	sort.Strings(names)
	var all bytes.Buffer
	for _, name := range names {
		raw, err := builtinFiles.ReadFile(name)
		if err != nil {
			panic("matcher: built-in vocabulary: " + err.Error())
		}
		all.Write(raw)
		all.WriteString("\n")
	}
	v, err := ParseVocabulary(&all)
	if err != nil {
		panic("matcher: built-in vocabulary: " + err.Error())
	}
	if raw, err := builtinFiles.ReadFile("vocab/glossary.txt"); err == nil {
		if err := v.parseGlossary(string(raw)); err != nil {
			panic("matcher: built-in glossary: " + err.Error())
		}
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
	return &Vocabulary{concepts: map[string]*concept{}, aliases: map[string]string{}, whole: map[string]string{}, loose: map[string]bool{}}
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
		if key == blockerKey {
			if len(cols) > 3 {
				v.addBlockers(strings.Split(cols[3], "|"))
			}
			continue
		}
		if !validKey(key) {
			return nil, fmt.Errorf("vocabulary line %d: key %q must be lower-case ASCII letters, digits, '-' or '_'", line, key)
		}
		fr, en := strings.TrimSpace(cols[1]), strings.TrimSpace(cols[2])
		if fr == "" || en == "" {
			return nil, fmt.Errorf("vocabulary line %d: concept %q needs both a French and an English label", line, key)
		}
		var aliases, broader []string
		if len(cols) > 3 {
			aliases = strings.Split(cols[3], "|")
		}
		if len(cols) > 4 {
			for _, b := range strings.Split(cols[4], "|") {
				if b = strings.TrimSpace(b); b == "" {
					continue
				} else if !validKey(b) {
					return nil, fmt.Errorf("vocabulary line %d: broader key %q must be lower-case ASCII letters, digits, '-' or '_'", line, b)
				}
				broader = append(broader, strings.TrimSpace(b))
			}
		}
		if len(cols) > 5 {
			return nil, fmt.Errorf("vocabulary line %d: want at most 5 columns (key, French label, English label, aliases, broader), got %d", line, len(cols))
		}
		v.add(key, fr, en, aliases, broader)
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

func (v *Vocabulary) add(key, fr, en string, aliases, broader []string) {
	article, bare := splitArticle(fr)
	c := v.concepts[key]
	if c == nil {
		c = &concept{fr: bare, en: en, article: article}
		v.concepts[key] = c
	}
	for _, b := range broader {
		if b != key && !slices.Contains(c.broader, b) {
			c.broader = append(c.broader, b)
		}
	}
	for _, l := range []string{fr, en} {
		if pk := phraseKey(l); v.aliases[pk] == key && v.loose[pk] {
			continue // a label repeated on a later line keeps its "~" alias loose
		}
		v.addAlias(l, key)
	}
	for _, a := range aliases {
		v.addAlias(a, key)
	}
	for _, a := range aliases {
		if a = strings.TrimSpace(a); a != "" && !slices.Contains(c.aliases, a) {
			c.aliases = append(c.aliases, a)
		}
	}
}

func (v *Vocabulary) addBlockers(phrases []string) {
	for _, p := range phrases {
		v.addAlias(p, "")
	}
}

// addAlias maps the phrase a to key ("" for a blocker). A key's own
// spelling is an alias only when it is a word ("seo"), not "a-b" glue.
// "~a" maps it as a loose alias; the last definition of a phrase decides
// whether it is loose, as it decides its concept.
func (v *Vocabulary) addAlias(a, key string) {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(a), "="); ok {
		if pk := phraseKey(rest); pk != "" && key != "" {
			v.whole[pk] = key
		}
		return
	}
	rest, loose := strings.CutPrefix(strings.TrimSpace(a), "~")
	pk := phraseKey(rest)
	if pk == "" {
		return
	}
	v.aliases[pk] = key
	if loose && key != "" {
		v.loose[pk] = true
	} else {
		delete(v.loose, pk)
	}
	if n := strings.Count(pk, " ") + 1; n > v.maxWords {
		v.maxWords = n
	}
	v.typos.Store(nil) // rebuilt on first use; a Vocabulary is not changed once in use
}

// splitArticle splits a French label into its definite article and the
// bare label: "la levée de fonds" → ("la", "levée de fonds"), "l'IA" →
// ("l'", "IA"). A label without one comes back whole with "".
func splitArticle(label string) (article, bare string) {
	for _, a := range []string{"les ", "le ", "la ", "l'", "l’"} {
		if len(label) > len(a) && strings.EqualFold(label[:len(a)], a) {
			art := strings.ToLower(a)
			if art == "l’" {
				art = "l'"
			}
			return strings.TrimSpace(art), strings.TrimSpace(label[len(a):])
		}
	}
	return "", label
}

// Extend adds every concept and alias of extra to v (extra wins on
// conflicts), e.g. an organiser's extra.tsv on top of [DefaultVocabulary].
func (v *Vocabulary) Extend(extra *Vocabulary) {
	for pk, key := range extra.aliases {
		v.aliases[pk] = key
		if extra.loose[pk] {
			v.loose[pk] = true
		} else {
			delete(v.loose, pk)
		}
	}
	for pk, key := range extra.whole {
		v.whole[pk] = key
	}
	for key, c := range extra.concepts {
		old := v.concepts[key]
		nc := *c
		if old != nil {
			nc.broader = slices.Clone(old.broader)
			for _, b := range c.broader {
				if !slices.Contains(nc.broader, b) {
					nc.broader = append(nc.broader, b)
				}
			}
			nc.aliases = slices.Clone(old.aliases)
			for _, a := range c.aliases {
				if !slices.Contains(nc.aliases, a) {
					nc.aliases = append(nc.aliases, a)
				}
			}
		} else {
			nc.broader = slices.Clone(c.broader)
			nc.aliases = slices.Clone(c.aliases)
		}
		v.concepts[key] = &nc
	}
	if extra.maxWords > v.maxWords {
		v.maxWords = extra.maxWords
	}
	for fr, en := range extra.glossary {
		if v.glossary == nil {
			v.glossary = map[string]string{}
		}
		v.glossary[fr] = en
	}
	v.typos.Store(nil)
}

// Broader returns the keys of the concepts directly broader than key that
// exist in v.
func (v *Vocabulary) Broader(key string) []string {
	c := v.concepts[key]
	if c == nil {
		return nil
	}
	var out []string
	for _, b := range c.broader {
		if _, ok := v.concepts[b]; ok {
			out = append(out, b)
		}
	}
	return out
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
	pk := phraseKey(s)
	if key, ok := v.whole[pk]; ok {
		return key, true
	}
	key, ok := v.aliases[pk]
	return key, ok && key != ""
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

// article returns the French definite article of a concept's label ("le",
// "la", "l'", "les", or "" when it takes none or is unknown).
func (v *Vocabulary) article(key string) string {
	if c, ok := v.concepts[key]; ok {
		return c.article
	}
	return ""
}

// match is one alias found in a text: the concept key, the words
// [from, to) it spans, and whether the alias is loose ("~bois").
type match struct {
	key      string
	from, to int
	loose    bool
}

// scan finds the concepts named in a text's words, longest alias first,
// left to right; blockers consume their words and name nothing. A word no
// alias covers may still match one by a typo of a long word (typo.go).
// rest holds the indexes of the words that are part of no alias or
// blocker.
func (v *Vocabulary) scan(ws []word) (found []match, rest []int) {
	keys := keysOf(ws)
	fixed := v.correctTypos(keys)
	for i := 0; i < len(keys); {
		n, key, loose := v.longestAt(ws, keys, i)
		if n == 0 && fixed != nil {
			n, key, loose = v.longestAt(ws, fixed, i)
		}
		if n == 0 {
			rest = append(rest, i)
			i++
			continue
		}
		if key != "" {
			found = append(found, match{key, i, i + n, loose})
		}
		i += n
	}
	return found, rest
}

// longestAt returns the length and key of the longest alias starting at
// keys[i] (0 when none does), and whether that alias is loose. A capsOnly
// word alone matches only in capitals.
func (v *Vocabulary) longestAt(ws []word, keys []string, i int) (int, string, bool) {
	for n := min(v.maxWords, len(keys)-i); n >= 1; n-- {
		if n == 1 && capsOnly[keys[i]] && !ws[i].caps {
			break
		}
		pk := strings.Join(keys[i:i+n], " ")
		if key, ok := v.aliases[pk]; ok {
			return n, key, v.loose[pk]
		}
	}
	return 0, "", false
}
