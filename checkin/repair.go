package checkin

import (
	"slices"
	"unicode"
)

// A USB barcode scanner is a keyboard: it turns each character of the code
// into a key press (plus Shift) according to the layout it is configured for,
// and the computer turns the key press back into a character according to its
// own layout. When the two layouts differ, the code arrives mangled. Each
// layoutMismatch below undoes one such pair by mapping the character the
// computer typed back to the character the scanner meant.
//
// Only keys that can occur in a code matter: the digits, the letters, and the
// keys that carry a letter on the other layout. Lookups try the typed rune,
// then its lower case, so Caps Lock variants (É for é on Linux AZERTY with
// Caps Lock on, lower-case letters) need no extra entries.
type layoutMismatch struct {
	name    string
	toMeant map[rune]rune
}

// layoutMismatches lists the repairs RepairKeyboard tries, most common first.
var layoutMismatches = []layoutMismatch{
	{
		// A scanner set to US QWERTY on a French or Belgian AZERTY computer
		// (Windows, Linux, macOS French = Belgian number row). Digits come
		// out unshifted (&é"'(-è_çà, or § for 6 and ! for 8 on Belgian and
		// Mac keyboards); A/Q and Z/W are swapped; the US M key is AZERTY's
		// comma key ('?' with Shift), and AZERTY's M sits on the US ';' key.
		name: "US scanner on AZERTY computer",
		toMeant: map[rune]rune{
			'&': '1', 'é': '2', '"': '3', '\'': '4', '(': '5',
			'-': '6', '§': '6', 'è': '7', '_': '8', '!': '8', 'ç': '9', 'à': '0',
			'a': 'q', 'q': 'a', 'z': 'w', 'w': 'z',
			'?': 'm', ',': 'm', 'm': ';',
		},
	},
	{
		// A scanner set to French or Belgian AZERTY on a US QWERTY computer:
		// it presses Shift for every digit, which types the US symbols, and
		// Shift+the US ';' key for M.
		name: "AZERTY scanner on US computer",
		toMeant: map[rune]rune{
			'!': '1', '@': '2', '#': '3', '$': '4', '%': '5',
			'^': '6', '&': '7', '*': '8', '(': '9', ')': '0',
			'a': 'q', 'q': 'a', 'z': 'w', 'w': 'z',
			':': 'm', ';': 'm', 'm': ',',
		},
	},
	{
		// A US scanner on a German or Swiss QWERTZ computer, or the reverse:
		// Y and Z are swapped; digits are unshifted on both.
		name:    "QWERTY/QWERTZ mismatch",
		toMeant: map[rune]rune{'y': 'z', 'z': 'y'},
	},
}

// RepairKeyboard returns the candidate readings of raw, a code typed by a
// barcode scanner acting as a keyboard, in the order the caller should try
// them: first NormalizeCode(raw) (the input as is), then the readings that
// undo a scanner/computer keyboard-layout mismatch (see layoutMismatches),
// each normalised, without duplicates or empty strings beyond the first.
// It always returns at least one candidate.
//
// The caller must try the candidates in order against the known codes and
// accept only an exact (constant-time) match: a repair never makes a code
// "close enough", so a mangled scan either finds its own badge or nothing.
// Repairs are plain character substitutions and work for imported ticket
// barcodes too.
func RepairKeyboard(raw string) []string {
	asIs := NormalizeCode(raw)
	candidates := []string{asIs}
	buf := make([]rune, 0, len(raw))
	for _, m := range layoutMismatches {
		buf = buf[:0]
		for _, r := range raw {
			buf = append(buf, m.meant(r))
		}
		c := NormalizeCode(string(buf))
		if c != "" && !slices.Contains(candidates, c) {
			candidates = append(candidates, c)
		}
	}
	return candidates
}

// meant returns the character the scanner meant when the computer typed r.
func (m layoutMismatch) meant(r rune) rune {
	if meant, ok := m.toMeant[r]; ok {
		return meant
	}
	if meant, ok := m.toMeant[unicode.ToLower(r)]; ok {
		return meant
	}
	return r
}
