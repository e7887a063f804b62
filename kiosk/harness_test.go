package kiosk

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/internal/racefree"
)

// testEnv is a real server on a real bbolt file behind a real socket.
type testEnv struct {
	Store  *data.Store
	Server *Server
	HTTP   *httptest.Server
	Key    string // an active kiosk key
	People []data.Attendee
}

// newTestEnv seeds people into a new event file and serves it; configure
// may change the server's Config (a fixed clock, say) before it starts.
func newTestEnv(t testing.TB, people []data.Attendee, configure ...func(*Config)) *testEnv {
	t.Helper()
	store, err := data.Open(filepath.Join(t.TempDir(), "event.db"), data.Options{Codes: checkin.Codes{}, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	key, err := checkin.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	err = store.Update(func(tx *data.Tx) error {
		if err := tx.PutEvent(data.Event{Name: "Journée test", Language: "fr"}); err != nil {
			return err
		}
		for i := range people {
			if err := tx.PutAttendee(&people[i]); err != nil {
				return err
			}
		}
		return tx.PutKiosk(&data.Kiosk{Name: "test door"}, key)
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, c := range configure {
		c(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		srv.Close()
		hs.Close()
		store.Close()
	})
	return &testEnv{Store: store, Server: srv, HTTP: hs, Key: key, People: people}
}

// Writing a cheap browser test
//
// A browser test pays for what its page does, not for starting a browser:
// newBrowser(t) opens a tab in the test binary's one headless Chromium
// (started by the first test that asks, closed by TestMain), in a browser
// context of its own (its cookies, storage and cache, like a private
// window), which the test's cleanup empties and hands to the next test
// (see tabPool.put). A page load costs Chromium about a third of a
// CPU-second and an axe-core check about half of one, more on a page that
// has not loaded axe-core yet (see checkAxe). So:
//
//   - begin with `if browserTest(t) { return }`: it runs the test in
//     parallel with the others (TestMain lets several browser tests run at
//     once, since they mostly wait for the page: see browserTests), and
//     under -race in a child without the race detector (see inChromium);
//     subtests call t.Parallel() first;
//   - call newBrowser(t) without options: any option (a fake camera) starts
//     a Chromium of its own, which costs seconds of CPU. A phone is
//     newPhoneBrowser(t), an emulated screen in a shared tab;
//   - wait for conditions (chromedp.Poll with patience, waitUntil, waitJS,
//     waitFor, b.waitTurns for the page's own timers), never for a time
//     (chromedp.Sleep, time.Sleep): a busy machine makes any delay too short;
//   - check a page state once: load a page once for everything that is
//     read on it, and run checkAxe once per state (a page, its language,
//     what it shows), not once per visit;
//   - give timeouts of patience (they cost nothing when the condition
//     holds); a shorter one is a claim about latency and says so;
//   - build the server each test needs with newTestEnv, inside the test:
//     tests that run at once share nothing but the browser.

// patience is how long a test waits for something that happens at once on
// an idle machine: long enough for a busy 2-core machine under -race, and
// costless when the condition holds.
const patience = 20 * time.Second

// patiently are the options of the tests' chromedp.Poll: patience, and a
// look every pollEvery instead of chromedp's default, a look in every
// animation frame, which has the tab draw 60 frames a second for as long
// as it waits (4 tabs waiting 10 s on one page: 2–4 CPU-seconds more than
// the same tabs idle, and nothing measurable with a 20 ms interval; on
// the whole browser suite the gain is within the machine's noise).
var patiently = []chromedp.PollOption{chromedp.WithPollingTimeout(patience), chromedp.WithPollingInterval(pollEvery)}

// pollEvery is how often a waiting test looks at its page.
const pollEvery = 20 * time.Millisecond

// browserTests is how many tests may run at once (-test.parallel) when the
// command line does not say: browser tests spend most of their time waiting
// for a page, so more of them than cores keep the machine busy.
const browserTests = 6

// TestMain runs the package's tests with room for parallel browser tests
// (and, under -race, the browser tests in a child go test without the race
// detector: see inChromium),
// then closes the shared Chromium. Under -race the browser tests that wait
// for the child's verdict cost nothing, so they get slots of their own
// beside browserTests.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		n := max(browserTests, runtime.GOMAXPROCS(0))
		if racefree.Race && !racefree.Child() {
			n += len(chromiumTestNames)
		}
		flag.Set("test.parallel", strconv.Itoa(n))
	}
	code := racefree.Main(m, inChromium)
	chromium.close()
	os.Exit(code)
}

// browser is a headless Chromium tab driven by chromedp, which records the
// page's console errors and uncaught exceptions.
type browser struct {
	Ctx     context.Context
	mu      sync.Mutex
	errors  []string
	scripts []cdppage.ScriptIdentifier // BeforeScripts's, removed when the test ends
	changed bool                       // the test changed the tab in a way that stays (acceptLanguage): close it
}

// chromiumPath finds Debian's chromium. Without it the browser tests skip,
// unless ICEBREAKER_REQUIRE_BROWSER=1 (CI), where they fail.
func chromiumPath(t testing.TB) string {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("ICEBREAKER_REQUIRE_BROWSER") == "1" {
		t.Fatal("chromium not found and ICEBREAKER_REQUIRE_BROWSER=1: install Debian's chromium package")
	}
	t.Skip("browser test skipped: chromium not found (apt-get install chromium, or set CHROMIUM=/path)")
	return ""
}

// chromiumOptions are the flags of every Chromium the tests start, then
// extra.
func chromiumOptions(path string, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	return append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Headless Chromium (156) still builds each window's omnibox
		// popups, in WebUI renderers of their own (chrome://omnibox-popup
		// .top-chrome, the plain one and the "AI mode" one), and each
		// browser context of newBrowser is a window: about 2 CPU-seconds
		// a test for pages nobody opens. Measured with 4 tabs idle for
		// 15 s, CPU of the test binary and its Chromium: 13.4 CPU-seconds
		// with them, 4.4 without.
		chromedp.Flag("disable-features", "WebUIOmniboxPopup,WebUIOmniboxAimPopup"),
		// Tabs of tests that run at once are all in the foreground.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.WindowSize(1920, 1080),
	}, extra...)
}

