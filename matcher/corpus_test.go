package matcher

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The corpora under testdata are phrases written as people write them:
// falsefriends*.tsv list texts with the concepts that must NOT be read in
// them ("*": none at all), phrases_*.tsv texts with a concept that must be.

// conceptsIn returns the vocabulary concepts the matcher reads in text as
// a profile field item.
func conceptsIn(v *Vocabulary, text string) []string {
	r := &reader{v: v, display: func(string, string) {}, f: features{shown: map[string]string{}}}
	b := bag{}
	r.list("", []string{text}, b, nil)
	var out []string
	for k := range b {
		if isVocabKey(k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// readCorpus returns the two columns of each non-comment line of a TSV.
func readCorpus(t *testing.T, path string) [][2]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("corpus %s: %v", path, err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < 2 {
			t.Fatalf("%s line %d: want text <TAB> concepts", path, line)
		}
		out = append(out, [2]string{cols[0], strings.TrimSpace(cols[1])})
	}
	return out
}

func TestFalseFriends_NoEverydayWordNamesAConcept(t *testing.T) {
	v := DefaultVocabulary()
	files, _ := filepath.Glob(filepath.Join("testdata", "falsefriends*.tsv"))
	var cases [][2]string
	for _, f := range files {
		cases = append(cases, readCorpus(t, f)...)
	}
	for _, c := range cases {
		text, forbidden := c[0], c[1]
		found := conceptsIn(v, text)
		if forbidden == "*" {
			if len(found) > 0 {
				t.Errorf("%q reads as %v; want no concept", text, found)
			}
			continue
		}
		for _, k := range strings.Split(forbidden, "|") {
			if slices.Contains(found, strings.TrimSpace(k)) {
				t.Errorf("%q reads as %v; must not name %q", text, found, k)
			}
		}
	}
}

func TestPhrases_EveryPhraseNamesItsConcept(t *testing.T) {
	v := DefaultVocabulary()
	files, _ := filepath.Glob(filepath.Join("testdata", "phrases_*.tsv"))
	if len(files) == 0 {
		t.Skip("no phrase corpus")
	}
	for _, file := range files {
		for _, c := range readCorpus(t, file) {
			if _, ok := v.concepts[c[1]]; !ok {
				t.Errorf("%s: %q names unknown concept %q", filepath.Base(file), c[0], c[1])
				continue
			}
			if found := conceptsIn(v, c[0]); !slices.Contains(found, c[1]) {
				t.Errorf("%s: %q reads as %v; want %q", filepath.Base(file), c[0], found, c[1])
			}
		}
	}
}
