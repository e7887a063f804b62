package matcher

import (
	"strings"
	"testing"
)

func TestAudience_AProjectsMarketIsNotThePersonsField(t *testing.T) {
	people := []Profile{
		{ID: 1, Name: "Sarah", Consent: true, Needs: []string{"rencontrer des artisans lyonnais pour notre place de marché"}},
		{ID: 2, Name: "Thibault", Consent: true, Project: "On rénove et on aménage les utilitaires des artisans pour qu'ils durent dix ans de plus."},
		{ID: 3, Name: "Juliette", Consent: true, Project: "Un atelier de céramique à la Croix-Rousse, je suis artisane."},
	}
	m := NewModel(people, Options{})
	for _, r := range m.Score(1, 2).Reasons {
		if r.Kind == ReasonTarget {
			t.Errorf("Thibault serves artisans, he is not one: %q", m.Score(1, 2).Explain(m, "en"))
		}
	}
	if got := m.Score(1, 3).Explain(m, "en"); !strings.Contains(got, "Juliette works in") {
		t.Errorf("a ceramicist is an artisan: %q", got)
	}
}

// TestAudience_WhomAPartNamesIsNotWhatItSeeksOrOffers reads one part at
// a time and checks whether the concept lands in the field's bag.
func TestAudience_WhomAPartNamesIsNotWhatItSeeksOrOffers(t *testing.T) {
	v := DefaultVocabulary()
	for _, c := range []struct {
		why         string
		p           Profile
		bag         func(features) bag
		key         string
		wantPresent bool
	}{
		{"an accountant who wants freelancers as clients seeks no help with freelancing",
			Profile{Needs: []string{"des clients freelances tech"}}, func(f features) bag { return f.needs }, "freelance", false},
		{"becoming a freelancer is a need for freelancing",
			Profile{Needs: []string{"devenir freelance l'an prochain"}}, func(f features) bag { return f.needs }, "freelance", true},
		{"a funder looking for projects to finance is not looking for funders",
			Profile{Needs: []string{"de nouveaux projets à financer"}}, func(f features) bag { return f.targets }, "funding", false},
		{"software for associative shops offers no non-profit knowledge",
			Profile{Offers: []string{"J'installe des logiciels de caisse libres pour épiceries et boutiques associatives"}},
			func(f features) bag { return f.offers }, "nonprofit", false},
	} {
		b := c.bag(v.extract(c.p, func(string, string) {}))
		if _, got := b[c.key]; got != c.wantPresent {
			t.Errorf("%s: %s present = %v in %v", c.why, c.key, got, b)
		}
	}
}

func TestAudience_AnOfferForIncubateesOffersNoIncubation(t *testing.T) {
	v := DefaultVocabulary()
	f := v.extract(Profile{ID: 1, Offers: []string{"Premier rendez-vous gratuit pour les incubés"}, Consent: true}, nil)
	if _, ok := f.offers["incubation"]; ok {
		t.Errorf("a lawyer's free first meeting for incubatees offers no incubation: offers %v", f.offers)
	}
}
