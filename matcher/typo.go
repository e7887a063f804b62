package matcher

import "strings"

// Typos: a word of nine letters or more that no alias contains may be a
// misspelling of one that does ("marketting", "comptabilte", "recrutment").
// It is read as that word when exactly one alias word is one edit away
// (a letter missing, extra, changed, or two neighbours swapped) and both
// start with the same letter. Shorter words are never corrected: among
// them, one edit turns a word into another real word too often ("devis",
// "dev"; "cire", "cir").
//
// A word of eight letters is corrected only when the
// letter it lacks is one of a double consonant ("asurance" for "assurance",
// "grosesse" for "grossesse"), the misspelling French and English writers
// make most; any other edit of an eight-letter word is left as written.
const minTypoLen = 9

// typoIndex maps each one-deletion variant of a long alias word (and the
// word itself) to the alias words that give it; a word claimed by two
// words is ambiguous and never corrected.
type typoIndex struct {
	words    map[string]bool     // every word of every alias
	known    map[string]bool     // other real words (the glossary's)
	variants map[string][]string // deletion variant → long alias words
}

func (v *Vocabulary) typoIndex() *typoIndex {
	if ti := v.typos.Load(); ti != nil {
		return ti // every scan asks: no lock once built
	}
	v.typoMu.Lock()
	defer v.typoMu.Unlock()
	if ti := v.typos.Load(); ti != nil {
		return ti
	}
	ti := &typoIndex{words: map[string]bool{}, known: map[string]bool{}, variants: map[string][]string{}}
	for pk, key := range v.aliases {
		if key == "" {
			continue
		}
		for _, w := range strings.Split(pk, " ") {
			ti.words[w] = true
		}
	}
	// Words of the glossary are real words, never typos of an alias word
	// ("configure" is not "confiture"): they are known, not corrected.
	for fr, en := range v.glossary {
		ti.known[fr], ti.known[en] = true, true
	}
	for w := range ti.words {
		if len(w) < minTypoLen {
			continue
		}
		for _, d := range deletions(w) {
			ti.variants[d] = appendNew(ti.variants[d], w)
		}
	}
	v.typos.Store(ti)
	return ti
}

// correctTypos returns keys with each correctable typo replaced by the
// alias word it misspells, or nil when there is none.
func (v *Vocabulary) correctTypos(keys []string) []string {
	ti := v.typoIndex()
	var out []string
	for i, k := range keys {
		if len(k) < minTypoLen-1 || ti.words[k] || ti.known[k] {
			continue
		}
		correct := ti.correct
		if len(k) < minTypoLen {
			correct = ti.undouble
		}
		if w := correct(k); w != "" {
			if out == nil {
				out = append([]string(nil), keys...)
			}
			out[i] = w
		}
	}
	return out
}

// correct returns the one alias word within one edit of w that starts with
// the same letter, or "" when there is none or more than one.
func (ti *typoIndex) correct(w string) string {
	found := ""
	consider := func(c string) bool {
		if c == found || c[0] != w[0] || !withinOneEdit(w, c) {
			return true
		}
		if found != "" {
			found = ""
			return false // ambiguous
		}
		found = c
		return true
	}
	for _, c := range ti.variants[w] { // w is a word with a letter missing
		if !consider(c) {
			return ""
		}
	}
	for _, d := range deletions(w) {
		if ti.words[d] && len(d) >= minTypoLen && !consider(d) { // w has an extra letter
			return ""
		}
		for _, c := range ti.variants[d] { // a changed or swapped letter
			if !consider(c) {
				return ""
			}
		}
	}
	return found
}

// undouble returns the one alias word that is w with one of its letters
// doubled ("asurance" → "assurance"), or "" when there is none or more
// than one.
func (ti *typoIndex) undouble(w string) string {
	found := ""
	for _, c := range ti.variants[w] {
		if c[0] != w[0] || !doublesALetterOf(c, w) || c == found {
			continue
		}
		if found != "" {
			return "" // ambiguous
		}
		found = c
	}
	return found
}

// doublesALetterOf reports whether long is short with one consonant
// written twice: the letter long has in addition stands beside its twin.
// Vowels do not count: a folded « -ée » ends many real words whose « -e »
// form is another word (« augmentée », « augmente »).
func doublesALetterOf(long, short string) bool {
	for i := 0; i+1 < len(long); i++ {
		if long[i] == long[i+1] && !strings.ContainsRune("aeiouy", rune(long[i])) && long[:i]+long[i+1:] == short {
			return true
		}
	}
	return false
}

// deletions returns w with each one of its bytes left out.
func deletions(w string) []string {
	out := make([]string, 0, len(w))
	for i := range len(w) {
		out = append(out, w[:i]+w[i+1:])
	}
	return out
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or swap of two neighbouring bytes.
func withinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	if lb-la > 1 {
		return false
	}
	i := 0
	for i < la && a[i] == b[i] {
		i++
	}
	if la == lb {
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swap
	}
	return a[i:] == b[i+1:] // insertion
}
