package kiosk

import (
	"html/template"
	"icebreaker/kiosk/hub"
	"net/http"
	"regexp"
	"time"

	"icebreaker/data"
)

func (s *Server) boardRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /board", s.handleBoardPage)
	mux.HandleFunc("GET /api/board", s.handleBoardSnapshot)
	mux.HandleFunc("GET /branding/logo", s.handleLogo)
	mux.HandleFunc("GET /ws/board", func(w http.ResponseWriter, r *http.Request) {
		s.hub.Serve(w, r, []string{"board"}, nil, hub.WithSendBuffer(screenQueue))
	})
}

// brand is the event's look as the templates use it.
type brand struct {
	Logo  string       // URL of the logo, "" for none
	Style template.CSS // CSS custom properties overriding the defaults
}

var hexColour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// brandOf turns the settings into a logo URL and CSS variables; colours that
// are not #rrggbb are ignored, so nothing but a colour reaches the CSS.
func (s *Server) brandOf(set data.Settings, hasLogo bool) brand {
	var b brand
	switch {
	case hasLogo:
		b.Logo = "/branding/logo"
	case set.Branding.LogoURL != "":
		b.Logo = set.Branding.LogoURL
	}
	css := ""
	for name, v := range map[string]string{"--accent": set.Branding.Accent, "--bg": set.Branding.Background, "--ink": set.Branding.Ink} {
		if hexColour.MatchString(v) {
			css += name + ":" + v + ";"
		}
	}
	b.Style = template.CSS(css)
	return b
}

// page gathers what every page template needs: the event, the language and
// the branding.
func (s *Server) page(r *http.Request) map[string]any {
	var ev data.Event
	var set data.Settings
	hasLogo := false
	s.store.View(func(tx *data.Tx) error {
		ev, _ = tx.Event()
		set, _ = tx.Settings()
		_, _, hasLogo = tx.Logo()
		return nil
	})
	return map[string]any{"Event": ev, "Lang": lang(r, ev.Language), "Brand": s.brandOf(set, hasLogo), "Settings": set}
}

func (s *Server) handleBoardPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, "board.html", s.page(r))
}

func (s *Server) handleLogo(w http.ResponseWriter, r *http.Request) {
	var ct string
	var img []byte
	var ok bool
	s.store.View(func(tx *data.Tx) error { ct, img, ok = tx.Logo(); return nil })
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(img)
}

// boardSnapshot is the whole board at one moment, for first paint and for
// resynchronising after a gap. Seq is the board topic's sequence number read
// before the state, so messages after it may already be included: pages
// apply messages idempotently. Now is the server's clock, so that the
// round's countdown does not depend on the projector's clock.
type boardSnapshot struct {
	Epoch    string         `json:"epoch"`
	Seq      uint64         `json:"seq"`
	Now      time.Time      `json:"now"`
	Event    string         `json:"event"`
	Counts   counts         `json:"counts"`
	Arrivals []boardArrival `json:"arrivals"`
	Curve    []curvePoint   `json:"curve"`
	Intros   []boardIntro   `json:"intros"`
	Round    *roundView     `json:"round"`
}

func (s *Server) handleBoardSnapshot(w http.ResponseWriter, r *http.Request) {
	snap := boardSnapshot{Epoch: s.hub.Epoch(), Seq: s.hub.Seq("board"), Now: s.now(), Event: s.event().Name, Intros: []boardIntro{}}
	snap.Counts, snap.Arrivals, snap.Curve = s.live.snapshot()
	for _, i := range s.live.recentIntros() {
		if bi, ok := s.boardIntroOf(i); ok {
			snap.Intros = append(snap.Intros, bi)
		}
	}
	snap.Round = s.boardRound()
	writeJSON(w, http.StatusOK, snap)
}
