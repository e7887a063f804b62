package kiosk

import (
	"net/http"
	"time"
)

// The admin session lasts sessionTTL (12 h) from sign-in. Every admin page
// asks GET /api/admin/session when it ends; 5 minutes before, the page
// offers to extend it (WCAG 2.2.1), which POST /api/admin/session/extend
// does: the session then lasts sessionTTL from now.

// sessionInfo is the answer of the session API: the server's clock and the
// session's end, so the page can count down on its own clock.
type sessionInfo struct {
	Now    time.Time `json:"now"`
	EndsAt time.Time `json:"ends_at"`
}

// expiry returns the end of r's session (zero when it has none).
func (a *adminAuth) expiry(r *http.Request) time.Time {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return time.Time{}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.sessions[c.Value]
}

// extend makes r's live session last sessionTTL from now and returns its new
// end (zero when r has no live session).
func (a *adminAuth) extend(r *http.Request) time.Time {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return time.Time{}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	if exp, ok := a.sessions[c.Value]; !ok || !now.Before(exp) {
		return time.Time{}
	}
	a.sessions[c.Value] = now.Add(sessionTTL)
	return a.sessions[c.Value]
}

func (s *Server) handleSessionInfo(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, sessionInfo{Now: s.admin.now(), EndsAt: s.admin.expiry(r)})
}

func (s *Server) handleSessionExtend(w http.ResponseWriter, r *http.Request) {
	ends := s.admin.extend(r)
	c, _ := r.Cookie(sessionCookie) // requireAdmin found it
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: c.Value, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: int(sessionTTL / time.Second)})
	writeJSON(w, http.StatusOK, sessionInfo{Now: s.admin.now(), EndsAt: ends})
}
