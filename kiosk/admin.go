package kiosk

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
)

// adminAuth holds one-time login tokens and signed-in sessions, in memory:
// a restart signs everyone out, which is the safe side.
type adminAuth struct {
	now      func() time.Time
	mu       sync.Mutex
	tokens   map[string]time.Time // one-time login token → expiry
	sessions map[string]time.Time // session id → expiry
}

const (
	loginTokenTTL = 30 * time.Minute
	sessionTTL    = 12 * time.Hour
	sessionCookie = "icebreaker_admin"
)

func newAdminAuth(now func() time.Time) *adminAuth {
	return &adminAuth{now: now, tokens: map[string]time.Time{}, sessions: map[string]time.Time{}}
}

// LoginLink makes a one-time admin login path, valid 30 minutes. serve and
// demo print it at start: there is no default password.
func (s *Server) LoginLink() (string, error) {
	tok, err := checkin.NewSecret()
	if err != nil {
		return "", err
	}
	s.admin.mu.Lock()
	s.admin.tokens[tok] = s.now().Add(loginTokenTTL)
	s.admin.mu.Unlock()
	return "/admin/login?token=" + tok, nil
}

func (a *adminAuth) redeem(tok string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var found string
	for t, exp := range a.tokens { // constant-time compare of every live token
		if subtle.ConstantTimeCompare([]byte(t), []byte(tok)) == 1 && a.now().Before(exp) {
			found = t
		}
	}
	if found == "" {
		return "", false
	}
	delete(a.tokens, found)
	sid, err := checkin.NewSecret()
	if err != nil {
		return "", false
	}
	a.sessions[sid] = a.now().Add(sessionTTL)
	return sid, true
}

func (a *adminAuth) valid(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	exp, ok := a.sessions[c.Value]
	return ok && a.now().Before(exp)
}

func (s *Server) adminRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/login", s.handleAdminLogin)
	mux.HandleFunc("GET /admin", s.requireAdmin(s.handleAdminPage))
	mux.HandleFunc("GET /badge/{code}", s.requireAdmin(s.handleBadgePNG))
	mux.HandleFunc("GET /ws/admin", s.requireAdmin(func(w http.ResponseWriter, r *http.Request) {
		s.hub.Serve(w, r, []string{"admin"}, nil)
	}))
}

func (s *Server) requireAdmin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.admin.valid(r) {
			http.Error(w, "Connexion administrateur requise / admin sign-in required", http.StatusUnauthorized)
			return
		}
		h(w, r)
	}
}

func (s *Server) handleAdminLogin(w http.ResponseWriter, r *http.Request) {
	sid, ok := s.admin.redeem(r.URL.Query().Get("token"))
	if !ok {
		http.Error(w, "Lien de connexion invalide ou expiré / invalid or expired sign-in link", http.StatusUnauthorized)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sid, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: int(sessionTTL / time.Second)})
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}

// adminRow is one attendee line of the admin page.
type adminRow struct {
	data.Attendee
	Inside bool
}

func (s *Server) handleAdminPage(w http.ResponseWriter, r *http.Request) {
	var rows []adminRow
	err := s.store.View(func(tx *data.Tx) error {
		return tx.ForEachAttendee(func(a data.Attendee) error {
			rows = append(rows, adminRow{Attendee: a, Inside: s.live.index.Present(uint64(a.ID))})
			return nil
		})
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ev := s.event()
	s.render(w, "admin.html", map[string]any{"Event": ev, "Lang": lang(r, ev.Language), "Rows": rows, "Counts": s.live.counts()})
}

// handleBadgePNG serves GET /badge/{code}.png: the badge QR of one code.
func (s *Server) handleBadgePNG(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	code, ok := strings.CutSuffix(code, ".png")
	if !ok || !checkin.ValidCode(code) {
		http.NotFound(w, r)
		return
	}
	s.writeQR(w, code)
}
