package kiosk

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/kiosk/live"
)

// directoryPeople is the demo event with everyone but Théo in the
// directory, and a project sheet for Karim.
func directoryPeople() []data.Attendee {
	people := demo.Sample()
	for i := range people {
		people[i].DirectoryConsent = i != 3
	}
	people[1].Project.Milestones = []string{"Agrément de la FSMA"}
	people[1].Project.Goals = []string{"Ouvrir à Lyon"}
	return people
}

func TestPhoneDirectory_SearchesByConceptAndAnswersTheResultsAlone(t *testing.T) {
	env := newTestEnv(t, directoryPeople())
	amelie, karim := env.People[0], env.People[1]
	env.ScanCode(t, amelie.BadgeCode)
	env.ScanCode(t, karim.BadgeCode)
	st, _, body := env.do(t, "GET", "/me/"+amelie.Secret+"/directory?lang=en&q="+url.QueryEscape("fundraising"), "", "", nil)
	page := string(body)
	if st != http.StatusOK || !strings.Contains(page, "Karim Benali") || !strings.Contains(page, "offers: fundraising") ||
		!strings.Contains(page, "Agrément de la FSMA") || !strings.Contains(page, "read as: fundraising") || !strings.Contains(page, `<html lang="en"`) {
		t.Fatalf("directory page %d:\n%s", st, page)
	}
	if strings.Contains(page, "Inès") {
		t.Error("Inès is not inside, and the directory lists present people by default")
	}
	st, _, body = env.do(t, "GET", "/me/"+amelie.Secret+"/directory?part=results&lang=fr&q="+url.QueryEscape("levée de fonds"), "", "", nil)
	frag := string(body)
	if st != http.StatusOK || strings.Contains(frag, "<html") || !strings.Contains(frag, "propose : levée de fonds") || !strings.HasPrefix(frag, `<p class="muted" id="dir-count">2 personne(s)`) {
		t.Fatalf("results fragment %d:\n%s", st, frag)
	}
	if st, _, _ := env.do(t, "GET", "/me/not-a-secret/directory", "", "", nil); st != http.StatusNotFound {
		t.Errorf("an unknown link: %d", st)
	}
}

func TestPhoneSheet_SavesTheConsentAndTheSheetAndRefusesWithTheReason(t *testing.T) {
	env := newTestEnv(t, directoryPeople())
	theo := env.People[3]
	form := url.Values{"directory": {"1"}, "sector": {"agritech"}, "description": {"Robots de désherbage"},
		"milestones": {"Prototype\r\n\r\nPremier client"}, "goals": {"Lever 500 k€"}}
	st, _, body := env.do(t, "POST", "/me/"+theo.Secret+"/sheet", "", "application/x-www-form-urlencoded", []byte(form.Encode()))
	if st != http.StatusOK || !strings.Contains(string(body), "Fiche enregistrée.") { // after the redirect to ?done=saved
		t.Fatalf("save: %d\n%s", st, body)
	}
	a, _ := env.Server.attendeeBySecret(theo.Secret)
	if !a.DirectoryConsent || a.Project.Description != "Robots de désherbage" || len(a.Project.Milestones) != 2 || a.Project.Goals[0] != "Lever 500 k€" {
		t.Fatalf("stored %+v", a)
	}
	_, _, body = env.do(t, "GET", "/me/"+theo.Secret+"/sheet?done=saved&lang=en", "", "", nil)
	if page := string(body); !strings.Contains(page, "Sheet saved.") || !strings.Contains(page, "Prototype\nPremier client\n</textarea>") || !strings.Contains(page, `id="sheet-directory" value="1" checked`) {
		t.Fatalf("sheet page:\n%s", page)
	}
	form.Set("description", strings.Repeat("x", live.MaxDescriptionRunes+1))
	form.Del("directory")
	st, _, body = env.do(t, "POST", "/me/"+theo.Secret+"/sheet?lang=en", "", "application/x-www-form-urlencoded", []byte(form.Encode()))
	if st != http.StatusBadRequest || !strings.Contains(string(body), "The description is over 600 characters") {
		t.Fatalf("too long: %d\n%s", st, body)
	}
	if a, _ := env.Server.attendeeBySecret(theo.Secret); !a.DirectoryConsent {
		t.Error("a refused sheet changed the consent")
	}
	// The right of access covers the sheet.
	c := env.adminClient(t)
	_, raw := env.adminGet(t, c, "/admin/attendees/"+itoaU(uint64(theo.ID))+"/data.json")
	var pd data.PersonalData
	if err := json.Unmarshal(raw, &pd); err != nil || !pd.Attendee.DirectoryConsent || pd.Attendee.Project.Goals[0] != "Lever 500 k€" || pd.Asks == nil {
		t.Fatalf("personal data %v: %s", err, raw)
	}
}

