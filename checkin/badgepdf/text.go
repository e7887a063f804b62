package badgepdf

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// maxLineRunes bounds the text of one badge line before fitting: more than
// the widest layout shows at its smallest size (about 60 characters), so
// nothing visible is lost, and an absurd import field cannot make fitting
// slow.
const maxLineRunes = 200

// coverage is the set of runes one embedded font has a glyph for.
type coverage map[rune]bool

// fontCoverage maps a style ("" regular, "B" bold) to its font's coverage,
// read from the fonts' cmap tables once, when the first badge is printed.
var fontCoverage = sync.OnceValue(func() map[string]coverage {
	return map[string]coverage{"": coverageOf(goregular.TTF), "B": coverageOf(gobold.TTF)}
})

// coverageOf lists the Basic Multilingual Plane runes that ttf maps to a
// glyph. Runes beyond it are never printed (fpdf indexes its width table by
// rune up to U+FFFF), so they are not looked up.
func coverageOf(ttf []byte) coverage {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		panic("badgepdf: embedded font: " + err.Error()) // a broken build, not an input
	}
	var buf sfnt.Buffer
	c := coverage{}
	for r := rune(0); r <= 0xFFFF; r++ {
		if g, err := f.GlyphIndex(&buf, r); err == nil && g != 0 {
			c[r] = true
		}
	}
	return c
}

// printable returns s as it can be printed in style: invalid UTF-8 dropped,
// composed (NFC, so "e" + U+0301 becomes the "é" the font has), every run of
// white space (tabs, line breaks, no-break spaces…) one space, and every rune
// the embedded font has no glyph for dropped, together with control and
// format characters (U+202E RIGHT-TO-LEFT OVERRIDE, zero-width joiners) and
// U+FFFD. What remains is trimmed and cut to maxLineRunes. An emoji, a flag,
// 𝐀 or a name in a script the Go fonts lack (CJK, Arabic, Hebrew…) is thus
// left out, and the rest of the line prints.
func printable(s, style string) string {
	has := fontCoverage()[style]
	s = norm.NFC.String(strings.ToValidUTF8(s, ""))
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == utf8.RuneError, unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs), !has[r]:
			continue
		}
		if n >= maxLineRunes {
			break
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
