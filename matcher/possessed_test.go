package matcher

import "testing"

func TestPossessed_WhatANeedSaysThePersonHasIsNotSought(t *testing.T) {
	v := DefaultVocabulary()
	for _, c := range []struct {
		need, phrase string
		sought       bool
	}{
		{"j'ai que le bouche à oreille, mes clientes ne me trouvent pas", "bouche à oreille", false},
		{"pour l'instant on n'a que du bouche à oreille", "bouche à oreille", false},
		{"on a déjà un comptable", "comptable", false},
		{"we already have an accountant", "accountant", false},
		{"je n'ai pas de comptable", "comptable", true},
		{"j'ai besoin d'un comptable", "comptable", true},
		{"un comptable qui connaît les SRL", "comptable", true},
		{"I have no accountant yet", "accountant", true},
		{"je n'ai plus de comptable depuis mars", "comptable", true},
		{"on a 0 comptable", "comptable", true},
		{"nos bénévoles ne savent pas utiliser l'ordinateur", "bénévoles", false},
		{"our volunteers don't know how to use a computer", "volunteers", false},
		{"nos bénévoles partent au bout de trois mois, comment les garder ?", "bénévoles", true},
		{"des bénévoles le samedi matin", "bénévoles", true},
		{"nos bénévoles", "bénévoles", true},
		{"retour terrain d'une infirmière pour valider notre idée avant de coder", "coder", false},
		{"feedback on our deck before fundraising", "fundraising", false},
		{"apprendre à coder", "coder", true},
		{"Looking for advice on a reward-based crowdfunding campaign", "crowdfunding", true},
		{"on a déjà un crowdfunding en cours", "crowdfunding", false},
	} {
		key, ok := v.Lookup(c.phrase)
		if !ok {
			t.Fatalf("%q names no concept", c.phrase)
		}
		f := v.extract(Profile{Needs: []string{c.need}}, func(string, string) {})
		if _, got := f.needs[key]; got != c.sought {
			t.Errorf("%q: %s sought = %v, want %v", c.need, key, got, c.sought)
		}
	}
}

func TestNeeds_WhoSeeksAndWhyAreNotSought(t *testing.T) {
	v := DefaultVocabulary()
	for _, tt := range []struct {
		need      string
		notSought string
		sought    string
	}{
		{"audit RGAA pour notre plateforme (marchés publics oblige)", "public-procurement", "accessibility-audit"},
		{"traiteur cherche cuisine profesionelle a louer quelques jours par semaine", "foodservice-channel", ""},
		{"Levée de fonds : on cherche des business angels", "", "fundraising"},
		{"Recherche comptable pour ma SAS", "", "accounting"},
		{"Assurance RC professionnelle pour mon activité de coach", "coaching", "insurance"},
		{"Mettre notre appli santé en conformité RGPD et HDS", "mobile-apps", "gdpr"},
		{"Un avocat pour rédiger notre pacte d'associés", "", "shareholders-agreement"},
		{"Refaire notre site", "", "web-development"},
		{"Être mieux référencée sur Google, notre e-shop est invisible", "ecommerce", "seo"},
		{"Nos fichiers clients se sont fait chiffrer par un pirate", "crm-tools", "cybersecurity"},
		{"Des invités entrepreneurs pour notre podcast", "entrepreneurship", ""},
		{"Une mission freelance longue durée", "freelance", ""},
		{"Any advice on early-stage public grants for deeptech? (non-dilutive)", "", "grants"},
		{"Je sors du bootcamp et je cherche un vrai projet pour m'exercer", "training", ""},
		{"fresh out of a coding bootcamp, looking for a first job", "training", ""},
		{"Un bootcamp pour apprendre à coder", "", "training"},
	} {
		f := v.extract(Profile{ID: 1, Needs: []string{tt.need}, Consent: true}, nil)
		if tt.notSought != "" {
			if _, ok := f.needs[tt.notSought]; ok {
				t.Errorf("%q: %s is not what is sought (needs %v)", tt.need, tt.notSought, f.needs)
			}
		}
		if tt.sought != "" {
			if _, ok := f.needs[tt.sought]; !ok {
				t.Errorf("%q: want %s among needs %v", tt.need, tt.sought, f.needs)
			}
		}
	}
}

// A job seeker's small ad names what they bring before « cherche »: it
// is read as their offer (targets.go), not dropped as who seeks.
func TestNeeds_AJobSeekersSmallAdKeepsTheSkillTheyBring(t *testing.T) {
	v := DefaultVocabulary()
	f := v.extract(Profile{ID: 1, Needs: []string{"Développeuse web cherche une alternance"}, Consent: true}, nil)
	if _, ok := f.offers["web-development"]; !ok {
		t.Errorf("she brings web development: offers %v needs %v", f.offers, f.needs)
	}
}

// A candidate's offer (« dispo pour un stage de 6 mois ») meets a
// recruiter, but never says they offer an internship: the job concept is
// loose, so it makes no reason and, alone, no suggestion.
func TestOffers_ACandidatesAvailabilityOffersNoPosition(t *testing.T) {
	v := DefaultVocabulary()
	f := v.extract(Profile{ID: 1, Offers: []string{"Motivée, dispo pour un stage de 6 mois à partir de janvier"}, Consent: true}, nil)
	if _, read := f.offers["internships"]; !read || !f.loose[looseKey{looseOffers, "internships"}] {
		t.Errorf("want internships read loose: offers %v loose %v", f.offers, f.loose)
	}
	f = v.extract(Profile{ID: 2, Offers: []string{"Stages de fin d'études en data"}, Consent: true}, nil)
	if f.loose[looseKey{looseOffers, "internships"}] {
		t.Errorf("an employer's internships are firm: loose %v", f.loose)
	}
}
