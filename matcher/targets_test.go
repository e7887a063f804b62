package matcher

import (
	"strings"
	"testing"
)

// targetsRoom is a small room where the needs that name whom someone
// wants to meet, and a job search, each have a false answer (someone who
// offers the same word in another sense) and a right one.
func targetsRoom() []Profile {
	return []Profile{
		{ID: 1, Name: "Frédéric", Title: "Innovation manager", Organisation: "SportMax", Consent: true,
			Needs:  []string{"startups sport & santé connectée"},
			Offers: []string{"accès à nos magasins pour tester des produits auprès de vrais clients"}},
		{ID: 2, Name: "Dylan", Title: "coach sportif", Consent: true,
			Offers: []string{"coaching sportif en entreprise"}, Needs: []string{"un comptable pour ma micro-entreprise"}},
		{ID: 3, Name: "Léa", Title: "CEO", Organisation: "Kinéo", Consent: true, Sector: "Sport / santé",
			Project: "Kinéo est une semelle connectée qui suit la récupération des sportifs amateurs après une blessure.",
			Needs:   []string{"un premier client distributeur"}},
		{ID: 4, Name: "Romane", Title: "Étudiante (promo mars)", Organisation: "CodeFabrik", Consent: true,
			Needs:  []string{"Je cherche une alternance en développement web, idéalement dans une boîte à impact"},
			Offers: []string{"HTML / CSS, un peu de JavaScript"}},
		{ID: 5, Name: "Kevin", Title: "Développeur", Organisation: "Lambrecht Web", Consent: true,
			Offers: []string{"Symfony / PHP, maintenance de sites existants"}, Needs: []string{"sous-traitance d'agences"}},
		{ID: 6, Name: "Mathieu", Title: "CTO", Organisation: "Kalendo", Consent: true,
			Offers: []string{"On prend un(e) alternant(e) dev web à la rentrée"},
			Needs:  []string{"recruter un développeur web junior en alternance"}},
		{ID: 7, Name: "Inès", Title: "étudiante", Organisation: "Code Fabrik", Consent: true,
			Offers: []string{"HTML / CSS"}, Needs: []string{"quelqu'un qui code depuis longtemps pour m'orienter"}},
	}
}

func reasonKinds(s Suggestion) map[ReasonKind][]string {
	out := map[ReasonKind][]string{}
	for _, r := range s.Reasons {
		out[r.Kind] = append(out[r.Kind], r.Concepts...)
	}
	return out
}

func TestTargets_AnInvestorsDealflowMeetsFoundersNotSkills(t *testing.T) {
	m := NewModel(targetsRoom(), Options{})
	dylan := m.Score(1, 2)
	if k := reasonKinds(dylan); len(k[ReasonOffers]) > 0 {
		t.Errorf("Frédéric looks for sport startups, not for sport coaching: got %q", dylan.Explain(m, "en"))
	}
	lea := m.Score(1, 3)
	if k := reasonKinds(lea); len(k[ReasonTarget]) == 0 {
		t.Fatalf("Léa's project is the kind Frédéric looks for: got %q", lea.Explain(m, "en"))
	}
	if !(lea.Score > dylan.Score) {
		t.Errorf("Léa %.3f should outrank Dylan %.3f for Frédéric", lea.Score, dylan.Score)
	}
	fr, en := lea.Explain(m, "fr"), m.Score(3, 1).Explain(m, "en")
	if !strings.Contains(fr, "Léa travaille dans le sport, le domaine que vous recherchez") {
		t.Errorf("French reason: %q", fr)
	}
	if !strings.Contains(en, "Frédéric wants to meet people in sport") {
		t.Errorf("the other way round: %q", en)
	}
}

