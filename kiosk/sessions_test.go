package kiosk

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/kiosk/live"
)

// sessionEnv serves the sample people with a "Python" workshop running
// now, made and bound to a new "Salle B" kiosk through the admin's forms;
// it returns the admin client, the kiosk's key and the session.
func sessionEnv(t *testing.T) (*testEnv, *http.Client, string, live.SessionView) {
	t.Helper()
	env := newTestEnv(t, demo.Sample())
	admin := env.adminClient(t)
	now := time.Now()
	st, body := postForm(t, admin, env.HTTP.URL+"/admin/sessions", url.Values{"title": {"Python"}, "kind": {"workshop"}, "room": {"B"}, "host": {"Inès"},
		"date": {now.Format("2006-01-02")}, "start": {now.Add(-5 * time.Minute).Format("15:04")}, "end": {now.Add(50 * time.Minute).Format("15:04")}})
	if st != http.StatusSeeOther {
		t.Skipf("the workshop straddles midnight at this hour, or was refused: %d %s", st, body) // the form takes times of one day
	}
	list := env.Server.day.Sessions()
	if len(list) != 1 {
		t.Fatalf("sessions %+v", list)
	}
	key := env.addKiosk(t, "Salle B")
	var kioskID uint64
	env.Store.View(func(tx *data.Tx) error { k, err := tx.KioskByKey(key); kioskID = k.ID; return err })
	if st, body := postForm(t, admin, env.HTTP.URL+"/admin/kiosks/"+strconv.FormatUint(kioskID, 10)+"/session", url.Values{"session": {strconv.FormatUint(list[0].ID, 10)}}); st != http.StatusSeeOther {
		t.Fatalf("binding the kiosk: %d %s", st, body)
	}
	return env, admin, key, list[0]
}

func (e *testEnv) imHere(t *testing.T, secret string, session uint64) (int, []byte) {
	t.Helper()
	resp, err := http.Post(e.HTTP.URL+"/api/me/"+secret+"/sessions/"+strconv.FormatUint(session, 10)+"/here", "application/json", bytes.NewReader([]byte("{}")))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	return resp.StatusCode, buf.Bytes()
}

