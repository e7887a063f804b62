package kiosk

import (
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"icebreaker/data"
	"icebreaker/kiosk/hub"
	"icebreaker/kiosk/live"
	"icebreaker/matcher"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config wires a Server. Store is required; the rest has defaults.
type Config struct {
	Store  *data.Store
	Logger *slog.Logger
	Now    func() time.Time
	// AllowedOrigins are extra origins allowed to open WebSockets (the
	// server's own host is always allowed).
	AllowedOrigins []string
	// Suggestions is how many people a scan answer and a phone page list.
	Suggestions int
	// Vocabulary is the matcher's vocabulary (nil: the built-in one), e.g.
	// extended with an organiser's extra.tsv.
	Vocabulary *matcher.Vocabulary
	// MaxSockets caps the board and phone WebSockets open at once (0: 20,000,
	// lowered to leave 1,024 file descriptors for everything else);
	// MaxSocketsPerAddr caps them per remote address (0: 2,000, room for a
	// venue's phones behind one NAT, and none for loopback addresses: this
	// machine's load tool, or a reverse proxy in front).
	MaxSockets, MaxSocketsPerAddr int
	// MaxBoards caps the board sockets among them (0: 128), which cost the
	// door a write per scan each; MaxBoardsPerAddr caps them per address
	// (0: the same).
	MaxBoards, MaxBoardsPerAddr int
}

// Server serves every page, the API and the WebSockets of one event. Its
// handlers decode a request, call the Day (kiosk/live) and render the
// answer; reads that are not the day's live state (kiosk keys, settings,
// exports) go to the store directly.
type Server struct {
	store   *data.Store
	day     *live.Day
	hub     *hub.Hub
	log     *slog.Logger
	now     func() time.Time
	tmpl    *template.Template
	admin   *adminAuth
	frames  frameLimiter // phones' camera frames (phone.go)
	sockets *socketGate  // unauthenticated WebSockets (sockets.go)
	boards  *socketGate  // the board's among them
	// consents throttles each attendee's consent switches (phone.go).
	consents *limiter
	// searches throttles each attendee's directory searches (directory.go).
	searches *limiter
	// phoneDecodes holds one token per phone camera frame being decoded:
	// half the cores at most, whatever the number of phones (phone.go).
	phoneDecodes chan struct{}
	uploads      pendingImports // files between their preview and their import (admin_import.go)

	handler http.Handler
}

// New loads the event's attendees and presence into the matcher's live index
// and returns a server ready to serve. Close it to drop WebSockets.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("kiosk: Config.Store is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Logger = slog.New(Redact(cfg.Logger.Handler())) // no secret in any line
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Suggestions <= 0 {
		cfg.Suggestions = 5
	}
	tmpl, err := template.New("").Funcs(template.FuncMap{"t": T, "iso": isolate, "adminSections": func() []string { return adminSections }}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("kiosk: templates: %w", err)
	}
	h := hub.New(hub.Options{AllowedOrigins: cfg.AllowedOrigins, Logger: cfg.Logger,
		// Every page starts from its HTTP snapshot: messages to a screen
		// nobody has opened yet (a phone, the admin) need no encoding nor
		// replay ring.
		SkipUnwatched: func(string) bool { return true }})
	day, err := live.New(live.Config{Store: cfg.Store, Publisher: h, Now: cfg.Now, Suggestions: cfg.Suggestions, Vocabulary: cfg.Vocabulary})
	if err != nil {
		h.Close()
		return nil, err
	}
	s := &Server{
		store:        cfg.Store,
		day:          day,
		hub:          h,
		log:          cfg.Logger,
		now:          cfg.Now,
		tmpl:         tmpl,
		admin:        newAdminAuth(cfg.Now),
		sockets:      newSocketGate(cfg.MaxSockets, cfg.MaxSocketsPerAddr),
		boards:       newSocketGate(cmp.Or(cfg.MaxBoards, defaultMaxBoards), cfg.MaxBoardsPerAddr),
		consents:     newLimiter(consentBurst, consentEvery, cfg.Now),
		searches:     newLimiter(searchBurst, searchEvery, cfg.Now),
		phoneDecodes: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2)),
	}
	mux := http.NewServeMux()
	s.routes(mux)
	s.handler = http.NewCrossOriginProtection().Handler(securityHeaders(rememberLang(mux)))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Hub is the server's WebSocket hub.
func (s *Server) Hub() *hub.Hub { return s.hub }

// Close closes every WebSocket with a close frame. The HTTP server and the
// store are the caller's to shut down.
func (s *Server) Close() error {
	s.hub.Close()
	return nil
}

// isolate wraps a text someone typed in FIRST STRONG ISOLATE … POP
// DIRECTIONAL ISOLATE, for where <bdi> cannot go (a page title): an
// override it holds (U+202E) cannot reverse the text around it.
// Texts of only the scripts before Hebrew (Latin, Greek, Cyrillic…), which
// hold no right-to-left letter and no bidi control, are left as they are.
func isolate(s string) string {
	for _, r := range s {
		if r >= 0x0590 {
			return "\u2068" + s + "\u2069"
		}
	}
	return s
}

// pageCSP is every response's Content-Security-Policy: scripts only from
// /static (ES modules; page text comes as a JSON block, which is not run),
// no inline script or handler, style elements only from /static (the
// branding's colours are a style attribute), images also from the
// organiser's logo URL, sockets and fetches to this server only, no
// framing, no plugins.
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; " +
	"img-src 'self' data: blob: https: http:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer") // phone links carry secrets
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", pageCSP)
		next.ServeHTTP(w, r)
	})
}

func (s *Server) render(w http.ResponseWriter, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.tmpl.ExecuteTemplate(w, name, data); err != nil {
		s.log.Error("render", "template", name, "err", err)
	}
}

func (s *Server) event() data.Event {
	var e data.Event
	s.store.View(func(tx *data.Tx) (err error) { e, err = tx.Event(); return })
	return e
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	s.render(w, "home.html", s.page(r))
}

// The hub is the Day's publisher.
var _ live.Publisher = (*hub.Hub)(nil)

// Day is the owner of the event's day that the server serves.
func (s *Server) Day() *live.Day { return s.day }

// screenQueue is the WebSocket send queue of the board and admin screens:
// few connections that receive every arrival, so a burst of thousands of
// scans a second must not drop them (see hub.WithSendBuffer).
const screenQueue = 4096
