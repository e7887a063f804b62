package kiosk

import (
	"bufio"
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icebreaker/checkin"
)

// openKiosk opens the door page with the kiosk link a organiser hands out.
func openKiosk(t *testing.T, b *browser, env *testEnv) {
	t.Helper()
	if err := chromedp.Do(b.Ctx,
		chromedp.Navigate(env.HTTP.URL+"/kiosk?lang=fr#key="+env.Key+"&gate=nord"),
		chromedp.WaitVisible("body[data-ready] #code"), // its script is listening
	); err != nil {
		t.Fatal(err)
	}
}

// waitAnswer waits for the kiosk to show result and returns its message.
func waitAnswer(t *testing.T, b *browser, result string, within time.Duration) string {
	t.Helper()
	msg, err := chromedp.Run(b.Ctx, chromedp.Poll[string](
		`document.getElementById("answer").dataset.result === "`+result+`" && document.getElementById("message").textContent`,
		chromedp.WithPollingTimeout(within), chromedp.WithPollingInterval(pollEvery)))
	if err != nil {
		got, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("answer").dataset.result + " " + document.getElementById("message").textContent`))
		t.Fatalf("no %q answer within %v (page shows %q): %v", result, within, got, err)
	}
	return msg
}

func TestDoorPage_KeyboardWedgeScan_ShowsGreenWelcome(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	env.ScanCode(t, env.People[1].BadgeCode) // Karim is inside: Amélie is told to meet him
	openKiosk(t, b, env)
	// A USB scanner types into whatever has focus: click elsewhere first,
	// and let the focus watch (every 300 ms) run.
	if err := chromedp.Do(b.Ctx, chromedp.Click("#answer")); err != nil {
		t.Fatal(err)
	}
	b.waitTurns(t, 300, 1)
	focused, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if focused != "code" {
		t.Fatalf("focus on %q, want the scan input", focused)
	}
	if err := chromedp.Do(b.Ctx, chromedp.SendKeys("#code", env.People[0].BadgeCode+"\n")); err != nil {
		t.Fatal(err)
	}
	msg := waitAnswer(t, b, "ok", patience)
	if !strings.Contains(msg, "Amélie") {
		t.Fatalf("green answer %q lacks the first name", msg)
	}
	if _, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](`document.getElementById("phoneqr").complete && document.getElementById("phoneqr").naturalWidth > 0`,
		patiently...)); err != nil {
		t.Fatalf("the phone page QR does not load: %v", err)
	}
	state, err := chromedp.Run(b.Ctx, chromedp.Evaluate[map[string]any](`({
		colour: document.getElementById("answer").className,
		meet: document.getElementById("meet").textContent,
		qr: !document.getElementById("phonebox").hidden && document.getElementById("phoneqr").complete && document.getElementById("phoneqr").naturalWidth > 0,
		input: document.activeElement.id, value: document.getElementById("code").value})`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(state["colour"].(string), "green") || !strings.Contains(state["meet"].(string), "Karim") ||
		state["qr"] != true || state["input"] != "code" || state["value"] != "" {
		t.Fatalf("answer state %v: want green, Karim to meet, the phone QR, an empty focused input", state)
	}
	if cs := env.checkIns(t); len(cs) != 2 || cs[1].Gate != "nord" {
		t.Fatalf("check-ins %+v: want Amélie's at gate nord", cs)
	}
	b.Screenshot(t, "door-wedge")
	b.NoConsoleErrors(t)
}

// writeBadgeY4M writes a short YUV4MPEG2 video (4:2:0, 640×480) of a badge
// QR code holding code, for Chromium's fake camera.
func writeBadgeY4M(t *testing.T, code string) string {
	t.Helper()
	const w, h, frames = 640, 480, 10
	raw, err := checkin.QRPNG(code, 360)
	if err != nil {
		t.Fatal(err)
	}
	qr, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	luma := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(luma, luma.Bounds(), image.White, image.Point{}, draw.Src)
	off := image.Pt((w-qr.Bounds().Dx())/2, (h-qr.Bounds().Dy())/2)
	draw.Draw(luma, qr.Bounds().Add(off), qr, qr.Bounds().Min, draw.Src)
	chroma := bytes.Repeat([]byte{128}, (w/2)*(h/2))

	path := filepath.Join(t.TempDir(), "badge.y4m")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	out := bufio.NewWriter(f)
	out.WriteString("YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
	for range frames {
		out.WriteString("FRAME\n")
		out.Write(luma.Pix) // stride == width for a fresh Gray image
		out.Write(chroma)   // U
		out.Write(chroma)   // V
	}
	if err := out.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDoorPage_FakeCameraShowingABadge_ShowsGreenWelcome(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newDemoEnv(t)
	video := writeBadgeY4M(t, env.People[3].BadgeCode)
	b := newBrowser(t,
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", video),
	)
	openKiosk(t, b, env)
	if err := chromedp.Do(b.Ctx, chromedp.Click("#camera-btn")); err != nil {
		t.Fatal(err)
	}
	msg := waitAnswer(t, b, "ok", patience)
	if !strings.Contains(msg, "Théo") {
		t.Fatalf("green answer %q lacks the first name", msg)
	}
	decoder, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.body.dataset.decoder || ""`))
	t.Logf("camera frames decoded by the %s", decoder)
	b.Screenshot(t, "door-camera")
	// The badge stays in view: it is checked in once, not once per frame
	// (the camera reads a frame every 300 ms).
	b.waitTurns(t, 300, 4)
	if n := len(env.checkIns(t)); n != 1 {
		t.Fatalf("%d check-ins from a badge held in front of the camera, want 1", n)
	}
	// A frame that finds every decoder busy (a slow server: this one has
	// the race detector) gets 429 and the page sends the next: the browser
	// logs those, and nothing else.
	for _, e := range b.ConsoleErrors() {
		if !strings.Contains(e, "status of 429") {
			t.Fatalf("page console error: %s", e)
		}
	}
}

