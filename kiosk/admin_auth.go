package kiosk

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"runtime"
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