func TestTargets_AJobSeekerMeetsEmployersNotPractitioners(t *testing.T) {
	m := NewModel(targetsRoom(), Options{})
	kevin := m.Score(4, 5)
	if k := reasonKinds(kevin); len(k[ReasonOffers]) > 0 || len(k[ReasonRole]) > 0 {
		t.Errorf("Romane looks for an apprenticeship, not for a developer: got %q", kevin.Explain(m, "en"))
	}
	mathieu := m.Score(4, 6)
	if !(mathieu.Score > kevin.Score) || len(mathieu.Reasons) == 0 {
		t.Errorf("Mathieu, who takes an apprentice, %.3f %q should outrank Kevin %.3f", mathieu.Score, mathieu.Explain(m, "en"), kevin.Score)
	}
	// The recruiter sees what the job seeker brings.
	back := m.Score(6, 4)
	if k := reasonKinds(back); len(k[ReasonOffers]) == 0 {
		t.Errorf("Mathieu looks for a junior web developer, which Romane is: got %q", back.Explain(m, "en"))
	}
}

func TestTargets_AStudentsTitleOffersNothing(t *testing.T) {
	m := NewModel(targetsRoom(), Options{})
	for _, u := range m.Understood(7) {
		if u.Field == FieldTitle {
			t.Errorf("« étudiante » read as offering %q", u.Key)
		}
	}
}

// An apprentice's or an intern's title (« Juriste (alternance) ») says
// what they are: it offers no apprenticeship to a student who seeks one.
func TestTargets_AnApprenticesTitleOffersNoApprenticeship(t *testing.T) {
	m := NewModel([]Profile{
		{ID: 1, Title: "Étudiante en BTS", Needs: []string{"Une entreprise pour mon alternance en BTS NDRC"}, Consent: true},
		{ID: 2, Title: "Juriste (alternance)", Offers: []string{"Rédaction de CGU et politique de confidentialité"}, Consent: true},
	}, Options{})
	for _, u := range m.Understood(2) {
		if u.Field == FieldTitle && u.Key == "apprenticeship" {
			t.Errorf("« Juriste (alternance) » read as offering an apprenticeship")
		}
	}
	if s := m.Score(1, 2); s.Score > 0 {
		t.Errorf("the apprentice lawyer is suggested to the student: %q", s.Explain(m, "en"))
	}
}

func TestTargetHead_ReadsWhomANeedIsAbout(t *testing.T) {
	for part, want := range map[string]bool{
		"startups sport & santé connectée":                          true,
		"des restaurateurs pour tester la V2":                       true,
		"entreprises en croissance qui déménagent":                  true,
		"Dealflow en deeptech et industrie":                         true,
		"Des fondateurs qui veulent être challengés":                true,
		"un business angel qui connaît le milieu hospitalier":       false,
		"un fondateur qui a déjà levé pour me conseiller":           false,
		"une entreprise de nettoyage pour nos locaux":               false,
		"trouver mes premiers clients":                              false,
		"des conseils pour recruter":                                false,
		"je cherche des PME industrielles pour un pilote":           true,
		"intros to companies with €1M+ ARR":                         true,
		"un développeur pour notre système de réservation":          false,
		"Mise en relation avec des collectivités":                   true,
		"quelqu'un qui connaît les marchés publics":                 false,
		"marques qui veulent relocaliser leur production en France": true,
		"Meet Brussels founders raising in the next 6 months":       true,
		"des pharmacies partenaires":                                true,
		"Un sponsor":                                                false,
		"intros to ops managers in mid-size warehouses":             true,
		"start-ups en phase d'amorçage":                             true,
		"e-commerçants de 100 à 5000 colis/mois":                    true,
		"French farmers with large roofs":                           true,
		"des EHPAD et des CCAS partenaires":                         true,
		"Shopify expert for our e-shop":                             false,
		"Clients dans la tech ou l'ESS":                             true,
		"customers in retail":                                       true,
		"des clients réguliers":                                     false,
		"Rencontrer les incubés du territoire":                      true,
	} {
		if got := targetHead(readWords(part), part); got != want {
			t.Errorf("targetHead(%q) = %v, want %v", part, got, want)
		}
	}
}

