package kiosk

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/kiosk/live"
)

// The accessibility tests run axe-core (the WCAG 2.1 A and AA rules) in
// Chromium against every page, in French and English, in the states people
// see. axe-core is not vendored: .ci/run installs it from npm and points
// ICEBREAKER_AXE at axe.min.js; without it these tests skip, unless
// ICEBREAKER_REQUIRE_BROWSER=1, where they fail.

// axeTags are the rule sets run: WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeSource is the text of axe.min.js, from ICEBREAKER_AXE or the path .ci/run
// installs it to, read once for the test binary; without it the test skips,
// or fails where ICEBREAKER_REQUIRE_BROWSER=1.
func axeSource(t testing.TB) string {
	t.Helper()
	axe.once.Do(func() {
		paths := []string{os.Getenv("ICEBREAKER_AXE")}
		if home, err := os.UserHomeDir(); err == nil {
			paths = append(paths, filepath.Join(home, ".cache", "icebreaker-axe", "node_modules", "axe-core", "axe.min.js"))
		}
		for _, p := range paths {
			if p == "" {
				continue
			}
			if src, err := os.ReadFile(p); err == nil {
				axe.src = string(src)
				return
			}
		}
	})
	if axe.src != "" {
		return axe.src
	}
	const how = `npm install --prefix "$HOME/.cache/icebreaker-axe" axe-core@4 (or set ICEBREAKER_AXE=/path/to/axe.min.js)`
	if os.Getenv("ICEBREAKER_REQUIRE_BROWSER") == "1" {
		t.Fatalf("axe-core not found and ICEBREAKER_REQUIRE_BROWSER=1: %s", how)
	}
	t.Skipf("accessibility test skipped: axe-core not found: %s", how)
	return ""
}

// axe is axe-core's source, read by the first axeSource.
var axe struct {
	once sync.Once
	src  string
}

// axeViolation is one failed axe rule and the elements that fail it.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct {
		Target         []any
		FailureSummary string
	}
}

// checkAxe runs axe-core on the page open in b and fails the test with a
// readable list of every violation; state names what the page shows.
// Without axe-core the test skips here (see axeSource). It fails the test
// too if the page met its Content-Security-Policy (pageProbe records the
// violations): every page state is checked under the CSP as well.
func checkAxe(t *testing.T, b *browser, state string) {
	t.Helper()
	src := axeSource(t)
	if csp, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`window.__csp || []`)); err != nil {
		t.Fatalf("%s: %v", state, err)
	} else if len(csp) > 0 {
		t.Errorf("%s: CSP violations %q", state, csp)
	}
	// Colours are measured once transitions and animations are over.
	waitUntil(t, b, `document.getAnimations().every((a) => a.playState !== "running")`, state+": animations")
	// Each new page needs axe-core again; sending its half megabyte to a
	// page that has it already costs a parse for nothing.
	if loaded, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`!!window.axe`)); err != nil {
		t.Fatalf("%s: %v", state, err)
	} else if !loaded {
		if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](src+"\n;")); err != nil {
			t.Fatalf("%s: inject axe-core: %v", state, err)
		}
	}
	tags, _ := json.Marshal(axeTags)
	raw, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](
		`axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}, resultTypes: ["violations"]}).then((r) => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe.run: %v", state, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("%s: axe result: %v", state, err)
	}
	if len(vs) == 0 {
		return
	}
	var sb strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&sb, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&sb, "\n    %v\n      %s", n.Target, strings.ReplaceAll(n.FailureSummary, "\n", "\n      "))
		}
	}
	t.Errorf("%s: %d axe violation(s):%s", state, len(vs), sb.String())
}

// waitUntil waits for a JavaScript condition or fails the test.
func waitUntil(t *testing.T, b *browser, cond, what string) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, chromedp.Poll[chromedp.Void](cond, patiently...)); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func TestDoorPage_AxeFindsNoViolation_AfterEachAnswerAndInItsDialogs(t *testing.T) {
	if browserTest(t) {
		return
	}
	inBothLanguages(t, func(t *testing.T, lang string) {
		env := newDemoEnv(t)
		env.ScanCode(t, env.People[1].BadgeCode) // someone to meet
		b := newBrowser(t)
		if err := chromedp.Do(b.Ctx,
			chromedp.Navigate(env.HTTP.URL+"/kiosk?lang="+lang+"#key="+env.Key+"&gate=nord"),
			chromedp.WaitVisible("body[data-ready] #code"),
		); err != nil {
			t.Fatal(err)
		}
		checkAxe(t, b, "ready")
		for _, c := range []struct{ code, result, state, verdict string }{
			{env.People[0].BadgeCode, "ok", "green (welcome)", map[string]string{"fr": "✓ Entrée OK", "en": "✓ Entry OK"}[lang]},
			{env.People[0].BadgeCode, "already", "amber (already inside)", map[string]string{"fr": "⚠ Déjà entré(e)", "en": "⚠ Already inside"}[lang]},
			{"NOT-A-BADGE", "unknown", "red (unknown badge)", map[string]string{"fr": "✗ Refusé", "en": "✗ Refused"}[lang]},
		} {
			if err := chromedp.Do(b.Ctx, chromedp.SendKeys("#code", c.code+"\n")); err != nil {
				t.Fatal(err)
			}
			msg := waitAnswer(t, b, c.result, patience)
			// Not by colour alone; one short sentence for a screen reader.
			waitUntil(t, b, `document.getElementById("announce").textContent !== ""`, c.state+": announcement")
			got, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`[document.getElementById("verdict").textContent, document.getElementById("announce").textContent, String(document.getElementById("answer").hasAttribute("aria-live"))]`))
			if got[0] != c.verdict || !strings.HasPrefix(got[1], c.verdict+". "+msg) || got[2] != "false" {
				t.Fatalf("%s: verdict %q, announcement %q, answer box live: %s; want %q, one sentence with the message %q, not live", c.state, got[0], got[1], got[2], c.verdict, msg)
			}
			if c.result == "ok" {
				waitUntil(t, b, `document.getElementById("phoneqr").complete`, "phone QR")
			}
			checkAxe(t, b, c.state)
		}
		if err := chromedp.Do(b.Ctx, chromedp.Click("#dir-out")); err != nil {
			t.Fatal(err)
		}
		checkAxe(t, b, "exit mode")
		if err := chromedp.Do(b.Ctx, chromedp.Click("#dir-in"),
			chromedp.Click("#search-btn"), chromedp.SendKeys("#search-q", "in"),
		); err != nil {
			t.Fatal(err)
		}
		b.waitHandled(t, "/api/attendees?q=in")
		waitUntil(t, b, `document.querySelectorAll("#search-results li button").length > 1`, "search results")
		checkAxe(t, b, "search dialog with results")
		if err := chromedp.Do(b.Ctx, chromedp.SendKeys("#search-q", "zzzz")); err != nil {
			t.Fatal(err)
		}
		b.waitHandled(t, "/api/attendees?q=inzzzz")
		waitUntil(t, b, `document.getElementById("search-note").textContent !== ""`, "no result note")
		checkAxe(t, b, "search dialog, nobody found")
		if err := chromedp.Do(b.Ctx,
			chromedp.Evaluate[chromedp.Void](`document.getElementById("search").close()`),
			chromedp.Click("#walkin-btn"),
		); err != nil {
			t.Fatal(err)
		}
		checkAxe(t, b, "walk-in dialog")
		if err := chromedp.Do(b.Ctx,
			chromedp.SendKeys(`#walkin-form [name="first_name"]`, "Noémie"),
			chromedp.Click(`#walkin-form button[type="submit"]`),
		); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, b, `!document.getElementById("walkin-done").hidden && document.getElementById("walkin-qr").complete`, "walk-in badge")
		checkAxe(t, b, "walk-in badge shown")
		b.NoConsoleErrors(t)
	})
}

