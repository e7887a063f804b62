package csvio

import (
	"strings"
	"testing"
)

// The organising team is read from a yes/no column whose header says so
// (« Équipe / Staff / Organisateur »), never from an organisation, and
// never from a column of team names.
func TestHeaderCandidates_TeamFromAStaffColumn(t *testing.T) {
	for header, want := range map[string]string{
		"Équipe":                "team",
		"Staff":                 "team",
		"Organisateur":          "team",
		"Organisatrice ?":       "team",
		"Membre de l'équipe":    "team",
		"Organizer":             "team",
		"Organising team":       "team",
		"team":                  "team",
		"Organisation":          "organisation",
		"Société organisatrice": "organisation",
	} {
		if got := bestField(header); got != want {
			t.Errorf("%q is read as %q, want %q", header, got, want)
		}
	}
}

func TestParse_TeamIsYesNo_AndATeamNameColumnIsNotIt(t *testing.T) {
	in := "Prénom;E-mail;Staff;Nom de l'équipe\nAmélie;a@example.org;oui;Les Castors\nKarim;k@example.org;;Les Castors\nInès;i@example.org;non;Orques\n"
	as, rep, err := parseAll(strings.NewReader(in), Options{})
	if err != nil || len(as) != 3 {
		t.Fatal(err, rep.Errors)
	}
	if !as[0].Team || as[1].Team || as[2].Team {
		t.Errorf("team flags %v %v %v, want Amélie only", as[0].Team, as[1].Team, as[2].Team)
	}
	for _, c := range rep.Columns {
		if c.Header == "Nom de l'équipe" && c.Field == "team" {
			t.Errorf("a column of team names was read as the team flag: %+v", c)
		}
	}
}
