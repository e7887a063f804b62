package kiosk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"icebreaker/data"
)

func TestAdmin_PersonalData_DownloadsOnePersonsDataOnly(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	amelie := env.scannedIn(t, 0)
	resp, err := admin.Get(fmt.Sprintf("%s/admin/attendees/%d/data.json", env.HTTP.URL, amelie.ID))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Disposition") == "" {
		t.Fatalf("download: %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("%v in %s", err, body)
	}
	if !bytes.Contains(body, []byte(amelie.Email)) || bytes.Contains(body, []byte(env.People[1].Email)) {
		t.Fatalf("personal data holds the wrong people: %s", body)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	plain, err := noRedirect.Get(fmt.Sprintf("%s/admin/attendees/%d/data.json", env.HTTP.URL, amelie.ID))
	if err != nil {
		t.Fatal(err)
	}
	plain.Body.Close()
	if plain.StatusCode != http.StatusSeeOther || plain.Header.Get("Location") != "/admin/login" {
		t.Fatalf("without a session: %d to %q, want the login page", plain.StatusCode, plain.Header.Get("Location"))
	}
}

func TestAdmin_Purge_ErasesEveryoneKeepsCountsAndNeedsConfirmation(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	for _, p := range env.People[:3] {
		env.ScanCode(t, p.BadgeCode)
	}
	if st, _ := postForm(t, admin, env.HTTP.URL+"/admin/purge", url.Values{"confirm": {"oui"}}); st != http.StatusBadRequest {
		t.Fatalf("purge without the word: %d", st)
	}
	if st, body := postForm(t, admin, env.HTTP.URL+"/admin/purge", url.Values{"confirm": {"effacer"}}); st != http.StatusSeeOther {
		t.Fatalf("purge: %d %s", st, body)
	}
	var secrets []string
	for _, p := range env.People {
		secrets = append(secrets, p.Email, p.LastName)
	}
	if left := leftInFile(t, env.Store.Path(), secrets...); len(left) > 0 {
		t.Fatalf("%q still in the file after the purge", left)
	}
	env.Store.View(func(tx *data.Tx) error {
		c, ok, err := tx.Counts()
		if err != nil || !ok || c.Registered != 5 || c.CheckedIn != 3 {
			t.Errorf("anonymous counts = %+v %v %v; want 5 registered, 3 checked in", c, ok, err)
		}
		if n := tx.CountAttendees(); n != 0 {
			t.Errorf("%d attendees left", n)
		}
		return nil
	})
	if resp, _ := http.Get(env.HTTP.URL + "/me/" + env.People[0].Secret); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("phone link after purge: %d", resp.StatusCode)
	}
}
