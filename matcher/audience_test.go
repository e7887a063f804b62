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

func TestAudience_CustomersWhoAreFreelancersAreNoNeedForFreelancing(t *testing.T) {
	v := DefaultVocabulary()
	f := v.extract(Profile{Needs: []string{"des clients freelances tech"}}, func(string, string) {})
	if _, ok := f.needs["freelance"]; ok {
		t.Errorf("an accountant who wants freelancers as clients seeks no help with freelancing: %v", f.needs)
	}
	g := v.extract(Profile{Needs: []string{"devenir freelance l'an prochain"}}, func(string, string) {})
	if _, ok := g.needs["freelance"]; !ok {
		t.Errorf("becoming a freelancer is a need for freelancing: %v", g.needs)
	}
}

func TestAudience_ProjectsToFinanceAreNoTargetOfFunders(t *testing.T) {
	v := DefaultVocabulary()
	f := v.extract(Profile{Needs: []string{"de nouveaux projets à financer"}}, func(string, string) {})
	if _, ok := f.targets["funding"]; ok {
		t.Errorf("a funder looking for projects to finance is not looking for funders: targets %v", f.targets)
	}
	g := v.extract(Profile{Offers: []string{"J'installe des logiciels de caisse libres pour épiceries et boutiques associatives"}}, func(string, string) {})
	if _, ok := g.offers["nonprofit"]; ok {
		t.Errorf("software for associative shops offers no non-profit knowledge: offers %v", g.offers)
	}
}