func TestJobSearch_SaysWhereAndAsWhat(t *testing.T) {
	v := DefaultVocabulary()
	room := []Profile{{ID: 1, Consent: true, Needs: []string{"Rejoindre une startup à impact comme stagiaire marketing"}}}
	m := NewModel(room, Options{Vocabulary: v})
	pp := m.get(1)
	if _, ok := pp.f.offers["marketing"]; !ok {
		t.Errorf("the job seeker brings marketing: offers %v", pp.f.offers)
	}
	if _, ok := pp.f.targets["impact"]; !ok && len(pp.f.targets) == 0 {
		t.Errorf("the employer sought is about impact: targets %v", pp.f.targets)
	}
	if _, ok := pp.f.needs["marketing"]; ok {
		t.Errorf("marketing is not a skill she looks for: needs %v", pp.f.needs)
	}
}

func TestJobSearch_EnglishOrderAndLongAnswers(t *testing.T) {
	m := NewModel([]Profile{
		{ID: 1, Consent: true, Needs: []string{"A data analyst internship"}},
		{ID: 2, Consent: true, Needs: []string{"Un stage en backend Python. J'ai fait un scraper de prix immobiliers."}},
		{ID: 3, Consent: true, Needs: []string{"recruter un développeur en alternance"}},
	}, Options{})
	if _, ok := m.get(1).f.needs["data-science"]; ok {
		t.Errorf("an internship sought is no need for data: needs %v", m.get(1).f.needs)
	}
	if _, ok := m.get(2).f.offers["real-estate"]; ok {
		t.Errorf("a side project told in a second sentence is no offer: offers %v", m.get(2).f.offers)
	}
	if len(m.get(3).f.offers) > 0 {
		t.Errorf("a recruiter's need read as a job search: offers %v", m.get(3).f.offers)
	}
}

func TestJobSearch_AHeadAfterADurationAndAFieldAfterIn(t *testing.T) {
	m := NewModel([]Profile{
		{ID: 1, Consent: true, Needs: []string{"Looking for a 6-month internship in data analysis (Python, SQL, Power BI)"}},
	}, Options{})
	p := m.get(1)
	if _, ok := p.f.offers["python"]; !ok {
		t.Errorf("the skills of an internship sought are what the student brings: offers %v", p.f.offers)
	}
	if _, ok := p.f.needs["python"]; ok {
		t.Errorf("Python is no help the student looks for: needs %v", p.f.needs)
	}
}

func TestKeySet_HoldsWordsAsTheyAreRead(t *testing.T) {
	set := keySet("dans startups nouveaux")
	for _, w := range readWords("Dans les Startups, nouveaux") {
		if !set[w.key] {
			t.Errorf("word key %q is not in its set", w.key)
		}
	}
}

func TestAudience_AnOfferForANonProfitOffersNoNonProfitKnowledge(t *testing.T) {
	m := NewModel([]Profile{{ID: 1, Consent: true, Offers: []string{"React, Node.js, je peux faire un site vitrine pour une asso"}}}, Options{})
	offers := m.get(1).f.offers
	if _, ok := offers["nonprofit"]; ok {
		t.Errorf("« pour une asso » says whom the site is for: offers %v", offers)
	}
	if _, ok := offers["web-development"]; !ok {
		t.Errorf("the site itself is offered: offers %v", offers)
	}
}

func TestJobSearch_TheCompanysContractIsNoJobSought(t *testing.T) {
	v := DefaultVocabulary()
	f := v.extract(Profile{ID: 1, Needs: []string{"Notre contrat d'électricité arrive à échéance en juin, on a peur de signer au pire moment"}, Consent: true}, nil)
	if _, ok := f.needs["energy-contracts"]; !ok {
		t.Errorf("the company seeks help with its energy contract: needs %v offers %v", f.needs, f.offers)
	}
}
