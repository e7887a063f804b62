package kiosk

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icebreaker/data/demo"
)

// The name search checks a person in without their badge: typing part of a
// name (without its accents) lists them, and their button checks them in.
func TestDoorPage_NameSearch_ChecksThePersonIn(t *testing.T) {
	env := newTestEnv(t, demo.Sample())
	b := newBrowser(t)
	openKiosk(t, b, env)
	if err := chromedp.Do(b.Ctx,
		chromedp.Click("#search-btn"),
		chromedp.SendKeys("#search-q", "amel"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#search-results li button").length === 1`, chromedp.WithPollingTimeout(3*time.Second)),
		chromedp.Click("#search-results li button"),
	); err != nil {
		t.Fatal(err)
	}
	if msg := waitAnswer(t, b, "ok", 3*time.Second); !strings.Contains(msg, "Amélie") {
		t.Fatalf("answer %q after checking Amélie in by name", msg)
	}
	if !env.Server.Day().Inside(env.People[0].ID) {
		t.Fatal("Amélie is not inside after the name search's check-in")
	}
	b.NoConsoleErrors(t)
}

// A walk-in registered at the door gets a badge on screen and is checked
// in at once.
func TestDoorPage_WalkIn_RegistersShowsTheBadgeAndChecksIn(t *testing.T) {
	env := newTestEnv(t, demo.Sample())
	b := newBrowser(t)
	openKiosk(t, b, env)
	if err := chromedp.Do(b.Ctx,
		chromedp.Click("#walkin-btn"),
		chromedp.SendKeys(`#walkin-form [name="first_name"]`, "Noémie"),
		chromedp.SendKeys(`#walkin-form [name="organisation"]`, "Atelier"),
		chromedp.Click(`#walkin-form button[type="submit"]`),
		chromedp.Poll[chromedp.Void](`!document.getElementById("walkin-done").hidden && document.getElementById("walkin-qr").naturalWidth > 0`,
			chromedp.WithPollingTimeout(3*time.Second)),
	); err != nil {
		t.Fatal(err)
	}
	if msg := waitAnswer(t, b, "ok", 3*time.Second); !strings.Contains(msg, "Noémie") {
		t.Fatalf("answer %q after the walk-in", msg)
	}
	if got := env.Server.Day().Stats().Counts; got.Registered != 6 || got.Present != 1 {
		t.Fatalf("after one walk-in: %d registered, %d present; want 6 and 1", got.Registered, got.Present)
	}
	b.NoConsoleErrors(t)
}
