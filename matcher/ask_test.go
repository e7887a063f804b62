package matcher

import (
	"fmt"
	"slices"
	"testing"
)

func askRoom() (*Model, *Index) {
	m := NewModel([]Profile{
		{ID: 1, Name: "Karim", Organisation: "Finaxy", Consent: true, Needs: []string{"fundraising"}},
		{ID: 2, Name: "Inès", Organisation: "Espaces Verts", Consent: true, Offers: []string{"locaux professionnels à Bruxelles"}},
		{ID: 3, Name: "Théo", Organisation: "Agricool", Consent: true, Offers: []string{"hardware"}, Needs: []string{"office space"}},
		{ID: 4, Name: "Zoé", Organisation: "Discrète", Offers: []string{"bureaux"}},                    // no consent
		{ID: 5, Name: "Paul", Organisation: "Finaxy", Consent: true, Offers: []string{"office space"}}, // Karim's colleague
		{ID: 6, Name: "Lina", Organisation: "Angels", Title: "business angel", Consent: true},
		{ID: 7, Name: "Bruno", Organisation: "Absent", Consent: true, Offers: []string{"office space"}}, // not present
	}, Options{})
	ix := NewIndex(m, 5)
	for _, id := range []uint64{1, 2, 3, 4, 5, 6} {
		ix.Arrive(id)
	}
	return m, ix
}

// answerIDs are the IDs of sgs, in order.
func answerIDs(sgs []Suggestion) []uint64 {
	return mapped(sgs, func(s Suggestion) uint64 { return s.ID })
}

func TestIndexAnswer_FindsThePresentConsentingPeopleWhoOfferWhatTheAskNeeds(t *testing.T) {
	m, ix := askRoom()
	got := ix.Answer(1, "Je cherche un local à Bruxelles pour 3 mois", 5)
	if !slices.Equal(answerIDs(got), []uint64{2}) {
		t.Fatalf("answers %v, want only Inès (2): not Théo who needs it, not Zoé without consent, not Paul a colleague, not Bruno absent", answerIDs(got))
	}
	if fr, en := got[0].ExplainAnswer(m, "fr"), got[0].ExplainAnswer(m, "en"); fr != "vous proposez les locaux professionnels" || en != "you offer office space" {
		t.Fatalf("explained %q / %q", fr, en)
	}
	got = ix.Answer(3, "on veut lever des fonds", 5)
	if !slices.Equal(answerIDs(got), []uint64{6}) {
		t.Fatalf("answers %v, want Lina (a business angel, by her title)", answerIDs(got))
	}
	if en := got[0].ExplainAnswer(m, "en"); en != "your profile (“business angel”) answers fundraising" {
		t.Fatalf("explained %q", en)
	}
}

func TestIndexAnswer_LeavesOutDeclinedPairsAndAnswersNothingToAnEmptyAsk(t *testing.T) {
	_, ix := askRoom()
	ix.Exclude(1, 2)
	if got := ix.Answer(1, "cherche des bureaux", 5); len(got) != 0 {
		t.Fatalf("answers %v after Karim declined Inès", answerIDs(got))
	}
	if got := ix.Answer(3, "   ", 5); got != nil {
		t.Fatalf("an empty ask got %v", answerIDs(got))
	}
	if got := ix.Answer(99, "office space", 5); !slices.Equal(answerIDs(got), []uint64{2, 5}) {
		t.Fatalf("an author the model does not know got %v, want Inès and Paul", answerIDs(got))
	}
}

func TestVocabularyConcepts_ReadsASearchInEitherLanguage(t *testing.T) {
	v := DefaultVocabulary()
	for text, want := range map[string][]string{
		"levée de fonds": {"fundraising"},
		"Fundraising":    {"fundraising"},
		"locaux":         {"office-space"},
		"Karim":          nil,
		"levée de fonds et location de bureaux ?": {"fundraising", "office-space"},
	} {
		if got := v.Concepts(text); !slices.Equal(got, want) {
			t.Errorf("Concepts(%q) = %v, want %v", text, got, want)
		}
	}
}

// BenchmarkIndex_Answer measures asks matched per second: one ask read as
// a need and scored against everyone present (the help pass), with the
// reasons of the answers.
func BenchmarkIndex_Answer(b *testing.B) {
	for _, n := range []int{300, 3_000} {
		b.Run(fmt.Sprintf("present=%d", n), func(b *testing.B) {
			ix := loadedBenchIndex(b, n, 5)
			asks := []string{"Je cherche un local à Bruxelles pour 3 mois", "Need a beta tester for a B2B SaaS",
				"on cherche à lever des fonds en seed", "besoin d'un avocat en droit des sociétés", "looking for a UX designer"}
			answered := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				answered += len(ix.Answer(uint64(i%n+1), asks[i%len(asks)], 10))
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "asks/s")
			b.ReportMetric(float64(answered)/float64(b.N), "answers/ask")
		})
	}
}
