package kiosk

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusedID returns the id of the focused element ("" for none or <body>).
func focusedID(t *testing.T, b *browser) string {
	t.Helper()
	id, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// pressKeys sends keys to the focused element.
func pressKeys(t *testing.T, b *browser, keys string, opts ...chromedp.KeyOption) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent(keys, opts...)); err != nil {
		t.Fatal(err)
	}
}

// focusStays checks that the focus is on id and is still there after
// three turns of the kiosk's 300 ms focus watch (a wait for something
// that must not happen).
func focusStays(t *testing.T, b *browser, id, after string) {
	t.Helper()
	if got := focusedID(t, b); got != id {
		t.Fatalf("after %s: focus on %q, want %q", after, got, id)
	}
	b.waitTurns(t, 300, 3)
	if got := focusedID(t, b); got != id {
		t.Fatalf("after %s: the focus moved from %q to %q within three turns of the focus watch", after, id, got)
	}
}

var withShift = chromedp.KeyModifiers(chromedp.ModifierShift)

// The door header works from the keyboard alone: Shift+Tab from the scan
// field reaches every control, each is operated with its keys, the focus
// stays where the user put it, and scanning still works afterwards, even
// when the scanner types while a header button has the focus.
func TestDoorPage_Keyboard_OperatesEveryHeaderControlAndKeepsItsFocus(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	openKiosk(t, b, env)
	if got := focusedID(t, b); got != "code" {
		t.Fatalf("focus on %q at start, want the scan field", got)
	}
	// Backwards through the header, from the scan field.
	lang := "lang-link"
	if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(".door-bar .lang").id = "lang-link"`)); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{lang, "walkin-btn", "search-btn", "camera-btn", "dir-out", "dir-in", "gate"} {
		pressKeys(t, b, kb.Tab, withShift)
		focusStays(t, b, id, "Shift+Tab")
	}
	// Gate: the arrow keys choose another gate (not "Other gate…", which asks by prompt).
	pressKeys(t, b, kb.ArrowUp)
	gate, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("gate").value`))
	if gate == "nord" || gate == "" {
		t.Fatalf("gate %q after ArrowUp, want the one before nord", gate)
	}
	focusStays(t, b, "gate", "choosing a gate")
	// Entry/exit: Space switches to exit, Enter back to entry.
	pressKeys(t, b, kb.Tab)
	pressKeys(t, b, kb.Tab)
	pressKeys(t, b, " ")
	if dir, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.body.dataset.direction + " " + document.getElementById("dir-out").getAttribute("aria-pressed")`)); dir != "out true" {
		t.Fatalf("direction %q after Space on Exit, want out and pressed", dir)
	}
	focusStays(t, b, "dir-out", "Space on Exit")
	pressKeys(t, b, kb.Tab, withShift)
	pressKeys(t, b, kb.Enter)
	if dir, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.body.dataset.direction`)); dir != "in" {
		t.Fatalf("direction %q after Enter on Entry", dir)
	}
	focusStays(t, b, "dir-in", "Enter on Entry")
	// Camera: Enter starts it (this browser has none: the kiosk says so).
	pressKeys(t, b, kb.Tab)
	pressKeys(t, b, kb.Tab)
	pressKeys(t, b, kb.Enter)
	waitUntil(t, b, `!document.getElementById("camerabox").hidden || !document.getElementById("https").hidden`, "camera answer")
	focusStays(t, b, "camera-btn", "Enter on Camera")
	// Search: Enter opens it, typing finds, Tab reaches a result, Enter checks in.
	pressKeys(t, b, kb.Tab)
	pressKeys(t, b, kb.Enter)
	waitUntil(t, b, `document.getElementById("search").open`, "search dialog")
	focusStays(t, b, "search-q", "opening the search")
	pressKeys(t, b, "amel")
	b.waitHandled(t, "/api/attendees?q=amel") // not an answer to a shorter query, which the last one replaces
	waitUntil(t, b, `document.querySelectorAll("#search-results li").length === 1`, "search result")
	name, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.querySelector("#search-results li button").textContent`))
	if !strings.Contains(name, "Amélie") {
		t.Fatalf("the result button is named %q: it lacks the person's name", name)
	}
	pressKeys(t, b, kb.Tab) // the note is text: the next stop is the button
	if got, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`document.activeElement === document.querySelector("#search-results li button")`)); !got {
		t.Fatalf("Tab from the search field lands on %q, not the result's button", focusedID(t, b))
	}
	pressKeys(t, b, kb.Enter)
	waitAnswer(t, b, "ok", patience)
	focusStays(t, b, "search-btn", "checking in from the search (the dialog gives the focus back to its button)")
	// Walk-in: Enter opens it on the first name, Escape closes it.
	pressKeys(t, b, kb.Tab)
	pressKeys(t, b, kb.Enter)
	waitUntil(t, b, `document.getElementById("walkin").open`, "walk-in dialog")
	if got, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.activeElement.name`)); got != "first_name" {
		t.Fatalf("walk-in opens with the focus on %q, want the first name", got)
	}
	focusStays(t, b, "", "opening the walk-in form (the first name keeps the focus)")
	pressKeys(t, b, kb.Escape)
	waitUntil(t, b, `!document.getElementById("walkin").open`, "walk-in closed")
	focusStays(t, b, "walkin-btn", "Escape in the walk-in form")
	// A scanner typing while a header button has the focus: the code goes to the scan field.
	pressKeys(t, b, env.People[1].BadgeCode+kb.Enter)
	waitUntil(t, b, `document.getElementById("message").textContent.includes("Karim")`, "Karim's answer to a code typed on the walk-in button")
	// Language: Enter follows the link; the scan field has the focus and takes a code.
	focusStays(t, b, "code", "the scanned code (typing moved the focus to the scan field)")
	pressKeys(t, b, kb.Tab, withShift)
	focusStays(t, b, lang, "Shift+Tab to the language link")
	pressKeys(t, b, kb.Enter)
	if err := chromedp.Do(b.Ctx, chromedp.WaitVisible(`html[lang="en"] #code`)); err != nil {
		t.Fatalf("the language link did not open the English page: %v", err)
	}
	waitUntil(t, b, `document.body.dataset.ready && document.activeElement && document.activeElement.id === "code"`, "scan field focused on the English page, its script ready")
	pressKeys(t, b, env.People[3].BadgeCode+kb.Enter)
	waitUntil(t, b, `document.getElementById("answer").dataset.result === "ok" && document.getElementById("message").textContent.includes("Théo")`, "Théo's answer to a code typed after switching language")
	// A scanner typing while the gate list has the focus: the code is scanned, the gate stays.
	for range 7 {
		pressKeys(t, b, kb.Tab, withShift)
	}
	before, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.activeElement.id + " " + document.getElementById("gate").value`))
	pressKeys(t, b, env.People[2].BadgeCode+kb.Enter)
	waitUntil(t, b, `document.getElementById("message").textContent.includes("Inès")`, "Inès's answer to a code typed on the gate list")
	if after, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`"gate " + document.getElementById("gate").value`)); !strings.HasPrefix(before, "gate ") || after != before {
		t.Fatalf("before the code: %q; after: %q; want the gate list focused and its gate unchanged", before, after)
	}
	b.NoConsoleErrors(t)
}
