package matcher

import (
	"strings"
	"testing"
)

// An extra vocabulary saved by French Excel (Windows-1252) keeps its accents.
func TestParseVocabulary_Windows1252FromExcel(t *testing.T) {
	tsv := "crepes\tcr\xeapes bretonnes\tbreton pancakes\tgalettes|cr\xe9pi\xe8re\n" // ê, é, è in Windows-1252
	v, err := ParseVocabulary(strings.NewReader(tsv))
	if err != nil {
		t.Fatal(err)
	}
	if fr, _ := v.Label("crepes", "fr"); fr != "crêpes bretonnes" {
		t.Fatalf("French label = %q, want crêpes bretonnes", fr)
	}
	if key, ok := v.Lookup("Crêpière"); !ok || key != "crepes" {
		t.Fatalf("alias crêpière → %q %v", key, ok)
	}
}
