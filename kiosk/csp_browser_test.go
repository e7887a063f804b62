package kiosk

import (
	"os"
	"regexp"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// BeforeScripts has src run in every page the tab opens from now on,
// before the page's own scripts, until the test ends.
func (b *browser) BeforeScripts(t testing.TB, src string) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, addScript(src, func(id cdppage.ScriptIdentifier) {
		b.mu.Lock()
		b.scripts = append(b.scripts, id)
		b.mu.Unlock()
	})); err != nil {
		t.Fatal(err)
	}
}

// cspProbe records every Content-Security-Policy violation of the page.
const cspProbe = `
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber));`

// Every page works under the CSP (issue 13 #7): each is opened in Chromium,
// its scripts run (the live pages open their socket) and the page reports
// no violation.
func TestCSP_EveryPageLoadsWithoutViolation(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	env.ScanCode(t, env.People[0].BadgeCode)
	b.BeforeScripts(t, cspProbe)
	link, err := env.Server.LoginLink()
	if err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		path  string
		ready string // a JS condition that holds once the page's script ran
	}{
		{"/admin/login", `true`},
		{link, `location.pathname === "/admin"`}, // signs in
		{"/", `true`},
		{"/kiosk#key=" + env.Key, `document.readyState === "complete"`},
		{"/board", `document.getElementById("registered").textContent === "5"`},
		{"/me/" + env.People[0].Secret, `true`},
		{"/admin", `true`},
		{"/admin/attendees", `true`},
		{"/admin/settings", `true`},
		{"/admin/kiosks", `true`},
		{"/admin/import", `true`},
		{"/admin/vocabulary", `true`},
	}
	for _, p := range pages {
		if err := chromedp.Do(b.Ctx,
			chromedp.Navigate(env.HTTP.URL+p.path),
			chromedp.Poll[chromedp.Void](`document.readyState === "complete" && (`+p.ready+`)`, patiently...),
		); err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		if strings.HasPrefix(p.path, "/board") || strings.HasPrefix(p.path, "/me/") || p.path == "/admin" {
			waitFor(t, p.path+"'s socket", func() bool { return env.Server.Hub().Clients() >= 1 })
		}
		violations, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`window.__csp`))
		if err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		if len(violations) > 0 {
			t.Errorf("%s: CSP violations %q", p.path, violations)
		}
	}
	b.NoConsoleErrors(t)
}

// No template holds an inline script or event handler, which the CSP
// would block (page text comes as a JSON block, which is not run).
func TestTemplates_NoInlineScriptOrHandler(t *testing.T) {
	t.Parallel()
	handler := regexp.MustCompile(`\son[a-z]+\s*=`)
	inline := regexp.MustCompile(`<script(?:\s+type="module")?\s*>`)
	entries, err := os.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		raw, err := os.ReadFile("templates/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if m := handler.Find(raw); m != nil {
			t.Errorf("%s: inline event handler %q", e.Name(), m)
		}
		if m := inline.Find(raw); m != nil {
			t.Errorf("%s: inline script %q", e.Name(), m)
		}
	}
}

// The drill of issue 13 #8: a name holding a right-to-left override
// (U+202E) is isolated wherever it is shown, so it cannot reverse the
// text around it: on the board (rendered by script), in the door's
// message and on the admin's list (templates).
func TestBidi_OverrideInANameIsIsolated(t *testing.T) {
	if browserTest(t) {
		return
	}
	const evil = "\u202eEve"
	crowd := crowdOf(1)
	crowd[0].FirstName, crowd[0].Organisation = evil, "\u202eOrg"
	env := newTestEnv(t, crowd)
	ans := env.ScanCode(t, env.People[0].BadgeCode)
	if !strings.Contains(ans.Message.FR, "\u2068"+evil+"\u2069") {
		t.Errorf("door message %q: the name is not isolated", ans.Message.FR)
	}
	_, page := getPage(t, env.adminClient(t), env.HTTP.URL+"/admin/attendees")
	if !strings.Contains(page, "<bdi>"+evil) {
		t.Error("the admin's list shows the name without <bdi>")
	}
	b := newBrowser(t)
	if err := chromedp.Do(b.Ctx,
		chromedp.Navigate(env.HTTP.URL+"/board"),
		chromedp.Poll[chromedp.Void](`document.querySelector("#arrivals .who") !== null`, patiently...),
	); err != nil {
		t.Fatal(err)
	}
	who, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`[document.querySelector("#arrivals .who").textContent, document.querySelector("#arrivals .org").textContent]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range who {
		if !strings.HasPrefix(s, "\u2068\u202e") || !strings.HasSuffix(s, "\u2069") {
			t.Errorf("board shows %q, not isolated", s)
		}
	}
}
