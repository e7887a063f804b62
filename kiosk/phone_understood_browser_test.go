package kiosk

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"icebreaker/data"
)

// openPhone opens a phone page in English on a phone-sized screen and
// waits until it follows its topic live.
//
// A page's first subscription to a phone topic that had messages before
// anyone watched it (the hub keeps nothing for such a topic: see
// hub.Options.SkipUnwatched) gets a resync, and the page reloads its
// snapshot; a push that arrives meanwhile is applied through the snapshot,
// so what the push alone does (an announcement) is not done. So openPhone
// waits until the page has handled a snapshot after any resync: it
// publishes a probe on the topic (a kind no page knows, which it ignores)
// behind the subscription, and once the probe is in, every resync before it
// is too.
func (e *testEnv) openPhone(t *testing.T, secret string, ready string) *browser {
	t.Helper()
	sockets := e.Server.Hub().Clients()
	b := newPhoneBrowser(t)
	if err := chromedp.Do(b.Ctx,
		chromedp.Navigate(e.HTTP.URL+"/me/"+secret+"?lang=en"),
		chromedp.WaitVisible(ready),
	); err != nil {
		t.Fatal(err)
	}
	e.waitSockets(t, sockets+1)
	topic, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.body.dataset.topic`))
	if err != nil {
		t.Fatal(err)
	}
	e.Server.Hub().Publish(topic, "probe", nil)
	b.waitJS(t, "the page follows its topic live", `(() => {
		const resyncs = window.__ws.filter((e) => e.startsWith("resync ")).length;
		const snapshots = window.__handled.filter((u) => new URL(u).pathname === "/api/me/`+secret+`").length;
		return window.__ws.some((e) => e.startsWith("probe ")) && snapshots >= 1 + resyncs;
	})()`)
	return b
}

// waitJS polls a JavaScript condition for up to patience.
func (b *browser) waitJS(t *testing.T, what, cond string) {
	t.Helper()
	if _, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](cond, patiently...)); err != nil {
		state, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.activeElement.outerHTML.slice(0, 200) + " | " + document.getElementById("announce").textContent`))
		t.Fatalf("%s: %v (focus and announce: %s; sockets and answers: %s)", what, err, state, b.socketLog())
	}
}