// flakyNetwork sits between the browser and the server: it can drop API
// requests before they arrive (network down), or serve them and then drop
// the answer (the scan is committed but the kiosk never hears it).
type flakyNetwork struct {
	mode atomic.Int32 // one of the flaky* constants
	next http.Handler
}

const (
	flakyUp = iota
	flakyDown
	flakyLoseAnswers
)

func (f *flakyNetwork) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	mode := f.mode.Load()
	if mode == flakyUp || !strings.HasPrefix(r.URL.Path, "/api/") {
		f.next.ServeHTTP(w, r)
		return
	}
	if mode == flakyLoseAnswers {
		f.next.ServeHTTP(httptest.NewRecorder(), r)
	}
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestDoorPage_Offline_QueuesScansAndSendsThemOnce(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newDemoEnv(t)
	net := &flakyNetwork{next: env.Server}
	hs := httptest.NewServer(net)
	t.Cleanup(hs.Close)
	env.HTTP = hs
	b := newBrowser(t)
	openKiosk(t, b, env)

	net.mode.Store(flakyLoseAnswers) // committed, but the kiosk hears nothing
	if err := chromedp.Do(b.Ctx, chromedp.SendKeys("#code", env.People[0].BadgeCode+"\n")); err != nil {
		t.Fatal(err)
	}
	waitAnswer(t, b, "queued", patience)
	net.mode.Store(flakyDown) // nothing arrives
	if err := chromedp.Do(b.Ctx, chromedp.SendKeys("#code", env.People[1].BadgeCode+"\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](`document.getElementById("queuelen").textContent === "2" && !document.getElementById("queuebox").hidden && document.querySelectorAll("#queue li").length === 2`,
		patiently...)); err != nil {
		t.Fatalf("the page does not show 2 queued scans: %v", err)
	}
	b.Screenshot(t, "door-offline")
	// The status is a live region, written once per change: offline, it says what happens to the scans.
	if net, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("net").getAttribute("role") + " " + document.getElementById("net").textContent`)); !strings.HasPrefix(net, "status Hors ligne") || !strings.Contains(net, "les scans sont gardés") {
		t.Fatalf("network status %q offline, want a status region saying scans are kept", net)
	}
	if n := len(env.checkIns(t)); n != 1 {
		t.Fatalf("%d check-ins while offline, want the 1 whose answer was lost", n)
	}

	net.mode.Store(flakyUp)
	if _, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](`document.getElementById("queuebox").hidden`,
		patiently...)); err != nil {
		t.Fatalf("the queue was not sent once back online: %v", err)
	}
	if net, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("net").textContent`)); net != "En ligne" {
		t.Fatalf("network status %q back online", net)
	}
	cs := env.checkIns(t)
	if len(cs) != 2 || cs[0].AttendeeID == cs[1].AttendeeID || cs[1].ScannedAt.IsZero() || cs[1].Nonce == "" {
		t.Fatalf("check-ins after the flush %+v: want one each, with their scan time and nonce", cs)
	}
	// A reload does not send them again, at load or when the queue's
	// 3 s resend runs.
	if err := chromedp.Do(b.Ctx, chromedp.Reload(), chromedp.WaitVisible("body[data-ready] #code")); err != nil {
		t.Fatal(err)
	}
	b.waitTurns(t, 3000, 1)
	if n := len(env.checkIns(t)); n != 2 {
		t.Fatalf("%d check-ins after a reload, want 2", n)
	}
	for _, e := range b.ConsoleErrors() { // the browser reports the dropped requests, and nothing else
		if !strings.Contains(e, "net::ERR_EMPTY_RESPONSE") {
			t.Fatalf("page console error: %s", e)
		}
	}
}

