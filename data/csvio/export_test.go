package csvio

import (
	"bytes"
	"encoding/json"
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

func TestWriteAttendees_ExcelIsBOMSemicolonCRLF(t *testing.T) {
	var out bytes.Buffer
	as := []data.Attendee{{FirstName: "Amélie", LastName: "Dubœuf", Email: "a@example.org", BadgeCode: "B1"}}
	if err := WriteAttendees(&out, as, ExportOptions{Excel: true, WithCodes: true}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	wantHeader := "\ufefffirst_name;last_name;email;organisation;title;sector;project;offers;needs;interests;matchmaking_consent;board_consent;host;ticket_code;languages;project_stage;project_description;badge_code\r\n"
	if !strings.HasPrefix(s, wantHeader) || !strings.Contains(s, "Amélie;Dubœuf;a@example.org;") || !strings.HasSuffix(s, ";B1\r\n") {
		t.Errorf("excel export:\n%q", s)
	}
}

func TestWriteAttendees_JSONHasStableFieldNames(t *testing.T) {
	var out bytes.Buffer
	as := []data.Attendee{{FirstName: "Amélie", Email: "a@example.org", Offers: []string{"Design"}, MatchConsent: true, Secret: "S", BadgeCode: "B"}}
	if err := WriteAttendees(&out, as, ExportOptions{Format: "json"}); err != nil {
		t.Fatal(err)
	}
	want := `[
  {"first_name": "Amélie", "last_name": "", "email": "a@example.org", "organisation": "", "title": "", "sector": "", "project": "", "offers": ["Design"], "needs": [], "interests": [], "matchmaking_consent": true, "board_consent": false, "host": false, "ticket_code": "", "languages": [], "project_stage": "", "project_description": ""}
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
