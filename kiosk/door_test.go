package kiosk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	pngenc "image/png"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/internal/apitest"
)

// do sends one request with a kiosk key ("" for none) and returns the
// status and the body.
func (e *testEnv) do(t testing.TB, method, path, key, contentType string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	return apitest.Do(t, method, e.HTTP.URL+path, key, contentType, body)
}

// scanAs posts a check-in with a given kiosk key and returns the raw answer.
func (e *testEnv) scanAs(t testing.TB, key string, body map[string]any) (int, []byte) {
	t.Helper()
	raw, _ := json.Marshal(body)
	st, _, ans := e.do(t, http.MethodPost, "/api/checkins", key, "application/json", raw)
	return st, ans
}

// addKiosk registers another kiosk device and returns its key.
func (e *testEnv) addKiosk(t testing.TB, name string) string {
	t.Helper()
	key, err := checkin.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Store.Update(func(tx *data.Tx) error { return tx.PutKiosk(&data.Kiosk{Name: name}, key) }); err != nil {
		t.Fatal(err)
	}
	return key
}

// checkIns returns the check-in log.
func (e *testEnv) checkIns(t testing.TB) []data.CheckIn {
	t.Helper()
	var all []data.CheckIn
	err := e.Store.View(func(tx *data.Tx) error {
		return tx.ForEachCheckIn(func(c data.CheckIn) error { all = append(all, c); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func parseAnswer(t testing.TB, raw []byte) checkInAnswer {
	t.Helper()
	var ans checkInAnswer
	if err := json.Unmarshal(raw, &ans); err != nil {
		t.Fatalf("answer %s: %v", raw, err)
	}
	return ans
}

func TestCheckIn_SameNonceTenTimesConcurrently_OneCheckInAndTenIdenticalAnswers(t *testing.T) {
	env := newDemoEnv(t)
	env.ScanCode(t, env.People[1].BadgeCode) // Karim and Inès are inside: Amélie gets people to meet
	env.ScanCode(t, env.People[2].BadgeCode)
	before := len(env.checkIns(t))

	const n = 10
	answers := make([]checkInAnswer, n)
	statuses := make([]int, n)
	var start, wg sync.WaitGroup
	start.Add(1)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start.Wait()
			st, raw := env.scanAs(t, env.Key, map[string]any{"code": env.People[0].BadgeCode, "nonce": "same-nonce-42", "gate": "nord"})
			statuses[i], answers[i] = st, parseAnswer(t, raw)
		}()
	}
	start.Done()
	wg.Wait()

	if got := len(env.checkIns(t)) - before; got != 1 {
		t.Fatalf("%d check-ins recorded for one nonce, want 1", got)
	}
	replays := 0
	for i, ans := range answers {
		if statuses[i] != http.StatusOK || ans.Result != checkin.OK {
			t.Fatalf("answer %d: %d %+v", i, statuses[i], ans)
		}
		if ans.Replayed {
			replays++
		}
		ans.Replayed = false // the only field allowed to differ: it says which request wrote
		a, b := mustJSON(t, ans), mustJSON(t, answers[0].withoutReplayed())
		if a != b {
			t.Fatalf("answer %d differs:\n%s\n%s", i, a, b)
		}
	}
	if replays != n-1 {
		t.Fatalf("%d replayed answers, want %d", replays, n-1)
	}
	if len(answers[0].Meet) == 0 || answers[0].FirstName != "Amélie" || answers[0].Gate != "nord" {
		t.Fatalf("answer lacks name, gate or people to meet: %+v", answers[0])
	}
}

func (a checkInAnswer) withoutReplayed() checkInAnswer { a.Replayed = false; return a }

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestCheckIn_TwoKiosksSameBadge50msApart_ExactlyOneOK(t *testing.T) {
	env := newDemoEnv(t)
	keys := []string{env.Key, env.addKiosk(t, "second door")}
	results := make([]checkInAnswer, 2)
	var wg sync.WaitGroup
	for i, key := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, raw := env.scanAs(t, key, map[string]any{"code": env.People[3].BadgeCode, "nonce": fmt.Sprintf("kiosk-%d", i), "gate": fmt.Sprintf("g%d", i)})
			results[i] = parseAnswer(t, raw)
		}()
		time.Sleep(50 * time.Millisecond)
	}
	wg.Wait()
	// On a loaded machine the second kiosk's scan may reach the server
	// first: the "already" must name the gate of whichever scan was OK.
	var ok, already int
	firstGate := ""
	for i, r := range results {
		if r.Result == checkin.OK {
			ok++
			firstGate = fmt.Sprintf("g%d", i)
		}
	}
	for _, r := range results {
		if r.Result == checkin.Already {
			already++
			if r.FirstIn == nil || r.FirstGate != firstGate {
				t.Fatalf("already without the first entry's time and gate %q: %+v", firstGate, r)
			}
		}
	}
	if ok != 1 || already != 1 {
		t.Fatalf("results %+v: want exactly one ok and one already", results)
	}
	if n := len(env.checkIns(t)); n != 1 {
		t.Fatalf("%d check-ins, want 1", n)
	}
}

func TestCheckIn_Rules(t *testing.T) {
	env := newDemoEnv(t)
	amelie, karim := env.People[0], env.People[1]

	// An imported ticket barcode (pretix style) and a reissued badge.
	err := env.Store.Update(func(tx *data.Tx) error {
		karim.TicketCode = "PX7K2QF9"
		karim.BadgeCode = "" // reissue: a new code, the old one revoked
		return tx.PutAttendee(&karim)
	})
	if err != nil {
		t.Fatal(err)
	}
	oldKarim := env.People[1].BadgeCode

	steps := []struct {
		name      string
		code      string
		direction string
		want      checkin.Result
		wantMsg   string
	}{
		{"first entry", amelie.BadgeCode, "in", checkin.OK, "Bienvenue Amélie"},
		{"second entry while inside", amelie.BadgeCode, "", checkin.Already, "déjà entré"},
		{"exit", amelie.BadgeCode, "out", checkin.Exit, "sortie enregistrée"},
		{"exit again", amelie.BadgeCode, "out", checkin.NotInside, "pas à l'intérieur"},
		{"re-entry after exit", amelie.BadgeCode, "in", checkin.OK, "Re-bonjour Amélie"},
		{"revoked badge after reissue", oldKarim, "in", checkin.Revoked, "révoqué"},
		{"imported ticket code", "PX7K2QF9", "in", checkin.OK, "Bienvenue Karim"},
		{"new badge of a person inside", karim.BadgeCode, "in", checkin.Already, "déjà entré"},
		{"unknown code", "NOT-A-BADGE", "in", checkin.Unknown, "inconnu"},
	}
	for i, s := range steps {
		st, raw := env.scanAs(t, env.Key, map[string]any{"code": s.code, "direction": s.direction, "nonce": fmt.Sprintf("rules-%d", i)})
		ans := parseAnswer(t, raw)
		if st != http.StatusOK || ans.Result != s.want || !strings.Contains(ans.Message.FR, s.wantMsg) || ans.Message.EN == "" {
			t.Fatalf("%s: %d %s, want %s with %q", s.name, st, raw, s.want, s.wantMsg)
		}
	}
	if n := len(env.checkIns(t)); n != 4 { // in, out, in (Amélie), in (Karim)
		t.Fatalf("%d check-ins, want 4", n)
	}
}

// usOnAzerty types s as a scanner set to US QWERTY does on a French AZERTY
// computer: unshifted digits come out as &é"'(-è_çà, A/Q and Z/W swap, and
// the M key is AZERTY's comma key (? with Shift).
func usOnAzerty(s string) string {
	typed := map[rune]rune{'1': '&', '2': 'é', '3': '"', '4': '\'', '5': '(', '6': '-', '7': 'è', '8': '_', '9': 'ç', '0': 'à',
		'A': 'Q', 'Q': 'A', 'Z': 'W', 'W': 'Z', 'M': '?'}
	return strings.Map(func(r rune) rune {
		if t, ok := typed[r]; ok {
			return t
		}
		return r
	}, s)
}

func TestCheckIn_USScannerOnAzertyComputer_IsRepaired(t *testing.T) {
	people := demo.Sample()
	people[0].BadgeCode = "23456789AQZWMBCDEFGHJKLNPR" // every key that differs
	people[1].BadgeCode = "QA456789ZWMABCDEFGHJKLNPR2" // another person with a look-alike code
	env := newTestEnv(t, people)
	typed := usOnAzerty(people[0].BadgeCode)
	if typed == people[0].BadgeCode || !strings.ContainsAny(typed, "é\"'(-è_ç") {
		t.Fatalf("the test code is not mangled: %q", typed)
	}
	st, raw := env.scanAs(t, env.Key, map[string]any{"code": typed, "nonce": "azerty"})
	ans := parseAnswer(t, raw)
	if st != http.StatusOK || ans.Result != checkin.OK || ans.FirstName != "Amélie" {
		t.Fatalf("mangled scan %q: %d %s, want ok for Amélie", typed, st, raw)
	}
}

func TestKioskAPI_WithoutValidKey_401(t *testing.T) {
	env := newDemoEnv(t)
	body, _ := json.Marshal(map[string]any{"code": env.People[0].BadgeCode, "nonce": "x"})
	for _, c := range []struct{ method, path, key string }{
		{http.MethodPost, "/api/checkins", ""},
		{http.MethodPost, "/api/checkins", "wrong-key"},
		{http.MethodPost, "/api/decode", ""},
		{http.MethodGet, "/api/attendees?q=ame", ""},
		{http.MethodPost, "/api/walkins", "wrong-key"},
		{http.MethodGet, "/api/walkins/1/badge.pdf", ""},
	} {
		st, _, raw := env.do(t, c.method, c.path, c.key, "application/json", body)
		var e apiError
		json.Unmarshal(raw, &e)
		if st != http.StatusUnauthorized || e.Code != "unauthorized" || e.Message.FR == "" || e.Message.EN == "" {
			t.Errorf("%s %s key %q: %d %s, want 401 with a bilingual message", c.method, c.path, c.key, st, raw)
		}
	}
	if n := len(env.checkIns(t)); n != 0 {
		t.Fatalf("%d check-ins recorded without a key", n)
	}
}

func TestCheckIn_BurstOfInvalidCodes_429ButValidBadgesStillPass(t *testing.T) {
	people := demo.Sample()
	people[1].TicketCode = "EVB123456"
	env := newTestEnv(t, people)
	var throttledAt int
	for i := range failBurst + 5 {
		st, hdr, raw := env.do(t, http.MethodPost, "/api/checkins", env.Key, "application/json",
			[]byte(fmt.Sprintf(`{"code":"GUESS%d","nonce":"g%d"}`, i, i)))
		if st == http.StatusTooManyRequests {
			var e apiError
			json.Unmarshal(raw, &e)
			if e.Code != "rate_limited" || !strings.Contains(e.Message.FR, "Trop de codes invalides") || !strings.Contains(e.Message.EN, "Too many invalid codes") || hdr.Get("Retry-After") == "" {
				t.Fatalf("429 without a bilingual message and Retry-After: %v %s", hdr, raw)
			}
			throttledAt = i
			break
		}
		if st != http.StatusOK {
			t.Fatalf("guess %d: %d %s", i, st, raw)
		}
	}
	if throttledAt != failBurst {
		t.Fatalf("throttled after %d invalid codes, want %d", throttledAt, failBurst)
	}
	// A valid badge from the same kiosk and address passes at once.
	start := time.Now()
	ans := env.ScanCode(t, env.People[0].BadgeCode)
	if ans.Result != checkin.OK || time.Since(start) > time.Second {
		t.Fatalf("valid scan while throttled: %+v after %v", ans, time.Since(start))
	}
	// So does a badge typed through an AZERTY mismatch.
	if st, raw := env.scanAs(t, env.Key, map[string]any{"code": strings.ToLower(env.People[2].BadgeCode), "nonce": "lower"}); st != http.StatusOK {
		t.Fatalf("valid lower-case scan while throttled: %d %s", st, raw)
	}
	// Codes that are not our badges (ticket barcodes may be short) wait.
	if st, raw := env.scanAs(t, env.Key, map[string]any{"code": "EVB123456", "nonce": "ticket"}); st != http.StatusTooManyRequests {
		t.Fatalf("ticket code while throttled: %d %s, want 429", st, raw)
	}
	// Another kiosk at the same address is throttled too (per address)...
	other := env.addKiosk(t, "other")
	if st, _ := env.scanAs(t, other, map[string]any{"code": "GUESSX", "nonce": "gx"}); st != http.StatusTooManyRequests {
		t.Fatalf("other kiosk, same address: %d, want 429", st)
	}
	// ...and a well-formed but unknown badge code is answered 429 as well.
	if st, _ := env.scanAs(t, env.Key, map[string]any{"code": strings.Repeat("2", checkin.CodeLength), "nonce": "u"}); st != http.StatusTooManyRequests {
		t.Fatalf("unknown well-formed code while throttled: %d, want 429", st)
	}
}

func TestCheckIn_OversizedBody_400(t *testing.T) {
	env := newDemoEnv(t)
	big := fmt.Sprintf(`{"code":%q}`, strings.Repeat("A", maxScanBody))
	st, _, raw := env.do(t, http.MethodPost, "/api/checkins", env.Key, "application/json", []byte(big))
	if st != http.StatusBadRequest || !strings.Contains(string(raw), "too large") {
		t.Fatalf("oversized scan: %d %s", st, raw)
	}
}

func TestDecode_CameraFrame_ReturnsTheBadgeCode(t *testing.T) {
	env := newDemoEnv(t)
	png, err := checkin.QRPNG(env.People[0].BadgeCode, 400)
	if err != nil {
		t.Fatal(err)
	}
	var blank bytes.Buffer
	white := image.NewGray(image.Rect(0, 0, 320, 240))
	for i := range white.Pix {
		white.Pix[i] = 0xff
	}
	if err := pngenc.Encode(&blank, white); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		body   []byte
		status int
		want   decodeAnswer
	}{
		{"badge", png, http.StatusOK, decodeAnswer{Found: true, Code: env.People[0].BadgeCode}},
		{"no QR code in view", blank.Bytes(), http.StatusOK, decodeAnswer{}},
		{"not an image", []byte("hello"), http.StatusBadRequest, decodeAnswer{}},
		{"too large", bytes.Repeat([]byte{0xff}, maxFrameBody+1), http.StatusBadRequest, decodeAnswer{}},
	}
	for _, c := range cases {
		st, _, raw := env.do(t, http.MethodPost, "/api/decode", env.Key, "image/png", c.body)
		if st != c.status {
			t.Fatalf("%s: %d %s, want %d", c.name, st, raw, c.status)
		}
		if st == http.StatusOK {
			var got decodeAnswer
			json.Unmarshal(raw, &got)
			if got != c.want {
				t.Fatalf("%s: %+v, want %+v", c.name, got, c.want)
			}
		}
	}
}

func TestDoorPage_HasTheControlsAndTheScriptLabels(t *testing.T) {
	env := newDemoEnv(t)
	st, _, raw := env.do(t, http.MethodGet, "/kiosk?lang=en", "", "", nil)
	page := string(raw)
	if st != http.StatusOK {
		t.Fatalf("GET /kiosk: %d", st)
	}
	for _, want := range []string{`id="code"`, `id="gate"`, `id="dir-out"`, `id="camera-btn"`, `id="search-q"`, `id="walkin-form"`,
		"/static/door.css", "needs an HTTPS connection", `"camera.server":"Decoding on the server"`} {
		if !strings.Contains(page, want) {
			t.Errorf("door page lacks %s", want)
		}
	}
}
