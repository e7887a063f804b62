package checkin

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// keyboardLayout gives, for each of the four character rows of a keyboard
// (number row, top, home, bottom; ISO extra keys left out), the characters the
// keys type without and with Shift. Rows of all layouts have the same keys in
// the same physical positions, so a (row, column, shift) triple is a key press.
// These tables are facts about real layouts, written independently of the
// repair tables in repair.go.
type keyboardLayout struct {
	name string
	rows [4][2]string // [row][0 unshifted, 1 shifted]
}

var (
	layoutUS = keyboardLayout{"US QWERTY", [4][2]string{
		{"`1234567890-=", "~!@#$%^&*()_+"},
		{"qwertyuiop[]", "QWERTYUIOP{}"},
		{"asdfghjkl;'", "ASDFGHJKL:\""},
		{"zxcvbnm,./", "ZXCVBNM<>?"},
	}}
	layoutFR = keyboardLayout{"French AZERTY", [4][2]string{
		{"²&é\"'(-è_çà)=", "²1234567890°+"},
		{"azertyuiop^$", "AZERTYUIOP¨£"},
		{"qsdfghjklmù", "QSDFGHJKLM%"},
		{"wxcvbn,;:!", "WXCVBN?./§"},
	}}
	layoutBE = keyboardLayout{"Belgian AZERTY", [4][2]string{
		{"²&é\"'(§è!çà)-", "³1234567890°_"},
		{"azertyuiop^$", "AZERTYUIOP¨*"},
		{"qsdfghjklmù", "QSDFGHJKLM%"},
		{"wxcvbn,;:=", "WXCVBN?./+"},
	}}
	layoutDE = keyboardLayout{"German QWERTZ", [4][2]string{
		{"^1234567890ß´", "°!\"§$%&/()=?`"},
		{"qwertzuiopü+", "QWERTZUIOPÜ*"},
		{"asdfghjklöä", "ASDFGHJKLÖÄ"},
		{"yxcvbnm,.-", "YXCVBNM;:_"},
	}}
)

// typeOnLayout simulates a barcode scanner configured for the scanner layout
// typing text into a computer set to the host layout: each character becomes
// the key press that types it on scanner, and the host types what that key
// press means on host. With capsLock, the host behaves like Linux AZERTY with
// Caps Lock on: unshifted letters (é included) come out upper case, shifted
// ones lower case. Characters the scanner layout cannot type fail the test.
func typeOnLayout(t testing.TB, text string, scanner, host keyboardLayout, capsLock bool) string {
	t.Helper()
	var out strings.Builder
	for _, ch := range text {
		row, col, shift, ok := scanner.keyFor(ch)
		if !ok {
			t.Fatalf("%s cannot type %q", scanner.name, ch)
		}
		typed := []rune(host.rows[row][shift])[col]
		if capsLock && unicode.IsLetter(typed) {
			if shift == 0 {
				typed = unicode.ToUpper(typed)
			} else {
				typed = unicode.ToLower(typed)
			}
		}
		out.WriteRune(typed)
	}
	return out.String()
}

func (l keyboardLayout) keyFor(ch rune) (row, col, shift int, ok bool) {
	for row := range l.rows {
		for shift := range 2 {
			if col := slices.Index([]rune(l.rows[row][shift]), ch); col >= 0 {
				return row, col, shift, true
			}
		}
	}
	return 0, 0, 0, false
}

func TestKeyboardLayouts_RowsHaveMatchingKeys(t *testing.T) {
	for _, l := range []keyboardLayout{layoutUS, layoutFR, layoutBE, layoutDE} {
		for row := range l.rows {
			un, sh := []rune(l.rows[row][0]), []rune(l.rows[row][1])
			if len(un) != len(sh) || len(un) != len([]rune(layoutUS.rows[row][0])) {
				t.Errorf("%s row %d: %d unshifted, %d shifted keys", l.name, row, len(un), len(sh))
			}
		}
	}
}

// TestTypeOnLayout_MatchesTheIssueExample pins the simulation to the mangled
// digits quoted in the issue, so the tables are not only self-consistent.
func TestTypeOnLayout_MatchesTheIssueExample(t *testing.T) {
	if got := typeOnLayout(t, "1234567890AQZWM", layoutUS, layoutFR, false); got != `&é"'(-è_çàQAWZ?` {
		t.Errorf("US scanner on French AZERTY typed %q", got)
	}
	if got := typeOnLayout(t, "2345AQM", layoutFR, layoutUS, false); got != "@#$%QA:" {
		t.Errorf("AZERTY scanner on US typed %q", got)
	}
}

// realCodes are codes as NewCode makes them, chosen to hold every digit and
// the letters that move between layouts (A, Q, Z, W, M, Y).
var realCodes = []string{
	"AQZWM23456789YBCDEFGHJKLNP",
	"QAWZMMYY98765432RSTUVXAQZW",
	"2222AAAAQQQQZZZZWWWWMMMM99",
}