// chromium is the Chromium that the tests of this binary share, started by
// the first newBrowser without options.
var chromium sharedChromium

type sharedChromium struct {
	once   sync.Once
	ctx    context.Context // holds the browser (and its first, unused tab)
	err    error
	cancel func()
}

// browser returns the context of the shared Chromium, starting it.
func (c *sharedChromium) browser(t testing.TB) context.Context {
	t.Helper()
	path := chromiumPath(t)
	c.once.Do(func() {
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromiumOptions(path)...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		c.cancel = func() { cancel(); cancelAlloc() }
		// The first call starts the browser; it must not carry a timeout.
		if c.err = chromedp.Do(ctx); c.err == nil {
			c.ctx = ctx
		}
	})
	if c.err != nil {
		t.Fatalf("start chromium: %v", c.err)
	}
	return c.ctx
}

// close stops the shared Chromium, if it was started.
func (c *sharedChromium) close() {
	if c.cancel != nil {
		c.cancel()
	}
}

// newBrowser opens a tab for one test: in the shared Chromium, in a
// browser context of its own (a private window: no cookie or storage from
// another test), its page focused even while other tests' tabs are. With
// extra flags (a fake camera, say) it starts a Chromium of its own instead,
// which costs seconds: use them only for what a tab cannot change.
//
// The shared Chromium's tabs are reused: a test's cleanup hands its tab
// back to tabs, cleared (see tabPool.put), and the next test takes it
// instead of opening a window (12 tests of a sign-in and one admin page,
// back to back at load 13–17: 17.9 CPU-seconds with reuse, 19.7 without).
func newBrowser(t testing.TB, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	var tabCtx context.Context
	var release func(clean bool)
	if len(extra) == 0 {
		tab := tabs.get(t)
		tabCtx = tab.ctx
		release = func(clean bool) { tabs.put(tab, clean) }
	} else {
		opts := chromiumOptions(chromiumPath(t), append([]chromedp.ExecAllocatorOption{chromedp.UserDataDir(t.TempDir())}, extra...)...)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		cancelTab := func() { cancel(); cancelAlloc() }
		// The first call starts the browser; it must not carry a timeout.
		if err := chromedp.Do(ctx); err != nil {
			cancelTab()
			t.Fatalf("start chromium: %v", err)
		}
		if err := chromedp.Do(ctx, quietTab, addScript(pageProbe, nil)); err != nil {
			cancelTab()
			t.Fatalf("open a tab: %v", err)
		}
		tabCtx, release = ctx, func(bool) { cancelTab() }
	}
	// A guard against a hung page, far above what any test needs. Ending
	// it ends the test's hold on the tab: its console listener, and the
	// other tabs it opened from b.Ctx (chromedp.NewContext(b.Ctx)).
	ctx, cancelTimeout := context.WithTimeout(tabCtx, 3*time.Minute)
	b := &browser{Ctx: ctx}
	messages := chromedp.Console(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.record(consoleLine(m))
			}
		}
	}()
	t.Cleanup(func() {
		cancelTimeout()
		<-done
		b.mu.Lock()
		clean := !b.changed && !t.Failed()
		scripts := b.scripts
		b.mu.Unlock()
		if clean && len(scripts) > 0 {
			clean = chromedp.Do(tabCtx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				for _, id := range scripts {
					if _, err := cdp.Call(ctx, tg, cdppage.RemoveScriptToEvaluateOnNewDocument, cdppage.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: id}); err != nil {
						return err
					}
				}
				return nil
			})) == nil
		}
		release(clean)
	})
	return b
}