func (b *browser) keys(t *testing.T, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if err := chromedp.Do(b.Ctx, chromedp.KeyEvent(k)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPhoneUnderstood_RemoveAConceptAndAddOneWithTheKeyboardOnly(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newDemoEnv(t)
	env.checkInFour(t)
	amelie := env.People[0]
	b := env.openPhone(t, amelie.Secret, `#understood li[data-key="fundraising"]`)
	b.waitJS(t, "the concept with what I wrote", `document.querySelector('#understood li[data-key="fundraising"]').textContent.startsWith("fundraisingyou wrote: « fundraising »")`)
	b.Screenshot(t, "phone-understood")

	// Remove: Enter on the focused button; focus goes to the next concept.
	if err := chromedp.Do(b.Ctx, chromedp.Focus(`#understood li[data-key="fundraising"] button`)); err != nil {
		t.Fatal(err)
	}
	b.keys(t, kb.Enter)
	b.waitJS(t, "fundraising removed", `!document.querySelector('#understood li[data-key="fundraising"]')`)
	b.waitJS(t, "focus on the next concept", `document.activeElement.closest("li") && document.activeElement.closest("li").dataset.key === "education"`)
	b.waitJS(t, "removal announced", `document.getElementById("announce").textContent === "Removed: fundraising"`)

	// Add: type, Down, Enter, in the combobox.
	if err := chromedp.Do(b.Ctx, chromedp.SendKeys("#concept-input", "hardw")); err != nil {
		t.Fatal(err)
	}
	b.waitHandled(t, "/concepts?lang=en&q=hardw")
	b.waitJS(t, "typeahead open", `document.getElementById("concept-input").getAttribute("aria-expanded") === "true" && document.querySelectorAll("#concept-list [role=option]").length > 0`)
	b.waitJS(t, "options announced", `/^\d+ suggestions/.test(document.getElementById("concept-status").textContent)`)
	b.keys(t, kb.ArrowDown)
	b.waitJS(t, "first option active", `document.getElementById("concept-input").getAttribute("aria-activedescendant") === "concept-list-0" && document.getElementById("concept-list-0").getAttribute("aria-selected") === "true" && document.getElementById("concept-list-0").textContent === "hardware"`)
	b.keys(t, kb.Enter)
	b.waitJS(t, "hardware added to my needs", `!!document.querySelector('#understood ul[data-field="needs"] li[data-key="hardware"]')`)
	b.waitJS(t, "addition announced", `document.getElementById("announce").textContent === "Added: hardware"`)
	b.waitJS(t, "Théo suggested at once", `[...document.querySelectorAll("#suggestions li strong")].some((s) => s.textContent === "Théo P.")`)
	b.waitJS(t, "popup closed", `document.getElementById("concept-input").getAttribute("aria-expanded") === "false" && document.activeElement.id === "concept-input"`)

	// Escape closes the list without adding.
	if err := chromedp.Do(b.Ctx, chromedp.SendKeys("#concept-input", "educ")); err != nil {
		t.Fatal(err)
	}
	b.waitHandled(t, "/concepts?lang=en&q=educ")
	b.waitJS(t, "typeahead open again", `document.getElementById("concept-input").getAttribute("aria-expanded") === "true"`)
	b.keys(t, kb.Escape)
	b.waitJS(t, "Escape closes", `document.getElementById("concept-input").getAttribute("aria-expanded") === "false" && document.getElementById("concept-list").hidden`)
	if a, ok := env.Server.attendeeBySecret(amelie.Secret); !ok || len(a.Corrections) != 2 {
		t.Fatalf("stored corrections %+v, want the removal and the addition", a.Corrections)
	}
	b.NoConsoleErrors(t)
}

func TestPhonePage_NotForMeMovesFocusToTheNextSuggestionAndARefreshKeepsIt(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newDemoEnv(t)
	for _, p := range env.People[:3] { // Amélie, Karim, Inès
		env.ScanCode(t, p.BadgeCode)
	}
	b := env.openPhone(t, env.People[0].Secret, `#suggestions li:nth-child(2) button.met`)
	label, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.querySelector("#suggestions li:first-child button.decline").getAttribute("aria-label")`))
	if label != "Not for me — Karim B." {
		t.Fatalf("the first decline button is named %q", label)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Focus(`#suggestions li:first-child button.decline`)); err != nil {
		t.Fatal(err)
	}
	b.keys(t, kb.Enter)
	b.waitJS(t, "focus on Inès's button", `document.activeElement.getAttribute("aria-label") === "We met — Inès M."`)
	b.waitJS(t, "Not for me announced", `document.getElementById("announce").textContent === "Karim B. will not be suggested again."`)
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`window.focusedBefore = document.activeElement; true`)); err != nil {
		t.Fatal(err)
	}

	// A newcomer worth meeting arrives: the push is read out and the list
	// refreshes in place, under the focused button.
	paul, _, err := env.Server.day.WalkIn(context.Background(), data.Attendee{FirstName: "Paul", LastName: "Roux", Email: "paul@angels.example",
		Offers: []string{"fundraising"}, Interests: []string{"education"}, MatchConsent: true}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	env.ScanCode(t, paul.BadgeCode)
	b.waitJS(t, "arrival announced (the push is a status region)", `document.querySelector("[role=status] #push").textContent.includes("Paul R. just arrived")`)
	b.waitJS(t, "Paul listed", `document.querySelectorAll("#suggestions li").length === 2`)
	b.waitJS(t, "focus kept on the same button", `document.activeElement === window.focusedBefore && window.focusedBefore.isConnected`)

	// "We met" on the last one: focus goes to the one before.
	b.keys(t, kb.Enter) // Inès's "We met"
	b.waitJS(t, "focus on Paul's button", `/^We met — Paul R\./.test(document.activeElement.getAttribute("aria-label") || "")`)
	b.NoConsoleErrors(t)
}

// The switch's change is announced; once the link is revoked the switch
// is disabled, as it was left, and the page says why (a press racing the
// revocation fails, is announced and puts the switch back: either way
// nothing changes on the server).
func TestPhonePage_ConsentChangeIsAnnouncedAndARevokedLinkDisablesTheSwitch(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newDemoEnv(t)
	amelie := env.People[0]
	b := env.openPhone(t, amelie.Secret, "#consent-board")
	if err := chromedp.Do(b.Ctx, chromedp.Focus("#consent-board")); err != nil {
		t.Fatal(err)
	}
	b.keys(t, " ")
	b.waitJS(t, "consent change announced", `document.getElementById("announce").textContent === "Your first name no longer shows on the screen."`)
	if a, _ := env.Server.attendeeBySecret(amelie.Secret); a.BoardConsent {
		t.Fatal("the switch did not reach the server")
	}
	if _, err := env.Server.day.ReissueLink(amelie.ID); err != nil { // this page's link stops working
		t.Fatal(err)
	}
	b.keys(t, " ")
	b.waitJS(t, "the switch disabled as it was, and why", `document.getElementById("consent-board").disabled && !document.getElementById("consent-board").checked && !document.getElementById("gone").hidden`)
	var now data.Attendee
	env.Store.View(func(tx *data.Tx) (err error) { now, err = tx.Attendee(amelie.ID); return })
	if now.BoardConsent {
		t.Fatal("a switch after the revocation reached the server")
	}
	b.waitJS(t, "the badge image says what it is", `document.querySelector("img.badge").alt === "My badge: QR code to show at the door" && !!document.querySelector("main #suggestions")`)
}
