package kiosk

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"icebreaker/checkin"
	"icebreaker/checkin/badgepdf"
	"icebreaker/data"
	"icebreaker/internal/textfold"
	"icebreaker/kiosk/live"
	"icebreaker/matcher"
)

// adminSections are the admin's tabs, in the nav's order: section s is at
// /admin/s ("live" at /admin), named by the string "admin.s".
var adminSections = []string{"live", "desk", "attendees", "import", "kiosks", "settings", "vocabulary", "directory", "asks", "groups", "indicators", "sessions"}

// adminPage is s.page plus what every admin page shows: the section and a
// flash message.
func (s *Server) adminPage(r *http.Request, section string) page {
	p := s.page(r)
	p.Section = section
	s.store.View(func(tx *data.Tx) error { p.BoardKey = tx.BoardKey(); return nil })
	if k := r.URL.Query().Get("done"); k != "" {
		p.Flash = T("flash."+k, p.Lang)
	}
	return p
}

func (s *Server) handleAdminState(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.day.Admin())
}

// adminLivePage is the data of admin.html.
type adminLivePage struct {
	page
	State live.AdminState
	Gates []live.Tally // first entries per gate, by gate name
}

func (s *Server) handleAdminPage(w http.ResponseWriter, r *http.Request) {
	st := s.day.Admin()
	gates := make([]live.Tally, 0, len(st.Stats.Counts.Gates))
	for g, n := range st.Stats.Counts.Gates {
		gates = append(gates, live.Tally{Label: g, Count: n})
	}
	slices.SortFunc(gates, func(a, b live.Tally) int { return strings.Compare(a.Label, b.Label) })
	p := s.adminPage(r, "live")
	p.Script = scriptText(p.Lang, "board.left", "board.table", "board.host", "admin.noround", "admin.away", "admin.leftout", "admin.noneleft",
		"admin.why.noconsent", "admin.why.late", "admin.why.odd")
	s.render(w, "admin.html", adminLivePage{page: p, State: st, Gates: gates})
}

func (s *Server) handleRoundStart(w http.ResponseWriter, r *http.Request) {
	kind, mode := data.PairRound, matcher.Affinity
	switch r.PostFormValue("kind") {
	case string(data.GroupRound):
		kind = data.GroupRound
		if r.PostFormValue("mode") == "mix" {
			mode = matcher.Mix
		}
	case "teams":
		kind, mode = data.GroupRound, matcher.Teams
	}
	var set data.Settings
	s.store.View(func(tx *data.Tx) error { set, _ = tx.Settings(); return nil })
	minutes := formInt(r, "minutes", set.RoundMinutes, 1, 240)
	size := formInt(r, "size", set.GroupSize, 2, 20)
	plan := live.RoundPlan{Kind: kind, Length: time.Duration(minutes) * time.Minute, Size: size, Mode: mode}
	if _, err := s.day.StartRound(plan); err != nil {
		if errors.Is(err, live.ErrTooFewPresent) {
			http.Redirect(w, r, "/admin?done=toofew", http.StatusSeeOther)
			return
		}
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin?done=round", http.StatusSeeOther)
}

func (s *Server) handleRoundStop(w http.ResponseWriter, r *http.Request) {
	if _, _, err := s.day.StopRound(); err != nil {
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

func (s *Server) handleAttendees(w http.ResponseWriter, r *http.Request) {
	q := textfold.Fold(strings.TrimSpace(r.URL.Query().Get("q")))
	var rows []adminRow
	total, matched := 0, 0
	err := s.store.View(func(tx *data.Tx) error {
		return tx.ForEachAttendee(func(a data.Attendee) error {
			total++
			if q != "" && !strings.Contains(textfold.Fold(a.FullName()+" "+a.Email+" "+a.Organisation+" "+a.TicketCode), q) {
				return nil
			}
			matched++
			if len(rows) < maxRows {
				rows = append(rows, adminRow{Attendee: a, Inside: s.day.Inside(a.ID)})
			}
			return nil
		})
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.render(w, "admin_attendees.html", attendeesPage{page: s.adminPage(r, "attendees"), Rows: rows,
		Q: r.URL.Query().Get("q"), Total: total, Matched: matched, Layouts: badgeLayouts()})
}

// attendeesPage is the data of admin_attendees.html.
type attendeesPage struct {
	page
	Rows           []adminRow
	Q              string
	Total, Matched int
	Layouts        []badgepdf.Layout // the badge selection's layouts
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

// pathUint is the numeric path value name ({id}, {ask}, {session}…);
// anything else is data.ErrNotFound: a path naming no record.
func pathUint(r *http.Request, name string) (uint64, error) {
	id, err := strconv.ParseUint(r.PathValue(name), 10, 64)
	if err != nil {
		return 0, data.ErrNotFound
	}
	return id, nil
}

// pathID is the attendee of the path's {id} (see pathUint).
func pathID(r *http.Request) (data.AttendeeID, error) {
	id, err := pathUint(r, "id")
	return data.AttendeeID(id), err
}

// handleReissueBadge gives the attendee a new badge code; the old one is
// revoked (the door answers "revoked badge").
func (s *Server) handleReissueBadge(w http.ResponseWriter, r *http.Request) {
	s.adminVerb(w, r, s.day.ReissueBadge, "/admin/attendees?done=badge&q="+urlQuery(r))
}

// handleReissueLink revokes the attendee's phone link and issues a new one:
// the old link answers 404 at once and its open WebSocket is closed
// (hub.Drop, code 1008).
func (s *Server) handleReissueLink(w http.ResponseWriter, r *http.Request) {
	s.adminVerb(w, r, s.day.ReissueLink, "/admin/attendees?done=link&q="+urlQuery(r))
}

// handleErase erases one person (GDPR): everything the file holds about
// them, their seats in rounds, and their place on every screen.
// When only wiping the bytes failed, the erasure stands and the flash
// says so (and that the wipe finishes at the next start).
func (s *Server) handleErase(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.day.Erase(id)
	}
	s.erased(w, r, err, "/admin/attendees?done=erased")
}

// erased answers an erasure (Erase, Purge): done, or its error, except
// that when only wiping the bytes failed the erasure stands and the flash
// says so, and that the wipe finishes at the next start (done+"pending").
func (s *Server) erased(w http.ResponseWriter, r *http.Request, err error, done string) {
	if errors.Is(err, data.ErrScrubPending) {
		s.log.Error("erasure done, but wiping its bytes from the event file failed", "err", err)
		done, err = done+"pending", nil
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, done, http.StatusSeeOther)
}

// adminVerb runs a Day verb on the attendee of the path and redirects to
// done.
func (s *Server) adminVerb(w http.ResponseWriter, r *http.Request, verb func(data.AttendeeID) (data.Attendee, error), done string) {
	id, err := pathID(r)
	if err == nil {
		_, err = verb(id)
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, done, http.StatusSeeOther)
}

func urlQuery(r *http.Request) string { return url.QueryEscape(r.FormValue("q")) }
