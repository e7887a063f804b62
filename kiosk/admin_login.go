package kiosk

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"icebreaker/data"
)

// The admin's sign-in over HTTP: the setup and login pages and their forms,
// sign-out, and the guard every admin route goes through (requireAdmin,
// formOK). The state they use (links, sessions, backoff) is admin_auth.go's.

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
