package csvio

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"icebreaker/data"
)

// parseAll parses without a store: the valid rows as attendees (ID 0, no
// codes) in file order.
func parseAll(r io.Reader, opts Options) ([]data.Attendee, Report, error) {
	rows, rep, err := parse(r, opts)
	as := make([]data.Attendee, len(rows))
	for i := range rows {
		as[i] = rows[i].a
	}
	return as, rep, err
}

// mustParse parses the text in, and fails the test on an error or when it
// does not hold n valid rows.
func mustParse(t *testing.T, in string, opts Options, n int) ([]data.Attendee, Report) {
	t.Helper()
	as, rep, err := parseAll(strings.NewReader(in), opts)
	if err != nil || len(as) != n {
		t.Fatalf("%q: %v, %d attendees, want %d (%v)", in, err, len(as), n, rep.Errors)
	}
	return as, rep
}

func parseFile(t *testing.T, name string, opts Options) ([]data.Attendee, Report, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return parseAll(f, opts)
}

// amelie is the first person of most sample files, as every path must read her.
var amelie = data.Attendee{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie@example.org", Organisation: "Brasserie Dubœuf"}

func TestParse_SampleFiles_ReadEveryEncodingDelimiterAndHeaderFamily(t *testing.T) {
	tests := []struct {
		file      string
		encoding  string
		delimiter string
		rows      int
		first     data.Attendee // compared on the fields it sets (see sameAs)
		unknown   []string
	}{
		{"canonical_utf8_comma.csv", EncodingUTF8, "comma", 3, data.Attendee{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie@example.org",
			Organisation: "Brasserie Dubœuf", Title: "Fondatrice", Project: data.Project{Sector: "Food", Name: "Bière locale"},
			Offers: []string{"Levée de fonds", "Distribution"}, Needs: []string{"Design", "Marketing"}, Interests: []string{"Circuits courts"},
			MatchConsent: true, TicketCode: "EVB-0001"}, nil},
		{"fr_utf8_bom_semicolon_crlf.csv", EncodingUTF8BOM, "semicolon", 3, data.Attendee{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie@example.org",
			Organisation: "Brasserie Dubœuf", Title: "Fondatrice", Project: data.Project{Sector: "Food"}, Offers: []string{"Levée de fonds", "Distribution"},
			Needs: []string{"Design"}, Interests: []string{"Circuits courts"}, MatchConsent: true, TicketCode: "WZ-1"}, nil},
		{"fr_windows1252_semicolon_crlf.csv", EncodingWindows1252, "semicolon", 3, data.Attendee{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie@example.org",
			Organisation: "Brasserie Dubœuf", Title: "Fondatrice", Project: data.Project{Sector: "Food"}, Offers: []string{"Levée de fonds", "Distribution"},
			Needs: []string{"Design"}, Interests: []string{"Circuits courts"}, MatchConsent: true, TicketCode: "WZ-1"}, nil},
		{"fr_utf8_semicolon_lf.csv", EncodingUTF8, "semicolon", 3, data.Attendee{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie@example.org",
			Organisation: "Brasserie Dubœuf", Title: "Fondatrice", Project: data.Project{Sector: "Food"}, Offers: []string{"Levée de fonds", "Distribution"},
			Needs: []string{"Design"}, Interests: []string{"Circuits courts"}, MatchConsent: true, TicketCode: "WZ-1"}, nil},
		{"en_tab.tsv", EncodingUTF8, "tab", 2, data.Attendee{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie@example.org", Organisation: "Brasserie Dubœuf",
			Title: "Founder", Offers: []string{"Fundraising", "Distribution"}, Needs: []string{"Design"}, Interests: []string{"Short supply chains"}, TicketCode: "TK-1"}, nil},
		{"en_utf16le_tab.txt", EncodingUTF16, "tab", 2, data.Attendee{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie@example.org", Organisation: "Brasserie Dubœuf",
			Title: "Founder", Offers: []string{"Fundraising", "Distribution"}, Needs: []string{"Design"}, Interests: []string{"Short supply chains"}, TicketCode: "TK-1"}, nil},
		{"eventbrite_en.csv", EncodingUTF8, "comma", 2, with(amelie, func(a *data.Attendee) { a.Title, a.TicketCode = "Founder", "1234567890111001" }),
			[]string{"Attendee #"}}, // a weaker ticket candidate than "Barcode #"
		{"weezevent_fr.csv", EncodingWindows1252, "semicolon", 2, with(amelie, func(a *data.Attendee) { a.TicketCode = "4000123" }),
			nil},
		{"helloasso_fr.csv", EncodingUTF8BOM, "semicolon", 2, with(amelie, func(a *data.Attendee) { a.TicketCode = "HA-77-1" }),
			[]string{"Nom payeur", "Prénom payeur"}}, // the buyer's, not the participant's
		{"billetweb_fr.csv", EncodingUTF8, "semicolon", 2, with(amelie, func(a *data.Attendee) { a.Title = "Fondatrice" }), nil}, // "Billet" is never a ticket code
		{"pretix_en.csv", EncodingUTF8, "comma", 2, with(amelie, func(a *data.Attendee) { a.TicketCode = "x7k2m9q4w8e3r5t6" }),
			nil},
		{"googleforms_fr.csv", EncodingUTF8, "comma", 2, with(amelie, func(a *data.Attendee) {
			a.Project.Sector, a.Offers, a.Needs, a.Interests = "Food", []string{"Levée de fonds", "Distribution"}, []string{"Design"}, []string{"Circuits courts"}
			a.MatchConsent = true
		}), nil},
		{"googleforms_en.csv", EncodingUTF8, "comma", 2, with(amelie, func(a *data.Attendee) {
			a.Project.Sector, a.Offers, a.Needs, a.Interests = "Food", []string{"Fundraising", "Distribution"}, []string{"Design"}, []string{"Short supply chains"}
			a.MatchConsent = true
		}), nil},
		{"quoted_newlines.csv", EncodingUTF8, "comma", 3, data.Attendee{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie@example.org",
			Organisation: `Dubœuf, Fils & "Cie"`, Project: data.Project{Description: "Une brasserie.\nDeuxième ligne, avec virgule;\net point-virgule"},
			Offers: []string{"Levée de fonds", `"Pitch"`}}, nil},
		{"attendees.json", EncodingUTF8, "", 2, data.Attendee{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie@example.org",
			Offers: []string{"Levée de fonds", "Distribution"}, MatchConsent: true, TicketCode: "1234", Languages: []string{"fr", "en"}}, []string{"shoe_size"}},
		{"attendees_wrapped.json", EncodingUTF8, "", 1, data.Attendee{FirstName: "Amélie", Email: "amelie@example.org"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			as, rep, err := parseFile(t, tt.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Errors) != 0 {
				t.Fatalf("errors: %v", rep.Errors)
			}
			if rep.Encoding != tt.encoding || rep.Delimiter != tt.delimiter {
				t.Errorf("encoding %q delimiter %q, want %q %q", rep.Encoding, rep.Delimiter, tt.encoding, tt.delimiter)
			}
			if len(as) != tt.rows || rep.Rows != tt.rows {
				t.Fatalf("%d attendees (report: %d rows), want %d", len(as), rep.Rows, tt.rows)
			}
			if !reflect.DeepEqual(as[0], tt.first) {
				t.Errorf("first attendee\n got %+v\nwant %+v", as[0], tt.first)
			}
			if !reflect.DeepEqual(rep.UnknownColumns, tt.unknown) {
				t.Errorf("unknown columns %q, want %q", rep.UnknownColumns, tt.unknown)
			}
		})
	}
}

func with(a data.Attendee, change func(*data.Attendee)) data.Attendee {
	change(&a)
	return a
}

func TestParse_BadRows_NameRowAndColumn(t *testing.T) {
	tests := []struct {
		file string
		want []string
		good int
	}{
		{"bad_rows.csv", []string{
			"row 3, column E-mail: 'not-an-email' is not an email address",
			"row 4, column Prénom: no name: first and last name are both empty",
			"row 5, column E-mail: 'amelie@example.org' is already on row 2 of this file, for the same person",
			"row 6, column Consentement mise en relation: 'peut-être' is not yes or no (oui/non, yes/no, 1/0, x)",
			"row 7: has 6 cells but the header has 5: is there a delimiter inside a cell that is not in quotes?",
			"row 8, column E-mail: no email and no ticket code: the person could not be recognised by the next import",
			"row 9, column Code-barre: 'B1' is already on row 2 of this file",
		}, 1},
		{"huge_cell.csv", []string{"row 2, column project_description: '" + strings.Repeat("é", 60) + "…' is 40000 bytes long, more than 10000: is a quote left open?"}, 1},
		{"bad.json", []string{
			`row 2, column email: '{"x": 1}' is an object; expected text, a list, yes/no or a number`,
			"row 2, column email: no email and no ticket code: the person could not be recognised by the next import",
			"row 3, column first_name: no name: first and last name are both empty",
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			as, rep, err := parseFile(t, tt.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range rep.Errors {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors\n got %q\nwant %q", got, tt.want)
			}
			if len(as) != tt.good || rep.Rejected != rep.Rows-tt.good {
				t.Errorf("%d good rows, %d rejected of %d; want %d good", len(as), rep.Rejected, rep.Rows, tt.good)
			}
		})
	}
}

func TestParse_UnusableFiles_AreFileErrors(t *testing.T) {
	tests := []struct {
		file string
		want error
		says string
	}{
		{"empty.csv", ErrEmpty, "empty"},
		{"blank_lines_only.csv", ErrEmpty, "empty"},
		{"garbage.bin", ErrNotText, "control characters"},
		{"workbook.xlsx", ErrNotText, "CSV UTF-8"},
		{"header_unknown.csv", ErrNoColumns, "found: foo, bar, baz"},
		{"broken.json", nil, "JSON, line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, _, err := parseFile(t, tt.file, Options{})
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("err = %v, want %v saying %q", err, tt.want, tt.says)
			}
		})
	}
}

