package live

import (
	"testing"

	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/matcher"
)

func TestEventVocabulary_AppliesLinesOnACopyAndSkipsStaleOnes(t *testing.T) {
	base := matcher.DefaultVocabulary()
	before := base.Len()
	v := EventVocabulary(base, []data.VocabularyLine{
		{Phrase: "falconry", Key: "hardware"},
		{Phrase: "truc", Key: "gone-from-the-server-file"}, // its concept is no longer there
		{Phrase: "soudure laser", Key: "laser-welding", FR: "la soudure laser", EN: "laser welding"},
	})
	if base.Len() != before {
		t.Fatal("the server's vocabulary was changed")
	}
	if k, _ := v.Lookup("falconry"); k != "hardware" {
		t.Fatalf("« falconry » is %q", k)
	}
	if k, _ := v.Lookup("soudure laser"); k != "laser-welding" {
		t.Fatalf("« soudure laser » is %q", k)
	}
	if _, ok := v.Lookup("truc"); ok {
		t.Fatal("a stale line was applied")
	}
	if EventVocabulary(base, nil) != base {
		t.Fatal("no lines should give the server's vocabulary itself")
	}
}

func TestDay_MapPhraseRefusesWithAReasonAndWritesNothing(t *testing.T) {
	d := newTestDay(t, demo.Sample())
	for _, l := range []data.VocabularyLine{
		{Phrase: "falconry", Key: "no-such"},
		{Phrase: "falconry", Key: "hardware", FR: "le matériel", EN: "hardware"}, // key taken
		{Phrase: "falconry", Key: "Bad Key", FR: "la fauconnerie", EN: "falconry"},
		{Phrase: "falconry", Key: "falconry", FR: "la fauconnerie"},
		{Phrase: "  ", Key: "hardware"},
	} {
		err := d.MapPhrase(l)
		txt, ok := IsRequestError(err)
		if !ok || txt.FR == "" || txt.EN == "" {
			t.Fatalf("%+v: %v, want a bilingual refusal", l, err)
		}
	}
	var set data.Settings
	d.Store().View(func(tx *data.Tx) (err error) { set, err = tx.Settings(); return })
	if len(set.Vocabulary) != 0 {
		t.Fatalf("refused lines were saved: %+v", set.Vocabulary)
	}
	if u := d.Uncovered(10); len(u) != 1 || u[0].Text != "falconry" || u[0].People != 1 {
		t.Fatalf("uncovered %+v, want Théo's « falconry »", u)
	}
	if err := d.MapPhrase(data.VocabularyLine{Phrase: "falconry", Key: "hardware"}); err != nil {
		t.Fatal(err)
	}
	if u := d.Uncovered(10); len(u) != 0 {
		t.Fatalf("uncovered after mapping %+v", u)
	}
}
