package textfold

import "testing"

func TestFold_AccentsCaseAndLigatures(t *testing.T) {
	for in, want := range map[string]string{
		"LEVÉE de fonds":  "levee de fonds",
		"Œuvre cœur":      "oeuvre coeur",
		"Straße":          "strasse",
		"Ça, c'est l'été": "ca, c'est l'ete",
		"🌸 Amélie":        "🌸 amelie",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q; want %q", in, got, want)
		}
	}
}
