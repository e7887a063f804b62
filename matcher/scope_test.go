package matcher

import "testing"

// scopeRoom holds a need for funding in health, a funder in culture (a
// scope clash), a funder with no scope (general help) and a funder in
// health (the right answer).
func scopeRoom() []Profile {
	return []Profile{
		{ID: 1, Name: "Alain", Title: "Dentiste", Consent: true,
			Needs: []string{"des subventions pour équiper un camion dentaire qui va dans les villages (santé)"}},
		{ID: 2, Name: "Matteo", Title: "Chargé de mission", Consent: true,
			Offers: []string{"montage de dossiers de subventions pour le spectacle vivant et la culture"}},
		{ID: 3, Name: "Caroline", Title: "Chargée d'affaires", Consent: true,
			Offers: []string{"subventions et aides publiques, je vous oriente"}},
		{ID: 4, Name: "Yasmine", Title: "Consultante", Consent: true,
			Offers: []string{"subventions régionales pour la santé et les projets médicaux"}},
	}
}

func TestScope_GrantsInCultureDoNotAnswerGrantsInHealth(t *testing.T) {
	m := NewModel(scopeRoom(), Options{})
	culture := m.Score(1, 2)
	for _, r := range culture.Reasons {
		if r.Kind == ReasonOffers {
			t.Errorf("a cultural funder is given as help to a dentist: %q", culture.Explain(m, "en"))
		}
	}
	general, health := m.Score(1, 3), m.Score(1, 4)
	if len(reasonKinds(general)[ReasonOffers]) == 0 {
		t.Errorf("help with grants in general still answers: %q", general.Explain(m, "en"))
	}
	if len(reasonKinds(health)[ReasonOffers]) == 0 {
		t.Errorf("grants in health answer grants in health: %q", health.Explain(m, "en"))
	}
	if !(health.Score > culture.Score && general.Score > culture.Score) {
		t.Errorf("scores: health %.3f, general %.3f, culture %.3f: the clash should come last", health.Score, general.Score, culture.Score)
	}
	if back := m.Score(2, 1); back.Score != culture.Score {
		t.Errorf("the score stays symmetric: %.4f and %.4f", culture.Score, back.Score)
	}
}

func TestScopes_AGeneralPartMakesAConceptGeneral_ANeedHasOneGroup(t *testing.T) {
	v := DefaultVocabulary()
	s := scopeReading{}
	s.note(v, []string{"grants"}, []string{"culture"})
	s.note(v, []string{"grants"}, []string{"music"}) // the same group
	if got := s.scopes(true)["grants"]; len(got) != 1 || got[0] != "culture" {
		t.Fatalf("grants in culture and music: %q", got)
	}
	s.note(v, []string{"grants"}, nil)
	if got, ok := s.scopes(false)["grants"]; ok {
		t.Fatalf("a part naming grants alone makes them general: %q", got)
	}
	two := scopeReading{}
	two.note(v, []string{"grants"}, []string{"culture", "health"})
	if got := two.scopes(true); got != nil {
		t.Fatalf("a need in two groups is general: %v", got)
	}
	offer := two.scopes(false)
	if got := offer["grants"]; len(got) != 2 {
		t.Fatalf("an offer keeps its two groups: %v", got)
	}
	if (scopes{"grants": {"health"}}).clash("grants", offer) {
		t.Error("a need in health meets an offer in culture and health")
	}
	if !(scopes{"grants": {"food"}}).clash("grants", offer) {
		t.Error("a need in food clashes with an offer in culture and health")
	}
}

func TestScope_ANeedWithoutAFieldIsSoughtInTheSeekersSector(t *testing.T) {
	m := NewModel([]Profile{
		{ID: 1, Name: "Pierre-Yves", Sector: "Industrie", Consent: true,
			Needs: []string{"développement commercial à l'export vers l'Allemagne"}},
		{ID: 2, Name: "Oliver", Consent: true,
			Offers: []string{"export des céréales et farines bio vers le Royaume-Uni (agriculture)"}},
		{ID: 3, Name: "Katrin", Consent: true,
			Offers: []string{"développement à l'export, prospection en Allemagne"}},
	}, Options{})
	if got := reasonKinds(m.Score(1, 2))[ReasonOffers]; len(got) > 0 {
		t.Errorf("a grain exporter is given as export help to an industrial firm: %q", m.Score(1, 2).Explain(m, "en"))
	}
	if got := reasonKinds(m.Score(1, 3))[ReasonOffers]; len(got) == 0 {
		t.Errorf("general export help still answers: %q", m.Score(1, 3).Explain(m, "en"))
	}
}

// The field an offer names after a possessive is where the offer comes
// from, not the field it serves: a coding school's apprentices in web
// development answer a mobility start-up's need for one.
func TestScope_AnOffersOwnSchoolIsNoScope(t *testing.T) {
	m := NewModel([]Profile{
		{ID: 1, Sector: "Mobilité", Needs: []string{"Recruter un(e) alternant(e) en développement web pour la rentrée de septembre"}, Consent: true},
		{ID: 2, Sector: "Formation", Offers: []string{"Je place les alternants en développement web de notre école"}, Consent: true},
	}, Options{})
	if got := m.Rank(1, 5, nil); len(got) == 0 || got[0].ID != 2 {
		t.Fatalf("the school's apprentices are not suggested: %v", got)
	}
}