func TestBoardPage_AxeFindsNoViolation_DuringTheDayAndARound(t *testing.T) {
	if browserTest(t) {
		return
	}
	inBothLanguages(t, func(t *testing.T, lang string) {
		env := newTestEnv(t, append(demo.Sample(), demo.Attendees(40, 7)...))
		for i := range env.People {
			env.ScanCode(t, env.People[i].BadgeCode)
		}
		// Live introductions (Amélie met Karim; Inès met Théo), shown with their topic.
		for _, p := range [][2]int{{0, 1}, {2, 3}} {
			if _, err := env.Server.Day().Met(context.Background(), env.People[p[0]].ID, live.Other{Code: env.People[p[1]].BadgeCode}); err != nil {
				t.Fatal(err)
			}
		}
		b := newBrowser(t)
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/board?lang="+lang)); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, b, `document.querySelectorAll("#arrivals li").length > 0 && document.querySelectorAll("#intros li").length > 0 && document.querySelectorAll("#sectors li").length > 0`, "arrivals, intros and sectors")
		checkAxe(t, b, "day")
		if _, err := env.Server.Day().StartRound(live.RoundPlan{Kind: data.GroupRound, Length: 10 * time.Minute, Size: 2}); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, b, `!document.getElementById("round").hidden && document.querySelectorAll("#tables .table").length > 0`, "round")
		checkAxe(t, b, "round")
	})
}

// signInAdmin opens a signed-in admin session in b.
func signInAdmin(t *testing.T, b *browser, env *testEnv, lang string) {
	t.Helper()
	link, err := env.Server.LoginLink()
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+link+"&lang="+lang), chromedp.WaitVisible(".adminbar"),
		chromedp.Evaluate[chromedp.Void](`document.cookie = "lang=`+lang+`; path=/"`), // the next pages and forms too
	); err != nil {
		t.Fatal(err)
	}
}

