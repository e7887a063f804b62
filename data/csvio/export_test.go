package csvio

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"icebreaker/data"
)

func TestWriteAttendees_NeutralisesFormulas(t *testing.T) {
	as := []data.Attendee{{FirstName: "=1+1", LastName: "+33 6", Email: "a@example.org", Organisation: "@SUM(A1)",
		Title: "-2", Offers: []string{"=HYPERLINK(\"http://evil\")"}, Project: data.Project{Description: "\tcmd"}}}
	var out bytes.Buffer
	if err := WriteAttendees(&out, as, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	line := strings.Split(out.String(), "\n")[1]
	for _, want := range []string{"'=1+1", "'+33 6", "'@SUM(A1)", "'-2", `"'=HYPERLINK(""http://evil"")"`, "'\tcmd"} {
		if !strings.Contains(line, want) {
			t.Errorf("row %q lacks %q", line, want)
		}
	}
	back, _, err := parseAll(&out, Options{})
	if err != nil || back[0].FirstName != "=1+1" || back[0].Offers[0] != `=HYPERLINK("http://evil")` {
		t.Errorf("reading back: %+v, %v", back, err)
	}
}

func TestWriteAttendees_ExcelIsFrenchBOMSemicolonCRLF(t *testing.T) {
	var out bytes.Buffer
	as := []data.Attendee{{FirstName: "Amélie", LastName: "Dubœuf", Email: "a@example.org", BadgeCode: "B1", MatchConsent: true}}
	if err := WriteAttendees(&out, as, ExportOptions{Excel: true, WithCodes: true}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	wantHeader := "\ufeffPrénom;Nom;E-mail;Organisation;Fonction;Secteur;Projet;Propose;Cherche;Centres d'intérêt;Consentement mise en relation;" +
		"Consentement écran public;Hôte de table;Code billet;Langues;Stade du projet;Description du projet;Consentement annuaire;Jalons franchis;Objectifs;Équipe organisatrice;Code de badge\r\n"
	if !strings.HasPrefix(s, wantHeader) || !strings.Contains(s, "Amélie;Dubœuf;a@example.org;;;;;;;;oui;non;non;") || !strings.HasSuffix(s, ";B1\r\n") {
		t.Errorf("excel export:\n%q", s)
	}
}

// The French Excel export reads back as the same people: every French
// header is one import recognises.
func TestWriteAttendees_ExcelReimports(t *testing.T) {
	as := []data.Attendee{{FirstName: "Amélie", LastName: "Dubœuf", Email: "a@example.org", Organisation: "Brasserie", Title: "Fondatrice",
		Project: data.Project{Name: "Bière", Sector: "Food", Stage: "seed", Description: "Une brasserie.\nLocale.",
			Milestones: []string{"Première cuvée", "10 bars clients"}, Goals: []string{"Lever 200 k€"}}, Offers: []string{"Levée de fonds"},
		Needs: []string{"Design"}, Interests: []string{"Circuits courts"}, Languages: []string{"fr"}, MatchConsent: true, Host: true, TicketCode: "T-1",
		DirectoryConsent: true}}
	var out bytes.Buffer
	if err := WriteAttendees(&out, as, ExportOptions{Excel: true, WithCodes: true}); err != nil {
		t.Fatal(err)
	}
	back, rep, err := parseAll(&out, Options{})
	if err != nil || len(back) != 1 || len(rep.UnknownColumns) != 0 {
		t.Fatalf("%v, unknown %q", err, rep.UnknownColumns)
	}
	if !reflect.DeepEqual(back[0], as[0]) {
		t.Errorf("re-imported\n got %+v\nwant %+v", back[0], as[0])
	}
}

func TestWriteCheckIns_ExcelHasLocalTimesAndFrenchWords(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	at := time.Date(2026, 3, 14, 8, 52, 0, 0, time.UTC)
	var out bytes.Buffer
	err = WriteCheckIns(&out, []data.CheckIn{{Seq: 1, AttendeeID: 1, Direction: data.In, At: at, Gate: "nord"}},
		map[data.AttendeeID]data.Attendee{1: {FirstName: "Amélie", Email: "a@example.org"}}, ExportOptions{Excel: true, Location: paris})
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffN°;Heure;Sens;Porte;Borne;N° participant;Prénom;Nom;E-mail;Lu à\r\n1;14/03/2026 09:52:00;entrée;nord;;1;Amélie;;a@example.org;\r\n"
	if out.String() != want {
		t.Errorf("got  %q\nwant %q", out.String(), want)
	}
}

func TestWriteIntroductions_BothEmailsAndReasonsInWords(t *testing.T) {
	at := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	people := map[data.AttendeeID]data.Attendee{1: {FirstName: "Amélie", LastName: "Dubœuf", Email: "a@example.org"}, 2: {FirstName: "Karim", Email: "k@example.org"}}
	labels := map[string]string{"fundraising": "Levée de fonds", "food": "Agroalimentaire"}
	var out bytes.Buffer
	err := WriteIntroductions(&out, []data.Introduction{{Seq: 1, A: 1, B: 2, Kind: data.Met, At: at, Reasons: []string{"fundraising", "food"}}}, people,
		ExportOptions{Excel: true, Location: time.UTC, Label: func(k string) string { return labels[k] }})
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffN°;Heure;Type;Tour;N° A;Prénom A;Nom A;E-mail A;N° B;Prénom B;Nom B;E-mail B;Raisons\r\n" +
		"1;14/03/2026 09:30:00;rencontré;0;1;Amélie;Dubœuf;a@example.org;2;Karim;;k@example.org;\"Levée de fonds; Agroalimentaire\"\r\n"
	if out.String() != want {
		t.Errorf("got  %q\nwant %q", out.String(), want)
	}
}

func TestWriteMailMerge_LinksPerPersonUTF8BOMRFC4180(t *testing.T) {
	as := []data.Attendee{
		{FirstName: "Amélie", LastName: "Dubœuf", Email: "a@example.org", Organisation: "Dubœuf, Fils & \"Cie\"", BadgeCode: "B7K2M9", Secret: "s3cr3t"},
		{FirstName: "Karim", LastName: "Benali", Email: "k@example.org", BadgeCode: "C1", Secret: "x/y"},
	}
	var out bytes.Buffer
	if err := WriteMailMerge(&out, as, MailMergeOptions{BaseURL: "https://accueil.example.org/"}); err != nil {
		t.Fatal(err)
	}
	want := "\ufefffirst_name,last_name,full_name,email,organisation,phone_link,badge_code,qr_link\r\n" +
		"Amélie,Dubœuf,Amélie Dubœuf,a@example.org,\"Dubœuf, Fils & \"\"Cie\"\"\",https://accueil.example.org/me/s3cr3t,B7K2M9,https://accueil.example.org/me/s3cr3t/badge.png\r\n" +
		"Karim,Benali,Karim Benali,k@example.org,,https://accueil.example.org/me/x%2Fy,C1,https://accueil.example.org/me/x%2Fy/badge.png\r\n"
	if out.String() != want {
		t.Errorf("got  %q\nwant %q", out.String(), want)
	}
	out.Reset()
	if err := WriteMailMerge(&out, as[:1], MailMergeOptions{BaseURL: "http://192.168.1.20:8080", French: true, Excel: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "\ufeffPrénom;Nom;Nom complet;E-mail;Organisation;Lien téléphone;Code de badge;Lien QR code\r\n") ||
		!strings.Contains(out.String(), ";http://192.168.1.20:8080/me/s3cr3t;") {
		t.Errorf("French Excel variant: %q", out.String())
	}
	for _, bad := range []string{"", "accueil.example.org", "ftp://x"} {
		if err := WriteMailMerge(&out, as, MailMergeOptions{BaseURL: bad}); !errors.Is(err, ErrNoBaseURL) {
			t.Errorf("BaseURL %q: err = %v, want ErrNoBaseURL", bad, err)
		}
	}
}

func TestWriteAttendees_JSONHasStableFieldNames(t *testing.T) {
	var out bytes.Buffer
	as := []data.Attendee{{FirstName: "Amélie", Email: "a@example.org", Offers: []string{"Design"}, MatchConsent: true, Secret: "S", BadgeCode: "B"}}
	if err := WriteAttendees(&out, as, ExportOptions{Format: "json"}); err != nil {
		t.Fatal(err)
	}
	want := `[
  {"first_name": "Amélie", "last_name": "", "email": "a@example.org", "organisation": "", "title": "", "sector": "", "project": "", "offers": ["Design"], "needs": [], "interests": [], "matchmaking_consent": true, "board_consent": false, "host": false, "ticket_code": "", "languages": [], "project_stage": "", "project_description": "", "directory_consent": false, "project_milestones": [], "project_goals": [], "team": false}
]
`
	if out.String() != want {
		t.Errorf("json export\n got %s\nwant %s", out.String(), want)
	}
}

func TestWriteCheckInsAndIntroductions_NameThePeople(t *testing.T) {
	at := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	people := map[data.AttendeeID]data.Attendee{1: {FirstName: "Amélie", LastName: "Dubœuf", Email: "a@example.org"}, 2: {FirstName: "Karim"}}
	var out bytes.Buffer
	err := WriteCheckIns(&out, []data.CheckIn{{Seq: 1, AttendeeID: 1, Direction: data.In, At: at, Gate: "north"}}, people, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := "seq,at,direction,gate,kiosk,attendee_id,first_name,last_name,email,scanned_at\n1,2026-03-14T09:30:00Z,in,north,,1,Amélie,Dubœuf,a@example.org,\n"
	if out.String() != want {
		t.Errorf("check-ins\n got %q\nwant %q", out.String(), want)
	}
	out.Reset()
	err = WriteIntroductions(&out, []data.Introduction{{Seq: 1, A: 1, B: 2, Kind: data.Met, At: at, Reasons: []string{"fundraising"}}}, people, ExportOptions{Format: "json"})
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got) != 1 || got[0]["b_first_name"] != "Karim" || got[0]["kind"] != "met" {
		t.Errorf("introductions json %s (%v)", out.String(), err)
	}
}

func TestFieldLabel_EveryFieldNamedInBothLanguages(t *testing.T) {
	for _, name := range FieldNames() {
		if l := FieldLabel(name); l.FR == name || l.EN == name || l.FR == "" || l.EN == "" {
			t.Errorf("FieldLabel(%q) = %+v", name, l)
		}
	}
}
