package kiosk

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
)

// adminAuth holds the one-time links (first-run setup, demo sign-in), the
// signed-in sessions and the login backoff, in memory: a restart signs
// everyone out, which is the safe side. The password hash is in the store.
type adminAuth struct {
	now      func() time.Time
	mu       sync.Mutex
	tokens   map[string]oneTime   // one-time token → what it opens and until when
	sessions map[string]time.Time // session id → expiry
	failures map[string]backoff   // client address → failed logins
	// checking holds one token per password check running: PBKDF2 costs
	// hundreds of milliseconds of a core, so parallel guesses queue here
	// instead of taking every core from the door.
	checking chan struct{}
}

// oneTime is a one-time link: a setup link lets its holder choose the admin
// password; a login link signs its holder in directly (demo).
type oneTime struct {
	setup   bool
	expires time.Time
}

// backoff is one client's run of failed logins.
type backoff struct {
	fails int
	until time.Time // no attempt is checked before this
}

const (
	loginTokenTTL = 30 * time.Minute
	sessionTTL    = 12 * time.Hour
	sessionCookie = "icebreaker_admin"
	// minPasswordLen is the shortest admin password accepted.
	minPasswordLen = 10
	// maxBackoff caps the wait after repeated failed logins.
	maxBackoff = 5 * time.Minute
)

// passwordIterations is the PBKDF2-SHA256 work factor of new hashes
// (OWASP 2023: 600,000). Stored hashes keep the count they were made with;
// tests lower it.
var passwordIterations = 600_000

func newAdminAuth(now func() time.Time) *adminAuth {
	return &adminAuth{now: now, tokens: map[string]oneTime{}, sessions: map[string]time.Time{}, failures: map[string]backoff{},
		checking: make(chan struct{}, passwordChecks())}
}

func (a *adminAuth) issue(setup bool) (string, error) {
	tok, err := checkin.NewSecret()
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	a.tokens[tok] = oneTime{setup: setup, expires: a.now().Add(loginTokenTTL)}
	a.mu.Unlock()
	return tok, nil
}

// LoginLink makes a one-time admin sign-in path, valid 30 minutes, that
// needs no password: for demo, which has no password to set.
func (s *Server) LoginLink() (string, error) {
	tok, err := s.admin.issue(false)
	if err != nil {
		return "", err
	}
	return "/admin/login?token=" + tok, nil
}

// SetupLink makes the first-run link, valid 30 minutes and usable once, that
// sets the admin password (there is no default password). It returns ""
// when a password is already set: organisers then sign in at /admin/login.
func (s *Server) SetupLink() (string, error) {
	if s.hasPassword() {
		return "", nil
	}
	tok, err := s.admin.issue(true)
	if err != nil {
		return "", err
	}
	return "/admin/setup?token=" + tok, nil
}

// check finds a live token of the given kind, comparing in constant time
// against every live token; consume removes it.
func (a *adminAuth) check(tok string, setup, consume bool) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	found := ""
	now := a.now()
	for t, ot := range a.tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(tok)) == 1 && ot.setup == setup && now.Before(ot.expires) {
			found = t
		}
	}
	if found != "" && consume {
		delete(a.tokens, found)
	}
	return found != ""
}

func (a *adminAuth) newSession() (string, error) {
	sid, err := checkin.NewSecret()
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	a.sessions[sid] = a.now().Add(sessionTTL)
	a.mu.Unlock()
	return sid, nil
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

func (a *adminAuth) endSession(r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		a.mu.Lock()
		delete(a.sessions, c.Value)
		a.mu.Unlock()
	}
}

// passwordChecks is how many password checks may run at once: half the
// cores, at most 2, at least 1, so the door always keeps a core.
func passwordChecks() int { return max(1, min(2, runtime.GOMAXPROCS(0)/2)) }

// passwordQueueWait bounds how long an attempt waits for a check slot
// before it is refused as busy.
const passwordQueueWait = 5 * time.Second

// attempt starts a login attempt for client. It returns how long client
// must still wait (and then the attempt is refused, unchecked), or 0 with
// the attempt counted as a failure now, before the check runs: parallel
// guesses from one address cannot all get past the backoff, since each
// sees the ones in flight. succeeded clears the count.
func (a *adminAuth) attempt(client string) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	b := a.failures[client]
	if d := b.until.Sub(now); d > 0 {
		return d
	}
	b.fails++
	d := time.Second << min(b.fails-1, 20)
	b.until = now.Add(min(d, maxBackoff))
	a.failures[client] = b
	return 0
}

