package matcher

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func testVocabulary(t *testing.T) *Vocabulary {
	t.Helper()
	v, err := ParseVocabulary(strings.NewReader(strings.Join([]string{
		"fundraising\tla levée de fonds\tfundraising\tlever des fonds|levée de fonds|seed",
		"business-angels\tles business angels\tbusiness angels\tbusiness angel|investisseur providentiel\tfundraising",
		"venture-capital\tle capital-risque\tventure capital\tVC|fonds de capital-risque\tfundraising",
		"seo\tle SEO\tSEO\tréférencement naturel|on est en page 5 sur google",
		"climate\tle climat\tclimate\tclimat|bas carbone",
		"ai\tl'intelligence artificielle\tartificial intelligence\tIA|AI|machine learning",
		"hr\tles ressources humaines\thuman resources\tRH|HR",
	}, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestModel_Understood_ListsConceptsWithWhatWasWritten(t *testing.T) {
	v := testVocabulary(t)
	m := NewModel([]Profile{{ID: 1, Name: "Léa", Needs: []string{"on cherche à lever des fonds (seed) et on est en page 5 sur Google"},
		Offers: []string{"IA / RH"}, Title: "business angel", Consent: true}}, Options{Vocabulary: v})
	got := m.Understood(1)
	want := []Understood{
		{Field: FieldOffers, Key: "ai", Said: "IA"},
		{Field: FieldOffers, Key: "hr", Said: "RH"},
		{Field: FieldNeeds, Key: "fundraising", Said: "lever des fonds"},
		{Field: FieldNeeds, Key: "seo", Said: "on est en page 5 sur Google"},
		{Field: FieldTitle, Key: "business-angels", Said: "business angel"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Understood =\n %+v\nwant\n %+v", got, want)
	}
}

func TestModel_Upsert_CorrectionsChangeSuggestionsAtOnce(t *testing.T) {
	v := testVocabulary(t)
	lea := Profile{ID: 1, Name: "Léa", Needs: []string{"référencement naturel"}, Consent: true}
	ps := []Profile{lea,
		{ID: 2, Name: "Karim", Offers: []string{"SEO"}, Consent: true},
		{ID: 3, Name: "Inès", Offers: []string{"levée de fonds"}, Consent: true},
	}
	m := NewModel(ps, Options{Vocabulary: v})
	if got := m.Rank(1, 5, nil); len(got) != 1 || got[0].ID != 2 {
		t.Fatalf("before: %+v", got)
	}
	lea.Corrections = []Correction{{Field: FieldNeeds, Key: "seo", Remove: true}, {Field: FieldNeeds, Key: "fundraising"}}
	m.Upsert(lea)
	if got := m.Rank(1, 5, nil); len(got) != 1 || got[0].ID != 3 {
		t.Fatalf("after the correction: %+v; want Inès only", got)
	}
	u := m.Understood(1)
	if len(u) != 1 || u[0] != (Understood{Field: FieldNeeds, Key: "fundraising", Added: true}) {
		t.Errorf("Understood after corrections = %+v", u)
	}
}

func TestModel_Uncovered_RanksPhrasesByPeople(t *testing.T) {
	v := testVocabulary(t)
	m := NewModel([]Profile{
		{ID: 1, Needs: []string{"un local à Bruxelles", "SEO"}},
		{ID: 2, Needs: []string{"Un local a Bruxelles"}},
		{ID: 3, Offers: []string{"cours de poterie"}},
	}, Options{Vocabulary: v})
	got := m.Uncovered(10)
	want := []Uncovered{{Text: "un local à Bruxelles", Field: FieldNeeds, People: 2}, {Text: "cours de poterie", Field: FieldOffers, People: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Uncovered = %+v; want %+v", got, want)
	}
}

func TestVocabulary_Complete_FindsConceptsByLabelOrAlias(t *testing.T) {
	v := testVocabulary(t)
	if got := v.Complete("leve", "fr", 5); !slices.Equal(got, []string{"fundraising"}) {
		t.Errorf("Complete(leve) = %v", got)
	}
	if got := v.Complete("busi", "en", 5); !slices.Equal(got, []string{"business-angels"}) {
		t.Errorf("Complete(busi) = %v", got)
	}
}

func TestVocabulary_AddAlias_MapsAPhraseOnAClone(t *testing.T) {
	v := testVocabulary(t)
	c := v.Clone()
	if err := c.AddAlias("un local à Bruxelles", "seo"); err != nil {
		t.Fatal(err)
	}
	if _, ok := v.Lookup("un local à Bruxelles"); ok {
		t.Error("AddAlias on the clone changed the original")
	}
	if k, _ := c.Lookup("un local a bruxelles"); k != "seo" {
		t.Errorf("clone looks up %q", k)
	}
	if err := c.AddAlias("x", "nope"); err == nil {
		t.Error("AddAlias to an unknown concept succeeded")
	}
	if err := c.AddConcept("office-space", "les bureaux", "office space", []string{"local", "coworking"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.WriteTSV(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ParseVocabulary(&buf)
	if err != nil {
		t.Fatalf("WriteTSV output does not parse: %v\n%s", err, buf.String())
	}
	for text, key := range map[string]string{"coworking": "office-space", "un local à Bruxelles": "seo", "capital-risque": "venture-capital"} {
		if k, _ := back.Lookup(text); k != key {
			t.Errorf("written and read back, %q looks up %q; want %q", text, k, key)
		}
	}
	if got := back.Broader("business-angels"); !slices.Equal(got, []string{"fundraising"}) {
		t.Errorf("broader read back = %v", got)
	}
}

func TestModel_Score_NeighbourConceptsMeetLowerAndSaySo(t *testing.T) {
	v := testVocabulary(t)
	m := NewModel([]Profile{
		{ID: 1, Name: "Léa", Needs: []string{"business angels"}, Consent: true},
		{ID: 2, Name: "Karim", Offers: []string{"business angels"}, Consent: true},
		{ID: 3, Name: "Inès", Offers: []string{"levée de fonds"}, Consent: true},
		{ID: 4, Name: "Théo", Offers: []string{"VC"}, Consent: true},
		{ID: 5, Name: "Nora", Needs: []string{"levée de fonds"}, Consent: true},
	}, Options{Vocabulary: v})
	exact, broader, sibling := m.Score(1, 2), m.Score(1, 3), m.Score(1, 4)
	if !(exact.Score > broader.Score && broader.Score > sibling.Score && sibling.Score > 0) {
		t.Fatalf("scores exact %.3f, broader %.3f, sibling %.3f; want decreasing and positive", exact.Score, broader.Score, sibling.Score)
	}
	for _, tt := range []struct {
		s      Suggestion
		fr, en string
	}{
		{exact, "Karim peut vous aider pour les business angels, que vous recherchez", "Karim can help with business angels, which you are looking for"},
		// A wider offer is said to be wider: a fundraising adviser may not
		// know business angels, so the sentence does not promise it.
		{broader, "Inès peut vous aider pour la levée de fonds, un domaine plus large que les business angels que vous recherchez", "Inès can help with fundraising, a wider field than what you are looking for (business angels)"},
		// A narrower offer is a part of the need.
		{m.Score(5, 2), "Karim peut vous aider pour les business angels, une partie de la levée de fonds que vous recherchez", "Karim can help with business angels, part of what you are looking for (fundraising)"},
		// Siblings meet at a lower score, but "close to" is said only of a
		// directly broader or narrower concept: no reason, so no sentence.
		{sibling, "Théo pourrait vous intéresser", "Théo may be worth meeting"},
	} {
		if got := tt.s.Explain(m, "fr"); got != tt.fr {
			t.Errorf("fr: %q\n  want %q", got, tt.fr)
		}
		if got := tt.s.Explain(m, "en"); got != tt.en {
			t.Errorf("en: %q\n  want %q", got, tt.en)
		}
	}
}

func TestSuggestion_Explain_FrenchArticlesAndContractions(t *testing.T) {
	v := testVocabulary(t)
	m := NewModel([]Profile{
		{ID: 1, Name: "Léa", Interests: []string{"climat", "RH", "poterie"}, Consent: true},
		{ID: 2, Name: "Karim", Interests: []string{"Climate", "HR", "Poterie"}, Consent: true},
		{ID: 3, Name: "Inès", Interests: []string{"IA"}, Consent: true},
		{ID: 4, Name: "Théo", Interests: []string{"machine learning"}, Consent: true},
	}, Options{Vocabulary: v})
	got := m.Score(1, 2).Explain(m, "fr") + " | " + m.Score(3, 4).Explain(m, "fr")
	for _, want := range []string{"au climat", "à l'intelligence artificielle", "aux ressources humaines", "à « poterie »"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}

func TestModel_Score_TitleAnswersANeed(t *testing.T) {
	v := testVocabulary(t)
	m := NewModel([]Profile{
		{ID: 1, Name: "Léa", Needs: []string{"lever des fonds"}, Consent: true},
		{ID: 2, Name: "Karim", Title: "Business Angel", Consent: true},
	}, Options{Vocabulary: v})
	s := m.Score(1, 2)
	if s.Score <= 0 {
		t.Fatal("a business angel scores nothing for a founder raising funds")
	}
	if got, want := s.Explain(m, "fr"), "Karim (« Business Angel ») peut vous aider pour la levée de fonds, que vous recherchez"; got != want {
		t.Errorf("fr: %q\n  want %q", got, want)
	}
	if back := m.Score(2, 1); back.Score != s.Score {
		t.Errorf("score not symmetric: %v vs %v", back.Score, s.Score)
	}
}

func TestExplain_ABroadFieldIsTheSettingNotASkill(t *testing.T) {
	m := NewModel([]Profile{
		{ID: 1, Name: "Romain", Needs: []string{"un kiné pour suivre notre équipe de rugby"}, Consent: true},
		{ID: 2, Name: "Véronique", Offers: []string{"Préparation mentale pour sportifs"}, Consent: true},
	}, Options{})
	s := m.Score(1, 2)
	for _, r := range s.Reasons {
		if r.Kind == ReasonOffers && !r.Setting {
			t.Fatalf("a shared field read as a skill: %+v", r)
		}
	}
	fr, en := s.Explain(m, "fr"), s.Explain(m, "en")
	if strings.Contains(fr, "peut vous aider") || strings.Contains(en, "can help") {
		t.Errorf("the sentence claims a skill: %q / %q", fr, en)
	}
	if !strings.Contains(fr, "touchent tous deux au sport") || !strings.Contains(en, "both touch on sport") {
		t.Errorf("the sentence should say both touch on sport: %q / %q", fr, en)
	}
}
