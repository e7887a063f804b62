package matcher

import (
	"io/fs"
	"strings"
	"testing"
)

func TestVocabulary_Lookup_SpellingsAndLanguagesAreOneConcept(t *testing.T) {
	v := DefaultVocabulary()
	tests := []struct {
		text, want string
	}{
		{"levée de fonds", "fundraising"},
		{"Levee de fonds", "fundraising"},
		{"LEVÉE DE FONDS", "fundraising"},
		{"levées de fonds", "fundraising"},
		{"fundraising", "fundraising"},
		{"référencement naturel", "seo"},
		{"Referencement Naturel", "seo"},
		{"SEO", "seo"},
		{"éducation", "education"},
		{"Education", "education"},
	}
	for _, tt := range tests {
		got, ok := v.Lookup(tt.text)
		if !ok || got != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.text, got, ok, tt.want)
		}
	}
}

func TestParseVocabulary_Extend_AddsOrganiserConcepts(t *testing.T) {
	extra, err := ParseVocabulary(strings.NewReader("# extra\nbiochar\tbiochar\tbiochar\tcharbon végétal|bio-char\n"))
	if err != nil {
		t.Fatal(err)
	}
	v := DefaultVocabulary()
	if _, ok := v.Lookup("charbon vegetal"); ok {
		t.Fatal("built-in vocabulary already knows biochar")
	}
	v.Extend(extra)
	if got, ok := v.Lookup("Charbons végétaux"); !ok || got != "biochar" {
		t.Errorf("after Extend, Lookup = %q, %v; want biochar", got, ok)
	}
	if _, ok := DefaultVocabulary().Lookup("charbon vegetal"); ok {
		t.Error("Extend leaked into the built-in vocabulary")
	}
}

func TestParseVocabulary_RejectsMalformedLines(t *testing.T) {
	for _, in := range []string{
		"onlykey\n",
		"Bad Key\tfr\ten\n",
		"k\t\ten\n",
	} {
		if _, err := ParseVocabulary(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ParseVocabulary(%q) err = %v; want an error naming line 1", in, err)
		}
	}
}

func TestDefaultVocabulary_EveryAliasNamesItsOwnConcept(t *testing.T) {
	v := DefaultVocabulary()
	if v.Len() < 200 {
		t.Errorf("built-in vocabulary has %d concepts; want a few hundred", v.Len())
	}
	names, _ := fs.Glob(builtinFiles, "vocab/*.tsv")
	var all strings.Builder
	for _, name := range names {
		raw, _ := builtinFiles.ReadFile(name)
		all.Write(raw)
		all.WriteString("\n")
	}
	for _, line := range strings.Split(all.String(), "\n") {
		cols := strings.Split(line, "\t")
		if strings.HasPrefix(line, "#") || len(cols) < 3 || cols[0] == blockerKey {
			continue
		}
		names := []string{cols[1], cols[2]}
		if len(cols) > 3 {
			names = append(names, strings.Split(cols[3], "|")...)
		}
		for _, name := range names {
			if name == "" {
				continue
			}
			if got, _ := v.Lookup(name); got != cols[0] {
				t.Errorf("%q (listed under %q) looks up %q", name, cols[0], got)
			}
		}
	}
}
