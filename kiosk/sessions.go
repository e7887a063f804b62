package kiosk

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// sessionScript are the labels of phone_sessions.js, added to the phone
// page's.
var sessionScript = []string{"sess.here", "sess.herebtn", "sess.now", "sess.recorded", "sess.workshop", "sess.talk", "sess.session"}

// sessionAnswer is what a scan at a session kiosk adds to the door's
// answer: the session, its count, and whether this scan recorded the
// person (false: already recorded, or refused: see the message).
type sessionAnswer struct {
	ID       uint64 `json:"id"`
	Title    string `json:"title"`
	Room     string `json:"room,omitempty"`
	Attended int    `json:"attended"`
	Recorded bool   `json:"recorded"`
}

// resultSessionRefused is the answer's result when the kiosk's session
// does not take attendance now (door.js shows it red).
const resultSessionRefused checkin.Result = "session_refused"

// attendAt completes the answer of a scan at a kiosk bound to a session:
// the door's rules have run (an entry: the person is inside now, or the
// badge was refused and nothing more happens); the attendance is
// recorded and the answer says so, or says why not.
func (s *Server) attendAt(r *http.Request, k data.Kiosk, res live.ScanResult, ans *checkInAnswer) {
	if res.Result != checkin.OK && res.Result != checkin.Already {
		return
	}
	name := isolate(res.Attendee.FirstName)
	at, err := s.day.Attend(r.Context(), k.Session, res.Attendee.ID, data.AttendScan, k.ID)
	ans.Session = &sessionAnswer{ID: at.Session.ID, Title: at.Session.Title, Room: at.Session.Room, Attended: at.Count, Recorded: at.Added || res.Replayed}
	door := ans.Message
	if res.Result == checkin.Already {
		door = Text{} // inside already: the door has nothing to add
	}
	join := func(t Text) Text {
		if door.FR == "" {
			return t
		}
		return Text{door.FR + " " + t.FR, door.EN + " " + t.EN}
	}
	title := isolate(at.Session.Title)
	refusal, refused := liveRefusal(err)
	switch {
	case refused:
		ans.Message = join(refusal)
		if res.Result == checkin.Already {
			ans.Result = resultSessionRefused
		}
	case err != nil: // the session was deleted since the kiosk was bound
		ans.Message = join(Text{"Cette borne n'est plus liée à une session : demandez à l'organisateur de la lier.", "This kiosk is no longer bound to a session: ask the organiser to bind it."})
		ans.Session = nil
		if res.Result == checkin.Already {
			ans.Result = resultSessionRefused
		}
	case ans.Session.Recorded:
		ans.Message = join(Text{
			fmt.Sprintf("%s : présence enregistrée à « %s » (%d).", name, title, at.Count),
			fmt.Sprintf("%s: attendance recorded at “%s” (%d).", name, title, at.Count)})
		ans.Result = checkin.OK
	default:
		ans.Message = join(Text{
			fmt.Sprintf("%s est déjà enregistré(e) à « %s ».", name, title),
			fmt.Sprintf("%s is already recorded at “%s”.", name, title)})
		ans.Result = checkin.Already
	}
}

// handleImHere serves POST /api/me/{secret}/sessions/{session}/here: "I'm
// here" from a phone during the session. It answers the programme as the
// phone shows it, or the refusal (not inside, not running) as 400.
func (s *Server) handleImHere(w http.ResponseWriter, r *http.Request) {
	me, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	id, err := pathUint(r, "session")
	if err == nil {
		_, err = s.day.Attend(r.Context(), id, me.ID, data.AttendPhone, 0)
	}
	if err != nil {
		s.failRequest(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.day.PhoneSessions(me.ID))
}

// adminSessionsPage is the data of admin_sessions.html.
type adminSessionsPage struct {
	page
	Sessions []live.SessionView
	Kiosks   []data.Kiosk // not revoked
	Form     sessionForm  // the form: a new session, one being edited, or one refused
	Error    string
}

// sessionForm is the session form's values as typed.
type sessionForm struct {
	ID                            uint64
	Title, Kind, Room, Host, Date string
	Start, End                    string // "15:04"
}

func (s *Server) handleAdminSessions(w http.ResponseWriter, r *http.Request) {
	p := s.adminPage(r, "sessions")
	f := sessionForm{Date: s.sessionDay(p.Event).Format("2006-01-02")}
	if id, err := strconv.ParseUint(r.URL.Query().Get("edit"), 10, 64); err == nil {
		for _, v := range s.day.Sessions() {
			if v.ID == id {
				f = sessionForm{ID: v.ID, Title: v.Title, Kind: v.Kind, Room: v.Room, Host: v.Host,
					Date: v.Start.Format("2006-01-02"), Start: v.Start.Format("15:04"), End: v.End.Format("15:04")}
			}
		}
	}
	s.renderSessions(w, p, f, "")
}

func (s *Server) renderSessions(w http.ResponseWriter, p page, f sessionForm, problem string) {
	pg := adminSessionsPage{page: p, Sessions: s.day.Sessions(), Form: f, Error: problem}
	s.store.View(func(tx *data.Tx) error {
		return tx.ForEachKiosk(func(k data.Kiosk) error {
			if !k.Revoked {
				pg.Kiosks = append(pg.Kiosks, k)
			}
			return nil
		})
	})
	if problem != "" {
		w.WriteHeader(http.StatusBadRequest)
	}
	s.render(w, "admin_sessions.html", pg)
}

// sessionDay is the event's day (its date, else today) in its zone.
func (s *Server) sessionDay(ev data.Event) time.Time {
	loc := ev.Location()
	if d, err := time.ParseInLocation("2006-01-02", ev.Date, loc); err == nil {
		return d
	}
	return s.now().In(loc)
}

// adminSessionsState is the admin sessions page's live snapshot.
type adminSessionsState struct {
	live.SnapshotHead
	Sessions []live.SessionView `json:"sessions"`
}

func (s *Server) handleAdminSessionsState(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, adminSessionsState{SnapshotHead: s.day.AdminHead(), Sessions: s.day.Sessions()})
}

