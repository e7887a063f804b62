package kiosk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"icebreaker/checkin"
	"icebreaker/data"
)

func TestAdmin_DestructiveActionsAskFirstAndDoNothingUntilConfirmed(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	amelie := env.People[0]
	var kioskID uint64
	env.Store.View(func(tx *data.Tx) error {
		return tx.ForEachKiosk(func(k data.Kiosk) error { kioskID = k.ID; return nil })
	})
	actions := []struct{ path, question string }{
		{fmt.Sprintf("/admin/attendees/%d/badge", amelie.ID), "Émettre un nouveau badge pour " + amelie.FullName()},
		{fmt.Sprintf("/admin/attendees/%d/erase", amelie.ID), "Effacer " + amelie.FullName()},
		{"/admin/rounds/stop", "Arrêter le tour"},
		{fmt.Sprintf("/admin/kiosks/%d/revoke", kioskID), "Révoquer la borne"},
	}
	for _, a := range actions {
		st, body := postForm(t, admin, env.HTTP.URL+a.path, url.Values{"q": {"amé"}})
		if st != http.StatusOK || !strings.Contains(body, a.question) || !strings.Contains(body, `name="confirm" value="yes"`) ||
			!strings.Contains(body, `action="`+a.path+`"`) || !strings.Contains(body, `value="amé"`) || !strings.Contains(body, "autofocus") {
			t.Fatalf("%s without confirmation: %d, want the question page\n%s", a.path, st, body)
		}
	}
	if _, got := env.Scan(t, map[string]any{"code": amelie.BadgeCode, "nonce": "c1"}); got.Result != checkin.OK {
		t.Fatalf("after unconfirmed actions Amélie's badge answers %q: something happened", got.Result)
	}
	st, _ := postForm(t, admin, env.HTTP.URL+actions[0].path, url.Values{"confirm": {"yes"}})
	if st != http.StatusSeeOther {
		t.Fatalf("confirmed new badge: %d, want 303", st)
	}
	if _, got := env.Scan(t, map[string]any{"code": amelie.BadgeCode, "nonce": "c2"}); got.Result != checkin.Revoked {
		t.Fatalf("old badge after the confirmed reissue: %q, want revoked", got.Result)
	}
}

func TestAdmin_BadgesPDF_OnePersonOrASelectionInEveryLayout(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	page := get(t, admin, env.HTTP.URL+"/admin/attendees")
	if !strings.Contains(page, `form="badgeform"`) || !strings.Contains(page, fmt.Sprintf(`/admin/badges.pdf?id=%d`, env.People[0].ID)) {
		t.Fatalf("attendees page has no badge selection or per-person badge:\n%s", page)
	}
	for _, l := range []string{"a6", "business-card", "avery-l7163", "avery-l7165", "a4"} {
		u := fmt.Sprintf("%s/admin/badges.pdf?id=%d&id=%d&layout=%s", env.HTTP.URL, env.People[0].ID, env.People[2].ID, l)
		resp, b := fetch(t, admin, u)
		if l == "a4" {
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("unknown layout: %d", resp.StatusCode)
			}
			continue
		}
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(b, []byte("%PDF")) {
			t.Fatalf("%s: %d %s %.40q", l, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}
	for _, u := range []string{"/admin/badges.pdf", "/admin/badges.pdf?id=x", "/admin/badges.pdf?id=99999"} {
		resp, _ := admin.Get(env.HTTP.URL + u)
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Errorf("%s: %d, want an error", u, resp.StatusCode)
		}
	}
	resp, _ := newBrowserlessClient().Get(fmt.Sprintf("%s/admin/badges.pdf?id=%d", env.HTTP.URL, env.People[0].ID))
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Fatal("badge PDF served without the admin's session")
	}
}

