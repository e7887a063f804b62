package kiosk

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// An organiser makes a workshop and binds a room's kiosk to it, with the
// keyboard; a badge scanned there counts in the admin live; Théo taps
// "I'm here" on his phone; Théo and Amélie, who share nothing else, then
// see each other suggested because they were both at the workshop, each
// in their language. axe-core on the admin page and both phones.
func TestSessions_InChromium_AdminBindsAKiosk_ScanCountsLive_PhoneTaps_SharedWorkshopReason(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newTestEnv(t, demo.Sample())
	amelie, theo := env.People[0], env.People[3]
	now := time.Now()
	start, end := now.Add(-5*time.Minute), now.Add(50*time.Minute)
	if end.Day() != start.Day() {
		t.Skip("the workshop would straddle midnight: the form takes times of one day")
	}
	env.ScanCode(t, theo.BadgeCode)
	key := env.addKiosk(t, "Salle B")
	var kioskID uint64
	env.Store.View(func(tx *data.Tx) error { k, err := tx.KioskByKey(key); kioskID = k.ID; return err })

	b := newBrowser(t)
	signInAdmin(t, b, env, "fr")
	for i, step := range []chromedp.Action[chromedp.Void]{chromedp.Navigate(env.HTTP.URL + "/admin/sessions"), chromedp.WaitVisible("#sess-title"),
		chromedp.SendKeys("#sess-title", "Python"), chromedp.SendKeys("#sess-room", "B"), chromedp.SetValue("#sess-host", "Inès"),
		chromedp.SetValue("#sess-date", start.Format("2006-01-02")), chromedp.SetValue("#sess-start", start.Format("15:04")),
		chromedp.SetValue("#sess-end", end.Format("15:04")), chromedp.Focus("#sess-title")} {
		if err := chromedp.Do(b.Ctx, step); err != nil {
			t.Fatalf("filling the form, step %d: %v", i, err)
		}
	}
	if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`window.__before = true`)); err != nil {
		t.Fatal(err)
	}
	b.keys(t, kb.Enter) // Enter in a field submits the form; the page comes back with a flash
	b.waitNewPage(t, "the saved session's page", `!window.__before && document.readyState === "complete" && !!document.querySelector(".flash")`)
	b.waitJS(t, "saved, listed, said", `!!document.querySelector(".flash") && document.querySelectorAll("table.sessions-table tbody tr").length === 1`)
	sessions := env.Server.day.Sessions()
	if len(sessions) != 1 || sessions[0].Title != "Python" || sessions[0].Kind != data.SessionWorkshop || !sessions[0].Running {
		t.Fatalf("sessions %+v", sessions)
	}
	id := sessions[0].ID
	sel := fmt.Sprintf("#bind-%d", kioskID)
	if err := chromedp.Do(b.Ctx, chromedp.SetValue(sel, fmt.Sprint(id)), chromedp.Focus(sel),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(".flash").remove()`)); err != nil { // the next flash is the binding's
		t.Fatal(err)
	}
	// A WaitVisible begun on the old page can wait past its navigation for
	// good (the binding's hung until the tab's 3-minute guard at load 10):
	// each posted form's flash is waited for on the new page.
	b.keys(t, kb.Tab)
	b.waitJS(t, "the bind button follows its select", `document.activeElement.getAttribute("aria-describedby") === "`+sel[1:]+`"`)
	if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`window.__before = true`)); err != nil {
		t.Fatal(err)
	}
	b.keys(t, kb.Enter)
	b.waitNewPage(t, "the binding's page", `!window.__before && document.readyState === "complete" && !!document.querySelector(".flash")`)
	b.waitJS(t, "bound", `!!document.querySelector(".flash") && document.querySelector("`+sel+`").value === "`+fmt.Sprint(id)+`"`)
	b.waitJS(t, "the page follows the admin topic", `document.body.dataset.live === "1"`)
	checkAxe(t, b, "admin sessions")

	// Amélie, who skipped the door, scans at room B: the admin counts her live.
	_, raw := env.scanAs(t, key, map[string]any{"code": amelie.BadgeCode, "nonce": "room-b-1", "gate": "B"})
	if ans := parseAnswer(t, raw); ans.Session == nil || !ans.Session.Recorded {
		t.Fatalf("scan at room B: %s", raw)
	}
	count := fmt.Sprintf(`document.querySelector('[data-count="%d"]').textContent`, id)
	b.waitJS(t, "one attendee, live", count+` === "1"`)

	// Théo taps "I'm here" with the keyboard.
	phone := env.openPhone(t, theo.Secret, "#sessions-list li button")
	phone.waitJS(t, "the button names the session", `document.querySelector("#sessions-list li button").getAttribute("aria-label") === "I'm here — Python"`)
	if err := chromedp.Do(phone.Ctx, chromedp.Focus("#sessions-list li button")); err != nil {
		t.Fatal(err)
	}
	phone.keys(t, kb.Enter)
	phone.waitJS(t, "recorded, focus on the section, announced", `document.querySelector("#sessions-list li .here")?.textContent === "✓ You are there" && document.activeElement.id === "sessions-h" && document.getElementById("announce").textContent === "Attendance recorded: Python"`)
	b.waitJS(t, "two attendees, live", count+` === "2"`)
	phone.waitJS(t, "Amélie suggested to Théo for the workshop", `[...document.querySelectorAll("#suggestions li")].some((li) => li.textContent.includes("Amélie") && li.querySelector(".why")?.textContent.startsWith("You were both at the ") && li.querySelector(".why").textContent.endsWith(" workshop “Python”"))`)
	checkAxe(t, phone, "phone with sessions (en)")
	phone.NoConsoleErrors(t)

	other := newPhoneBrowser(t)
	if err := chromedp.Do(other.Ctx, chromedp.Navigate(env.HTTP.URL+"/me/"+amelie.Secret+"?lang=fr"), chromedp.WaitVisible("#sessions-list li")); err != nil {
		t.Fatal(err)
	}
	other.waitJS(t, "Théo suggested to Amélie, in French", `[...document.querySelectorAll("#suggestions li")].some((li) => li.textContent.includes("Théo") && li.querySelector(".why")?.textContent.startsWith("Vous étiez tous deux à l'atelier « Python » de "))`)
	other.waitJS(t, "her session marked", `document.querySelector("#sessions-list li .here")?.textContent === "✓ Vous y êtes"`)
	checkAxe(t, other, "phone with sessions (fr)")
	b.NoConsoleErrors(t)
}
