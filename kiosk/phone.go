package kiosk

import (
	"net/http"

	"icebreaker/checkin"
	"icebreaker/data"
)

func (s *Server) phoneRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /me/{secret}", s.handlePhonePage)
	mux.HandleFunc("GET /me/{secret}/badge.png", s.handlePhoneBadge)
	mux.HandleFunc("GET /api/me/{secret}", s.handlePhoneSnapshot)
	mux.HandleFunc("GET /ws/me/{secret}", s.handlePhoneWS)
}

// attendeeBySecret resolves a phone link; revoked or unknown links fail.
func (s *Server) attendeeBySecret(secret string) (data.Attendee, bool) {
	var a data.Attendee
	err := s.store.View(func(tx *data.Tx) error {
		id, state, ok := tx.LookupSecret(data.PhoneLink, secret)
		if !ok || state != data.Active {
			return data.ErrNotFound
		}
		var err error
		a, err = tx.Attendee(data.AttendeeID(id))
		return err
	})
	return a, err == nil && checkin.EqualCodes(a.Secret, secret)
}

func (s *Server) phoneAttendee(w http.ResponseWriter, r *http.Request) (data.Attendee, bool) {
	a, ok := s.attendeeBySecret(r.PathValue("secret"))
	if !ok {
		http.NotFound(w, r)
	}
	return a, ok
}

// phoneSnapshot is one attendee's phone page at one moment.
type phoneSnapshot struct {
	Epoch       string   `json:"epoch"`
	Seq         uint64   `json:"seq"`
	FirstName   string   `json:"first_name"`
	Present     bool     `json:"present"`
	Consent     bool     `json:"consent"`
	Suggestions []person `json:"suggestions"`
}

func (s *Server) phoneState(a data.Attendee) phoneSnapshot {
	snap := phoneSnapshot{Epoch: s.hub.Epoch(), Seq: s.hub.Seq(meTopic(a.ID)), FirstName: a.FirstName,
		Present: s.live.index.Present(uint64(a.ID)), Consent: a.MatchConsent, Suggestions: []person{}}
	if a.MatchConsent {
		for _, sg := range s.live.index.Suggest(uint64(a.ID), s.top) {
			snap.Suggestions = append(snap.Suggestions, s.personOf(sg, ""))
		}
	}
	return snap
}

func (s *Server) handlePhonePage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	ev := s.event()
	s.render(w, "phone.html", map[string]any{"Event": ev, "Lang": lang(r, ev.Language), "Me": a, "State": s.phoneState(a)})
}

func (s *Server) handlePhoneSnapshot(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.phoneAttendee(w, r); ok {
		writeJSON(w, http.StatusOK, s.phoneState(a))
	}
}

func (s *Server) handlePhoneWS(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.phoneAttendee(w, r); ok {
		s.hub.Serve(w, r, []string{meTopic(a.ID)}, nil)
	}
}

func (s *Server) handlePhoneBadge(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.phoneAttendee(w, r); ok {
		s.writeQR(w, a.BadgeCode)
	}
}

func (s *Server) writeQR(w http.ResponseWriter, content string) {
	png, err := checkin.QRPNG(content, 320)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(png)
}
