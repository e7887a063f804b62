package csvio

// The yes/no columns that are read only from a header that asks that very
// question: the consent to the directory and the organising team.

import (
	"strings"
	"testing"
)

// Only a question about the directory grants the directory's consent,
// read as carefully as the consent to introductions: never from terms,
// photos or a consent that does not say what it is for, never from a
// question that also asks about introductions.
func TestHeaderCandidates_DirectoryConsentAndTeamOnlyFromAQuestionThatSaysSo(t *testing.T) {
	checkHeaders(t, map[string]string{
		"J'accepte de figurer dans l'annuaire des participants":          "directory_consent",
		"J'accepte d'apparaître dans l'annuaire":                         "directory_consent",
		"Consentement annuaire":                                          "directory_consent",
		"I agree to be listed in the attendee directory":                 "directory_consent",
		"Show me in the who's who":                                       "directory_consent",
		"Annuaire":                                                       "directory_consent",
		"Trombinoscope (oui/non)":                                        "directory_consent",
		"J'accepte que ma photo figure dans l'annuaire":                  "ignore",
		"J'accepte l'annuaire et les conditions générales":               "ignore",
		"J'accepte d'être mis en relation et de figurer dans l'annuaire": "ignore",
		"Consentement":                                                   "ignore",
		"J'accepte d'apparaître sur l'écran public":                      "board_consent",
		"J'accepte d'être mis(e) en relation":                            "matchmaking_consent",
		"Jalons franchis":                                                "project_milestones",
		"Étapes franchies":                                               "project_milestones",
		"Milestones reached":                                             "project_milestones",
		"Objectifs":                                                      "project_goals",
		"Project goals":                                                  "project_goals",
		"Stade du projet":                                                "project_stage",
		// The organising team is read from a yes/no column whose header says so
		// (« Équipe / Staff / Organisateur »), never from an organisation, and
		// never from a column of team names.
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
	})
}

func TestParse_DirectoryConsentIsOffUnlessAColumnAsks_EvenWithConsentGranted(t *testing.T) {
	in := "Prénom;E-mail;Jalons franchis;Objectifs\nAmélie;a@example.org;Prototype; Lever 200 k€\n"
	as, rep := mustParse(t, in, Options{ConsentGranted: true}, 1)
	if a := as[0]; a.DirectoryConsent || !a.MatchConsent || len(a.Project.Milestones) != 1 || a.Project.Milestones[0] != "Prototype" || a.Project.Goals[0] != "Lever 200 k€" {
		t.Fatalf("read %+v: want milestones and goals, matchmaking granted, no directory", a)
	}
	found := false
	for _, n := range rep.Notes {
		found = found || strings.Contains(n.EN, "No column asks about the directory: even with --consent=granted")
	}
	if !found {
		t.Errorf("no note says the directory stays off: %v", rep.Notes)
	}
	in = "Prénom;E-mail;J'accepte de figurer dans l'annuaire\nAmélie;a@example.org;oui\nKarim;k@example.org;non\n"
	as, _ = mustParse(t, in, Options{}, 2)
	if !as[0].DirectoryConsent || as[1].DirectoryConsent {
		t.Fatalf("directory consents %v %v, want Amélie only", as[0].DirectoryConsent, as[1].DirectoryConsent)
	}
}

func TestParse_TeamIsYesNo_AndATeamNameColumnIsNotIt(t *testing.T) {
	in := "Prénom;E-mail;Staff;Nom de l'équipe\nAmélie;a@example.org;oui;Les Castors\nKarim;k@example.org;;Les Castors\nInès;i@example.org;non;Orques\n"
	as, rep := mustParse(t, in, Options{}, 3)
	if !as[0].Team || as[1].Team || as[2].Team {
		t.Errorf("team flags %v %v %v, want Amélie only", as[0].Team, as[1].Team, as[2].Team)
	}
	for _, c := range rep.Columns {
		if c.Header == "Nom de l'équipe" && c.Field == "team" {
			t.Errorf("a column of team names was read as the team flag: %+v", c)
		}
	}
}