// tabs are the shared Chromium's tabs that no test holds.
var tabs tabPool

// tabPool keeps the tabs of finished tests for the next ones.
type tabPool struct {
	mu   sync.Mutex
	idle []*pooledTab
}

// pooledTab is a tab of the shared Chromium, in a browser context of its
// own (chromedp.WithNewBrowserContext), with pageProbe installed.
type pooledTab struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// get returns an idle tab, or opens one.
func (p *tabPool) get(t testing.TB) *pooledTab {
	t.Helper()
	browserCtx := chromium.browser(t)
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		tab := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return tab
	}
	p.mu.Unlock()
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}), quietTab, addScript(pageProbe, nil)); err != nil {
		cancel()
		t.Fatalf("open a tab: %v", err)
	}
	return &pooledTab{ctx: ctx, cancel: cancel}
}

// put gives tab back once a test is done with it. A clean tab (its test
// passed, left no script of its own to run in new pages, and changed
// nothing that put cannot undo: see browser.changed) is emptied of what
// the test left, then kept: its page is blank, its history, cookies and
// the storage of every origin it visited are cleared, and the screen is
// the window's again (no emulated phone). Any other tab, or one that put
// fails to empty, is closed.
func (p *tabPool) put(tab *pooledTab, clean bool) {
	if clean {
		ctx, cancel := context.WithTimeout(tab.ctx, patience)
		clean = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			history, err := cdp.Call(ctx, tg, cdppage.GetNavigationHistory, cdp.Empty{})
			if err != nil {
				return err
			}
			origins := map[string]bool{}
			for _, e := range history.Entries {
				if u, err := url.Parse(e.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
					origins[u.Scheme+"://"+u.Host] = true
				}
			}
			// The page goes first, with its sockets and timers.
			if _, err := chromedp.Navigate("about:blank")(ctx, tg); err != nil {
				return err
			}
			for o := range origins {
				if _, err := cdp.Call(ctx, tg, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{Origin: o, StorageTypes: "all"}); err != nil {
					return err
				}
			}
			if _, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
				return err
			}
			if _, err := cdp.Call(ctx, tg, cdppage.ResetNavigationHistory, cdp.Empty{}); err != nil {
				return err
			}
			if _, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
				return err
			}
			_, err = cdp.Call(ctx, tg, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: false})
			return err
		})) == nil
		cancel()
	}
	if !clean {
		tab.cancel()
		return
	}
	p.mu.Lock()
	p.idle = append(p.idle, tab)
	p.mu.Unlock()
}

// addScript has src run in every page the tab opens from now on, before
// the page's own scripts, and gives its identifier to id (if not nil).
func addScript(src string, id func(cdppage.ScriptIdentifier)) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		if err == nil && id != nil {
			id(res.Identifier)
		}
		return err
	})
}

