package csvio

import (
	"strings"
	"testing"
)

// Only a question about the directory grants the directory's consent,
// read as carefully as the consent to introductions: never from terms,
// photos or a consent that does not say what it is for, never from a
// question that also asks about introductions.
func TestHeaderCandidates_DirectoryConsentOnlyFromAQuestionAboutTheDirectory(t *testing.T) {
	for header, want := range map[string]string{
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
	} {
		if got := bestField(header); got != want {
			t.Errorf("%q is read as %q, want %q", header, got, want)
		}
	}
}

func TestParse_DirectoryConsentIsOffUnlessAColumnAsks_EvenWithConsentGranted(t *testing.T) {
	in := "Prénom;E-mail;Jalons franchis;Objectifs\nAmélie;a@example.org;Prototype; Lever 200 k€\n"
	as, rep, err := parseAll(strings.NewReader(in), Options{ConsentGranted: true})
	if err != nil || len(as) != 1 {
		t.Fatal(err, rep.Errors)
	}
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
	as, _, err = parseAll(strings.NewReader(in), Options{})
	if err != nil || len(as) != 2 || !as[0].DirectoryConsent || as[1].DirectoryConsent {
		t.Fatalf("%v: %+v", err, as)
	}
}
