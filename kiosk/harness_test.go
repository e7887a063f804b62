package kiosk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icebreaker/checkin"
	"icebreaker/data"
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

// browser is a headless Chromium tab driven by chromedp, which records the
// page's console errors and uncaught exceptions.
type browser struct {
	Ctx    context.Context
	mu     sync.Mutex
	errors []string
	dir    string
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

// newBrowser starts a fresh headless Chromium for one test. extra flags are
// added to the standard ones (e.g. a fake camera).
func newBrowser(t testing.TB, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.UserDataDir(t.TempDir()),
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
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.WindowSize(1920, 1080),
	}, extra...)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	// The first call starts the browser; it must not carry a timeout.
	if err := chromedp.Do(tabCtx); err != nil {
		cancelTab()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(tabCtx, 60*time.Second)
	b := &browser{Ctx: ctx, dir: t.TempDir()}
	messages := chromedp.Console(tabCtx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.record(m.String())
			}
		}
	}()
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
		<-done
	})
	return b
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

// Screenshot saves a full-page PNG under the test's temp dir and returns
// its path (kept in the test log).
func (b *browser) Screenshot(t testing.TB, name string) string {
	t.Helper()
	png, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("ICEBREAKER_SCREENSHOTS"); dir != "" { // to look at them after the run
		os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	t.Logf("screenshot %s", path)
	return path
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
