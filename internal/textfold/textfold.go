// Package textfold is the one way icebreaker folds text for comparison:
// lower case, no diacritics, ligatures spelled out. Search boxes, CSV
// header matching, organisation names and the matcher all use it, so that
// "LEVÉE", "Levée" and "levee" are the same everywhere.
package textfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and removes diacritics and ligatures: "Œuvre Levée"
// folds to "oeuvre levee", "Straße" to "strasse". It keeps every other
// rune, punctuation included; it never fails and is safe on any UTF-8
// (invalid bytes come out as U+FFFD).
func Fold(s string) string {
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
