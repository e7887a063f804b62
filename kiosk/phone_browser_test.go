package kiosk

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

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
