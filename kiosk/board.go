package kiosk

import (
	"crypto/subtle"
	"html/template"
	"net/http"
	"regexp"

	"icebreaker/data"
)

// requireBoardKey lets a board request through when no board key is set,
// or when its ?key= is the board key (admin, "Board link"); others get 401.
func (s *Server) requireBoardKey(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var want string
		s.store.View(func(tx *data.Tx) error { want = tx.BoardKey(); return nil })
		if want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(r.URL.Query().Get("key"))) != 1 {
			s.fail(w, "unauthorized", Text{"Écran non autorisé : ouvrez le lien du tableau donné dans l'administration (Bornes).",
				"Screen not authorised: open the board link given in the admin (Kiosks)."})
			return
		}
		h(w, r)
	}
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

// page is what every page template gets: the event, the language, the
// branding and the settings; admin pages add their section and a flash
// message. Each page's data embeds it.
type page struct {
	Event    data.Event
	Lang     string
	Brand    brand
	Settings data.Settings
	Section  string // admin: the tab shown
	BoardKey string // admin: the board's key, "" when the board is open
	Flash    string // admin: what the last action did
	// Script is the labels of the page's script (scriptText), nil for a
	// page without one.
	Script map[string]string
}

// page gathers what every page template needs.
func (s *Server) page(r *http.Request) page {
	var p page
	hasLogo := false
	s.store.View(func(tx *data.Tx) error {
		p.Event, _ = tx.Event()
		p.Settings, _ = tx.Settings()
		_, _, hasLogo = tx.Logo()
		return nil
	})
	p.Lang, p.Brand = lang(r, p.Event.Language), s.brandOf(p.Settings, hasLogo)
	return p
}

func (s *Server) handleBoardPage(w http.ResponseWriter, r *http.Request) {
	p := s.page(r)
	p.Lang = screenLang(r, p.Event.Language) // the event's, unless the board's link asks
	p.Script = scriptText(p.Lang, "board.someone", "board.others", "board.otherlines", "board.host", "board.pairs", "board.groups", "board.round",
		"board.groupleader", "board.groupword")
	s.render(w, "board.html", p)
}

func (s *Server) handleLogo(w http.ResponseWriter, r *http.Request) {
	var ct string
	var img []byte
	var ok bool
	s.store.View(func(tx *data.Tx) error { ct, img, ok = tx.Logo(); return nil })
	if !ok || !logoTypes[ct] { // a logo stored before SVG was refused is not served
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(img)
}

func (s *Server) handleBoardSnapshot(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.day.Board())
}