func TestParse_HeaderOnly_IsZeroRowsNotAnError(t *testing.T) {
	as, rep, err := parseFile(t, "header_only.csv", Options{})
	if err != nil || len(as) != 0 || rep.Rows != 0 {
		t.Fatalf("got %d attendees, %d rows, err %v", len(as), rep.Rows, err)
	}
}

func TestParse_Map_OverridesHeaders(t *testing.T) {
	in := "Qui;Courriel perso;Pointure;Oui au réseau\nAmélie Dubœuf;amelie@example.org;38;x\n"
	as, rep, err := parseAll(strings.NewReader(in), Options{Map: map[string]string{"qui": "full_name", "POINTURE": "ignore", "Oui au réseau": "matchmaking_consent"}})
	if err != nil {
		t.Fatal(err)
	}
	want := data.Attendee{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie@example.org", MatchConsent: true}
	if len(as) != 1 || !reflect.DeepEqual(as[0], want) || len(rep.UnknownColumns) != 0 {
		t.Fatalf("got %+v, unknown %q", as, rep.UnknownColumns)
	}
	_, _, err = parseAll(strings.NewReader(in), Options{Map: map[string]string{"Qui": "shoe_size"}})
	if !errors.Is(err, ErrBadMap) {
		t.Fatalf("unknown field in map: err = %v", err)
	}
}

func TestParse_ConsentGranted_OnlyFillsMissingConsentColumns(t *testing.T) {
	tests := []struct {
		in           string
		granted      bool
		match, board bool
	}{
		{"first_name,email\nA,a@example.org\n", false, false, false},
		{"first_name,email\nA,a@example.org\n", true, true, true},
		{"first_name,email,matchmaking_consent\nA,a@example.org,non\n", true, false, true},
		{"first_name,email,board_consent\nA,a@example.org,\n", true, true, false},
	}
	for _, tt := range tests {
		as, _ := mustParse(t, tt.in, Options{ConsentGranted: tt.granted}, 1)
		if as[0].MatchConsent != tt.match || as[0].BoardConsent != tt.board {
			t.Errorf("%q granted=%v: consents %v/%v, want %v/%v", tt.in, tt.granted, as[0].MatchConsent, as[0].BoardConsent, tt.match, tt.board)
		}
	}
}

func TestParseBool(t *testing.T) {
	tests := []struct {
		in        string
		value, ok bool
	}{
		{"yes", true, true}, {"Oui", true, true}, {"OUI ", true, true}, {"true", true, true}, {"1", true, true},
		{"x", true, true}, {"X", true, true}, {"✓", true, true}, {"J'accepte d'être mis en relation", true, true},
		{"I agree", true, true}, {"no", false, true}, {"Non", false, true}, {"false", false, true}, {"0", false, true},
		{"", false, true}, {"Je n'accepte pas", false, true}, {"peut-être", false, false}, {"2", false, false},
	}
	for _, tt := range tests {
		if v, ok := parseBool(tt.in); v != tt.value || ok != tt.ok {
			t.Errorf("parseBool(%q) = %v, %v; want %v, %v", tt.in, v, ok, tt.value, tt.ok)
		}
	}
}

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a; b;;c", []string{"a", "b", "c"}},
		{"Levée de fonds, Design", []string{"Levée de fonds", "Design"}},
		{"Paris, France; Lyon", []string{"Paris, France", "Lyon"}},
		{"Paris, France;", []string{"Paris, France"}},
		{"a\nb, c", []string{"a", "b", "c"}},
		{"Design; design; DESIGN", []string{"Design"}},
	}
	for _, tt := range tests {
		if got := splitList(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// checkHeaders checks what each header alone (no values) is read as: the
// field it maps to, "ignore" or "" (unknown).
func checkHeaders(t *testing.T, want map[string]string) {
	t.Helper()
	for header, field := range want {
		if got := decideColumns([]string{header}, nil, nil, nil).columns[0].Field; got != field {
			t.Errorf("%q is read as %q, want %q", header, got, field)
		}
	}
}

func TestHeaderCandidates_KnownHeaders(t *testing.T) {
	tests := map[string]string{
		"Prénom": "first_name", "PRENOM": "first_name", "Nom": "last_name", "Nom de famille": "last_name",
		"E-mail": "email", "Adresse e-mail": "email", "Email Address": "email", "Courriel": "email",
		"Société": "organisation", "Entreprise": "organisation", "Company": "organisation", "Nom de l'entreprise": "organisation",
		"Compétences": "offers", "Can help with": "offers", "Besoins": "needs", "Je cherche": "needs", "Looking for": "needs",
		"Centres d'intérêt": "interests", "Projet": "project", "Nom du projet": "project", "Secteur du projet": "sector",
		"Code-barre": "ticket_code", "Barcode": "ticket_code", "Ticket code": "ticket_code", "Horodateur": "ignore",
		"Timestamp": "ignore", "board_consent": "board_consent", "Langues": "languages",
		"Hôte de table": "host", "Fonction": "title", "Job title": "title", "Nom complet": "full_name", "Pointure": "",
		"Numéro de billet": "ticket_code", "Type de billet": "ignore", "Billet": "ignore", "Tarif": "ignore", "Ticket Type": "ignore",
		"Consentement mise en relation": "matchmaking_consent", "J'accepte d'être mis(e) en relation": "matchmaking_consent",
		"I agree to be introduced to other attendees": "matchmaking_consent", "Matchmaking": "matchmaking_consent",
		"J'accepte d'apparaître sur l'écran public": "board_consent", "Show me on the public board": "board_consent",
		// Consents that never grant matchmaking (GDPR): read as nothing.
		"Consentement": "ignore", "J'accepte les conditions générales et la politique de confidentialité": "ignore",
		"J'accepte les CGU": "ignore", "I agree to the terms and conditions": "ignore", "J'accepte de recevoir la newsletter": "ignore",
		"J'autorise la prise de photos": "ignore", "Droit à l'image": "", "I consent to marketing emails": "ignore",
		"J'accepte les CGV et d'être mis en relation":               "ignore",
		"J'accepte de recevoir des suggestions de mise en relation": "matchmaking_consent", "J'accepte d'être présenté(e) à d'autres participants": "matchmaking_consent",
		"J'accepte que mon nom apparaisse sur l'écran": "board_consent", "Nom d'affichage": "last_name", "Display name": "full_name",
	}
	checkHeaders(t, tests)
}

func TestParseMapEntry_AcceptsWhatMapTakes(t *testing.T) {
	for in, want := range map[string][2]string{
		"Qui=full_name":                     {"Qui", "full_name"},
		" Numéro de billet = ticket_code ":  {"Numéro de billet", "ticket_code"},
		"A=B=ignore":                        {"A=B", "ignore"},
		"Oui au réseau=Matchmaking Consent": {"Oui au réseau", "Matchmaking Consent"},
	} {
		h, f, err := ParseMapEntry(in)
		if err != nil || h != want[0] || f != want[1] {
			t.Errorf("ParseMapEntry(%q) = %q, %q, %v; want %q", in, h, f, err, want)
		}
	}
	for _, bad := range []string{"", "Qui", "=email", "Qui=", "Qui=shoe_size"} {
		if _, _, err := ParseMapEntry(bad); !errors.Is(err, ErrBadMap) {
			t.Errorf("ParseMapEntry(%q): err = %v, want ErrBadMap", bad, err)
		}
	}
}

func TestRowErrors_SayItInFrenchToo(t *testing.T) {
	for _, name := range []string{"bad_rows.csv", "bad.json", "huge_cell.csv"} {
		_, rep, err := parseFile(t, name, Options{})
		if err != nil || len(rep.Errors) == 0 {
			t.Fatalf("%s: %v, %d errors", name, err, len(rep.Errors))
		}
		for _, e := range rep.Errors {
			if e.FR == "" || e.In("fr") == e.In("en") {
				t.Errorf("%s: no French for %q", name, e.Error())
			}
		}
	}
	_, rep, _ := parseFile(t, "bad_rows.csv", Options{})
	if got, want := rep.Errors[0].In("fr"), "ligne 3, colonne E-mail : « not-an-email » n'est pas une adresse e-mail"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
