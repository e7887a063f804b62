package kiosk

import (
	"icebreaker/data/demo"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestBoardPage_ShowsArrivalWithinASecondOfAScan(t *testing.T) {
	env := newTestEnv(t, demo.Sample())
	b := newBrowser(t)
	if err := chromedp.Do(b.Ctx,
		chromedp.Navigate(env.HTTP.URL+"/board?lang=fr"),
		chromedp.WaitVisible("#present"),
		chromedp.Poll[chromedp.Void](`document.getElementById("registered").textContent === "5"`, chromedp.WithPollingTimeout(5*time.Second)),
	); err != nil {
		t.Fatal(err)
	}
	env.waitSockets(t, 1) // the socket opens after the snapshot
	env.ScanCode(t, env.People[1].BadgeCode)
	got, err := chromedp.Run(b.Ctx, chromedp.Poll[string](
		`document.querySelector("#arrivals li .who") && document.querySelector("#arrivals li .who").textContent`,
		chromedp.WithPollingTimeout(time.Second)))
	if err != nil {
		t.Fatalf("no arrival on the board within a second: %v", err)
	}
	if got != "Karim B." {
		t.Fatalf("board shows %q, want Karim B.", got)
	}
	b.Screenshot(t, "board")
	b.NoConsoleErrors(t)
}
