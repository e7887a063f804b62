package kiosk

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/kiosk/live"
)

// The organiser's desk on a real day: the list of who has not arrived,
// filtered and sorted; a check-in from the admin, then its undo (asked
// first, then gone from the counts and the board); a typo in a name and an
// organisation fixed, and the screens follow.
func TestAdminDesk_NotArrivedList_CheckInUndoAndFixATypo(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newDemoEnv(t)
	amelie, karim := env.People[0], env.People[1]
	env.ScanCode(t, karim.BadgeCode)
	b := newBrowser(t)
	signInAdmin(t, b, env, "fr")
	names := `[...document.querySelectorAll("table.desk tbody tr td:first-child")].map((td) => td.textContent).join(", ")`
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin/desk"), chromedp.WaitVisible("table.desk")); err != nil {
		t.Fatal(err)
	}
	got, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](names))
	if got != "Amélie Dubois, Inès Moreau, Théo Peeters, Zoé Secret" {
		t.Fatalf("not arrived, by last name: %q", got)
	}
	counts, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("deskcounts").textContent`))
	if !strings.Contains(counts, "4 Pas encore arrivés") || !strings.Contains(counts, "1 Sur place") {
		t.Fatalf("desk counts %q", counts)
	}
	t.Run("axe, desk", func(t *testing.T) { checkAxe(t, b, "desk, not arrived") })
	if err := chromedp.Do(b.Ctx,
		chromedp.SetValue(`select[name="sort"]`, "organisation"),
		chromedp.Click(".deskfilter button"),
	); err != nil {
		t.Fatal(err)
	}
	b.waitAcrossReload(t, `location.search.includes("sort=organisation") && document.readyState === "complete" && document.querySelector("table.desk")`, "the sorted desk")
	if got, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](names)); got != "Théo Peeters, Inès Moreau, Zoé Secret, Amélie Dubois" {
		t.Fatalf("not arrived, by organisation: %q", got)
	}

	// Check Amélie in from the desk, filtered on her organisation.
	checkIn := fmt.Sprintf(`form[action="/admin/desk/%d/checkin"] button`, amelie.ID)
	if err := chromedp.Do(b.Ctx,
		chromedp.SendKeys(`.deskfilter input[name="q"]`, "matrice"),
		chromedp.Click(".deskfilter button"),
	); err != nil {
		t.Fatal(err)
	}
	// the filtered page, not the one before it, whose button is the same
	b.waitAcrossReload(t, `location.search.includes("q=matrice") && document.readyState === "complete"`, "the filtered desk")
	if err := chromedp.Do(b.Ctx,
		chromedp.WaitVisible(checkIn),
		chromedp.Click(checkIn),
		chromedp.WaitVisible(".flash"),
	); err != nil {
		b.Screenshot(t, "desk-checkin-failed")
		t.Fatal(err)
	}
	if flash, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.querySelector(".flash").textContent + " | " + document.querySelector("main").textContent`)); !strings.Contains(flash, "Entrée enregistrée.") || !strings.Contains(flash, "Personne dans cette liste.") {
		t.Fatalf("after the desk's check-in: %q", flash)
	}
	if c := env.Server.Day().Stats().Counts; !env.Server.Day().Inside(amelie.ID) || c.Arrived != 2 || c.Gates[live.AdminKiosk] != 1 {
		t.Fatalf("after the desk's check-in: inside %v, counts %+v", env.Server.Day().Inside(amelie.ID), c)
	}

	// A mistake: undo it, after the question.
	undo := fmt.Sprintf(`form[action="/admin/desk/%d/undo"] button`, amelie.ID)
	b.askFirst(t, env.HTTP.URL+"/admin/desk?status=inside", undo)
	if !env.Server.Day().Inside(amelie.ID) {
		t.Fatal("the entry is undone before the confirmation")
	}
	b.confirmWithEnter(t, "button.danger")
	if c := env.Server.Day().Stats().Counts; env.Server.Day().Inside(amelie.ID) || c.Arrived != 1 || c.Present != 1 || c.Gates[live.AdminKiosk] != 0 {
		t.Fatalf("after the undo: inside %v, counts %+v; want Karim alone", env.Server.Day().Inside(amelie.ID), c)
	}
	for _, a := range env.Server.Day().Board().Arrivals {
		if a.Name == amelie.DisplayName() {
			t.Fatal("the board still lists Amélie's undone arrival")
		}
	}

	// A typo in Karim's last name and organisation.
	edit := fmt.Sprintf(`a[href^="/admin/attendees/%d/edit"]`, karim.ID)
	if err := chromedp.Do(b.Ctx,
		chromedp.WaitVisible(edit),
		chromedp.Click(edit),
		chromedp.WaitVisible(`input[name="last_name"]`),
		chromedp.SetValue(`input[name="last_name"]`, "Ben Ali"),
		chromedp.SetValue(`input[name="organisation"]`, "Finaxy SA"),
	); err != nil {
		t.Fatal(err)
	}
	t.Run("axe, correction form", func(t *testing.T) { checkAxe(t, b, "correction form") })
	if err := chromedp.Do(b.Ctx, chromedp.Click(`main form button`), chromedp.WaitVisible(".flash")); err != nil {
		t.Fatal(err)
	}
	var k data.Attendee
	env.Store.View(func(tx *data.Tx) (err error) { k, err = tx.Attendee(karim.ID); return })
	if k.LastName != "Ben Ali" || k.Organisation != "Finaxy SA" || env.Server.Day().Name(karim.ID) != "Karim B." {
		t.Fatalf("after the correction: %q %q, screens %q", k.LastName, k.Organisation, env.Server.Day().Name(karim.ID))
	}
	if got, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`location.search`)); !strings.Contains(got, "status=inside") {
		t.Fatalf("after the correction the desk forgot its filter: %q", got)
	}
	b.NoConsoleErrors(t)
}

