package kiosk

import (
	"net/http"
	"strings"
	"time"
)

// langCookie is the cookie that remembers the language switch (lang reads
// it after ?lang= and before Accept-Language).
const langCookie = "lang"

// langCookieAge is how long the switch is remembered.
const langCookieAge = 400 * 24 * time.Hour // browsers cap cookies at 400 days

// rememberLang sets the language cookie when a page is asked for in a
// language (?lang=fr or ?lang=en: the switch's link), so that the next
// pages, the phone link opened again or the admin after its sign-in, keep
// it. It is one cookie for the whole site (Path=/), SameSite=Lax (it
// follows a link from elsewhere, not a cross-site POST), HttpOnly (no
// script reads it) and Secure over HTTPS. The board is left out: its
// ?lang= is the screen's setting, not a person's choice, and must not
// change the language of the organiser's own pages in the same browser.
// API and WebSocket requests are left out too.
func rememberLang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l := r.URL.Query().Get("lang"); (l == "fr" || l == "en") && (r.Method == http.MethodGet || r.Method == http.MethodHead) && remembersLang(r.URL.Path) {
			if c, err := r.Cookie(langCookie); err != nil || c.Value != l {
				http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: int(langCookieAge / time.Second),
					SameSite: http.SameSiteLaxMode, HttpOnly: true, Secure: r.TLS != nil})
			}
		}
		next.ServeHTTP(w, r)
	})
}

// remembersLang reports whether a ?lang= on path is a person's choice to
// remember: every page but the board; no API, socket or static file.
func remembersLang(path string) bool {
	for _, p := range []string{"/board", "/api/", "/ws/", "/static/", "/branding/"} {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// screenLang is the language of a shared screen (the board): its URL's
// ?lang= when it asks for one, else the event's language from the admin's
// settings, never the browser's (a projector's browser is set up by
// whoever owns the laptop) nor a cookie.
func screenLang(r *http.Request, event string) string {
	if l := r.URL.Query().Get("lang"); l == "fr" || l == "en" {
		return l
	}
	if event == "en" {
		return "en"
	}
	return "fr"
}
