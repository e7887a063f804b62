package checkin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// CodeAlphabet is the 32-symbol alphabet of badge codes. It has no look-alikes:
// no 0/O and no 1/I/l, so a code read aloud or retyped from a badge survives.
// 32 symbols make each character exactly 5 bits.
const CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// CodeLength is the number of characters in a badge code: 26 × 5 = 130 bits.
const CodeLength = 26

// CodeBits is the entropy of one badge code in bits.
const CodeBits = CodeLength * 5

// NewCode returns a fresh badge code: CodeLength symbols drawn uniformly and
// independently from CodeAlphabet with crypto/rand. Each random byte is reduced
// modulo 32, which is unbiased because 256 is a multiple of 32. The only error
// is a failure of the system's random source.
func NewCode() (string, error) {
	return NewCodeFrom(rand.Reader)
}

// NewCodeFrom is NewCode drawing its CodeLength bytes from random instead of
// crypto/rand: a seeded source (math/rand/v2's ChaCha8, say) gives the same
// codes at every run, for tests and demos whose failures must reproduce.
// Codes meant for badges come from NewCode.
func NewCodeFrom(random io.Reader) (string, error) {
	var raw [CodeLength]byte
	if _, err := io.ReadFull(random, raw[:]); err != nil {
		return "", fmt.Errorf("checkin: reading random bytes for a badge code: %w", err)
	}
	var code [CodeLength]byte
	for i, b := range raw {
		code[i] = CodeAlphabet[b&31]
	}
	return string(code[:]), nil
}

// NormalizeCode turns what a scanner or a human typed into the canonical form
// of a badge code: all white space (spaces, tabs, CR, LF, no-break spaces…,
// anywhere in the input) and the dashes a human may type inside a code ('-',
// '‐', '–') are dropped, and ASCII letters are uppercased. Every other character
// is kept as is. It never fails and never guesses: the result may still be
// invalid (see ValidCode). It is idempotent: NormalizeCode(NormalizeCode(s)) ==
// NormalizeCode(s).
//
// It is meant for our own codes. Imported ticket barcodes are uppercased too,
// so they must be stored normalised (or compared case-insensitively).
func NormalizeCode(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	for _, r := range raw {
		switch {
		case unicode.IsSpace(r) || r == '-' || r == '‐' || r == '–':
			continue
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ValidCode reports whether s is a badge code in our format: exactly
// CodeLength symbols of CodeAlphabet, already normalised (see NormalizeCode).
// Imported ticket codes are not valid in this sense.
func ValidCode(s string) bool {
	if len(s) != CodeLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		if codeSymbolValue[s[i]] < 0 {
			return false
		}
	}
	return true
}

// EqualCodes reports whether a and b are the same code, in time that depends
// only on their lengths (never on where they differ), so a kiosk cannot learn
// a valid code one character at a time. It compares the strings exactly:
// normalise both first.
func EqualCodes(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// SecretBytes is the number of random bytes in a secret from NewSecret (256 bits).
const SecretBytes = 32

// NewSecret returns a fresh URL-safe secret for attendees' phone links and
// kiosk keys: SecretBytes bytes of crypto/rand in unpadded base64url (43
// characters of [A-Za-z0-9_-]). Compare secrets with EqualCodes.
func NewSecret() (string, error) {
	var raw [SecretBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("checkin: reading random bytes for a secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(raw[:]), nil
}

// codeSymbolValue maps a byte to its 5-bit value in CodeAlphabet, or -1.
var codeSymbolValue = func() (table [256]int8) {
	for i := range table {
		table[i] = -1
	}
	for i := 0; i < len(CodeAlphabet); i++ {
		table[CodeAlphabet[i]] = int8(i)
	}
	return table
}()
