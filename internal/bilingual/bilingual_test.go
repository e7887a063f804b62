package bilingual

import (
	"encoding/json"
	"testing"
)

func TestText_In_EnglishForEnFrenchOtherwise(t *testing.T) {
	text := Text{FR: "Bonjour", EN: "Hello"}
	for lang, want := range map[string]string{"en": "Hello", "fr": "Bonjour", "": "Bonjour", "de": "Bonjour"} {
		if got := text.In(lang); got != want {
			t.Errorf("In(%q) = %q, want %q", lang, got, want)
		}
	}
}

func TestText_JSON_NamesBothLanguages(t *testing.T) {
	b, err := json.Marshal(Text{FR: "oui", EN: "yes"})
	if err != nil || string(b) != `{"fr":"oui","en":"yes"}` {
		t.Fatalf("json.Marshal = %s, %v", b, err)
	}
}
