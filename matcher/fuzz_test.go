package matcher

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseVocabulary feeds organisers' extra.tsv files of any shape: a
// file is either refused with an error naming its line, or it extends the
// built-in vocabulary, and every concept it defines is found again through
// its own labels; matching profiles that use its aliases never panics.
func FuzzParseVocabulary(f *testing.F) {
	f.Add("hackathon\thackathon\thackathon\thack|game jam\n")
	f.Add("# comment\n\nseo\tréférencement\tSEO\tsearch engine optimisation|référencement naturel\n")
	f.Add("bad key!\tx\ty\n")
	f.Add("only-two\tcolumns\n")
	f.Add("k\t\t\t|||\n")
	f.Add("\xff\xfe\tç\tÉ\n")
	f.Fuzz(func(t *testing.T, tsv string) {
		extra, err := ParseVocabulary(strings.NewReader(tsv))
		if err != nil {
			if !strings.Contains(err.Error(), "line") {
				t.Fatalf("error without a line number: %v", err)
			}
			return
		}
		v := DefaultVocabulary()
		v.Extend(extra)
		var tags []string
		for _, key := range extra.Keys() {
			for _, lang := range []string{"fr", "en"} {
				label, ok := extra.Label(key, lang)
				if !ok {
					t.Fatalf("concept %q has no %s label", key, lang)
				}
				tags = append(tags, label)
			}
		}
		m := NewModel([]Profile{
			{ID: 1, Name: "A", Needs: tags, Interests: tags, Project: tsv, Consent: true},
			{ID: 2, Name: "B", Offers: tags, Interests: tags, Consent: true},
		}, Options{Vocabulary: v})
		s := m.Score(1, 2)
		for _, lang := range []string{"fr", "en"} {
			if e := s.Explain(m, lang); !utf8.ValidString(e) {
				t.Fatalf("explanation is not UTF-8: %q", e)
			}
		}
	})
}

// FuzzNormalise: folding, tokenising and stemming any text never panics,
// yields valid UTF-8, and folding is idempotent.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"Levée de FONDS", "référencement naturel", "Œuvres d'art & IA", "l'économie sociale et solidaire", "\xff\xfe", "ÇA—VA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := fold(s)
		if fold(folded) != folded {
			t.Fatalf("fold is not idempotent on %q: %q then %q", s, folded, fold(folded))
		}
		for _, tok := range append(tokens(s), stems(s)...) {
			if !utf8.ValidString(tok) {
				t.Fatalf("token %q of %q is not UTF-8", tok, s)
			}
		}
		_ = phraseKey(s)
	})
}
