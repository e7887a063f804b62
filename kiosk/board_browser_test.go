package kiosk

import (
	"testing"

	"github.com/chromedp/chromedp"

	"icebreaker/internal/apitest"
	"icebreaker/kiosk/live"
)

func TestBoardPage_ShowsArrivalWithinASecondOfAScan(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	if err := chromedp.Do(b.Ctx,
		chromedp.Navigate(env.HTTP.URL+"/board?lang=fr"),
		chromedp.WaitVisible("#present"),
		chromedp.Poll[chromedp.Void](`document.getElementById("registered").textContent === "5"`, patiently...),
	); err != nil {
		t.Fatal(err)
	}
	env.waitSockets(t, 1) // the socket opens after the snapshot
	env.ScanCode(t, env.People[1].BadgeCode)
	got, err := chromedp.Run(b.Ctx, chromedp.Poll[string](
		`document.querySelector("#arrivals li .who") && document.querySelector("#arrivals li .who").textContent`,
		patiently...))
	if err != nil {
		t.Fatalf("no arrival on the board: %v", err)
	}
	if got != "Karim B." {
		t.Fatalf("board shows %q, want Karim B.", got)
	}
	b.Screenshot(t, "board")
	b.NoConsoleErrors(t)
}

// liveProbe is run in the page before its scripts: it counts the WebSocket
// messages received and, once window.__hold is set, holds the next
// snapshot's response (already read by the server) until window.__release().
const liveProbe = `
window.__got = 0;
const NativeWS = window.WebSocket;
window.WebSocket = function (...args) {
  const s = new NativeWS(...args);
  s.addEventListener("message", () => window.__got++);
  return s;
};
window.WebSocket.prototype = NativeWS.prototype;
const nativeFetch = window.fetch;
window.fetch = async (...args) => {
  const res = await nativeFetch(...args);
  if (window.__hold) {
    window.__hold = false;
    window.__held = true;
    await new Promise((r) => { window.__release = r; });
  }
  return res;
};`

// Step 4 of the resync contract (kiosk/hub doc): a live message that
// arrives while the page reloads its snapshot is buffered and applied
// after it, not applied first and then overwritten by an older snapshot.
func TestLiveJS_MessageDuringASnapshotReloadIsNotLost(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	b.BeforeScripts(t, liveProbe)
	if err := chromedp.Do(b.Ctx,
		chromedp.Navigate(env.HTTP.URL+"/board?lang=fr"),
		chromedp.Poll[chromedp.Void](`document.getElementById("registered").textContent === "5"`, patiently...),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the board's WebSocket", func() bool { return env.Server.Hub().Clients() == 1 })

	// A consent change sends "reload": the board refetches its snapshot,
	// which the probe holds once the server has answered it.
	if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`window.__hold = true`)); err != nil {
		t.Fatal(err)
	}
	flip := !env.People[2].BoardConsent // a switch that changes nothing publishes nothing
	if _, err := env.Server.Day().SetConsent(env.People[2].ID, live.Consent{Board: &flip}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Poll[chromedp.Void](`window.__held === true`, patiently...)); err != nil {
		t.Fatalf("the board did not reload its snapshot: %v", err)
	}
	// An arrival while the (older) snapshot is in flight.
	env.ScanCode(t, env.People[1].BadgeCode)
	if err := chromedp.Do(b.Ctx,
		chromedp.Poll[chromedp.Void](`window.__got >= 2`, patiently...),
		chromedp.Evaluate[chromedp.Void](`window.__release()`),
	); err != nil {
		t.Fatalf("the arrival did not reach the page: %v", err)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Poll[chromedp.Void](
		`document.getElementById("present").textContent === "1"`, patiently...)); err != nil {
		present, _ := chromedp.Run(b.Ctx, chromedp.TextContent("#present"))
		t.Fatalf("after the reload the board shows %q present, want 1: the arrival was lost", present)
	}
	b.NoConsoleErrors(t)
}

// waitFor polls cond until it holds, failing the test after patience.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	apitest.WaitFor(t, what, patience, cond)
}
