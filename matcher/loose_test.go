package matcher

import (
	"strings"
	"testing"
)

// looseVocabulary is the built-in vocabulary with "bois" as a loose alias
// of forestry and "exploitation forestière" as a sure one.
func looseVocabulary(t *testing.T) *Vocabulary {
	t.Helper()
	extra, err := ParseVocabulary(strings.NewReader(
		"forestry\tla filière forêt-bois\tforestry\t~bois|exploitation forestière\n"))
	if err != nil {
		t.Fatal(err)
	}
	v := DefaultVocabulary()
	v.Extend(extra)
	return v
}

func TestLooseAlias_ScoresButNoReasonNamesItsConcept(t *testing.T) {
	people := []Profile{
		{ID: 1, Name: "Olivier", Consent: true, Needs: []string{"une entreprise à reprendre dans le bois"}},
		{ID: 2, Name: "Patrice", Consent: true, Offers: []string{"fenêtres en bois sur mesure"}},
		{ID: 3, Name: "Hélène", Consent: true, Offers: []string{"exploitation forestière en Ardenne"}},
	}
	m := NewModel(people, Options{Vocabulary: looseVocabulary(t)})
	joiner := m.Score(1, 2)
	if joiner.Score <= 0 {
		t.Fatalf("a loose alias still counts in the score: %+v", joiner)
	}
	for _, lang := range []string{"en", "fr"} {
		if got := joiner.Explain(m, lang); strings.Contains(strings.ToLower(got), "forest") || strings.Contains(got, "forêt") {
			t.Errorf("%s: both sides only wrote « bois », yet the reason says forestry: %q", lang, got)
		}
	}
	// One side loose is enough to keep the concept unsaid: Olivier's « bois »
	// may mean joinery, whatever Hélène wrote.
	if got := m.Score(1, 3).Explain(m, "en"); strings.Contains(got, "forestry") {
		t.Errorf("the seeker's side is loose, yet the reason says forestry: %q", got)
	}
}

func TestLooseAlias_ASureAliasInTheSameFieldMakesTheConceptSure(t *testing.T) {
	people := []Profile{
		{ID: 1, Name: "Olivier", Consent: true, Needs: []string{"reprendre une exploitation forestière", "du bois de chauffe"}},
		{ID: 2, Name: "Hélène", Consent: true, Offers: []string{"exploitation forestière en Ardenne"}},
	}
	m := NewModel(people, Options{Vocabulary: looseVocabulary(t)})
	if got := m.Score(1, 2).Explain(m, "en"); !strings.Contains(got, "forestry") {
		t.Errorf("both wrote a sure alias of forestry: %q", got)
	}
}

func TestLooseAlias_LastDefinitionDecides_AndWriteTSVKeepsTheMark(t *testing.T) {
	v := looseVocabulary(t)
	if !v.loose["bois"] {
		t.Fatal("~bois is loose after Extend")
	}
	sure, err := ParseVocabulary(strings.NewReader("forestry\tla filière forêt-bois\tforestry\tbois\n"))
	if err != nil {
		t.Fatal(err)
	}
	v.Extend(sure)
	if v.loose["bois"] {
		t.Error("an organiser's plain « bois » makes it sure again")
	}
	var out strings.Builder
	if err := looseVocabulary(t).WriteTSV(&out); err != nil {
		t.Fatal(err)
	}
	back, err := ParseVocabulary(strings.NewReader(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	if !back.loose["bois"] {
		t.Error("an exported vocabulary keeps « ~bois » loose")
	}
}

func TestLooseAlias_APairSharingOnlyLooseConceptsIsNotSuggested(t *testing.T) {
	people := []Profile{
		{ID: 1, Name: "Olivier", Consent: true, Needs: []string{"une entreprise à reprendre dans le bois"}},
		{ID: 2, Name: "Patrice", Consent: true, Offers: []string{"fenêtres en bois sur mesure"}},
	}
	m := NewModel(people, Options{Vocabulary: looseVocabulary(t)})
	if got := m.Rank(1, 5, nil); len(got) != 0 {
		t.Errorf("no true reason can be given, so no suggestion either (a wrong reason costs more trust than none): %+v", got)
	}
}

func TestLooseAlias_ProjectsSharingALooseConceptQuoteEachOnesWords(t *testing.T) {
	people := []Profile{
		{ID: 1, Name: "Olivier", Consent: true, Project: "Une scierie mobile pour valoriser le bois des haies bocagères."},
		{ID: 2, Name: "Hélène", Consent: true, Project: "Reprise d'une exploitation du bois en Ardenne, vente de bois de chauffage."},
	}
	m := NewModel(people, Options{Vocabulary: looseVocabulary(t)})
	got := m.Rank(1, 5, nil)
	if len(got) != 1 {
		t.Fatalf("two projects about « bois » meet: %+v", got)
	}
	en := got[0].Explain(m, "en")
	if strings.Contains(en, "forestry") || !strings.Contains(en, "“bois”") {
		t.Errorf("the reason quotes the word both wrote, not the concept: %q", en)
	}
}
