package kiosk

import (
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

func TestAdminVocabulary_MapAPhraseWithTheKeyboardTypeahead(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	env.checkInFour(t)
	signInAdmin(t, b, env, "en")
	if err := chromedp.Do(b.Ctx,
		chromedp.Navigate(env.HTTP.URL+"/admin/vocabulary"),
		chromedp.WaitVisible("#concept-0"),
		chromedp.SendKeys("#concept-0", "business l"),
	); err != nil {
		t.Fatal(err)
	}
	b.waitHandled(t, "/api/admin/concepts?lang=en&q=business%20l")
	b.waitJS(t, "typeahead open", `document.getElementById("concept-0").getAttribute("aria-expanded") === "true"`)
	b.keys(t, kb.ArrowDown)
	b.waitJS(t, "first option active", `document.getElementById("concept-0").getAttribute("aria-activedescendant") === "concept-list-0-0"`)
	b.keys(t, kb.Enter)
	b.waitJS(t, "concept picked", `document.querySelector("form.map").elements.key.value === "business-law"`)
	b.Screenshot(t, "admin-vocabulary")
	b.keys(t, kb.Enter) // the list is closed: Enter submits the form
	if err := chromedp.Do(b.Ctx, chromedp.WaitVisible(".flash")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "saved", `!!document.querySelector(".flash") && document.body.textContent.includes("« welding » → business-law")`)
	theo, _ := env.Server.attendeeBySecret(env.People[3].Secret)
	if got := understoodKeys(env.Server.day.Phone(theo)); !slices.Contains(got, "needs/business-law") {
		t.Fatalf("Théo understood %v after the mapping", got)
	}
	b.NoConsoleErrors(t)
}
