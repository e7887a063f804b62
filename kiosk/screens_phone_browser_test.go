package kiosk

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// TestPhonePage_PushGoesAwayNoConsentSaysOneThingAndARevokedLinkTurnsThePageOff
// follows one attendee's phone through the states of issue 12 item 17, in
// one browser: a « X just arrived » push closes by itself (data-push-ms)
// and, while the keyboard is on it, only with its button; a reissued
// badge shows its new QR code on the page still open; a revoked link
// (the admin reissued it: close code 1008, then the snapshot's 404) clears
// the suggestions, disables every control and says why; the page of
// someone without matchmaking consent shows the consent message alone, not
// also "suggestions will appear". axe-core checks the push and the revoked
// page.
func TestPhonePage_PushGoesAwayNoConsentSaysOneThingAndARevokedLinkTurnsThePageOff(t *testing.T) {
	if browserTest(t) {
		return
	}
	people := append(demo.Sample(), data.Attendee{FirstName: "Lucie", LastName: "Martin", Email: "lucie@fonds.example",
		Organisation: "Fonds Amorçage", Offers: []string{"levée de fonds"}, MatchConsent: true, BoardConsent: true})
	env := newTestEnv(t, people)
	amelie, zoe := env.People[0], env.People[4]
	env.ScanCode(t, amelie.BadgeCode)
	env.ScanCode(t, env.People[2].BadgeCode) // Inès: a first suggestion
	b := env.openPhone(t, amelie.Secret, "#suggestions li")
	// The probe records every push shown (one may come and go between two
	// polls of a loaded machine) and, when asked, puts the keyboard on the
	// next one's close button as soon as it shows, before its time is up.
	// The pushes' time is shortened on the page (data-push-ms, 2 minutes).
	if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`
		window.__pushes = [];
		const push = document.getElementById("push");
		new MutationObserver(() => {
			if (!push.textContent) return;
			window.__pushes.push(push.textContent);
			if (window.__focusNextPush) { window.__focusNextPush = false; push.querySelector("button.push-close").focus(); }
		}).observe(push, {childList: true, subtree: true});
		document.body.dataset.pushMs = "400";`)); err != nil {
		t.Fatal(err)
	}

	// A push that nobody touches goes away by itself.
	env.ScanCode(t, env.People[1].BadgeCode) // Karim
	waitUntil(t, b, `window.__pushes.some((p) => p.includes("Karim B. just arrived"))`, "Karim's push")
	b.waitJS(t, "the push lives in a status region", `document.getElementById("push").closest("[role=status]") !== null`)
	waitUntil(t, b, `document.getElementById("push").hidden && document.getElementById("push").textContent === ""`, "Karim's push expired")

	// A push with the keyboard on its close button stays past its time,
	// then Enter closes it and the focus goes to the suggestions' heading,
	// not to the page.
	if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`document.body.dataset.pushMs = "600"; window.__focusNextPush = true;`)); err != nil {
		t.Fatal(err)
	}
	env.ScanCode(t, env.People[5].BadgeCode) // Lucie
	waitUntil(t, b, `window.__pushes.some((p) => p.includes("Lucie M. just arrived")) && document.activeElement.matches("#push button.push-close")`, "Lucie's push, focused")
	checkAxe(t, b, "push shown")
	b.waitJS(t, "close button named", `document.activeElement.getAttribute("aria-label") === "Dismiss this alert"`)
	waitUntil(t, b, `document.getElementById("push").dataset.expired === "1" && !document.getElementById("push").hidden`, "the focused push stays past its time")
	b.keys(t, kb.Enter)
	b.waitJS(t, "push closed with the keyboard", `document.getElementById("push").hidden && document.activeElement.id === "suggestions-h"`)

	// A reissued badge: the link still works, and the page shows the new QR code.
	if _, err := env.Server.day.ReissueBadge(amelie.ID); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the new badge's QR code", `document.querySelector("img.badge").src.includes("badge.png?v=") && document.querySelector("img.badge").complete
		&& document.querySelector("img.badge").naturalWidth > 0 && document.getElementById("gone").hidden`)
	b.NoConsoleErrors(t) // from here the revoked link's 404s are logged, as they should

	// The admin reissues the link: the page turns off.
	if _, err := env.Server.day.ReissueLink(amelie.ID); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "revoked page", `!document.getElementById("gone").hidden
		&& document.querySelectorAll("#suggestions li").length === 0
		&& document.getElementById("none").hidden
		&& [...document.querySelectorAll("main button, main input, main select")].every((c) => c.disabled)
		&& document.getElementById("gone").getAttribute("role") === "alert"
		&& document.getElementById("gone").textContent.includes("no longer valid")`)
	checkAxe(t, b, "revoked")
	b.Screenshot(t, "phone-revoked")

	// Zoé refused matchmaking: under "People to meet now", one message,
	// the consent one.
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/me/"+zoe.Secret+"?lang=fr"), chromedp.WaitVisible("#consent-match")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "Zoé's page", `document.body.dataset.topic === "me:`+itoaU(uint64(zoe.ID))+`"`)
	shown, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`[...document.getElementById("suggestions-h").closest("section").querySelectorAll("p")].filter((p) => p.checkVisibility()).map((p) => p.id)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) != 1 || shown[0] != "noconsent" {
		t.Fatalf("without consent the page shows %v, want only the consent message", shown)
	}
	// Switching consent on: the consent message goes, "nobody yet" comes.
	if err := chromedp.Do(b.Ctx, chromedp.Click("#consent-match")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "consent on", `document.getElementById("noconsent").hidden && (document.getElementById("none").hidden === document.querySelectorAll("#suggestions li").length > 0)`)
}

func TestPhonePage_ReceivesArrivalPushAndRecordsWeMet(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newDemoEnv(t)
	amelie := env.scannedIn(t, 0)
	env.ScanCode(t, env.People[2].BadgeCode)                // Inès: a first suggestion
	b := env.openPhone(t, amelie.Secret, "#suggestions li") // the socket opens after the snapshot
	env.ScanCode(t, env.People[1].BadgeCode)
	push, err := chromedp.Run(b.Ctx, chromedp.Poll[string](
		`!document.getElementById("push").hidden && document.getElementById("push").textContent`,
		patiently...))
	if err != nil {
		t.Fatalf("no push: %v (the page's sockets: %s)", err, b.socketLog())
	}
	if !strings.Contains(push, "Karim B. just arrived") || !strings.Contains(push, "fundraising") {
		t.Fatalf("push reads %q", push)
	}
	if _, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](`document.querySelectorAll("#suggestions li").length === 2`,
		patiently...)); err != nil {
		t.Fatalf("suggestions not refreshed: %v", err)
	}
	b.Screenshot(t, "phone")
	karim := `#suggestions li[data-id="` + itoaU(uint64(env.People[1].ID)) + `"] button.met`
	if err := chromedp.Do(b.Ctx, chromedp.Click(karim)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](`document.getElementById("scanresult").textContent.includes("Karim")`,
		patiently...)); err != nil {
		t.Fatalf("we met not confirmed: %v", err)
	}
	if !env.Server.day.Closed(amelie.ID, env.People[1].ID) {
		t.Fatal("the click did not reach the matcher")
	}
	b.NoConsoleErrors(t)
}