// TestAdminPages_AxeFindsNoViolation_AndWarnBeforeTheSessionEnds runs
// axe-core on every admin page in French and English, and then, five
// minutes before the 12 h admin session ends, every admin page says so in
// a dialog whose button, focused, extends the session.
func TestAdminPages_AxeFindsNoViolation_AndWarnBeforeTheSessionEnds(t *testing.T) {
	if browserTest(t) {
		return
	}
	inBothLanguages(t, func(t *testing.T, lang string) {
		env := newDemoEnv(t)
		for i := range env.People {
			env.ScanCode(t, env.People[i].BadgeCode)
		}
		c := withAuthClock(env)
		b := newBrowser(t)
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/?lang="+lang), chromedp.WaitVisible("h1")); err != nil {
			t.Fatal(err)
		}
		checkAxe(t, b, "home")
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin/login?lang="+lang), chromedp.WaitVisible("h1")); err != nil {
			t.Fatal(err)
		}
		checkAxe(t, b, "sign-in")
		signInAdmin(t, b, env, lang)
		if _, err := env.Server.Day().StartRound(live.RoundPlan{Kind: data.PairRound, Length: 10 * time.Minute}); err != nil {
			t.Fatal(err)
		}
		// Each page once: the settings page, open last with its flash,
		// then takes the refused form, and the attendees page, after it,
		// the erase button that asks first.
		for _, p := range []struct{ path, ready, state string }{
			{"/admin", `document.querySelectorAll("#roundbox li").length > 0`, "live, during a round"},
			{"/admin/desk?status=inside", `document.querySelectorAll("table.desk tbody tr").length === 5`, "desk"},
			{"/admin/import", `!!document.querySelector("input[type=file]")`, "import"},
			{"/admin/kiosks", `document.querySelectorAll("table tbody tr").length > 0`, "kiosks"},
			{"/admin/vocabulary", `!!document.getElementById("eventvocab-h")`, "vocabulary"},
			{"/admin/settings?done=saved", `!!document.querySelector(".flash")`, "settings, saved"},
		} {
			if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+p.path)); err != nil {
				t.Fatal(err)
			}
			waitUntil(t, b, p.ready+` && document.documentElement.lang === "`+lang+`"`, p.state)
			checkAxe(t, b, p.state)
			if p.path == "/admin" {
				b.waitTurns(t, 5000, 1) // the page checked at load, then once more on its 5 s timer
				if open, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`document.getElementById("session-warn").open`)); open {
					t.Fatal("the session warning shows at sign-in")
				}
			}
		}
		// An accent too light to read is refused, with the reason.
		if err := chromedp.Do(b.Ctx,
			chromedp.SetValue(`input[name="accent"]`, "#f9a825"),
			chromedp.Click(`#main form button`),
			chromedp.WaitVisible("#settings-error"),
		); err != nil {
			t.Fatal(err)
		}
		msg, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("settings-error").textContent`))
		if want := map[string]string{"fr": "1,97:1", "en": "1.97:1"}[lang]; !strings.Contains(msg, want) || !strings.Contains(msg, "#f9a825") {
			t.Fatalf("refusal %q does not name the accent and its ratio %s", msg, want)
		}
		checkAxe(t, b, "settings, colours refused")
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin/attendees")); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, b, `document.querySelectorAll("table.attendees tbody tr").length === 5 && document.documentElement.lang === "`+lang+`"`, "attendees")
		checkAxe(t, b, "attendees")
		// A destructive action asks first, on a page of its own.
		b.askFirstHere(t, `form[action$="/erase"] button`)
		checkAxe(t, b, "confirmation before erasing")
		errs := b.ConsoleErrors()
		for _, e := range errs { // the refused form's page comes with a 400, and nothing else
			if !strings.Contains(e, "status of 400") {
				t.Fatalf("page console error: %s", e)
			}
		}

		// Four minutes left: the warning, its button focused, extends.
		c.Advance(sessionTTL - 4*time.Minute)
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin/kiosks")); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, b, `document.getElementById("session-warn").open && document.activeElement.id === "session-extend"`, "session warning with its button focused")
		text, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("session-left").textContent`))
		if !strings.Contains(text, "4 min") {
			t.Fatalf("the warning says %q, want 4 min left", text)
		}
		checkAxe(t, b, "session warning")
		pressKeys(t, b, "\r")
		waitUntil(t, b, `!document.getElementById("session-warn").open`, "warning closed after extending")
		c.Advance(10 * time.Minute) // past the first end
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin/kiosks"), chromedp.WaitVisible(".adminbar")); err != nil {
			t.Fatalf("the extended session does not open the admin: %v", err)
		}
		if more := b.ConsoleErrors()[len(errs):]; len(more) > 0 {
			t.Fatalf("page console errors after the settings page:\n%s", strings.Join(more, "\n"))
		}
	})
}

// newDemoBrowserTest gives t a server on demo.Sample() and a browser of
// its own.
func newDemoBrowserTest(t *testing.T) (*testEnv, *browser) {
	t.Helper()
	return newDemoEnv(t), newBrowser(t)
}

// inBothLanguages runs check once per page language (fr, en) in parallel
// subtests of t; t skips at once without axe-core (see axeSource).
func inBothLanguages(t *testing.T, check func(t *testing.T, lang string)) {
	t.Helper()
	axeSource(t)
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			check(t, lang)
		})
	}
}
