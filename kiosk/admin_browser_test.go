package kiosk

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"icebreaker/data"
)

func TestAdminPage_StartsAGroupRoundAndTheBoardShowsTheGroups(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	for i := range env.People {
		env.ScanCode(t, env.People[i].BadgeCode)
	}
	boardTab, cancel := chromedp.NewContext(b.Ctx) // a second tab, same browser
	defer cancel()
	if err := chromedp.Do(boardTab,
		chromedp.Navigate(env.HTTP.URL+"/board?lang=fr"),
		chromedp.Poll[chromedp.Void](`document.getElementById("present").textContent === "5"`, patiently...),
	); err != nil {
		t.Fatal(err)
	}
	signInAdmin(t, b, env, "fr")
	if err := chromedp.Do(b.Ctx,
		chromedp.WaitVisible("#start-groups"),
		chromedp.SetValue(`input[name="size"]`, "2"),
		chromedp.Click("#start-groups"),
		chromedp.WaitVisible(".flash"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#roundbox li").length === 2`, patiently...),
	); err != nil {
		t.Fatalf("admin: %v", err)
	}
	b.Screenshot(t, "admin-round")
	tables, err := chromedp.Run(boardTab, chromedp.Poll[int](
		`!document.getElementById("round").hidden && document.querySelectorAll("#tables .table").length`,
		patiently...))
	if err != nil || tables != 2 {
		t.Fatalf("board shows %d tables (%v), want 2", tables, err)
	}
	screenshot(t, boardTab, "board-round")
	b.NoConsoleErrors(t)
}

// TestAdminPage_EraseAsksThenEnterConfirms: the erase button leads to a
// question page whose focused button confirms with the keyboard alone.
func TestAdminPage_EraseAsksThenEnterConfirms(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	karim := env.People[1]
	signInAdmin(t, b, env, "fr")
	erase := fmt.Sprintf(`form[action="/admin/attendees/%d/erase"] button`, karim.ID)
	b.askFirst(t, env.HTTP.URL+"/admin/attendees?q=benali", erase)
	b.Screenshot(t, "admin-confirm-erase")
	var stillThere error
	env.Store.View(func(tx *data.Tx) error { _, stillThere = tx.Attendee(karim.ID); return nil })
	if stillThere != nil {
		t.Fatal("erased before the confirmation")
	}
	b.confirmWithEnter(t, `form[action$="/erase"] button.danger`)
	var gone error
	env.Store.View(func(tx *data.Tx) error { _, gone = tx.Attendee(karim.ID); return nil })
	if gone == nil {
		t.Fatal("Karim is still in the file after Enter confirmed")
	}
	b.NoConsoleErrors(t)
}

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
	b.waitJS(t, "saved", `!!document.querySelector(".flash") && document.body.textContent.includes("« falconry » → business-law")`)
	theo, _ := env.Server.attendeeBySecret(env.People[3].Secret)
	if got := understoodKeys(env.Server.day.Phone(theo)); !slices.Contains(got, "needs/business-law") {
		t.Fatalf("Théo understood %v after the mapping", got)
	}
	b.NoConsoleErrors(t)
}

// askFirst opens the admin page at url and presses button, the form
// button of a destructive action, and waits for the question page that
// asks before it is done.
func (b *browser) askFirst(t *testing.T, url, button string) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	b.askFirstHere(t, button)
}

// askFirstHere is askFirst on the page open in b.
func (b *browser) askFirstHere(t *testing.T, button string) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, chromedp.WaitVisible(button), chromedp.Click(button), chromedp.WaitVisible("#confirm-question")); err != nil {
		t.Fatalf("%s: no question before the action: %v", button, err)
	}
}

// confirmWithEnter waits until the question page's focused element is
// button (the button that does the action: the keyboard is on it), presses
// Enter and waits for the page that says it is done.
func (b *browser) confirmWithEnter(t *testing.T, button string) {
	t.Helper()
	quoted, _ := json.Marshal(button)
	if err := chromedp.Do(b.Ctx,
		chromedp.Poll[chromedp.Void](`document.activeElement && document.activeElement.matches(`+string(quoted)+`)`, patiently...),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".flash"),
	); err != nil {
		t.Fatalf("Enter on the confirmation (%s focused): %v", button, err)
	}
}
