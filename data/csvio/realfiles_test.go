package csvio

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"icebreaker/data"
)

// The files under testdata/csv at the repository root are shaped like the
// real exports of each tool (column names, order, encoding, delimiter,
// the buyer's columns beside the participant's).
func realFile(name string) string { return filepath.Join("..", "..", "testdata", "csv", name) }

func importReal(t *testing.T, s *data.Store, name string, opts Options) (Report, error) {
	t.Helper()
	f, err := os.Open(realFile(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Import(s, f, opts)
}

func byEmailAndName(as []data.Attendee) map[string]data.Attendee {
	m := map[string]data.Attendee{}
	for _, a := range as {
		m[a.FirstName+" "+a.LastName] = a
	}
	return m
}

func column(rep Report, header string) Column {
	for _, c := range rep.Columns {
		if c.Header == header {
			return c
		}
	}
	return Column{}
}

func fieldChoice(rep Report, field string) FieldChoice {
	for _, f := range rep.Fields {
		if f.Field == field {
			return f
		}
	}
	return FieldChoice{}
}

// Issue 12 item 1: "Email payeur" comes before "Email", "Billet" and "Type
// de billet" before "Numéro de billet"; colleagues whose tickets one
// person paid were rejected as duplicates and the barcode did not scan.
func TestImport_HelloAsso_ParticipantEmailAndTicketNumberWin(t *testing.T) {
	s := openStore(t)
	rep, err := importReal(t, s, "helloasso_participants.csv", Options{})
	if err != nil {
		t.Fatalf("%v\n%v", err, rep.Errors)
	}
	if rep.Created != 10 || rep.Rejected != 0 {
		t.Fatalf("created %d, rejected %d (%v); want all 10 participants", rep.Created, rep.Rejected, rep.Errors)
	}
	for header, want := range map[string]string{"Email": "email", "Email payeur": "", "Numéro de billet": "ticket_code", "Billet": "ignore",
		"Type de billet": "ignore", "Nom participant": "last_name", "Prénom participant": "first_name", "Nom payeur": "", "Prénom payeur": "",
		"Société": "organisation", "J'accepte d'être mis(e) en relation avec d'autres participants": "matchmaking_consent"} {
		if got := column(rep, header).Field; got != want {
			t.Errorf("%q read as %q, want %q", header, got, want)
		}
	}
	email := fieldChoice(rep, "email")
	if email.Header != "Email" || len(email.Others) == 0 || email.Others[0].Header != "Email payeur" || !strings.Contains(email.Others[0].Why.EN, "buyer") {
		t.Errorf("email choice %+v: want Email, with Email payeur set aside as the buyer's", email)
	}
	people := byEmailAndName(allAttendees(t, s))
	hugo := people["Hugo Bernard"]
	if hugo.Email != "hugo.bernard@agence-lumen.fr" || hugo.TicketCode != "28197453" || hugo.Organisation != "Agence Lumen" || !hugo.MatchConsent {
		t.Errorf("Hugo, whose ticket Claire paid: %+v", hugo)
	}
	if lea := people["Léa Petit"]; lea.MatchConsent {
		t.Errorf("Léa answered Non to introductions but consents: %+v", lea)
	}
	team := 0
	for _, a := range people {
		if a.Email == "evenements@fintechlab.io" {
			team++
		}
	}
	if team != 3 {
		t.Errorf("%d people on the team address the assistant used, want 3", team)
	}
	// Re-importing the same export changes nothing and creates nobody.
	rep, err = importReal(t, s, "helloasso_participants.csv", Options{})
	if err != nil || rep.Unchanged != 10 || rep.Created != 0 {
		t.Errorf("re-import: %+v, %v", rep, err)
	}
}

// Issue 12 item 2: the terms question (everyone Oui) must not be read as
// consent to be introduced (some Non).
func TestImport_GoogleFormsFR_ConsentOnlyFromTheIntroductionQuestion(t *testing.T) {
	s := openStore(t)
	rep, err := importReal(t, s, "googleforms_fr_cgu.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	terms := column(rep, "J'accepte les conditions générales et la politique de confidentialité")
	if terms.Field != "ignore" || !strings.Contains(terms.Why.FR, "aucun consentement") {
		t.Errorf("terms column: %+v, want ignored and saying it grants no consent", terms)
	}
	if !slices.Contains(rep.Notes, terms.Why) {
		t.Errorf("notes %v do not say the terms column grants nothing", rep.Notes)
	}
	if c := column(rep, "J'accepte d'être pris(e) en photo"); c.Field == "matchmaking_consent" || c.Field == "board_consent" {
		t.Errorf("photo consent read as %s", c.Field)
	}
	people := byEmailAndName(allAttendees(t, s))
	want := map[string][2]bool{"Amélie Dubœuf": {true, true}, "Karim Benali": {false, true}, "Inès Moreau": {false, false}, "Théo Girard": {true, false}}
	for name, w := range want {
		a := people[name]
		if a.MatchConsent != w[0] || a.BoardConsent != w[1] {
			t.Errorf("%s: matchmaking %v board %v, want %v %v", name, a.MatchConsent, a.BoardConsent, w[0], w[1])
		}
	}
}

// When no column asks for introductions, nobody consents, and the report
// says so in both languages.
func TestImport_NoIntroductionQuestion_GrantsNothingAndSaysSo(t *testing.T) {
	s := openStore(t)
	in := "Prénom,Nom,E-mail,J'accepte les CGU,Newsletter\nAmélie,Dubœuf,amelie@example.org,Oui,Oui\n"
	rep, err := Import(s, strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a := allAttendees(t, s)[0]; a.MatchConsent || a.BoardConsent {
		t.Errorf("consents granted from terms or newsletter: %+v", a)
	}
	var en, fr []string
	for _, n := range rep.Notes {
		en, fr = append(en, n.EN), append(fr, n.FR)
	}
	if !strings.Contains(strings.Join(en, "\n"), "No column asks for matchmaking consent: nobody gets introduced until they opt in on their phone") ||
		!strings.Contains(strings.Join(fr, "\n"), "personne n'est présenté") {
		t.Errorf("notes %q / %q", en, fr)
	}
}

// Every tool's export: the participant, not the buyer; the barcode, not
// the ticket type; consent from the right question.
func TestImport_EveryToolsExport_ReadsTheParticipantAndTheBarcode(t *testing.T) {
	tests := []struct {
		file, encoding, delimiter string
		people                    int
		who                       string // a person whose buyer is someone else, or the first
		email, ticket, org        string
		match, board              bool
	}{
		{"weezevent_participants.csv", EncodingWindows1252, "semicolon", 4, "Anaïs Citroën", "anais.citroen@etu.univ-lyon.fr", "4003456789043", "Université Lyon 2", true, false},
		{"billetweb_participants.csv", EncodingUTF8, "semicolon", 3, "Inès Moreau", "ines@fintechlab.io", "BW8813C2", "Fintech Lab", true, false},
		{"eventbrite_attendees.csv", EncodingUTF8, "comma", 3, "Tom Baker", "tom.baker@example.com", "1234567890345678200001", "Cohen Ventures", false, false},
		{"pretix_checkin_list.csv", EncodingUTF8, "comma", 3, "Karim Benali", "karim@fintechlab.io", "p0o9i8u7y6t5r4e3w2q1azsxdcfvgbhn", "Fintech Lab", false, false},
		{"msforms_en.csv", EncodingUTF8BOM, "comma", 3, "Karim Benali", "karim@fintechlab.io", "", "Fintech Lab", false, true},
		{"excel_fr_windows1252.csv", EncodingWindows1252, "semicolon", 3, "François Lefèvre", "francois@ca-marche.fr", "EXC-0002", "Ça Marche SARL", false, true},
		{"excel_fr_utf8bom.csv", EncodingUTF8BOM, "semicolon", 3, "François Lefèvre", "francois@ca-marche.fr", "EXC-0002", "Ça Marche SARL", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := openStore(t)
			rep, err := importReal(t, s, tt.file, Options{})
			if err != nil {
				t.Fatalf("%v\n%v", err, rep.Errors)
			}
			if rep.Encoding != tt.encoding || rep.Delimiter != tt.delimiter || rep.Created != tt.people {
				t.Errorf("%s %s, created %d; want %s %s, %d", rep.Encoding, rep.Delimiter, rep.Created, tt.encoding, tt.delimiter, tt.people)
			}
			a, ok := byEmailAndName(allAttendees(t, s))[tt.who]
			if !ok {
				t.Fatalf("%s not imported; columns %+v", tt.who, rep.Columns)
			}
			if a.Email != tt.email || a.TicketCode != tt.ticket || a.Organisation != tt.org || a.MatchConsent != tt.match || a.BoardConsent != tt.board {
				t.Errorf("%s = %+v\nwant email %s ticket %s org %s consents %v/%v", tt.who, a, tt.email, tt.ticket, tt.org, tt.match, tt.board)
			}
		})
	}
}

// Issue 12 item 3: two people on one e-mail with their own tickets are two
// people; the same e-mail and ticket, or the same e-mail and name without
// a ticket, is one person twice.
func TestImport_SharedEmail_TwoTicketsTwoPeople_SameTicketOrNameADuplicate(t *testing.T) {
	s := openStore(t)
	in := "Prénom;Nom;E-mail;Code-barre\n" +
		"Paul;Lefèvre;famille@example.org;T1\n" +
		"Marie;Lefèvre;famille@example.org;T2\n" +
		"Marie;Lefèvre;famille@example.org;T2\n" + // the same ticket again
		"Zoé;Lefèvre;famille@example.org;\n" +
		"ZOE;LEFEVRE;Famille@example.org;\n" // the same person without a ticket
	rep, err := Import(s, strings.NewReader(in), Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 3 || rep.Rejected != 2 {
		t.Fatalf("created %d rejected %d (%v), want 3 and 2", rep.Created, rep.Rejected, rep.Errors)
	}
	var got []string
	for _, e := range rep.Errors {
		got = append(got, e.Error())
	}
	want := []string{"row 4, column Code-barre: 'T2' is already on row 3 of this file",
		"row 6, column E-mail: 'famille@example.org' is already on row 5 of this file, for the same person"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors\n got %q\nwant %q", got, want)
	}
	var ps []data.PersonalData
	s.View(func(tx *data.Tx) (err error) { ps, err = tx.PersonalDataByEmail("famille@example.org"); return err })
	if len(ps) != 3 {
		t.Errorf("my data for the shared address covers %d people, want 3", len(ps))
	}
}

// The mapping is shown before anything is written: the first rows as they
// would import, with what the import would do with each.
func TestPreview_ShowsTheMappingAndTheFirstRowsWithoutWriting(t *testing.T) {
	s := openStore(t)
	f, err := os.Open(realFile("helloasso_participants.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Preview(s, f, Options{Preview: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Preview) != 3 || rep.Preview[0].Row != 2 || rep.Preview[1].Attendee.Email != "hugo.bernard@agence-lumen.fr" || rep.Preview[1].Action != "create" {
		t.Errorf("preview rows %+v", rep.Preview)
	}
	if tk := fieldChoice(rep, "ticket_code"); tk.Header != "Numéro de billet" {
		t.Errorf("ticket choice %+v", tk)
	}
	if n := len(allAttendees(t, s)); n != 0 {
		t.Errorf("Preview wrote %d people", n)
	}
}

// An organiser's choice (--map, or the admin's) is remembered for the next
// file of the same layout, and a new choice replaces it.
func TestImport_RemembersTheMappingForTheSameLayout(t *testing.T) {
	s := openStore(t)
	in := "Qui;Courriel;Réseau ?\nAmélie Dubœuf;amelie@example.org;oui\n"
	rep, err := Import(s, strings.NewReader(in), Options{Map: map[string]string{"Qui": "full_name", "Réseau ?": "matchmaking_consent"}})
	if err != nil || rep.Created != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	next := "Qui;Courriel;Réseau ?\nKarim Benali;karim@example.org;non\nZoé Martin;zoe@example.org;oui\n"
	rep, err = Import(s, strings.NewReader(next), Options{})
	if err != nil || rep.Created != 2 {
		t.Fatalf("re-import without --map: %+v %v", rep, err)
	}
	if c := column(rep, "Réseau ?"); c.Field != "matchmaking_consent" || c.Source != SourceRemembered {
		t.Errorf("remembered column %+v", c)
	}
	people := byEmailAndName(allAttendees(t, s))
	if !people["Zoé Martin"].MatchConsent || people["Karim Benali"].MatchConsent {
		t.Errorf("remembered consent column not applied: %+v", people)
	}
	var ms []data.ImportMapping
	s.View(func(tx *data.Tx) (err error) { ms, err = tx.ImportMappings(); return err })
	if len(ms) != 1 || ms[0].Fields["Qui"] != "full_name" || ms[0].Layout != rep.Layout {
		t.Errorf("stored mappings %+v", ms)
	}
}

// Issue 13 item 14: a file with an absurd header width is refused with a
// clear message before the rest of it is read.
func TestImport_AbsurdHeaderWidth_RefusedUnread(t *testing.T) {
	s := openStore(t)
	header := strings.Repeat("col;", 5000) + "email\n"
	r := &countingReader{r: strings.NewReader(header + strings.Repeat("x;", 5000) + "\n"), limit: 8 << 20}
	for range 50 { // a long file behind the header
		r.tail += strings.Repeat("y;", 1<<16)
	}
	_, err := Import(s, r, Options{})
	if !errors.Is(err, ErrTooWide) || !strings.Contains(err.Error(), "more than 1000") || !strings.Contains(err.Error(), "colonnes") {
		t.Fatalf("err = %v, want ErrTooWide in both languages", err)
	}
	if r.n > 1<<20+64<<10 {
		t.Errorf("read %d bytes before refusing", r.n)
	}
}

type countingReader struct {
	r     *strings.Reader
	tail  string
	n     int
	limit int
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.r.Len() == 0 && c.tail != "" {
		c.r, c.tail = strings.NewReader(c.tail), ""
	}
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// The organiser's choice of today beats the remembered one, even for a
// field the remembered mapping read from another column.
func TestImport_MapBeatsTheRememberedMapping(t *testing.T) {
	s := openStore(t)
	layout := "Réseau ?;Qui;Courriel;Autre réseau\n"
	first := layout + "oui;Amélie Dubœuf;amelie@example.org;non\n"
	if _, err := Import(s, strings.NewReader(first), Options{Map: map[string]string{"Qui": "full_name", "Réseau ?": "matchmaking_consent"}}); err != nil {
		t.Fatal(err)
	}
	second := layout + "non;Karim Benali;karim@example.org;oui\n"
	rep, err := Import(s, strings.NewReader(second), Options{Map: map[string]string{"Autre réseau": "matchmaking_consent"}})
	if err != nil {
		t.Fatal(err)
	}
	if c := column(rep, "Autre réseau"); c.Field != "matchmaking_consent" || c.Source != SourceMap {
		t.Errorf("today's choice: %+v", c)
	}
	if c := column(rep, "Réseau ?"); c.Field != "ignore" || !strings.Contains(c.Why.EN, "already read from “Autre réseau”") {
		t.Errorf("the remembered column: %+v", c)
	}
	if c := column(rep, "Qui"); c.Source != SourceRemembered {
		t.Errorf("the rest stays remembered: %+v", c)
	}
	if k := byEmailAndName(allAttendees(t, s))["Karim Benali"]; !k.MatchConsent {
		t.Errorf("Karim: %+v", k)
	}
}

// Next month's export of the same form has one more question: the
// remembered choices still apply to the columns it shares.
func TestImport_RememberedMapping_SurvivesAnAddedQuestion(t *testing.T) {
	s := openStore(t)
	first := "Qui;Courriel;Réseau ?;Ville\nAmélie Dubœuf;amelie@example.org;oui;Lyon\n"
	if _, err := Import(s, strings.NewReader(first), Options{Map: map[string]string{"Qui": "full_name", "Réseau ?": "matchmaking_consent"}}); err != nil {
		t.Fatal(err)
	}
	next := "Qui;Courriel;Réseau ?;Ville;Régime alimentaire\nKarim Benali;karim@example.org;oui;Paris;végétarien\n"
	rep, err := Import(s, strings.NewReader(next), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := column(rep, "Réseau ?"); c.Source != SourceRemembered || c.Field != "matchmaking_consent" {
		t.Errorf("%+v", c)
	}
	if !byEmailAndName(allAttendees(t, s))["Karim Benali"].MatchConsent {
		t.Error("Karim's consent column not applied")
	}
	other := "Prénom;Nom;E-mail;Réseau ?\nZoé;Martin;zoe@example.org;oui\n" // another tool: nothing remembered applies
	rep, err = Import(s, strings.NewReader(other), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := column(rep, "Réseau ?"); c.Source == SourceRemembered {
		t.Errorf("a mapping of another layout was applied: %+v", c)
	}
}