// A scan at a session kiosk, over a real socket: someone who has not
// passed the door is checked in and recorded; someone inside is recorded
// without a second entry; a second scan changes nothing; a badge the
// door refuses is refused here too; a phone is heard only from inside.
func TestSessionKiosk_ScanRecordsAttendance_ChecksInWhoSkippedTheDoor_PhoneOnlyFromInside(t *testing.T) {
	env, admin, key, py := sessionEnv(t)
	amelie, karim, ines, theo := env.People[0], env.People[1], env.People[2], env.People[3]
	env.ScanCode(t, karim.BadgeCode) // Karim came through the main door

	st, raw := env.scanAs(t, key, map[string]any{"code": amelie.BadgeCode, "nonce": "b-1", "gate": "B"})
	ans := parseAnswer(t, raw)
	if st != http.StatusOK || ans.Result != checkin.OK || ans.Session == nil || !ans.Session.Recorded || ans.Session.Attended != 1 ||
		!strings.Contains(ans.Message.FR, "Bienvenue Amélie") || !strings.Contains(ans.Message.EN, "attendance recorded at “Python” (1)") {
		t.Fatalf("Amélie at room B: %d %s", st, raw)
	}
	if !env.Server.day.Inside(amelie.ID) {
		t.Error("Amélie scanned at a session kiosk without passing the door is not checked in")
	}
	before := len(env.checkIns(t))
	_, raw = env.scanAs(t, key, map[string]any{"code": karim.BadgeCode, "nonce": "b-2", "gate": "B", "direction": "out"})
	if ans := parseAnswer(t, raw); ans.Result != checkin.OK || ans.Session.Attended != 2 || strings.Contains(ans.Message.FR, "déjà entré") {
		t.Fatalf("Karim, inside, at room B: %s", raw)
	}
	if got := len(env.checkIns(t)); got != before || !env.Server.day.Inside(karim.ID) {
		t.Errorf("Karim's session scan wrote %d check-ins (an exit?), want none", got-before)
	}
	_, raw = env.scanAs(t, key, map[string]any{"code": karim.BadgeCode, "nonce": "b-3", "gate": "B"})
	if ans := parseAnswer(t, raw); ans.Result != checkin.Already || ans.Session.Attended != 2 || !strings.Contains(ans.Message.EN, "already recorded at “Python”") {
		t.Fatalf("Karim again: %s", raw)
	}
	_, raw = env.scanAs(t, key, map[string]any{"code": "NOT-A-BADGE", "nonce": "b-4", "gate": "B"})
	if ans := parseAnswer(t, raw); ans.Result != checkin.Unknown || ans.Session != nil {
		t.Fatalf("an unknown badge at room B: %s", raw)
	}

	if st, raw := env.imHere(t, ines.Secret, py.ID); st != http.StatusBadRequest || !strings.Contains(string(raw), "scannez d'abord votre badge") {
		t.Fatalf("Inès, outside, taps: %d %s", st, raw)
	}
	env.ScanCode(t, theo.BadgeCode)
	st, raw = env.imHere(t, theo.Secret, py.ID)
	var list []live.SessionView
	if err := json.Unmarshal(raw, &list); st != http.StatusOK || err != nil || len(list) != 1 || !list[0].Here || list[0].Attended != 3 {
		t.Fatalf("Théo taps: %d %s", st, raw)
	}
	if st, _ := env.imHere(t, theo.Secret, py.ID+7); st != http.StatusNotFound {
		t.Errorf("an unknown session: %d", st)
	}

	var state adminSessionsState
	if st := env.getJSONAs(t, admin, "/api/admin/sessions", &state); st != http.StatusOK || len(state.Sessions) != 1 || state.Sessions[0].Attended != 3 {
		t.Fatalf("admin state %d %+v", st, state)
	}
	if st := env.getJSONAs(t, nil, "/api/admin/sessions", &state); st == http.StatusOK {
		t.Error("the sessions' state is served without signing in")
	}
	counts, err := env.Server.day.SessionCounts()
	if err != nil || len(counts) != 1 || counts[0].Attended != 3 {
		t.Fatalf("SessionCounts %+v %v", counts, err)
	}
}

func TestAdminSessions_RefusesABadFormWithTheReason_AndDeletesAfterConfirming(t *testing.T) {
	env, admin, key, py := sessionEnv(t)
	st, body := postForm(t, admin, env.HTTP.URL+"/admin/sessions", url.Values{"title": {"Rust"}, "date": {"2026-12-01"}, "start": {"15:00"}, "end": {"14:00"}})
	if st != http.StatusBadRequest || !strings.Contains(body, "doit suivre le début") || !strings.Contains(body, `value="Rust"`) {
		t.Fatalf("end before start: %d, want the form again with the reason and the title as typed", st)
	}
	st, body = postForm(t, admin, env.HTTP.URL+"/admin/sessions/"+strconv.FormatUint(py.ID, 10)+"/delete", url.Values{})
	if st != http.StatusOK || !strings.Contains(body, "Supprimer « Python »") {
		t.Fatalf("delete without confirming: %d", st)
	}
	if st, _ := postForm(t, admin, env.HTTP.URL+"/admin/sessions/"+strconv.FormatUint(py.ID, 10)+"/delete", url.Values{"confirm": {"yes"}}); st != http.StatusSeeOther {
		t.Fatalf("delete: %d", st)
	}
	_, raw := env.scanAs(t, key, map[string]any{"code": env.People[0].BadgeCode, "nonce": "c-1"})
	if ans := parseAnswer(t, raw); ans.Result != checkin.OK || ans.Session != nil || strings.Contains(ans.Message.EN, "attendance") {
		t.Fatalf("the kiosk of a deleted session is a door again: %s", raw)
	}
}
