package badgepdf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrintable_KeepsWhatTheFontHasAndDropsTheRest(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"French accents and ligatures", "Éloïse Cœur-Dupré", "Éloïse Cœur-Dupré"},
		{"decomposed accent composed", "Ame\u0301lie", "Amélie"},
		{"emoji", "Amélie 🌸", "Amélie"},
		{"flag", "🇫🇷 Jean", "Jean"},
		{"ZWJ family", "Lou 👩\u200d👩\u200d👧", "Lou"},
		{"mathematical bold letter", "𝐀lice", "lice"},
		{"right-to-left override", "Ali\u202Eecod.exe", "Aliecod.exe"},
		{"Hebrew, which the font lacks", "שלום Dan", "Dan"},
		{"CJK, which the font lacks", "王小明 Wang", "Wang"},
		{"Greek and Cyrillic", "Ωmega Жанна", "Ωmega Жанна"},
		{"invalid UTF-8", "Jo\xffsé", "José"},
		{"controls and line breaks", "Jean\n\tPierre\x00\x07", "Jean Pierre"},
		{"no-break and thin spaces", "Jean\u00a0\u2009 Pierre", "Jean Pierre"},
		{"replacement character", "Ren\ufffd", "Ren"},
		{"only unprintable", "🌸🇫🇷\u200d", ""},
		{"long", strings.Repeat("a", 5000), strings.Repeat("a", maxLineRunes)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := printable(tt.in, "B"); got != tt.want {
				t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// unicodeBadges are the names of issue 12 item 4 and their kind: each must
// print what the font has, and the rest of the badge.
var unicodeBadges = []Badge{
	{FirstName: "Amélie 🌸", LastName: "Lefèvre", Organisation: "Société 🇫🇷 Générale"},
	{FirstName: "𝐀lice", LastName: "Famille 👩\u200d👩\u200d👧", Organisation: "Ali\u202Eexe.gnp"},
	{FirstName: "שלום", LastName: "王小明", Organisation: "محمد & Cie"},
	{FirstName: "Jo\xffsé\n", LastName: "\x00", Organisation: strings.Repeat("🌸", 3000)},
}

func TestWrite_AnyUnicodeTextPrintsTheRestOfTheBadge(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	want := []string{
		"Amélie Lefèvre Société Générale",
		"lice Famille Aliexe.gnp",
		"& Cie",
		"José",
	}
	for _, layout := range Layouts() {
		t.Run(layout.Name, func(t *testing.T) {
			badges := withCodes(t, unicodeBadges)
			file := filepath.Join(t.TempDir(), "badges.pdf")
			if err := os.WriteFile(file, writePDF(t, badges, layout), 0o600); err != nil {
				t.Fatal(err)
			}
			for slot, w := range want {
				if got := badgeText(t, pdftotext, file, layout, slot); got != w {
					t.Errorf("badge %d text %q, want %q", slot+1, got, w)
				}
			}
		})
	}
}

// withCodes returns a copy of badges with seeded codes.
func withCodes(t testing.TB, badges []Badge) []Badge {
	t.Helper()
	out := append([]Badge(nil), badges...)
	for i, b := range testBadges(t, len(out)) {
		out[i].Code = b.Code
	}
	return out
}

// FuzzWrite feeds arbitrary names and organisations to every layout: Write
// must succeed (never panic, never fail for a good code), and the badge's QR
// code must still read once rendered (no text over it). The corpus in
// testdata/fuzz/FuzzWrite holds the cases of issue 12.
func FuzzWrite(f *testing.F) {
	if heavy.InChild(f) {
		return
	}
	pdftoppm := needTool(f, "pdftoppm")
	f.Add("", "", "") // the cases of the issue are in testdata/fuzz/FuzzWrite
	f.Add("Marie-Bénédicte-Françoise-Anne-Sophie", strings.Repeat("W", 80), strings.Repeat("Ⅷ", 40))
	f.Fuzz(func(t *testing.T, first, last, org string) {
		for _, layout := range Layouts() {
			badges := []Badge{{FirstName: first, LastName: last, Organisation: org, Code: lookalikeCode}}
			var buf bytes.Buffer
			if err := Write(&buf, badges, layout); err != nil {
				t.Fatalf("%s: Write(%q, %q, %q): %v", layout.Name, first, last, org, err)
			}
			checkQRCodes(t, pdftoppm, buf.Bytes(), badges, layout, 100)
		}
	})
}