// checkPassword runs passwordMatches in one of the check slots; ok is
// false when no slot freed within passwordQueueWait or ctx ended.
func (a *adminAuth) checkPassword(ctx context.Context, p data.AdminPassword, password string) (match, ok bool) {
	timer := time.NewTimer(passwordQueueWait)
	defer timer.Stop()
	select {
	case a.checking <- struct{}{}:
		defer func() { <-a.checking }()
	case <-timer.C:
		return false, false
	case <-ctx.Done():
		return false, false
	}
	return passwordMatches(p, password), true
}

func (a *adminAuth) succeeded(client string) {
	a.mu.Lock()
	delete(a.failures, client)
	a.mu.Unlock()
}

// clientOf is the address failures are counted against (the host, not the
// port, which changes with every connection).
func clientOf(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// hashPassword makes the stored form of a new password: PBKDF2-SHA256 with
// a random 16-byte salt.
func hashPassword(password string) (data.AdminPassword, error) {
	salt := make([]byte, 16)
	rand.Read(salt)
	h, err := pbkdf2.Key(sha256.New, password, salt, passwordIterations, 32)
	return data.AdminPassword{Algorithm: "pbkdf2-sha256", Iterations: passwordIterations, Salt: salt, Hash: h}, err
}

// matches checks password against the stored hash in constant time.
func passwordMatches(p data.AdminPassword, password string) bool {
	if p.Algorithm != "pbkdf2-sha256" || p.Iterations <= 0 || len(p.Hash) == 0 {
		return false
	}
	h, err := pbkdf2.Key(sha256.New, password, p.Salt, p.Iterations, len(p.Hash))
	return err == nil && subtle.ConstantTimeCompare(h, p.Hash) == 1
}

func (s *Server) hasPassword() bool {
	ok := false
	s.store.View(func(tx *data.Tx) error { _, ok, _ = tx.AdminPassword(); return nil })
	return ok
}

// signIn starts an admin session (its cookie) and redirects to the admin
// page; a session that cannot start is the error page.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	sid, err := s.admin.newSession()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	setSessionCookie(w, r, sid)
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}

// authPage renders the sign-in or setup form with a message.
func (s *Server) authPage(w http.ResponseWriter, r *http.Request, status int, mode, token string, msg *Text) {
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	s.render(w, "admin_login.html", loginPage{page: s.page(r), Mode: mode, Token: token, Msg: msg})
}

// loginPage is the data of admin_login.html: Mode is "login", "setup" or
// "nopassword".
type loginPage struct {
	page
	Mode, Token string
	Msg         *Text
}

// handleSetupPage: GET /admin/setup?token=… shows the password form of a
// live setup link.
func (s *Server) handleSetupPage(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if s.hasPassword() || !s.admin.check(tok, true, false) {
		s.authPage(w, r, http.StatusUnauthorized, "login", "", &Text{"Lien de configuration invalide, expiré ou déjà utilisé.", "Setup link invalid, expired or already used."})
		return
	}
	s.authPage(w, r, http.StatusOK, "setup", tok, nil)
}

// handleSetup: POST /admin/setup sets the first admin password (once).
func (s *Server) handleSetup(w http.ResponseWriter, r *http.Request) {
	if !s.formOK(w, r) {
		return
	}
	tok, pw := r.PostFormValue("token"), r.PostFormValue("password")
	if s.hasPassword() || !s.admin.check(tok, true, false) {
		s.authPage(w, r, http.StatusUnauthorized, "login", "", &Text{"Lien de configuration invalide, expiré ou déjà utilisé.", "Setup link invalid, expired or already used."})
		return
	}
	if len([]rune(pw)) < minPasswordLen || pw != r.PostFormValue("confirm") {
		s.authPage(w, r, http.StatusBadRequest, "setup", tok, &Text{"Le mot de passe doit faire au moins 10 caractères et les deux saisies doivent être identiques.", "The password must be at least 10 characters long and both entries must match."})
		return
	}
	hash, err := hashPassword(pw)
	if err == nil {
		err = s.store.Update(func(tx *data.Tx) error {
			if _, ok, _ := tx.AdminPassword(); ok {
				return errPasswordSet
			}
			return tx.PutAdminPassword(hash)
		})
	}
	if err != nil || !s.admin.check(tok, true, true) {
		s.authPage(w, r, http.StatusConflict, "login", "", &Text{"Le mot de passe est déjà défini.", "The password is already set."})
		return
	}
	s.signIn(w, r)
}