func TestPublicURL_InThePhoneLinkItsQRAndTheMailMerge(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	if st, _ := postForm(t, admin, env.HTTP.URL+"/admin/public-url", url.Values{"public_url": {"ftp://x"}}); st != http.StatusBadRequest {
		t.Fatalf("bad public address: %d, want 400", st)
	}
	if st, _ := postForm(t, admin, env.HTTP.URL+"/admin/public-url", url.Values{"public_url": {"https://accueil.example.org/"}}); st != http.StatusSeeOther {
		t.Fatalf("public address: %d", st)
	}
	_, ans := env.Scan(t, map[string]any{"code": env.People[0].BadgeCode, "nonce": "p1"})
	if ans.PhoneLink != "https://accueil.example.org/me/"+env.People[0].Secret {
		t.Fatalf("phone link %q", ans.PhoneLink)
	}
	_, png := fetch(t, http.DefaultClient, env.HTTP.URL+"/api/qr?path="+url.QueryEscape(ans.PhoneURL))
	if text, err := checkin.DecodeQRBytes(png); err != nil || text != ans.PhoneLink {
		t.Fatalf("the phone QR encodes %q (%v), want %q", text, err, ans.PhoneLink)
	}
	merge := get(t, admin, env.HTTP.URL+"/admin/export/mailmerge.csv")
	if !strings.Contains(merge, "https://accueil.example.org/me/"+env.People[0].Secret) {
		t.Fatalf("mail merge without the public address:\n%s", merge)
	}
}

func TestPublicBase_WithoutSettingAvoidsLoopback(t *testing.T) {
	env := newDemoEnv(t)
	req := func(host string) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, "http://"+host+"/", nil)
		r.Host = host
		return r
	}
	if got := env.Server.PublicBase(req("accueil.local:8080")); got != "http://accueil.local:8080" {
		t.Fatalf("LAN host: %q", got)
	}
	for _, host := range []string{"localhost:8080", "127.0.0.1:8080", "[::1]:8080"} {
		got := env.Server.PublicBase(req(host))
		if lan := LANAddresses(); len(lan) > 0 && got != "http://"+lan[0]+":8080" {
			t.Fatalf("%s: %q, want the first LAN address %s", host, got, lan[0])
		}
		if strings.Contains(got, "[::]") || strings.Contains(got, "0.0.0.0") {
			t.Fatalf("%s: %q", host, got)
		}
	}
}

// get GETs u with c and returns the body; any status but 200 fails the
// test.
func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	st, body := getPage(t, c, u)
	if st != http.StatusOK {
		t.Fatalf("GET %s: %d %s", u, st, body)
	}
	return body
}

func TestDoor_ReprintsTheBadgeOfAPersonFoundByName(t *testing.T) {
	env := newDemoEnv(t)
	amelie := env.People[0]
	st, _, raw := env.do(t, http.MethodGet, "/api/attendees?q="+url.QueryEscape(amelie.LastName), env.Key, "", nil)
	var found searchAnswer
	if st != http.StatusOK || json.Unmarshal(raw, &found) != nil || len(found.People) == 0 {
		t.Fatalf("search: %d %s", st, raw)
	}
	path := "/api/attendees/" + found.People[0].Token + "/badge.pdf?layout=business-card"
	st, h, pdf := env.do(t, http.MethodGet, path, env.Key, "", nil)
	if st != http.StatusOK || h.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("reprint: %d %s", st, h.Get("Content-Type"))
	}
	if st, _, _ := env.do(t, http.MethodGet, path, "", "", nil); st != http.StatusUnauthorized {
		t.Fatalf("reprint without a kiosk key: %d, want 401", st)
	}
	if st, _, _ := env.do(t, http.MethodGet, "/api/attendees/forged/badge.pdf", env.Key, "", nil); st != http.StatusBadRequest {
		t.Fatalf("reprint with a forged token: %d, want 400", st)
	}
	if _, got := env.Scan(t, map[string]any{"code": amelie.BadgeCode, "nonce": "r1"}); got.Result != checkin.OK {
		t.Fatalf("the reprint changed the badge: %q", got.Result)
	}
}