func TestRepairKeyboard_FindsTheCodeThroughEveryLayoutMismatch(t *testing.T) {
	pairs := []struct {
		scanner, host keyboardLayout
		capsLock      bool
	}{
		{layoutUS, layoutUS, false},
		{layoutUS, layoutUS, true},
		{layoutUS, layoutFR, false},
		{layoutUS, layoutFR, true},
		{layoutUS, layoutBE, false},
		{layoutUS, layoutBE, true},
		{layoutFR, layoutUS, false},
		{layoutBE, layoutUS, false},
		{layoutFR, layoutUS, true},
		{layoutFR, layoutFR, false},
		{layoutBE, layoutFR, false},
		{layoutFR, layoutBE, false},
		{layoutUS, layoutDE, false},
		{layoutDE, layoutUS, false},
	}
	for _, code := range append(slices.Clone(realCodes), newCodes(t, 20)...) {
		for _, p := range pairs {
			name := fmt.Sprintf("%s on %s caps=%v %s", p.scanner.name, p.host.name, p.capsLock, code)
			t.Run(name, func(t *testing.T) {
				typed := typeOnLayout(t, code, p.scanner, p.host, p.capsLock) + "\r\n"
				got := RepairKeyboard(typed)
				if !slices.Contains(got, code) {
					t.Fatalf("RepairKeyboard(%q) = %q, missing %q", typed, got, code)
				}
			})
		}
	}
}

func TestRepairKeyboard_FirstCandidateIsTheInputAsIs(t *testing.T) {
	tests := []struct {
		raw  string
		want []string
	}{
		{"AQZW2345\r\n", []string{"AQZW2345", "QAWZ2345", "AQYW2345"}},
		{"  bcde-fghj ", []string{"BCDEFGHJ", "BCDE6FGHJ"}},
		{`qa&é"'(-è_çà?`, []string{`QA&é"'(è_çà?`, "AQ1234567890M", "AQ7é\"'9è_çà?"}},
		{"", []string{""}},
		{"\r\n", []string{""}},
		{"BCDE", []string{"BCDE"}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got := RepairKeyboard(tt.raw)
			if !slices.Equal(got, tt.want) {
				t.Errorf("RepairKeyboard(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

// TestRepairKeyboard_NeverMatchesAnotherKnownCode types each of a batch of
// real codes through every mismatch and checks that, trying the candidates in
// order against the whole batch, the first exact match is always its own code.
func TestRepairKeyboard_NeverMatchesAnotherKnownCode(t *testing.T) {
	known := append(slices.Clone(realCodes), newCodes(t, 500)...)
	index := map[string]int{}
	for i, c := range known {
		index[c] = i
	}
	layouts := []keyboardLayout{layoutUS, layoutFR, layoutBE, layoutDE}
	for i, code := range known {
		for _, scanner := range layouts {
			for _, host := range layouts {
				typed := typeOnLayout(t, code, scanner, host, false)
				for _, c := range RepairKeyboard(typed) {
					if j, ok := index[c]; ok {
						if j != i {
							t.Fatalf("%q typed by %s on %s matched %q", code, scanner.name, host.name, known[j])
						}
						break
					}
				}
			}
		}
	}
}

// FuzzRepairKeyboard checks the contract on arbitrary input, and that a code
// built from the fuzz bytes survives every supported layout mismatch.
func FuzzRepairKeyboard(f *testing.F) {
	for _, seed := range []string{"", "\r\n", `&é"'(-è_çà`, "@#$%^&*()", "AQZW", "Éloïse", "\xff\xfe", realCodes[0]} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got := RepairKeyboard(raw)
		if len(got) == 0 || got[0] != NormalizeCode(raw) {
			t.Fatalf("RepairKeyboard(%q) = %q: first candidate is not the normalised input", raw, got)
		}
		for i, c := range got {
			if i > 0 && c == "" {
				t.Fatalf("RepairKeyboard(%q) = %q: empty repaired candidate", raw, got)
			}
			if NormalizeCode(c) != c {
				t.Fatalf("RepairKeyboard(%q): candidate %q is not normalised", raw, c)
			}
			if slices.Index(got, c) != i {
				t.Fatalf("RepairKeyboard(%q) = %q: duplicate %q", raw, got, c)
			}
		}
		// A code made of the fuzz bytes, typed through each mismatch.
		if len(raw) == 0 {
			return
		}
		code := make([]byte, CodeLength)
		for i := range code {
			code[i] = CodeAlphabet[raw[i%len(raw)]&31]
		}
		for _, p := range [][2]keyboardLayout{{layoutUS, layoutFR}, {layoutUS, layoutBE}, {layoutFR, layoutUS}, {layoutUS, layoutDE}} {
			typed := typeOnLayout(t, string(code), p[0], p[1], false)
			if !slices.Contains(RepairKeyboard(typed), string(code)) {
				t.Fatalf("%q typed by %s on %s as %q is not repaired", code, p[0].name, p[1].name, typed)
			}
		}
	})
}

func BenchmarkRepairKeyboard(b *testing.B) {
	code, _ := NewCode()
	typed := typeOnLayout(b, code, layoutUS, layoutFR, false)
	b.ReportAllocs()
	for b.Loop() {
		RepairKeyboard(typed)
	}
}

// A US-configured scanner on a French AZERTY computer types the digits
// unshifted, swaps A/Q and Z/W and turns M into '?'. The second candidate is
// the code on the badge.
func ExampleRepairKeyboard() {
	for _, candidate := range RepairKeyboard(`QWé"'(?` + "\r\n") {
		fmt.Println(candidate)
	}
	// Output:
	// QWé"'(?
	// AZ2345M
	// AZé"'9?
}
