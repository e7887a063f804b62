package kiosk

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// scannerTypes is a USB scanner typing code then Enter into the field sel:
// every key within the same few milliseconds, as a scanner does. Key
// events sent one by one over the DevTools protocol do not keep that
// pace on a busy machine: 2 of 3 whole-suite runs at load 10 ended with no
// answer, most likely from a stall over 150 ms in the middle of the code
// (the page then takes only the code's tail for a burst). So the keys are
// dispatched in the page, in one go; each character lands in the field
// unless the page stops it.
func scannerTypes(sel, code string) chromedp.Action[chromedp.Void] {
	args, _ := json.Marshal([]string{sel, code})
	return chromedp.Evaluate[chromedp.Void](`(([sel, code]) => {
		const f = document.querySelector(sel);
		const key = (k) => f.dispatchEvent(new KeyboardEvent("keydown", {key: k, bubbles: true, cancelable: true}));
		for (const c of code) if (key(c)) f.value += c;
		key("Enter");
	})(` + string(args) + `)`)
}

// One kiosk page, the walk-in and search cases of a real door: a badge
// scanned into the open walk-in form is a scan (the form keeps what was
// typed); a walk-in named like someone registered is asked about first
// ("this may be Amélie Dubois — Matrice"); once registered, the form is
// gone and the badge QR and its print button are on screen; the search
// shows full names and organisations, and says plainly when no one is
// found.
func TestDoorPage_WalkInForm_ScanIsAScan_SameNameAsked_BadgeInView_SearchNamesPeople(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newDemoEnv(t)
	karim := env.People[1]
	b := newBrowser(t)
	openKiosk(t, b, env)
	first := `#walkin-form [name="first_name"]`
	if err := chromedp.Do(b.Ctx,
		chromedp.Click("#walkin-btn"),
		chromedp.SendKeys(first, "Amé"),
		chromedp.Sleep(400*time.Millisecond), // the person at the desk reaches for the scanner (input, not a wait)
		scannerTypes(first, karim.BadgeCode), // the USB scanner types into the focused field
	); err != nil {
		t.Fatal(err)
	}
	if msg := waitAnswer(t, b, "ok", patience); !strings.Contains(msg, "Karim") {
		t.Fatalf("the badge scanned into the form gave %q", msg)
	}
	state, err := chromedp.Run(b.Ctx, chromedp.Evaluate[map[string]any](`({
		first: document.querySelector('#walkin-form [name="first_name"]').value,
		open: document.getElementById("walkin").open,
		note: document.getElementById("walkin-scan").textContent})`))
	if err != nil {
		t.Fatal(err)
	}
	if state["first"] != "Amé" || state["open"] != true || !strings.Contains(state["note"].(string), "Karim") {
		t.Fatalf("after a scan into the form: %v; want the form open with « Amé » kept and a note of the scan", state)
	}
	if got := env.Server.Day().Stats().Counts; got.Registered != 5 || got.Present != 1 {
		t.Fatalf("after the scan: %d registered, %d present; want no new person and Karim in", got.Registered, got.Present)
	}

	// Amélie Dubois is registered: a walk-in « amelie DUBOIS » without an e-mail is asked about.
	// A fresh page for the next registration (the scan above leaves the
	// form's own state: its timing of the last burst, its nonce).
	if err := chromedp.Do(b.Ctx,
		chromedp.Reload(),
		chromedp.WaitVisible("body[data-ready] #code"),
		chromedp.Click("#walkin-btn"),
		chromedp.WaitVisible(first),
	); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.Ctx,
		chromedp.Evaluate[chromedp.Void](`(() => { const f = window.fetch; window.__walkins = [];
			window.fetch = async (...a) => { const r = await f(...a); if (String(a[0]).includes("walkins")) window.__walkins.push(r.status + " " + (a[1] && a[1].body));
				return r; };
			window.addEventListener("error", (e) => window.__walkins.push("error " + e.message)); })()`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#walkin-form [name="first_name"]').value = ""`),
		chromedp.SendKeys(first, "amelie"),
		chromedp.SendKeys(`#walkin-form [name="last_name"]`, "DUBOIS"),
		chromedp.SendKeys(`#walkin-form [name="organisation"]`, "Atelier Nord"),
		chromedp.Click(`#walkin-form button[type="submit"]`),
	); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Poll[chromedp.Void](`!document.getElementById("walkin-same").hidden && document.activeElement.id === "walkin-anyway"`, patiently...)); err != nil {
		seen, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`JSON.stringify({same: !document.getElementById("walkin-same").hidden,
			focus: document.activeElement && (document.activeElement.id || document.activeElement.tagName),
			error: document.getElementById("walkin-error").hidden ? "" : document.getElementById("walkin-error").textContent,
			open: document.getElementById("walkin").open, scan: document.getElementById("walkin-scan").textContent, walkins: window.__walkins})`))
		t.Fatalf("the same-name question: %v; the page: %s", err, seen)
	}
	question, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("walkin-same").textContent`))
	if !strings.Contains(question, "C'est peut-être Amélie Dubois — Matrice") || !strings.Contains(question, "Faire entrer Amélie Dubois") || !strings.Contains(question, "créer quand même") {
		t.Fatalf("same-name question %q: want who it may be, to check her in, or to create anyway", question)
	}
	t.Run("axe, same-name question", func(t *testing.T) { checkAxe(t, b, "walk-in same-name question") })
	if got := env.Server.Day().Stats().Counts.Registered; got != 5 {
		t.Fatalf("%d registered while the question is asked, want 5", got)
	}

	// Create anyway: the form goes, the badge and its print button are in view.
	if err := chromedp.Do(b.Ctx, chromedp.Click("#walkin-anyway")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, b, `!document.getElementById("walkin-done").hidden && document.getElementById("walkin-qr").complete && document.getElementById("walkin-qr").naturalWidth > 0`, "the new badge")
	view, err := chromedp.Run(b.Ctx, chromedp.Evaluate[map[string]any](`(() => {
		const inView = (id) => { const r = document.getElementById(id).getBoundingClientRect(); return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight; };
		return {form: getComputedStyle(document.getElementById("walkin-form")).display, qr: inView("walkin-qr"), print: inView("walkin-print"),
			focus: document.activeElement.id};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if view["form"] != "none" || view["qr"] != true || view["print"] != true || view["focus"] != "walkin-print" {
		t.Fatalf("after registering: %v; want the form gone, the QR and the focused print button in view", view)
	}
	b.Screenshot(t, "door-walkin-done")
	if got := env.Server.Day().Stats().Counts.Registered; got != 6 {
		t.Fatalf("%d registered after « create anyway », want 6", got)
	}

	// The search tells the two Amélie Dubois apart by organisation, and says when no one is found.
	if err := chromedp.Do(b.Ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("walkin").close()`),
		chromedp.Click("#search-btn"),
		chromedp.SendKeys("#search-q", "dubois"),
	); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, b, `document.querySelectorAll("#search-results li").length === 2`, "two Amélie Dubois")
	rows, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#search-results li > span:first-child")].map((s) => s.textContent).join(" | ")`))
	if !strings.Contains(rows, "amelie DUBOIS — Atelier Nord") || !strings.Contains(rows, "Amélie Dubois — Matrice") {
		t.Fatalf("search rows %q: want the full names and the organisations", rows)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("search-q").value = ""`), chromedp.SendKeys("#search-q", "zzzz")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, b, `document.getElementById("search-note").textContent === "Aucune personne trouvée."`, "the no-result note")
	// The same-name question comes with a 409 (nothing created); a 400 of
	// the walk-in is the server refusing a name that is a code, when a busy
	// machine made the scanner's burst too slow to be taken for one in the
	// page (walkin.js says so): the code went to the door all the same.
	// Nothing else.
	for _, e := range b.ConsoleErrors() {
		if !strings.Contains(e, "status of 409") && !(strings.Contains(e, "status of 400") && strings.HasSuffix(e, "(/api/walkins)")) {
			t.Fatalf("page console error: %s", e)
		}
	}
}
