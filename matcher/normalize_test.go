package matcher

import (
	"slices"
	"strings"
	"testing"
)

func TestReadWords_KeepsFunctionWordsDropsArticlesAndElisions(t *testing.T) {
	for in, want := range map[string][]string{
		"Levées de fonds":             {"levee", "de", "fond"},
		"prise de parole":             {"prise", "de", "parole"},
		"l'intelligence artificielle": {"intelligence", "artificielle"},
		"lever des fonds":             {"lever", "de", "fond"},
		"Série A":                     {"serie", "a"},
		"chefs d'entreprise":          {"chef", "de", "entreprise"},
		"C++ / C# et e-commerce":      {"c++", "c#", "et", "e", "commerce"},
		"qu'on m'aide":                {"on", "aide"},
		"les réseaux sociaux":         {"reseau", "social"},
		"companies":                   {"company"},
		"devis":                       {"devis"},
		"🌸 Amélie":                    {"amelie"},
	} {
		if got := keysOf(readWords(in)); !slices.Equal(got, want) {
			t.Errorf("readWords(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestReadWords_SpansQuoteTheOriginal(t *testing.T) {
	s := "Épiceries fines, l'Œuvre"
	var got []string
	for _, w := range readWords(s) {
		got = append(got, s[w.start:w.end])
	}
	if want := []string{"Épiceries", "fines", "Œuvre"}; !slices.Equal(got, want) {
		t.Errorf("spans = %q; want %q", got, want)
	}
}

func TestVocabulary_Scan_ShortAliasesMatchWholeWordsOnly(t *testing.T) {
	v := mustVocabulary(t, "dev\tle développement logiciel\tsoftware development\tdev|développeur\ncir\tle CIR\tresearch tax credit\tcir|crédit d'impôt recherche\n")
	expectReadings(t, v, map[string][]string{
		"dev fullstack":            {"dev"},
		"devis pour un local":      nil,
		"devant un jury":           nil,
		"bougies à la cire":        nil,
		"dossier CIR":              {"cir"},
		"credit d'impot recherche": {"cir"},
	})
}

func TestVocabulary_Scan_BlockerPhraseNamesNothing(t *testing.T) {
	v := mustVocabulary(t, "fundraising\tla levée de fonds\tfundraising\tsérie A|seed\n-\t-\t-\tpetites séries|en série\n")
	if got := conceptsIn(v, "on produit des petites séries de vêtements"); len(got) > 0 {
		t.Errorf("petites séries reads as %v", got)
	}
	if got := conceptsIn(v, "on prépare notre série A"); !slices.Equal(got, []string{"fundraising"}) {
		t.Errorf("série A reads as %v", got)
	}
}

func TestVocabulary_Scan_CorrectsTyposOfLongWordsOnly(t *testing.T) {
	v := mustVocabulary(t, "accounting\tla comptabilité\taccounting\tcomptabilité|expert-comptable\nmarketing\tle marketing\tmarketing\tmarketing digital\n")
	expectReadings(t, v, map[string][]string{
		"comptabilte":        {"accounting"},
		"comptablité":        {"accounting"},
		"marketting digital": {"marketing"},
		"marketing":          {"marketing"},
	})
}

func TestVocabulary_Scan_AnEightLetterWordIsCorrectedOnlyForAMissingDoubleLetter(t *testing.T) {
	v := mustVocabulary(t, "insurance\tl'assurance\tinsurance\tassurance|assurances\nmaternity\tla grossesse\tpregnancy\tgrossesse\ntax\tla fiscalité\ttax\tfiscalité\n")
	expectReadings(t, v, map[string][]string{
		"asurance pour mon camion": {"insurance"},
		"pendant ma grosesse":      {"maternity"},
		"assurence":                {"insurance"}, // nine letters: any one edit
		"asurence":                 nil,           // two edits
		"fiscalte":                 nil,           // eight letters, a letter missing that is no double
	})
}

func TestSingular_FrenchAndEnglishPlurals(t *testing.T) {
	for in, want := range map[string]string{
		"angels": "angel", "tarifs": "tarif", "carers": "carer", "reseaux": "reseau", "locaux": "local",
		"companies": "company", "business": "business", "focus": "focus", "devis": "devis", "analysis": "analysis",
		"bus": "bus", "prix": "prix", "comex": "comex", "index": "index", "jeux": "jeux",
	} {
		if got := singular(in); got != want {
			t.Errorf("singular(%q) = %q; want %q", in, got, want)
		}
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }

func TestReadWords_AiAfterAnElisionIsTheVerb(t *testing.T) {
	for in, want := range map[string][]string{
		"j'ai 10 ans":   {"avoir", "10", "ans"},
		"je n'ai pas":   {"je", "avoir", "pas"},
		"je l'ai fait":  {"je", "avoir", "fait"},
		"ai for retail": {"ai", "for", "retail"},
		"l'IA":          {"ia"},
	} {
		if got := keysOf(readWords(in)); !slices.Equal(got, want) {
			t.Errorf("readWords(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestVocabulary_Scan_AcronymThatIsAWordNeedsCapitals(t *testing.T) {
	v := mustVocabulary(t, "it\tl'informatique\tinformation technology\tIT|it services\n")
	expectReadings(t, v, map[string][]string{
		"make it work":        nil,
		"IT et cybersécurité": {"it"},
		"IT services":         {"it"},
		"it services":         {"it"},
	})
}

// mustVocabulary parses tsv as a vocabulary file and fails the test on an
// error.
func mustVocabulary(t *testing.T, tsv string) *Vocabulary {
	t.Helper()
	v, err := ParseVocabulary(stringsReader(tsv))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// expectReadings checks the concepts v reads in each text.
func expectReadings(t *testing.T, v *Vocabulary, want map[string][]string) {
	t.Helper()
	for text, w := range want {
		if got := conceptsIn(v, text); !slices.Equal(got, w) {
			t.Errorf("%q reads as %v; want %v", text, got, w)
		}
	}
}
