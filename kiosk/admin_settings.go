package kiosk

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/kiosk/live"
	"icebreaker/matcher"
)

// handleBoardKey sets a new board key (action=new: the old link stops
// working) or removes it (action=remove: the board is open again); the
// board's open sockets are closed either way, so a screen keeps showing
// only with the current link.
func (s *Server) handleBoardKey(w http.ResponseWriter, r *http.Request) {
	key := ""
	switch r.PostFormValue("action") {
	case "new":
		var err error
		if key, err = checkin.NewSecret(); err != nil {
			s.failErr(w, r, err)
			return
		}
	case "remove":
	default:
		s.fail(w, "bad_request", Text{"Action inconnue : « new » ou « remove ».", "Unknown action: \"new\" or \"remove\"."})
		return
	}
	if err := s.store.Update(func(tx *data.Tx) error { return tx.PutBoardKey(key) }); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.hub.Drop(live.TopicBoard)
	http.Redirect(w, r, "/admin/kiosks?done=boardkey", http.StatusSeeOther)
}

func (s *Server) handleSettingsPage(w http.ResponseWriter, r *http.Request) {
	p := s.adminPage(r, "settings")
	s.render(w, "admin_settings.html", settingsPage{page: p, Weights: live.Weights(p.Settings)})
}

// settingsPage is the data of admin_settings.html.
type settingsPage struct {
	page
	Weights matcher.Weights
	Error   string // why the last save was refused (the colours' contrast)
}

