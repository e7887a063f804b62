package matcher

import (
	"strings"
	"sync"
	"testing"
)

func karimAndAmelie() []Profile {
	return []Profile{
		{ID: 1, Name: "Amélie", Organisation: "EcoleLab", Needs: []string{"levée de fonds"}, Offers: []string{"pédagogie"},
			Interests: []string{"éducation", "musique"}, Consent: true},
		{ID: 2, Name: "Karim", Organisation: "Seed Capital", Offers: []string{"Fundraising", "SEO"},
			Interests: []string{"Education"}, Consent: true},
		{ID: 3, Name: "Théo", Organisation: "Other", Interests: []string{"education", "musique", "cinéma"}, Consent: true},
		{ID: 4, Name: "Inès", Organisation: "Hidden", Offers: []string{"levée de fonds"}, Consent: false},
		{ID: 5, Name: "Zoé", Organisation: "EcoleLab", Interests: []string{"education", "musique"}, Consent: true},
	}
}

func TestModel_Score_NeedMetByOfferOutranksSharedInterests(t *testing.T) {
	m := NewModel(karimAndAmelie(), Options{})
	karim, theo := m.Score(1, 2), m.Score(1, 3)
	if karim.Score <= theo.Score {
		t.Fatalf("Karim (offers the need) scored %.3f, Théo (shares more interests) %.3f", karim.Score, theo.Score)
	}
	if karim.Reasons[0].Kind != ReasonOffers || karim.Reasons[0].Concepts[0] != "fundraising" {
		t.Errorf("first reason = %+v; want offers fundraising", karim.Reasons[0])
	}
}

func TestModel_Score_IsSymmetric(t *testing.T) {
	m := NewModel(synthEvent(60, 1), Options{})
	for a := uint64(1); a <= 60; a += 7 {
		for b := uint64(1); b <= 60; b += 5 {
			if x, y := m.Score(a, b).Score, m.Score(b, a).Score; x-y > 1e-12 || y-x > 1e-12 {
				t.Fatalf("Score(%d,%d)=%v but Score(%d,%d)=%v", a, b, x, b, a, y)
			}
		}
	}
}

func TestModel_Score_SameOrganisationIsPenalised(t *testing.T) {
	m := NewModel(karimAndAmelie(), Options{})
	if zoe, theo := m.Score(1, 5), m.Score(1, 3); zoe.Score >= theo.Score {
		t.Errorf("same-organisation Zoé %.3f should score below Théo %.3f", zoe.Score, theo.Score)
	}
}

func TestModel_Rank_NeverSuggestsSelfOrNonConsenting(t *testing.T) {
	m := NewModel(karimAndAmelie(), Options{})
	got := m.Rank(1, 10, nil)
	if len(got) == 0 || got[0].ID != 2 {
		t.Fatalf("Rank(1) = %+v; want Karim first", got)
	}
	for _, s := range got {
		if s.ID == 1 || s.ID == 4 {
			t.Errorf("Rank(1) suggests %d", s.ID)
		}
	}
	if got := m.Rank(4, 10, nil); got != nil {
		t.Errorf("non-consenting person got suggestions %+v", got)
	}
	if got := m.Rank(1, 10, func(id uint64) bool { return id != 2 }); len(got) > 0 && got[0].ID == 2 {
		t.Error("candidate filter ignored")
	}
}

func TestModel_Upsert_ReplacesAndAddsLive(t *testing.T) {
	m := NewModel(karimAndAmelie(), Options{})
	m.Upsert(Profile{ID: 6, Name: "Walk-in", Offers: []string{"LEVÉE DE FONDS"}, Needs: []string{"pédagogie"}, Consent: true})
	if got := m.Rank(1, 1, nil); got[0].ID != 6 && got[0].ID != 2 {
		t.Errorf("walk-in not ranked: %+v", got)
	}
	m.Upsert(Profile{ID: 2, Name: "Karim", Consent: true})
	if s := m.Score(1, 2); s.Score != 0 {
		t.Errorf("after emptying Karim's profile, score = %v", s.Score)
	}
	if m.Len() != 6 {
		t.Errorf("Len = %d; want 6", m.Len())
	}
}

func TestModel_Upsert_SafeWithConcurrentReaders(t *testing.T) {
	m := NewModel(synthEvent(200, 2), Options{})
	extra := synthEvent(300, 3)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, p := range extra[200:] {
			p.ID += 1000
			m.Upsert(p)
		}
	}()
	go func() {
		defer wg.Done()
		for i := uint64(1); i <= 100; i++ {
			for _, s := range m.Rank(i, 5, nil) {
				_ = s.Explain(m, "fr")
			}
		}
	}()
	wg.Wait()
	if m.Len() != 300 {
		t.Errorf("Len = %d; want 300", m.Len())
	}
}

func TestSuggestion_Explain_RendersReasonsInFrenchAndEnglish(t *testing.T) {
	m := NewModel(karimAndAmelie(), Options{})
	s := m.Score(1, 2)
	tests := []struct{ lang, want string }{
		{"fr", "Karim peut vous aider pour la levée de fonds, que vous recherchez ; vous vous intéressez tous deux à l'éducation"},
		{"en", "Karim can help with fundraising, which you are looking for; you both care about education"},
	}
	for _, tt := range tests {
		if got := s.Explain(m, tt.lang); got != tt.want {
			t.Errorf("Explain(%s) =\n %q\nwant\n %q", tt.lang, got, tt.want)
		}
	}
	if got := m.Score(2, 1).Explain(m, "en"); !strings.HasPrefix(got, "Amélie is looking for fundraising, which you offer") {
		t.Errorf("needs direction: %q", got)
	}
}

// After Reserve(n), n new people's Upserts copy no rows: the matrix's
// growth happened once, where the caller chose (outside the locks their
// Upserts run under).
func TestModel_Reserve_UpsertsOfThatManyCopyNoRows(t *testing.T) {
	m := NewModel(karimAndAmelie(), Options{})
	m.Reserve(100)
	before := &m.rows[:1][0]
	for i := range 100 {
		m.Upsert(Profile{ID: uint64(1000 + i), Name: "New", Offers: []string{"pédagogie"}, Consent: true})
	}
	if after := &m.rows[:1][0]; after != before {
		t.Error("the rows were copied by the Upserts after Reserve")
	}
	if m.Len() != len(karimAndAmelie())+100 {
		t.Errorf("Len = %d, want %d", m.Len(), len(karimAndAmelie())+100)
	}
}