func TestAdminDirectory_ScopeChoiceListsEveryoneRegistered(t *testing.T) {
	env := newTestEnv(t, directoryPeople())
	c := env.adminClient(t)
	_, body := env.adminGet(t, c, "/admin/directory?lang=en&q=droit")
	if strings.Contains(string(body), "Inès Moreau") {
		t.Fatal("Inès is listed while nobody is inside")
	}
	resp, err := c.PostForm(env.HTTP.URL+"/admin/directory/scope", url.Values{"scope": {"registered"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("scope: %v %v", err, resp)
	}
	resp.Body.Close()
	_, body = env.adminGet(t, c, "/admin/directory?lang=en&q="+url.QueryEscape("droit des sociétés"))
	if page := string(body); !strings.Contains(page, "Inès Moreau") || !strings.Contains(page, "everyone registered who agreed") {
		t.Fatalf("after choosing everyone:\n%s", page)
	}
	resp, _ = c.PostForm(env.HTTP.URL+"/admin/directory/scope", url.Values{"scope": {"all"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown scope: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestPhoneAsks_PostIsBoundedClosedByItsAuthorOnlyAndHiddenByTheAdmin(t *testing.T) {
	env := newTestEnv(t, directoryPeople())
	amelie, karim := env.People[0], env.People[1]
	env.ScanCode(t, karim.BadgeCode)
	st, ans := env.phonePost(t, amelie.Secret, "/asks", map[string]any{"text": "Je cherche à lever des fonds", "board": true})
	if st != http.StatusOK || ans["sent"] != 1.0 {
		t.Fatalf("post: %d %v", st, ans)
	}
	id := uint64(ans["ask"].(map[string]any)["id"].(float64))
	if snap := env.phoneSnapshot(t, karim.Secret); len(snap.Asks.ForMe) != 1 || snap.Asks.ForMe[0].Why.FR != "vous proposez la levée de fonds" {
		t.Fatalf("Karim's asks %+v", snap.Asks)
	}
	st, h, body := env.do(t, "POST", "/api/me/"+amelie.Secret+"/asks", "", "application/json", []byte(`{"text":"Encore une demande","board":true}`))
	if st != http.StatusTooManyRequests || h.Get("Retry-After") == "" || !strings.Contains(string(body), "30") {
		t.Fatalf("a second ask at once: %d %v %s", st, h, body)
	}
	if st, _ := env.phonePost(t, amelie.Secret, "/asks", map[string]any{"text": "abc"}); st != http.StatusBadRequest {
		t.Errorf("a too short ask: %d", st)
	}
	if st, _ := env.phonePost(t, karim.Secret, "/asks/"+itoaU(id)+"/close", map[string]any{}); st != http.StatusNotFound {
		t.Errorf("Karim closing Amélie's ask: %d", st)
	}
	var board live.BoardSnapshot
	env.getJSONAs(t, nil, "/api/board", &board)
	if len(board.Asks) != 1 || board.Asks[0].Author != "Amélie D." {
		t.Fatalf("board asks %+v", board.Asks)
	}
	c := env.adminClient(t)
	_, page := env.adminGet(t, c, "/admin/asks?lang=en")
	if !strings.Contains(string(page), "Je cherche à lever des fonds") || !strings.Contains(string(page), ">open<") {
		t.Fatalf("admin asks:\n%s", page)
	}
	resp, err := c.PostForm(env.HTTP.URL+"/admin/asks/"+itoaU(id)+"/hide", url.Values{"hidden": {"1"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("hide: %v %v", err, resp)
	}
	resp.Body.Close()
	board = live.BoardSnapshot{}
	env.getJSONAs(t, nil, "/api/board", &board)
	if len(board.Asks) != 0 || len(env.phoneSnapshot(t, karim.Secret).Asks.ForMe) != 0 {
		t.Error("a hidden ask is still shown")
	}
	// Erasing Amélie erases her asks.
	if err := env.Server.Day().Erase(amelie.ID); err != nil {
		t.Fatal(err)
	}
	if asks, _ := env.Server.Day().Asks(); len(asks) != 0 {
		t.Errorf("asks left after erasing their author: %+v", asks)
	}
}
