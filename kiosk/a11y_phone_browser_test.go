package kiosk

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// TestPhonePage_AxeFindsNoViolation_WithSuggestionsAPushAndARound runs
// axe-core (WCAG 2.1 A and AA) on the phone page in French and English in
// the states an attendee sees: suggestions and what the matcher understood,
// after a "someone you should meet just arrived" push, and during a round,
// whose table is read out.
func TestPhonePage_AxeFindsNoViolation_WithSuggestionsAPushAndARound(t *testing.T) {
	if browserTest(t) {
		return
	}
	inBothLanguages(t, func(t *testing.T, lang string) {
		env := newDemoEnv(t)
		amelie := env.People[0]
		env.ScanCode(t, amelie.BadgeCode)
		env.ScanCode(t, env.People[2].BadgeCode)
		sockets := env.Server.Hub().Clients()
		b := newPhoneBrowser(t)
		if err := chromedp.Do(b.Ctx,
			chromedp.Navigate(env.HTTP.URL+"/me/"+amelie.Secret+"?lang="+lang),
			chromedp.WaitVisible("#suggestions li"),
		); err != nil {
			t.Fatal(err)
		}
		env.waitSockets(t, sockets+1)
		checkAxe(t, b, lang+": suggestions")
		env.ScanCode(t, env.People[1].BadgeCode) // Karim arrives: a push
		b.waitJS(t, "push shown", `document.querySelectorAll("#suggestions li").length >= 2`)
		checkAxe(t, b, lang+": after a push")
		env.ScanCode(t, env.People[3].BadgeCode)
		if _, err := env.Server.day.StartRound(live.RoundPlan{Kind: data.PairRound, Length: 10 * time.Minute}); err != nil {
			t.Fatal(err)
		}
		// The round card shows, and its table is read out.
		announced := map[string]string{"fr": `/^Tour de rencontres : Table \d+$/`, "en": `/^Networking round: Table \d+$/`}[lang]
		b.waitJS(t, "round announced", `!document.getElementById("roundcard").hidden && `+announced+`.test(document.getElementById("announce").textContent)`)
		checkAxe(t, b, lang+": during a round")
		b.NoConsoleErrors(t)
	})
}
