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
	end, _ := a.session(r, false)
	return end
}

// extend makes r's live session last sessionTTL from now and returns its new
// end and id (zero and "" when r has no live session).
func (a *adminAuth) extend(r *http.Request) (time.Time, string) {
	return a.session(r, true)
}

// session finds r's session: its end and id; with renew, a live session
// is made to last sessionTTL from now, and an ended one is not returned.
func (a *adminAuth) session(r *http.Request, renew bool) (time.Time, string) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return time.Time{}, ""
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	exp, ok := a.sessions[c.Value]
	if !renew || !ok {
		return exp, c.Value
	}
	now := a.now()
	if !now.Before(exp) {
		return time.Time{}, ""
	}
	a.sessions[c.Value] = now.Add(sessionTTL)
	return a.sessions[c.Value], c.Value
}

// setSessionCookie hands the browser session sid for sessionTTL.
func setSessionCookie(w http.ResponseWriter, r *http.Request, sid string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sid, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: int(sessionTTL / time.Second)})
}

func (s *Server) handleSessionInfo(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, sessionInfo{Now: s.admin.now(), EndsAt: s.admin.expiry(r)})
}

func (s *Server) handleSessionExtend(w http.ResponseWriter, r *http.Request) {
	ends, sid := s.admin.extend(r)
	if sid != "" {
		setSessionCookie(w, r, sid)
	}
	writeJSON(w, http.StatusOK, sessionInfo{Now: s.admin.now(), EndsAt: ends})
}
