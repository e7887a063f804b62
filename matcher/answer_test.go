package matcher

import "testing"

// A consultant who offers CE marking and looks for medtech start-ups: the
// start-ups that need CE marking are far better suggestions than those
// that are only in medtech, and no turn of the answer puts one of the
// latter before one of the former.
func TestAnswer_AFarStrongerCandidateIsNotPutBehindAWeakTurn(t *testing.T) {
	ps := []Profile{
		{ID: 1, Name: "Léa", Offers: []string{"accompagnement au marquage CE des dispositifs médicaux"}, Needs: []string{"rencontrer des startups medtech"}, Consent: true},
		{ID: 2, Name: "Rachid", Sector: "Medtech", Project: "Un capteur de posture pour les kinés.", Consent: true},
		{ID: 3, Name: "Florian", Sector: "Medtech", Project: "Une attelle connectée.", Consent: true},
		{ID: 4, Name: "Nina", Sector: "Medtech", Project: "Un tensiomètre de poignet.", Consent: true},
		{ID: 5, Name: "Thomas", Sector: "Medtech", Needs: []string{"aide pour le marquage CE classe IIa"}, Consent: true},
		{ID: 6, Name: "Simon", Sector: "Medtech", Needs: []string{"marquage CE de notre dispositif"}, Consent: true},
		{ID: 7, Name: "Mélanie", Sector: "Medtech", Needs: []string{"qui connaît le marquage CE ?"}, Consent: true},
		{ID: 8, Name: "Pierre", Sector: "Medtech", Needs: []string{"on prépare notre marquage CE"}, Consent: true},
	}
	m := NewModel(ps, Options{})
	list := m.Rank(1, 5, nil)
	for i, s := range list {
		t.Logf("%d: %d %.3f %s", i+1, s.ID, s.Score, s.Explain(m, "en"))
	}
	seenWeak := false
	for _, s := range list {
		switch {
		case s.ID >= 5 && seenWeak:
			t.Errorf("%d (needs CE marking) comes after a start-up that is only in medtech: %v", s.ID, list)
		case s.ID < 5:
			seenWeak = true
		}
	}
}
