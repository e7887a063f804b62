package kiosk

import (
	"errors"
	"icebreaker/kiosk/hub"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"icebreaker/checkin"
	"icebreaker/data"
)

// Admin routes. Pages redirect to the sign-in page without a session; the
// API, the WebSocket and every POST answer 401. POSTs are also covered by
// http.CrossOriginProtection (server.go).
func (s *Server) adminRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/setup", s.handleSetupPage)
	mux.HandleFunc("POST /admin/setup", s.handleSetup)
	mux.HandleFunc("GET /admin/login", s.handleLoginPage)
	mux.HandleFunc("POST /admin/login", s.handleLogin)
	mux.HandleFunc("POST /admin/logout", s.handleLogout)
	mux.HandleFunc("GET /admin", s.requireAdmin(s.handleAdminPage))
	mux.HandleFunc("GET /api/admin/state", s.requireAdmin(s.handleAdminState))
	mux.HandleFunc("GET /ws/admin", s.requireAdmin(func(w http.ResponseWriter, r *http.Request) {
		s.hub.Serve(w, r, []string{"admin"}, nil, hub.WithSendBuffer(screenQueue))
	}))
	mux.HandleFunc("POST /admin/rounds", s.requireAdmin(s.handleRoundStart))
	mux.HandleFunc("POST /admin/rounds/stop", s.requireAdmin(s.handleRoundStop))
	mux.HandleFunc("GET /admin/attendees", s.requireAdmin(s.handleAttendees))
	mux.HandleFunc("POST /admin/attendees/{id}/badge", s.requireAdmin(s.handleReissueBadge))
	mux.HandleFunc("POST /admin/attendees/{id}/link", s.requireAdmin(s.handleReissueLink))
	mux.HandleFunc("POST /admin/attendees/{id}/erase", s.requireAdmin(s.handleErase))
	mux.HandleFunc("GET /badge/{code}", s.requireAdmin(s.handleBadgePNG))
	s.adminIORoutes(mux)
	s.adminSettingsRoutes(mux)
}

// adminPage is s.page plus what every admin page shows: the section and a
// flash message.
func (s *Server) adminPage(r *http.Request, section string) map[string]any {
	p := s.page(r)
	p["Section"] = section
	if k := r.URL.Query().Get("done"); k != "" {
		p["Flash"] = T("flash."+k, p["Lang"].(string))
	}
	return p
}

// adminState is the admin's live block: stats and the round, with the
// admin topic's seq and the hub's epoch for the resync contract.
type adminState struct {
	Epoch string     `json:"epoch"`
	Seq   uint64     `json:"seq"`
	Now   time.Time  `json:"now"`
	Stats adminStats `json:"stats"`
	Round *roundView `json:"round"`
}

func (s *Server) adminState() adminState {
	return adminState{Epoch: s.hub.Epoch(), Seq: s.hub.Seq("admin"), Now: s.now(), Stats: s.stats(), Round: s.boardRound()}
}

func (s *Server) handleAdminState(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.adminState())
}

func (s *Server) handleAdminPage(w http.ResponseWriter, r *http.Request) {
	p := s.adminPage(r, "live")
	st := s.adminState()
	p["State"] = st
	gates := make([]tally, 0, len(st.Stats.Counts.Gates))
	for g, n := range st.Stats.Counts.Gates {
		gates = append(gates, tally{Label: g, Count: n})
	}
	slices.SortFunc(gates, func(a, b tally) int { return strings.Compare(a.Label, b.Label) })
	p["Gates"] = gates
	s.render(w, "admin.html", p)
}

