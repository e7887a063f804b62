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

// FuzzNormalise: reading any text never panics, yields valid UTF-8 keys,
// spans that lie inside the text, and a phrase key that reads back the same.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"Levée de FONDS", "référencement naturel", "Œuvres d'art & IA", "l'économie sociale et solidaire", "\xff\xfe", "ÇA—VA", "🌸 C++ / c# 𝐀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range readWords(s) {
			if !utf8.ValidString(w.key) || w.key == "" {
				t.Fatalf("word %q of %q is empty or not UTF-8", w.key, s)
			}
			if w.start < 0 || w.end > len(s) || w.start >= w.end {
				t.Fatalf("word %q of %q has span [%d, %d)", w.key, s, w.start, w.end)
			}
		}
		pk := phraseKey(s)
		if again := phraseKey(pk); again != pk {
			t.Fatalf("phraseKey is not stable on %q: %q then %q", s, pk, again)
		}
	})
}
