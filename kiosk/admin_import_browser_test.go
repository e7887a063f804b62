package kiosk

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"icebreaker/data"
)

// googleFormWithOwnQuestions is a French Google Form export whose
// organisation question is the organiser's own wording ("Votre boîte"),
// which no recognition knows, with one mistyped e-mail (row 4).
const googleFormWithOwnQuestions = "Horodateur,Adresse e-mail,Prénom,Nom,Votre boîte,Fonction,J'accepte d'être mis(e) en relation avec d'autres participants\n" +
	"01/02/2026 10:12:31,amelie@brasserie-duboeuf.fr,Amélie,Dubœuf,Brasserie Dubœuf,Fondatrice,Oui\n" +
	"01/02/2026 11:40:02,karim@fintechlab.io,Karim,Benali,Fintech Lab,CTO,Non\n" +
	"01/02/2026 12:02:45,pas-un-email,Julie,Roux,Atelier Roux,Designer,Oui\n" +
	"01/02/2026 14:20:10,sofia@agence-lumen.fr,Sofia,Lopez,Agence Lumen,Cheffe de projet,Oui\n"

// TestAdminImport_PreviewChooseAColumnImportAndItIsRemembered is the
// admin's upload as an organiser does it in Chromium (issue 12 item 1):
// the preview shows how each column is read and the first rows, writing
// nothing; the bad row is named by row and column in French; the
// organiser reads "Votre boîte" as the organisation (as --map would) and
// the preview follows; the import with "valid rows only" writes the three
// others with their organisation; the same layout uploaded again previews
// with that choice, remembered. axe-core checks the preview page.
func TestAdminImport_PreviewChooseAColumnImportAndItIsRemembered(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newDemoEnv(t)
	file := filepath.Join(t.TempDir(), "inscriptions.csv")
	if err := os.WriteFile(file, []byte(googleFormWithOwnQuestions), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	signInAdmin(t, b, env, "fr")
	boite := `.import-preview tr[data-header="Votre boîte"]`
	upload := func() {
		t.Helper()
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin/import"),
			chromedp.SetUploadFiles(`input[type=file]`, []string{file}),
			chromedp.Click(`button[value=preview]`),
		); err != nil {
			t.Fatal(err)
		}
		b.waitAcrossReload(t, `!!document.querySelector('`+boite+` select')`, "the preview")
	}
	upload()
	b.waitAcrossReload(t, `document.querySelector('`+boite+` select').value === "ignore"
		&& document.querySelector('.import-preview tr[data-header="Adresse e-mail"] select').value === "email"
		&& document.querySelectorAll(".preview-rows tbody tr").length === 4
		&& document.querySelector("[role=alert]").textContent.startsWith("1 ligne(s) sur 4 invalide(s) : rien n'a été importé.")
		&& document.querySelector(".preview-rows tr.bad").textContent.includes("ligne 4, colonne Adresse e-mail : « pas-un-email »")`,
		"the preview: columns, four rows, the bad one named by row and column")
	if n := env.Server.day.Stats().Counts.Registered; n != 5 {
		t.Fatalf("the preview wrote: %d registered", n)
	}
	checkAxe(t, b, "import preview")

	// The organiser reads "Votre boîte" as the organisation.
	if err := chromedp.Do(b.Ctx, chromedp.SetValue(boite+` select`, "organisation"),
		chromedp.Click(`.import-preview button[value=preview]`)); err != nil {
		t.Fatal(err)
	}
	b.waitAcrossReload(t, `document.querySelector('`+boite+` .source').textContent === "votre choix"
		&& document.querySelector('`+boite+` select').value === "organisation"
		&& document.querySelector(".preview-rows tbody tr").textContent.includes("Brasserie Dubœuf")`, "the preview with the organiser's choice")

	// Import the valid rows.
	if err := chromedp.Do(b.Ctx, chromedp.Click(`.import-preview input[name=skip_invalid]`),
		chromedp.Click(`.import-preview button[value=import]`)); err != nil {
		t.Fatal(err)
	}
	b.waitAcrossReload(t, `!document.querySelector(".import-preview") && document.querySelector(".report").textContent.includes("3 créés")
		&& document.querySelector(".report").textContent.includes("Le choix des colonnes est mémorisé")`, "the import report")
	var orgs []string
	env.Store.View(func(tx *data.Tx) error {
		return tx.ForEachAttendee(func(a data.Attendee) error {
			if a.Email == "amelie@brasserie-duboeuf.fr" || a.Email == "sofia@agence-lumen.fr" {
				orgs = append(orgs, a.Organisation)
			}
			return nil
		})
	})
	if len(orgs) != 2 || orgs[0] == "" || orgs[1] == "" {
		t.Fatalf("imported organisations %q, want both read from « Votre boîte »", orgs)
	}

	// The next export of the same form: read the same way, remembered.
	upload()
	b.waitAcrossReload(t, `document.querySelector('`+boite+` select').value === "organisation"
		&& document.querySelector('`+boite+` .source').textContent === "mémorisé au dernier import de ce format"`, "the remembered choice")
	b.NoConsoleErrors(t)
}
