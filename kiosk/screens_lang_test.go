package kiosk

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// The language switch is a link to ?lang=: the answer sets one cookie for
// the whole site (Path=/, so the phone link /me/… and the admin share it),
// SameSite=Lax and HttpOnly, and a later page without ?lang= is in that
// language whatever Accept-Language says. The board's ?lang= (a screen's
// setting) and API calls set nothing.
func TestLangSwitch_RemembersTheChoiceInALaxCookieForTheWholeSite(t *testing.T) {
	env := newDemoEnv(t)
	get := func(path string, cookies ...*http.Cookie) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, env.HTTP.URL+path, nil)
		req.Header.Set("Accept-Language", "fr-BE,fr;q=0.9")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	resp, _ := get("/me/" + env.People[0].Secret + "?lang=en")
	var c *http.Cookie
	for _, k := range resp.Cookies() {
		if k.Name == langCookie {
			c = k
		}
	}
	if c == nil {
		t.Fatalf("no language cookie after the switch: %q", resp.Header.Values("Set-Cookie"))
	}
	if c.Value != "en" || c.Path != "/" || c.SameSite != http.SameSiteLaxMode || !c.HttpOnly || c.MaxAge <= 0 {
		t.Errorf("cookie %q, want lang=en; Path=/; SameSite=Lax; HttpOnly; a Max-Age", resp.Header.Get("Set-Cookie"))
	}
	for _, path := range []string{"/", "/admin/login", "/me/" + env.People[0].Secret} {
		if _, body := get(path, &http.Cookie{Name: langCookie, Value: "en"}); !strings.Contains(body, `<html lang="en"`) {
			t.Errorf("%s with the cookie and Accept-Language fr is not in English", path)
		}
	}
	for _, path := range []string{"/board?lang=en", "/api/board?lang=en"} {
		if resp, _ := get(path); len(resp.Cookies()) > 0 {
			t.Errorf("%s set %q: a screen's language is not a person's choice", path, resp.Header.Values("Set-Cookie"))
		}
	}
	if _, body := get("/board", &http.Cookie{Name: langCookie, Value: "en"}); !strings.Contains(body, `<html lang="fr"`) {
		t.Error("the board follows the cookie, not the event's language (fr)")
	}
}