// quietTab turns off two protocol domains that chromedp enables in every
// tab and no test reads: CSS (Chromium then tracks every style sheet of
// the page for the client) and Network (an event to the test binary for
// every request and response). Measured on the browser tests without the
// race detector, back to back on the same binary: 271 CPU-seconds with
// them (load 13–37), 237 without (load 34–37).
var quietTab = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	if _, err := cdp.Call(ctx, tg, css.Disable, cdp.Empty{}); err != nil {
		return err
	}
	_, err := cdp.Call(ctx, tg, network.Disable, cdp.Empty{})
	return err
})

// newPhoneBrowser is newBrowser on a phone's screen (412×915 CSS pixels at
// twice the density), emulated in a shared tab.
func newPhoneBrowser(t testing.TB) *browser {
	t.Helper()
	b := newBrowser(t)
	if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(412, 915, chromedp.EmulateScale(2))); err != nil {
		t.Fatalf("emulate a phone: %v", err)
	}
	return b
}

// acceptLanguage has the tab ask for pages in langs ("en-GB,en": the
// Accept-Language header and navigator.languages), as a browser set to
// those languages would: a tab of the shared Chromium instead of a
// Chromium of its own started with --accept-lang.
func (b *browser) acceptLanguage(t testing.TB, langs string) {
	t.Helper()
	ua, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`navigator.userAgent`))
	if err == nil {
		err = chromedp.Do(b.Ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: langs})
			return err
		}))
	}
	if err != nil {
		t.Fatalf("accept %s: %v", langs, err)
	}
	b.mu.Lock()
	b.changed = true
	b.mu.Unlock()
}

// pageProbe, run in every page of a tab before its scripts, counts the
// turns of each setInterval timer (once the turn's promise, if any, has
// settled), for waitTurns, and lists the URLs of the JSON answers the page
// has read and handled, for waitHandled: the URL is added in a task of its
// own after the body is parsed, so the page's code that awaited the body
// has run by then. It also records every Content-Security-Policy violation
// of the page, which checkAxe fails on.
const pageProbe = `
if (!window.__turns) {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber));
  window.__handled = [];
  const nativeJSON = Response.prototype.json;
  Response.prototype.json = function () {
    const url = this.url;
    return nativeJSON.call(this).then((v) => { setTimeout(() => window.__handled.push(url)); return v; });
  };
  window.__turns = new Map(); // timer id -> {period, n}
  const nativeSet = window.setInterval, nativeClear = window.clearInterval;
  window.setInterval = function (fn, period, ...args) {
    if (typeof fn !== "function") return nativeSet.call(window, fn, period, ...args);
    const turn = {period: Number(period) || 0, n: 0};
    const id = nativeSet.call(window, function (...a) {
      let r;
      try { r = fn.apply(this, a); } finally { Promise.resolve(r).finally(() => { turn.n++; }); }
      return r;
    }, period, ...args);
    window.__turns.set(id, turn);
    return id;
  };
  window.clearInterval = function (id) { window.__turns.delete(id); return nativeClear.call(window, id); };
  window.__ws = []; // what the page's sockets lived through, for failure messages (socketLog)
  const NativeWS = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    const sock = new NativeWS(url, protocols);
    const at = () => Math.round(performance.now());
    window.__ws.push("open " + url.replace(/\/ws\/me\/[^?]*/, "/ws/me/…") + " @" + at());
    sock.addEventListener("open", () => window.__ws.push("opened @" + at()));
    sock.addEventListener("message", (ev) => { try { const m = JSON.parse(ev.data); window.__ws.push(m.kind + " " + m.topic + ":" + m.seq + " @" + at()); } catch (e) { window.__ws.push("? @" + at()); } });
    sock.addEventListener("close", (ev) => window.__ws.push("closed " + ev.code + " @" + at()));
    return sock;
  };
  window.WebSocket.prototype = NativeWS.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
}`

// socketLog returns what the page's sockets received (pageProbe), and the
// JSON answers it handled, for a failure message.
func (b *browser) socketLog() string {
	log, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`JSON.stringify({ws: window.__ws, handled: (window.__handled || []).map((u) => u.replace(/\/me\/[^/]*/, "/me/…"))})`))
	return log
}