// During a round the admin names everyone at every table (the board shows
// only those who agreed to it), counts who present has no table and why,
// live; a phone without a table says why.
func TestAdminRound_NamesEveryone_CountsTheLeftOut_PhoneSaysWhy(t *testing.T) {
	if browserTest(t) {
		return
	}
	people := demo.Sample()
	people[2].BoardConsent = false // Inès: "+1 more" on the board
	env := newTestEnv(t, people)
	amelie, karim, ines, theo, zoe := env.People[0], env.People[1], env.People[2], env.People[3], env.People[4]
	for _, p := range []data.Attendee{amelie, karim, ines, zoe} {
		env.ScanCode(t, p.BadgeCode)
	}
	for _, other := range []data.Attendee{karim, ines} { // Amélie met them: no partner is left for her
		if _, err := env.Server.Day().Met(t.Context(), amelie.ID, live.Other{Code: other.BadgeCode}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.Server.Day().StartRound(live.RoundPlan{Kind: data.PairRound, Length: 10 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	phone, cancel := chromedp.NewContext(b.Ctx) // Zoé's phone, in a second tab
	defer cancel()
	if err := chromedp.Do(phone,
		chromedp.Navigate(env.HTTP.URL+"/me/"+zoe.Secret+"?lang=en"),
		chromedp.Poll[chromedp.Void](`!document.getElementById("roundcard").hidden && document.getElementById("mywhy").textContent !== ""`, patiently...),
	); err != nil {
		t.Fatalf("Zoé's phone does not say why she has no table: %v", err)
	}
	why, _ := chromedp.Run(phone, chromedp.Evaluate[string](`document.getElementById("mywhy").textContent`))
	if !strings.Contains(why, "You have no table in this round: you have not accepted suggestions") {
		t.Fatalf("Zoé's phone says %q", why)
	}
	t.Run("axe, phone without a table", func(t *testing.T) { checkAxe(t, &browser{Ctx: phone}, "phone without a table") })
	signInAdmin(t, b, env, "fr")
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin"),
		chromedp.Poll[chromedp.Void](`!document.getElementById("leftout").hidden`, patiently...)); err != nil {
		t.Fatal(err)
	}
	tables, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("roundbox").textContent`))
	if !strings.Contains(tables, "Table 1 : Karim Benali (Finaxy), Inès Moreau (Cabinet Moreau)") && !strings.Contains(tables, "Table 1 : Inès Moreau (Cabinet Moreau), Karim Benali (Finaxy)") || strings.Contains(tables, "autre(s)") {
		t.Fatalf("admin tables %q: want everyone by full name, no « +1 autre(s) »", tables)
	}
	env.ScanCode(t, theo.BadgeCode) // arrives after the start: the block follows live
	waitUntil(t, b, `document.getElementById("leftout").textContent.includes("Théo Peeters")`, "Théo counted as late, live")
	left, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("leftout").textContent`))
	for _, want := range []string{"Présents sans table : 3", "1 sans accord pour les mises en relation", "1 arrivé(e) ou inscrit(e) après le début du tour",
		"1 sans partenaire disponible", "Zoé Secret (Discrète) — sans accord", "Amélie Dubois (Matrice) — sans partenaire"} {
		if !strings.Contains(left, want) {
			t.Fatalf("left-out block %q lacks %q", left, want)
		}
	}
	b.Screenshot(t, "admin-round-leftout")
	t.Run("axe, admin round with the left out", func(t *testing.T) { checkAxe(t, b, "admin round with the left out") })
	b.NoConsoleErrors(t)
}