var errPasswordSet = errors.New("admin password already set")

// handleLoginPage: GET /admin/login shows the password form; with ?token=
// of a one-time login link (demo) it signs in directly.
func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if tok := r.URL.Query().Get("token"); tok != "" {
		if !s.admin.check(tok, false, true) {
			s.authPage(w, r, http.StatusUnauthorized, "login", "", &Text{"Lien de connexion invalide ou expiré.", "Invalid or expired sign-in link."})
			return
		}
		s.signIn(w, r)
		return
	}
	if !s.hasPassword() {
		s.authPage(w, r, http.StatusOK, "nopassword", "", nil)
		return
	}
	s.authPage(w, r, http.StatusOK, "login", "", nil)
}

// handleLogin: POST /admin/login checks the password. Each attempt from an
// address, counted when it starts, doubles the wait before that address may
// try again (1 s, 2 s, 4 s … up to 5 minutes) until one succeeds; attempts
// during the wait are refused with 429 without being checked. At most
// passwordChecks() checks run at once; an attempt that finds no slot within
// passwordQueueWait gets 503.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if !s.formOK(w, r) {
		return
	}
	client := clientOf(r)
	if d := s.admin.attempt(client); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(d.Seconds())+1))
		s.authPage(w, r, http.StatusTooManyRequests, "login", "", &Text{"Trop d'essais : patientez quelques secondes.", "Too many attempts: wait a few seconds."})
		return
	}
	var stored data.AdminPassword
	var ok bool
	s.store.View(func(tx *data.Tx) error { stored, ok, _ = tx.AdminPassword(); return nil })
	match, checked := false, false
	if ok {
		match, checked = s.admin.checkPassword(r.Context(), stored, r.PostFormValue("password"))
	}
	if ok && !checked {
		w.Header().Set("Retry-After", "5")
		s.authPage(w, r, http.StatusServiceUnavailable, "login", "", &Text{"Serveur occupé : réessayez dans quelques secondes.", "Server busy: try again in a few seconds."})
		return
	}
	if !match {
		s.authPage(w, r, http.StatusUnauthorized, "login", "", &Text{"Mot de passe incorrect.", "Wrong password."})
		return
	}
	s.admin.succeeded(client)
	s.signIn(w, r)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	s.admin.endSession(r)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
}

// maxAdminForm bounds the body of an admin form that holds no file.
const maxAdminForm = 64 << 10

// multipartForms are the admin forms that carry a file and read their
// body themselves, with their own limits.
var multipartForms = map[string]bool{"/admin/settings": true, "/admin/import": true}

// formOK parses a POST's form within maxAdminForm bytes, answering 400
// itself (too large, or unreadable) when it cannot: a form that failed to
// parse must not act on defaults.
func (s *Server) formOK(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost || multipartForms[r.URL.Path] {
		return true
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAdminForm)
	err := r.ParseForm() // ParseMultipartForm alone hides its errors on a form that is not multipart
	if err == nil {
		if err = r.ParseMultipartForm(maxAdminForm); errors.Is(err, http.ErrNotMultipart) {
			err = nil
		}
	}
	if err == nil {
		return true
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.fail(w, "bad_request", Text{fmt.Sprintf("Formulaire trop grand (plus de %d Ko) : rien n'a été fait.", maxAdminForm>>10),
			fmt.Sprintf("Form too large (over %d KB): nothing was done.", maxAdminForm>>10)})
	} else {
		s.fail(w, "bad_request", Text{"Formulaire illisible : rien n'a été fait. Rechargez la page et réessayez.",
			"Unreadable form: nothing was done. Reload the page and try again."})
	}
	return false
}

// requireAdmin lets signed-in organisers through. Others get the sign-in
// page for a page request, 401 for the API, WebSockets and POSTs.
func (s *Server) requireAdmin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.admin.valid(r) {
			w.Header().Set("Cache-Control", "no-store")
			if s.formOK(w, r) {
				h(w, r)
			}
			return
		}
		if r.Method == http.MethodGet && !isAPI(r) {
			http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
			return
		}
		s.fail(w, "unauthorized", Text{"Connexion administrateur requise.", "Admin sign-in required."})
	}
}

func isAPI(r *http.Request) bool {
	p := r.URL.Path
	return len(p) >= 5 && (p[:5] == "/api/" || p[:4] == "/ws/")
}
