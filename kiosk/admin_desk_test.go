package kiosk

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"icebreaker/data"
)

// The desk's export is the list on screen (who has not arrived, filtered),
// in the attendees export's format: French Excel with ?excel=1.
func TestAdminDesk_ExportsTheNotArrivedListInTheExportStyle(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	env.ScanCode(t, env.People[1].BadgeCode) // Karim is in
	resp, raw := fetch(t, admin, env.HTTP.URL+"/admin/desk/people.csv?status=absent&sort=last&excel=1")
	body := string(raw)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "\ufeff") || !strings.Contains(resp.Header.Get("Content-Disposition"), "absent.csv") {
		t.Fatalf("export: %d %q %.80q", resp.StatusCode, resp.Header.Get("Content-Disposition"), body)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(body, "\ufeff")), "\r\n")
	if len(lines) != 5 || !strings.Contains(lines[0], ";") || !strings.Contains(lines[1], "Dubois") || !strings.Contains(lines[4], "Secret") || strings.Contains(body, "Benali") {
		t.Fatalf("not-arrived export, by last name:\n%s", body)
	}
}

// A correction is checked like a walk-in's form: a first name is
// required; the page says so and nothing changes.
func TestAdminDesk_CorrectionWithoutFirstName_IsRefusedAndSaysWhy(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	karim := env.People[1]
	st, page := postForm(t, admin, fmt.Sprintf("%s/admin/attendees/%d/edit?status=all", env.HTTP.URL, karim.ID),
		url.Values{"first_name": {"  "}, "last_name": {"Ben Ali"}})
	if st != http.StatusBadRequest || !strings.Contains(page, "Le prénom est obligatoire.") || !strings.Contains(page, `value="Ben Ali"`) {
		t.Fatalf("correction without a first name: %d\n%s", st, page)
	}
	var k data.Attendee
	env.Store.View(func(tx *data.Tx) (err error) { k, err = tx.Attendee(karim.ID); return })
	if k.LastName != "Benali" {
		t.Fatalf("a refused correction changed the record: %q", k.LastName)
	}
}
