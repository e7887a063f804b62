package kiosk

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"testing"

	"icebreaker/data"
	"icebreaker/data/demo"
)

func TestAdmin_Erase_RemovesThePersonFromTheFileWhileServing(t *testing.T) {
	env := newTestEnv(t, demo.Sample())
	karim := env.People[1]
	env.ScanCode(t, karim.BadgeCode)
	admin := env.adminClient(t)
	st, body := postForm(t, admin, fmt.Sprintf("%s/admin/attendees/%d/erase", env.HTTP.URL, karim.ID), url.Values{"confirm": {"yes"}})
	if st >= 400 {
		t.Fatalf("erase: %d %s", st, body)
	}
	raw, err := os.ReadFile(env.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{karim.Email, "Benali", karim.BadgeCode} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("%q still in the event file after the admin erased Karim", secret)
		}
	}
	// The door goes on: another badge scans, Karim's badge is now unknown.
	env.ScanCode(t, env.People[0].BadgeCode)
	if st, ans := env.Scan(t, map[string]any{"code": karim.BadgeCode, "nonce": "after-erase"}); st != http.StatusOK || ans.Result != "unknown" {
		t.Fatalf("erased badge: %d %+v", st, ans)
	}
	env.Store.View(func(tx *data.Tx) error {
		if _, err := tx.AttendeeByEmail(karim.Email); err == nil {
			t.Error("Karim still registered")
		}
		return nil
	})
}