// handleSettings saves the event settings: name and language (Event),
// group size, round length, matching weights (the matcher is rebuilt when
// they change), branding with an optional uploaded logo (Day.SaveSettings).
// Screens reload. Colours that would make a screen unreadable (contrast
// under 4.5:1, brandingContrast) are refused: the page comes back with the
// reason and the colours tried in its form, and nothing is saved.
func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, data.MaxLogoBytes+64<<10)
	if err := r.ParseMultipartForm(data.MaxLogoBytes + 64<<10); err != nil && err != http.ErrNotMultipart {
		s.fail(w, "bad_request", Text{"Formulaire trop grand (logo de 512 Ko au plus).", "Form too large (logo of 512 KB at most)."})
		return
	}
	var logo []byte
	var logoType string
	if f, _, err := r.FormFile("logo"); err == nil {
		logo, _ = io.ReadAll(io.LimitReader(f, data.MaxLogoBytes+1))
		f.Close()
		logoType = http.DetectContentType(logo) // what the bytes are, not what the browser said
		if !logoTypes[logoType] || len(logo) > data.MaxLogoBytes {
			s.fail(w, "bad_request", Text{"Le logo doit être une image PNG, JPEG, GIF ou WebP de 512 Ko au plus (pas de SVG, qui peut contenir du script).",
				"The logo must be a PNG, JPEG, GIF or WebP image of 512 KB at most (not SVG, which can hold script)."})
			return
		}
	}
	weights := data.Weights{}
	for _, f := range []struct {
		key string
		dst *float64
	}{{"w_interest", &weights.Interest}, {"w_complement", &weights.Complement}, {"w_project", &weights.Project},
		{"w_sector", &weights.Sector}, {"w_sameorg", &weights.SameOrg}} {
		v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(r.FormValue(f.key)), ",", "."), 64)
		if err != nil || v < 0 || v > 10 {
			s.fail(w, "bad_request", Text{"Poids invalide : un nombre entre 0 et 10.", "Invalid weight: a number between 0 and 10."})
			return
		}
		*f.dst = v
	}
	for _, f := range []struct {
		key string
		dst **float64
	}{{"w_text", &weights.Text}, {"w_role", &weights.Role}, {"w_target", &weights.Target}} {
		raw := strings.TrimSpace(r.FormValue(f.key))
		if raw == "" {
			continue // not on the form: the matcher's default
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(raw, ",", "."), 64)
		if err != nil || v < 0 || v > 10 {
			s.fail(w, "bad_request", Text{"Poids invalide : un nombre entre 0 et 10.", "Invalid weight: a number between 0 and 10."})
			return
		}
		*f.dst = &v
	}
	weights.AllowColleagues = r.FormValue("allow_colleagues") != ""
	logoURL := strings.TrimSpace(r.FormValue("logo_url"))
	if logoURL != "" && !strings.HasPrefix(logoURL, "https://") && !strings.HasPrefix(logoURL, "http://") {
		s.fail(w, "bad_request", Text{"L'adresse du logo doit commencer par https://.", "The logo address must start with https://."})
		return
	}
	branding := data.Branding{LogoURL: logoURL, Accent: colour(r, "accent"), Background: colour(r, "background"), Ink: colour(r, "ink")}
	if msg := brandingContrast(branding); msg != nil {
		p := s.adminPage(r, "settings")
		p.Settings.Branding.Accent, p.Settings.Branding.Background, p.Settings.Branding.Ink = branding.Accent, branding.Background, branding.Ink
		w.WriteHeader(http.StatusBadRequest)
		s.render(w, "admin_settings.html", settingsPage{page: p, Weights: live.Weights(p.Settings), Error: msg.In(p.Lang)})
		return
	}
	err := s.day.SaveSettings(live.SettingsChange{
		Name: strings.TrimSpace(r.FormValue("name")), Language: r.FormValue("language"), Weights: weights,
		GroupSize: formInt(r, "group_size", 0, 2, 20), RoundMinutes: formInt(r, "round_minutes", 0, 1, 240),
		Branding: branding,
		Logo:     logo, LogoType: logoType, RemoveLogo: r.FormValue("remove_logo") != "",
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/settings?done=saved", http.StatusSeeOther)
}

// logoTypes are the logo formats accepted and served: raster images only,
// as sniffed from their bytes (an SVG can run script).
var logoTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

// colour returns a #rrggbb form value, "" for anything else.
func colour(r *http.Request, key string) string {
	if v := strings.TrimSpace(r.FormValue(key)); hexColour.MatchString(v) {
		return strings.ToLower(v)
	}
	return ""
}

func (s *Server) handleKiosksPage(w http.ResponseWriter, r *http.Request) {
	s.renderKiosks(w, r, "")
}

func (s *Server) renderKiosks(w http.ResponseWriter, r *http.Request, newLink string) {
	kiosks, err := data.ReadAll(s.store, (*data.Tx).ForEachKiosk)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	boardLink := ""
	s.store.View(func(tx *data.Tx) error {
		if k := tx.BoardKey(); k != "" {
			boardLink = s.PublicBase(r) + "/board?key=" + k
		}
		return nil
	})
	s.render(w, "admin_kiosks.html", kiosksPage{page: s.adminPage(r, "kiosks"), Kiosks: kiosks, NewLink: newLink, BoardLink: boardLink})
}

// kiosksPage is the data of admin_kiosks.html; NewLink is shown once.
type kiosksPage struct {
	page
	Kiosks  []data.Kiosk
	NewLink string
	// BoardLink is the board's link with its key, "" when the board is open.
	BoardLink string
}

// handleKioskCreate makes a kiosk key and shows its link once: the key is
// stored only as a hash.
func (s *Server) handleKioskCreate(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.FormValue("name"))
	if name == "" {
		name = "kiosk"
	}
	key, err := checkin.NewSecret()
	if err == nil {
		err = s.store.Update(func(tx *data.Tx) error { return tx.PutKiosk(&data.Kiosk{Name: name}, key) })
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.renderKiosks(w, r, s.PublicBase(r)+"/kiosk#key="+key)
}

func (s *Server) handleKioskRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := pathUint(r, "id")
	if err == nil {
		err = s.store.Update(func(tx *data.Tx) error {
			var target *data.Kiosk // found first: a bucket must not change while iterated
			if err := tx.ForEachKiosk(func(k data.Kiosk) error {
				if k.ID == id {
					target = &k
				}
				return nil
			}); err != nil {
				return err
			}
			if target == nil {
				return data.ErrNotFound
			}
			target.Revoked = true
			return tx.PutKiosk(target, "")
		})
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/kiosks?done=revoked", http.StatusSeeOther)
}