// waitHandled waits until the page has read and handled the JSON answer to
// a request whose path and query (as the page asked for them) end with
// path: after typing into a search field, the answer to the whole query,
// not to a prefix that a slow machine let through first.
func (b *browser) waitHandled(t testing.TB, path string) {
	t.Helper()
	quoted, _ := json.Marshal(path)
	cond := `window.__handled.some((u) => { const x = new URL(u); return (x.pathname + x.search).endsWith(` + string(quoted) + `); })`
	if err := chromedp.Do(b.Ctx, chromedp.Poll[chromedp.Void](cond, patiently...)); err != nil {
		t.Fatalf("the page did not handle the answer to %s: %v", path, err)
	}
}

// waitTurns waits until every timer of the page that repeats every period
// ms (setInterval) has run n more turns: a wait for the page's own clock
// (a focus watch, a retry loop), instead of a sleep that a busy machine
// makes too short. It fails the test if the page has no such timer.
func (b *browser) waitTurns(t testing.TB, periodMS, n int) {
	t.Helper()
	turns := fmt.Sprintf(`Object.fromEntries([...window.__turns].filter(([, x]) => x.period === %d).map(([id, x]) => [id, x.n]))`, periodMS)
	if err := chromedp.Do(b.Ctx, chromedp.Poll[chromedp.Void](`window.__turns && `+turns+` && Object.keys(`+turns+`).length > 0`, patiently...)); err != nil {
		t.Fatalf("the page has no timer of %d ms: %v", periodMS, err)
	}
	before, err := chromedp.Run(b.Ctx, chromedp.Evaluate[map[string]int](turns))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(before)
	cond := fmt.Sprintf(`((now, before) => Object.keys(before).every((id) => !(id in now) || now[id] >= before[id] + %d))(%s, %s)`, n, turns, want)
	if err := chromedp.Do(b.Ctx, chromedp.Poll[chromedp.Void](cond, patiently...)); err != nil {
		t.Fatalf("the page's %d ms timers did not run %d turns: %v", periodMS, n, err)
	}
}

// consoleLine is a console message as a test reads it: its text, then
// where it came from (for a failed load, the resource's URL, path only).
func consoleLine(m chromedp.ConsoleMessage) string {
	if m.URL == "" {
		return m.String()
	}
	where := m.URL
	if u, err := url.Parse(m.URL); err == nil {
		where = u.Path
	}
	return m.String() + " (" + where + ")"
}

func (b *browser) record(s string) {
	b.mu.Lock()
	b.errors = append(b.errors, s)
	b.mu.Unlock()
}

// ConsoleErrors returns what the page logged as errors so far.
func (b *browser) ConsoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errors...)
}

// Screenshot keeps a full-page PNG of the tab's page as name.png in the
// folder $ICEBREAKER_SCREENSHOTS, to look at after the run. Without it,
// it does nothing: a full-page shot costs the tab a paint and a PNG
// encode, and the test's temp dir, where the shots went before, is
// removed with the test.
func (b *browser) Screenshot(t testing.TB, name string) { screenshot(t, b.Ctx, name) }

// screenshot is Screenshot of the tab of ctx (another tab of the test).
func screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("ICEBREAKER_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", path)
}

// NoConsoleErrors fails the test if the page logged errors.
func (b *browser) NoConsoleErrors(t testing.TB) {
	t.Helper()
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Fatalf("page console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// Scan posts a check-in over HTTP as a kiosk would and decodes the answer.
func (e *testEnv) Scan(t testing.TB, body map[string]any) (int, checkInAnswer) {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, e.HTTP.URL+"/api/checkins", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans checkInAnswer
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
		t.Fatalf("scan answer: %v", err)
	}
	return resp.StatusCode, ans
}

// ScanCode checks one badge in and fails the test unless the scan is accepted.
func (e *testEnv) ScanCode(t testing.TB, code string) checkInAnswer {
	t.Helper()
	st, ans := e.Scan(t, map[string]any{"code": code, "nonce": fmt.Sprintf("t-%d", time.Now().UnixNano())})
	if st != http.StatusOK || !ans.Result.Accepted() {
		t.Fatalf("scan %s: %d %+v", code, st, ans)
	}
	return ans
}
