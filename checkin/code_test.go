package checkin

import (
	"encoding/base64"
	"math"
	"strings"
	"testing"
)

const sampleCodes = 100_000

// newCodes returns n fresh codes or fails the test.
func newCodes(t testing.TB, n int) []string {
	t.Helper()
	codes := make([]string, n)
	for i := range codes {
		c, err := NewCode()
		if err != nil {
			t.Fatal(err)
		}
		codes[i] = c
	}
	return codes
}

func TestCodeAlphabet_Has32SymbolsWithoutLookAlikes(t *testing.T) {
	if len(CodeAlphabet) != 32 {
		t.Fatalf("len(CodeAlphabet) = %d, want 32", len(CodeAlphabet))
	}
	if strings.ContainsAny(CodeAlphabet, "0O1Il") {
		t.Fatalf("CodeAlphabet %q holds a look-alike", CodeAlphabet)
	}
	seen := map[rune]bool{}
	for _, r := range CodeAlphabet {
		if seen[r] {
			t.Fatalf("CodeAlphabet repeats %q", r)
		}
		seen[r] = true
	}
	if CodeBits < 128 {
		t.Fatalf("CodeBits = %d, want at least 128", CodeBits)
	}
}

func TestNewCode_IsValidAndUniqueOver100000(t *testing.T) {
	seen := make(map[string]struct{}, sampleCodes)
	for _, c := range newCodes(t, sampleCodes) {
		if len(c) != CodeLength {
			t.Fatalf("len(%q) = %d, want %d", c, len(c), CodeLength)
		}
		if !ValidCode(c) {
			t.Fatalf("ValidCode(%q) = false", c)
		}
		if NormalizeCode(c) != c {
			t.Fatalf("NormalizeCode(%q) changed a fresh code", c)
		}
		if _, dup := seen[c]; dup {
			t.Fatalf("duplicate code %q", c)
		}
		seen[c] = struct{}{}
	}
}

// TestNewCode_SymbolsAreUniformPerPosition runs a chi-square test on the symbol
// counts, overall and at each position, and checks the empirical entropy per
// symbol is within a hair of 5 bits. The thresholds fail a correct generator
// with probability below 1e-6 per test.
func TestNewCode_SymbolsAreUniformPerPosition(t *testing.T) {
	codes := newCodes(t, sampleCodes)
	var perPos [CodeLength][32]int
	var total [32]int
	for _, c := range codes {
		for i := 0; i < len(c); i++ {
			v := codeSymbolValue[c[i]]
			perPos[i][v]++
			total[v]++
		}
	}
	// chi-square, 31 degrees of freedom: P(X > 80) ≈ 3e-6; we test 27 statistics.
	const limit = 85.0
	chi := func(counts []int) float64 {
		n := 0
		for _, c := range counts {
			n += c
		}
		want := float64(n) / float64(len(counts))
		x := 0.0
		for _, c := range counts {
			d := float64(c) - want
			x += d * d / want
		}
		return x
	}
	if x := chi(total[:]); x > limit {
		t.Errorf("overall chi-square = %.1f > %.0f: symbols not uniform", x, limit)
	}
	for i := range perPos {
		if x := chi(perPos[i][:]); x > limit {
			t.Errorf("position %d chi-square = %.1f > %.0f", i, x, limit)
		}
	}
	n := float64(sampleCodes * CodeLength)
	entropy := 0.0
	for _, c := range total {
		p := float64(c) / n
		entropy -= p * math.Log2(p)
	}
	if entropy < 4.999 {
		t.Errorf("entropy per symbol = %.5f bits, want ≈ 5", entropy)
	}
}

// caseOf is one row of a table test of a pure function: the subtest's
// name, the argument and the result wanted.
type caseOf[In any, Out comparable] struct {
	name string
	in   In
	want Out
}

// checkCases runs f, named fn in the messages, on each case's argument in
// a subtest named after the case, and reports each result that is not the
// one wanted.
func checkCases[In any, Out comparable](t *testing.T, fn string, f func(In) Out, cases []caseOf[In, Out]) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := f(c.in); got != c.want {
				t.Errorf("%s(%#v) = %#v, want %#v", fn, c.in, got, c.want)
			}
		})
	}
}

func TestNormalizeCode_DropsSeparatorsAndUppercasesKeepingTheRest(t *testing.T) {
	checkCases(t, "NormalizeCode", NormalizeCode, []caseOf[string, string]{
		{"canonical unchanged", "ABCD2345", "ABCD2345"},
		{"scanner CR LF", "ABCD2345\r\n", "ABCD2345"},
		{"surrounding spaces and tabs", " \tABCD2345 \n", "ABCD2345"},
		{"lowercase", "abcd2345", "ABCD2345"},
		{"human dashes and spaces", "abcd-2345 wxyz", "ABCD2345WXYZ"},
		{"en dash and nbsp", "ABCD–2345\u00a0WX", "ABCD2345WX"},
		{"em space inside and outside", "\u2003AB\u2003CD\u2003", "ABCD"},
		{"non-code characters kept", "é&Q", "é&Q"},
		{"empty", "", ""},
		{"only separators", " - \r\n", ""},
	})
}

func TestValidCode_AcceptsOnlyOurFormat(t *testing.T) {
	good := strings.Repeat("A2", CodeLength/2)
	checkCases(t, "ValidCode", ValidCode, []caseOf[string, bool]{
		{"our format", good, true},
		{"one short", good[1:], false},
		{"one long", good + "A", false},
		{"lowercase", strings.ToLower(good), false},
		{"look-alike O", "O" + good[1:], false},
		{"look-alike 0", "0" + good[1:], false},
		{"look-alike 1", "1" + good[1:], false},
		{"look-alike I", "I" + good[1:], false},
		{"dash inside", good[:12] + "-" + good[13:], false},
		{"multibyte", "É" + good[2:], false},
		{"empty", "", false},
		{"imported ticket code", "4F7XK", false},
	})
}

func TestEqualCodes_IsExactByteEquality(t *testing.T) {
	a := strings.Repeat("AB", CodeLength/2)
	equal := func(p [2]string) bool { return EqualCodes(p[0], p[1]) }
	checkCases(t, "EqualCodes", equal, []caseOf[[2]string, bool]{
		{"same", [2]string{a, a}, true},
		{"last differs", [2]string{a, a[:CodeLength-1] + "C"}, false},
		{"first differs", [2]string{a, "C" + a[1:]}, false},
		{"prefix", [2]string{a, a[:10]}, false},
		{"both empty", [2]string{"", ""}, true},
		{"case matters", [2]string{"ab", "AB"}, false},
	})
}

func TestNewSecret_IsURLSafe256BitsAndUnique(t *testing.T) {
	seen := map[string]bool{}
	for range 10_000 {
		s, err := NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(raw) != SecretBytes {
			t.Fatalf("NewSecret() = %q: not %d bytes of base64url (%v)", s, SecretBytes, err)
		}
		if strings.ContainsAny(s, "+/=") {
			t.Fatalf("NewSecret() = %q is not URL-safe", s)
		}
		if seen[s] {
			t.Fatalf("duplicate secret %q", s)
		}
		seen[s] = true
	}
}

func BenchmarkNewCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewCode(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEqualCodes(b *testing.B) {
	x, _ := NewCode()
	y, _ := NewCode()
	b.ReportAllocs()
	for b.Loop() {
		EqualCodes(x, y)
	}
}
