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

// Every page works under the CSP (issue 13 #7): checkAxe, which every
// page state of the browser tests goes through once its scripts ran (the
// live pages' sockets open, pushes arrive), fails on any violation that
// pageProbe recorded. And no template holds an inline script or event
// handler, which the CSP would block (page text comes as a JSON block,
// which is not run).
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
