package matcher

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"golang.org/x/text/unicode/norm"
)

// fold lowercases s and removes diacritics and ligatures, so that "LEVÉE",
// "Levée" and "levee" all fold to "levee".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == 'ß':
			b.WriteString("ss")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// tokens folds s and splits it into words: any rune that is not a letter or
// a digit separates words (so "l'économie" gives "l", "economie" and
// "e-commerce" gives "e", "commerce"). A "+" or "#" directly after a word is
// kept ("c++", "c#").
func tokens(s string) []string {
	f := fold(s)
	var out []string
	start := -1
	for i, r := range f {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && (r == '+' || r == '#') {
			continue
		}
		if start >= 0 {
			out = append(out, f[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, f[start:])
	}
	return out
}

// isStopWord reports whether the folded word w is a French or English stop
// word, or a one-letter elision left by an apostrophe ("l", "d", "s").
// Other single letters are kept: "e-commerce", "e-santé", "plan B".
func isStopWord(w string) bool {
	if len(w) == 1 && strings.Contains("cdjlmnst", w) {
		return true
	}
	if meaningful[w] {
		return false
	}
	return english.IsStopWord(w) || french.IsStopWord(w) || extraStopWords[w]
}

// meaningful are stop words that change a tag's meaning ("no-code",
// "non-profit") and are therefore kept.
var meaningful = map[string]bool{"no": true, "non": true}

// extraStopWords are folded French stop words that the snowball list misses
// once accents are removed, and filler words common in profiles.
var extraStopWords = map[string]bool{
	"a": true, "etre": true, "ete": true, "deja": true, "tres": true, "apres": true,
	"aupres": true, "ca": true, "cela": true, "etc": true, "nos": true, "vos": true,
	"leurs": true, "via": true, "chez": true, "sans": true, "sous": true, "vers": true,
}

// stem reduces a folded word to a stem shared by its French and English
// inflections: the French stemmer then the English one. Applying both to every
// word is deliberate: the language of a short tag is unknown, and what matters
// is that both sides of a comparison are reduced the same way.
func stem(w string) string {
	if len(w) <= 3 || !unicode.IsLetter(rune(w[0])) {
		return w
	}
	s := french.Stem(w, true)
	s = fold(s)
	return english.Stem(s, true)
}

// stems returns the stems of the content words of s. Stop words are dropped
// unless nothing else would remain (so "IT" or "Tout" still give a key).
func stems(s string) []string {
	toks := tokens(s)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if !isStopWord(t) {
			out = append(out, stem(t))
		}
	}
	if len(out) == 0 {
		for _, t := range toks {
			out = append(out, stem(t))
		}
	}
	return out
}

// phraseKey is the normal form of a tag or a vocabulary alias: its stems
// joined by single spaces. Two tags with the same phraseKey are the same tag.
func phraseKey(s string) string {
	return strings.Join(stems(s), " ")
}
