package kiosk

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/matcher"
)

func (s *Server) adminSettingsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/settings", s.requireAdmin(s.handleSettingsPage))
	mux.HandleFunc("POST /admin/settings", s.requireAdmin(s.handleSettings))
	mux.HandleFunc("GET /admin/kiosks", s.requireAdmin(s.handleKiosksPage))
	mux.HandleFunc("POST /admin/kiosks", s.requireAdmin(s.handleKioskCreate))
	mux.HandleFunc("POST /admin/kiosks/{id}/revoke", s.requireAdmin(s.handleKioskRevoke))
}

func (s *Server) handleSettingsPage(w http.ResponseWriter, r *http.Request) {
	p := s.adminPage(r, "settings")
	set := p["Settings"].(data.Settings)
	w8 := matcher.DefaultWeights()
	if set.Weights != nil {
		w8 = matcherWeights(*set.Weights)
	}
	p["Weights"] = w8
	s.render(w, "admin_settings.html", p)
}

// handleSettings saves the event settings: name and language (Event),
// group size, round length, matching weights (the matcher is rebuilt when
// they change), branding with an optional uploaded logo. Screens reload.
func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, data.MaxLogoBytes+64<<10)
	if err := r.ParseMultipartForm(data.MaxLogoBytes + 64<<10); err != nil && err != http.ErrNotMultipart {
		s.fail(w, "bad_request", Text{"Formulaire trop grand (logo de 512 Ko au plus).", "Form too large (logo of 512 KB at most)."})
		return
	}
	var logo []byte
	var logoType string
	if f, hdr, err := r.FormFile("logo"); err == nil {
		logo, _ = io.ReadAll(io.LimitReader(f, data.MaxLogoBytes+1))
		f.Close()
		logoType = hdr.Header.Get("Content-Type")
		if !strings.HasPrefix(logoType, "image/") || len(logo) > data.MaxLogoBytes {
			s.fail(w, "bad_request", Text{"Le logo doit être une image de 512 Ko au plus.", "The logo must be an image of 512 KB at most."})
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
	logoURL := strings.TrimSpace(r.FormValue("logo_url"))
	if logoURL != "" && !strings.HasPrefix(logoURL, "https://") && !strings.HasPrefix(logoURL, "http://") {
		s.fail(w, "bad_request", Text{"L'adresse du logo doit commencer par https://.", "The logo address must start with https://."})
		return
	}
	var reweigh bool
	err := s.store.Update(func(tx *data.Tx) error {
		ev, err := tx.Event()
		if err != nil {
			return err
		}
		if name := strings.TrimSpace(r.FormValue("name")); name != "" {
			ev.Name = name
		}
		if l := r.FormValue("language"); l == "fr" || l == "en" {
			ev.Language = l
		}
		if err := tx.PutEvent(ev); err != nil {
			return err
		}
		set, err := tx.Settings()
		if err != nil {
			return err
		}
		old := matcher.DefaultWeights()
		if set.Weights != nil {
			old = matcherWeights(*set.Weights)
		}
		reweigh = old != matcherWeights(weights)
		set.Weights = &weights
		set.GroupSize = formInt(r, "group_size", set.GroupSize, 2, 20)
		set.RoundMinutes = formInt(r, "round_minutes", set.RoundMinutes, 1, 240)
		set.Branding = data.Branding{LogoURL: logoURL, Accent: colour(r, "accent"), Background: colour(r, "background"), Ink: colour(r, "ink")}
		if err := tx.PutSettings(set); err != nil {
			return err
		}
		switch {
		case len(logo) > 0:
			return tx.PutLogo(logoType, logo)
		case r.FormValue("remove_logo") != "":
			return tx.PutLogo("", nil)
		}
		return nil
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if reweigh {
		s.live.index.Reweigh(matcherWeights(weights))
	}
	s.hub.Publish("board", "brand", nil)
	http.Redirect(w, r, "/admin/settings?done=saved", http.StatusSeeOther)
}

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
	var kiosks []data.Kiosk
	if err := s.store.View(func(tx *data.Tx) error {
		return tx.ForEachKiosk(func(k data.Kiosk) error { kiosks = append(kiosks, k); return nil })
	}); err != nil {
		s.failErr(w, r, err)
		return
	}
	p := s.adminPage(r, "kiosks")
	p["Kiosks"], p["NewLink"] = kiosks, newLink
	s.render(w, "admin_kiosks.html", p)
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
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	s.renderKiosks(w, r, scheme+"://"+r.Host+"/kiosk#key="+key)
}

func (s *Server) handleKioskRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
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