// handleSaveSession creates or updates a session from the form; a
// refusal shows the form again, as typed, with the reason.
func (s *Server) handleSaveSession(w http.ResponseWriter, r *http.Request) {
	p := s.adminPage(r, "sessions")
	f := sessionForm{Title: r.FormValue("title"), Kind: r.FormValue("kind"), Room: r.FormValue("room"), Host: r.FormValue("host"),
		Date: strings.TrimSpace(r.FormValue("date")), Start: strings.TrimSpace(r.FormValue("start")), End: strings.TrimSpace(r.FormValue("end"))}
	f.ID, _ = strconv.ParseUint(r.FormValue("id"), 10, 64)
	loc := p.Event.Location()
	clock := func(v string) (time.Time, bool) {
		t, err := time.ParseInLocation("2006-01-02 15:04", f.Date+" "+v, loc)
		return t, err == nil
	}
	start, okStart := clock(f.Start)
	end, okEnd := clock(f.End)
	if !okStart || !okEnd {
		s.renderSessions(w, p, f, Text{"Date ou heure illisible : une date (2026-12-01) et des heures (14:00).", "Unreadable date or time: a date (2026-12-01) and times (14:00)."}.In(p.Lang))
		return
	}
	saved, err := s.day.SaveSession(data.Session{ID: f.ID, Title: f.Title, Kind: f.Kind, Room: f.Room, Host: f.Host, Start: start, End: end})
	if t, ok := liveRefusal(err); ok {
		s.renderSessions(w, p, f, t.In(p.Lang))
		return
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/sessions?done=session#sess-row-%d", saved.ID), http.StatusSeeOther)
}

// deleteSessionQuestion is what the admin confirms before deleting a
// session: what goes with it.
func (s *Server) deleteSessionQuestion(r *http.Request, lang string) string {
	id, _ := pathUint(r, "session")
	for _, v := range s.day.Sessions() {
		if v.ID == id {
			return Text{
				fmt.Sprintf("Supprimer « %s » et ses %d présences ? Les bornes liées reviennent à l'accueil.", v.Title, v.Attended),
				fmt.Sprintf("Delete “%s” and its %d attendances? Its kiosks go back to the door.", v.Title, v.Attended)}.In(lang)
		}
	}
	return Text{"Supprimer cette session ?", "Delete this session?"}.In(lang)
}

func (s *Server) handleDeleteSession(w http.ResponseWriter, r *http.Request) {
	id, err := pathUint(r, "session")
	if err == nil {
		err = s.day.DeleteSession(id)
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/sessions?done=sessiondeleted", http.StatusSeeOther)
}

// handleBindKiosk binds a kiosk to the form's session (0: the door).
func (s *Server) handleBindKiosk(w http.ResponseWriter, r *http.Request) {
	kiosk, err := pathUint(r, "kiosk")
	var session uint64
	if err == nil {
		if session, err = strconv.ParseUint(r.FormValue("session"), 10, 64); err != nil {
			err = data.ErrNotFound
		}
	}
	if err == nil {
		err = s.day.BindKiosk(kiosk, session)
	}
	if errors.Is(err, data.ErrNotFound) {
		s.fail(w, "not_found", Text{"Borne ou session introuvable : rechargez la page.", "Kiosk or session not found: reload the page."})
		return
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/sessions?done=kioskbound#kiosks", http.StatusSeeOther)
}
