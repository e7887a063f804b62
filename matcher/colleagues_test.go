package matcher

import "testing"

func TestColleagueKeys_SameOrganisationUnderItsSpellings(t *testing.T) {
	type person struct{ org, email string }
	tests := []struct {
		a, b      person
		colleague bool
	}{
		{person{"Miettes SAS", "lea@miettes.fr"}, person{"Miettes", "tom@gmail.com"}, true},
		{person{"MIETTES s.a.s.", ""}, person{"miettes", ""}, true},
		{person{"Brasserie Lune SRL", ""}, person{"Brasserie Lune", "x@skynet.be"}, true},
		{person{"", "a@acme.io"}, person{"Acme", "b@acme.io"}, true},
		{person{"Station F", "a@kelp.io"}, person{"Station F", "b@trouvaille.fr"}, false},
		{person{"Station F", "a@gmail.com"}, person{"Station F", "b@hotmail.fr"}, false},
		{person{"Euratech", "a@kelp.io"}, person{"Euratech", "b@trouvaille.fr"}, false},
		{person{"Freelance", "a@gmail.com"}, person{"freelance", "b@gmail.com"}, false},
		{person{"", "a@gmail.com"}, person{"", "b@gmail.com"}, false},
		{person{"", "a@orange.fr"}, person{"", "b@orange.fr"}, false},
		{person{"BNP Paribas", "a@bnpparibas.com"}, person{"BNP Paribas", "b@gmail.com"}, true},
		{person{"Code Garonne (école)", "s@codegaronne.fr"}, person{"Code Garonne", "m@gmail.com"}, true},
		{person{"(en création)", "a@gmail.com"}, person{"(en création)", "b@gmail.com"}, false},
		{person{"ULB - Université libre de Bruxelles", "p@ulb.be"}, person{"Université Libre de Bruxelles", "a@ulb.ac.be"}, true},
		{person{"CHU de Lyon - Cellule Innovation", "s@chu-lyon.fr"}, person{"CHU de Lyon", "c@gmail.com"}, true},
		{person{"Kelp", "a@kelp.io"}, person{"Trouvaille", "b@trouvaille.fr"}, false},
		{person{"Les Disques du Grenier", "m@lesdisquesdugrenier.fr"}, person{"Disques du Grenier (les)", "r@gmail.com"}, true},
		{person{"Brasserie du Mont Pilat", "m@brasseriemontpilat.fr"}, person{"Brasserie Mont-Pilat", "l@gmail.com"}, true},
		{person{"Alliance Française Lille Métropole", "h@aflille.fr"}, person{"AF Lille", "p@gmail.com"}, true},
		{person{"Orange", "a@gmail.com"}, person{"", "b@orange.fr"}, false},
		{person{"Menuiserie Lefranc", "l@menuiserie-lefranc.fr"}, person{"menuiserie LEFRANC & fils", "h@gmail.com"}, true},
		{person{"Pêche & Go", "k@hotmail.com"}, person{"Peche and Go", "l@gmail.com"}, true},
		{person{"The Family", "a@gmail.com"}, person{"The Family", "b@gmail.com"}, false},
		{person{"Les Ateliers du Nord", "a@gmail.com"}, person{"Ateliers du Sud", "b@gmail.com"}, false},
		{person{"Quizzy.be", "lucie.dev@gmail.com"}, person{"Quizzy", "quentin@quizzy.be"}, true},
		{person{"www.Quizzy.be", ""}, person{"QUIZZY", ""}, true},
		{person{"Kelp.io", "a@gmail.com"}, person{"Trouvaille", "b@trouvaille.fr"}, false},
	}
	for _, tt := range tests {
		ka, kb := colleagueKeys(tt.a.org, tt.a.email), colleagueKeys(tt.b.org, tt.b.email)
		if got := sharedCount(ka, kb) > 0; got != tt.colleague {
			t.Errorf("%v (%q) and %v (%q): colleagues = %v; want %v", tt.a, ka, tt.b, kb, got, tt.colleague)
		}
	}
}

func TestModel_Rank_LeavesColleaguesOutUnlessAllowed(t *testing.T) {
	ps := []Profile{
		{ID: 1, Name: "Léa", Organisation: "Miettes SAS", Email: "lea@miettes.fr", Needs: []string{"levée de fonds"}, Consent: true},
		{ID: 2, Name: "Tom", Organisation: "Miettes", Offers: []string{"fundraising"}, Consent: true},
		{ID: 3, Name: "Karim", Organisation: "Kapital", Offers: []string{"fundraising"}, Consent: true},
	}
	got := NewModel(ps, Options{}).Rank(1, 5, nil)
	if len(got) != 1 || got[0].ID != 3 {
		t.Errorf("Rank(Léa) = %+v; want Karim only (Tom is her colleague)", got)
	}
	w := DefaultWeights()
	w.AllowColleagues = true
	if got := NewModel(ps, Options{Weights: w}).Rank(1, 5, nil); len(got) != 2 || got[0].ID != 3 {
		t.Errorf("Rank(Léa) allowing colleagues = %+v; want Karim then Tom", got)
	}
}