func (s *Server) handleRoundStart(w http.ResponseWriter, r *http.Request) {
	kind := data.PairRound
	if r.PostFormValue("kind") == string(data.GroupRound) {
		kind = data.GroupRound
	}
	var set data.Settings
	s.store.View(func(tx *data.Tx) error { set, _ = tx.Settings(); return nil })
	minutes := formInt(r, "minutes", set.RoundMinutes, 1, 240)
	size := formInt(r, "size", set.GroupSize, 2, 20)
	if _, err := s.startRound(kind, time.Duration(minutes)*time.Minute, size, r.PostFormValue("mode") == "mix"); err != nil {
		if errors.Is(err, errTooFew) {
			http.Redirect(w, r, "/admin?done=toofew", http.StatusSeeOther)
			return
		}
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin?done=round", http.StatusSeeOther)
}

func (s *Server) handleRoundStop(w http.ResponseWriter, r *http.Request) {
	if _, _, err := s.stopRound(); err != nil {
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin?done=stopped", http.StatusSeeOther)
}

// formInt reads a bounded integer form value, def when absent or invalid.
func formInt(r *http.Request, key string, def, lo, hi int) int {
	n, err := strconv.Atoi(strings.TrimSpace(r.FormValue(key)))
	if err != nil || n < lo || n > hi {
		return def
	}
	return n
}

// adminRow is one attendee line of the admin list.
type adminRow struct {
	data.Attendee
	Inside bool
}

// maxRows bounds the attendee list; search narrows it.
const maxRows = 200

// fold lower-cases and strips accents, for search.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

func (s *Server) handleAttendees(w http.ResponseWriter, r *http.Request) {
	q := fold(strings.TrimSpace(r.URL.Query().Get("q")))
	var rows []adminRow
	total, matched := 0, 0
	err := s.store.View(func(tx *data.Tx) error {
		return tx.ForEachAttendee(func(a data.Attendee) error {
			total++
			if q != "" && !strings.Contains(fold(a.FullName()+" "+a.Email+" "+a.Organisation+" "+a.TicketCode), q) {
				return nil
			}
			matched++
			if len(rows) < maxRows {
				rows = append(rows, adminRow{Attendee: a, Inside: s.live.index.Present(uint64(a.ID))})
			}
			return nil
		})
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p := s.adminPage(r, "attendees")
	p["Rows"], p["Q"], p["Total"], p["Matched"] = rows, r.URL.Query().Get("q"), total, matched
	s.render(w, "admin_attendees.html", p)
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

// editAttendee applies change to attendee {id} of the path in one
// transaction and returns the result.
func (s *Server) editAttendee(r *http.Request, change func(*data.Attendee) error) (data.Attendee, error) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		return data.Attendee{}, data.ErrNotFound
	}
	var a data.Attendee
	err = s.store.Update(func(tx *data.Tx) error {
		if a, err = tx.Attendee(data.AttendeeID(id)); err != nil {
			return err
		}
		if err := change(&a); err != nil {
			return err
		}
		return tx.PutAttendee(&a)
	})
	return a, err
}

// handleReissueBadge gives the attendee a new badge code; the old one is
// revoked (the door answers "revoked badge").
func (s *Server) handleReissueBadge(w http.ResponseWriter, r *http.Request) {
	_, err := s.editAttendee(r, func(a *data.Attendee) (err error) { a.BadgeCode, err = checkin.NewCode(); return })
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/attendees?done=badge&q="+urlQuery(r), http.StatusSeeOther)
}

// handleReissueLink revokes the attendee's phone link and issues a new one:
// the old link answers 404 at once and its open WebSocket is closed
// (hub.Drop, code 1008).
func (s *Server) handleReissueLink(w http.ResponseWriter, r *http.Request) {
	a, err := s.editAttendee(r, func(a *data.Attendee) (err error) { a.Secret, err = checkin.NewSecret(); return })
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.hub.Drop(meTopic(a.ID))
	http.Redirect(w, r, "/admin/attendees?done=link&q="+urlQuery(r), http.StatusSeeOther)
}

// handleErase erases one person (GDPR): everything the file holds about
// them, their seats in rounds, and their place on every screen.
func (s *Server) handleErase(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err == nil {
		err = s.store.Update(func(tx *data.Tx) error { return tx.DeleteAttendee(data.AttendeeID(id)) })
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	// Compact so the erased bytes leave the disk file now, not at the next
	// restart; it holds scans back for the few milliseconds it takes.
	if _, _, err := s.store.Compact(); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.live.forget(data.AttendeeID(id))
	s.hub.Drop(meTopic(data.AttendeeID(id)))
	s.hub.Publish("board", "reload", nil)
	s.hub.Publish("admin", "stats", map[string]any{"stats": s.stats()})
	http.Redirect(w, r, "/admin/attendees?done=erased", http.StatusSeeOther)
}

func urlQuery(r *http.Request) string { return url.QueryEscape(r.FormValue("q")) }