// The name search checks a person in without their badge: typing part of a
// name (without its accents) lists them, and their button checks them in.
func TestDoorPage_NameSearch_ChecksThePersonIn(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	openKiosk(t, b, env)
	if err := chromedp.Do(b.Ctx, chromedp.Click("#search-btn"), chromedp.SendKeys("#search-q", "amel")); err != nil {
		t.Fatal(err)
	}
	b.waitHandled(t, "/api/attendees?q=amel") // not an answer to a shorter query, which the last one replaces
	if err := chromedp.Do(b.Ctx,
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#search-results li").length === 1 && document.querySelectorAll("#search-results li button").length === 2`, patiently...), // check in, reprint the badge
		chromedp.Click("#search-results li button"),
	); err != nil {
		t.Fatal(err)
	}
	if msg := waitAnswer(t, b, "ok", patience); !strings.Contains(msg, "Amélie") {
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
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	openKiosk(t, b, env)
	if err := chromedp.Do(b.Ctx,
		chromedp.Click("#walkin-btn"),
		chromedp.SendKeys(`#walkin-form [name="first_name"]`, "Noémie"),
		chromedp.SendKeys(`#walkin-form [name="organisation"]`, "Atelier"),
		chromedp.Click(`#walkin-form button[type="submit"]`),
		chromedp.Poll[chromedp.Void](`!document.getElementById("walkin-done").hidden && document.getElementById("walkin-qr").naturalWidth > 0`,
			patiently...),
	); err != nil {
		t.Fatal(err)
	}
	if msg := waitAnswer(t, b, "ok", patience); !strings.Contains(msg, "Noémie") {
		t.Fatalf("answer %q after the walk-in", msg)
	}
	if got := env.Server.Day().Stats().Counts; got.Registered != 6 || got.Present != 1 {
		t.Fatalf("after one walk-in: %d registered, %d present; want 6 and 1", got.Registered, got.Present)
	}
	b.NoConsoleErrors(t)
}
