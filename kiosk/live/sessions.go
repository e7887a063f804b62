package live

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"icebreaker/data"
	"icebreaker/matcher"
)

// Sessions of the day (workshops, talks) and who attends them.
//
// The programme and the attendance are in the store (data/sessions.go);
// the Day keeps, under Day.mu, each session and who attended it, so that
// a person's profile carries the sessions they attended (the matcher's
// Profile.Sessions: a shared workshop is a small signal with its reason,
// "vous étiez tous deux à l'atelier « Python » de 14 h") and the admin's
// counts are live.
//
// Attendance is taken two ways, both only while the session runs (from
// data.SessionEarly before its start to its end, data.Session.Running):
//
//   - a badge scanned at a kiosk the admin bound to the session
//     (data.Kiosk.Session). The scan goes through the door's rules first
//     (kiosk/door.go calls CheckIn as an entry, then Attend): an unknown
//     or revoked badge is refused as at the door; someone who has not
//     passed the main door is checked in there by the same scan (they
//     are in the building: counting them present is truer than sending
//     them back to the entrance, and their suggestions start at once);
//     a session kiosk never records an exit.
//   - "I'm here" tapped on the person's phone. A phone proves no
//     presence, so it is taken only from someone checked in at the door;
//     others are told to scan their badge at the entrance first.
//
// A person is recorded once per session; a second scan or tap changes
// nothing and says so.

// sessionBook is the Day's view of the programme and its attendance;
// Day.mu guards it.
type sessionBook struct {
	loc      *time.Location // the event's zone: the matcher reads wall-clock hours
	byID     map[uint64]data.Session
	attended map[data.AttendeeID][]uint64 // the sessions each person attended, in order
	count    map[uint64]int               // attendees per session
}

func newSessionBook() sessionBook {
	return sessionBook{loc: time.Local, byID: map[uint64]data.Session{}, attended: map[data.AttendeeID][]uint64{}, count: map[uint64]int{}}
}

// load reads the programme and the attendance of tx.
func (b *sessionBook) load(tx *data.Tx) error {
	if ev, err := tx.Event(); err == nil {
		b.loc = ev.Location()
	}
	if err := tx.ForEachSession(func(s data.Session) error { b.byID[s.ID] = s; return nil }); err != nil {
		return err
	}
	return tx.ForEachAttendance(func(a data.Attendance) error { b.add(a.Attendee, a.Session); return nil })
}

func (b *sessionBook) add(id data.AttendeeID, session uint64) {
	if !slices.Contains(b.attended[id], session) {
		b.attended[id] = append(b.attended[id], session)
		b.count[session]++
	}
}

// forget drops a person's attendance (erase, purge).
func (b *sessionBook) forget(id data.AttendeeID) {
	for _, s := range b.attended[id] {
		b.count[s]--
	}
	delete(b.attended, id)
}

// of is what the matcher reads of a person's sessions.
func (b *sessionBook) of(id data.AttendeeID) []matcher.Session {
	var out []matcher.Session
	for _, sid := range b.attended[id] {
		if s, ok := b.byID[sid]; ok {
			out = append(out, matcherSession(s, b.loc))
		}
	}
	return out
}

func matcherSession(s data.Session, loc *time.Location) matcher.Session {
	start := s.Start
	if !start.IsZero() {
		start = start.In(loc)
	}
	return matcher.Session{Key: strconv.FormatUint(s.ID, 10), Title: s.Title, Kind: s.Kind, Start: start}
}

// withSessions adds to profiles the sessions each attended, as tx holds
// them (the matching commands' Roster ranks as the live screens do).
func withSessions(tx *data.Tx, profiles []matcher.Profile) error {
	b := newSessionBook()
	if err := b.load(tx); err != nil {
		return err
	}
	for i := range profiles {
		profiles[i].Sessions = b.of(data.AttendeeID(profiles[i].ID))
	}
	return nil
}

// profileOf is a's profile with the sessions they attended; d.mu is held.
func (d *Day) profileOf(a data.Attendee) matcher.Profile {
	p := d.withEndorsements(Profile(a))
	p.Sessions = d.sess.of(a.ID)
	return p
}

// Limits of a session's fields.
const (
	maxSessionTitle = 120
	maxSessionField = 80
)

// CheckSession tidies a session (spaces) and refuses one that is not one
// (a RequestError saying what to fix): it needs a title, a known kind,
// an end after the start and fields of bounded length. SaveSession
// applies it; the command line checks a programme with it offline.
func CheckSession(s *data.Session) error {
	s.Title, s.Room, s.Host = strings.TrimSpace(s.Title), strings.TrimSpace(s.Room), strings.TrimSpace(s.Host)
	switch {
	case s.Title == "":
		return refuse("Titre manquant : donnez un titre à la session (« Atelier Python »).", "Missing title: give the session a title (“Python workshop”).")
	case utf8.RuneCountInString(s.Title) > maxSessionTitle:
		return refuse("Titre trop long (%d caractères au plus).", "Title too long (%d characters at most).", maxSessionTitle)
	case utf8.RuneCountInString(s.Room) > maxSessionField || utf8.RuneCountInString(s.Host) > maxSessionField:
		return refuse("Salle ou animateur trop long (%d caractères au plus).", "Room or host too long (%d characters at most).", maxSessionField)
	case s.Kind != "" && s.Kind != data.SessionWorkshop && s.Kind != data.SessionTalk:
		return refuse("Type %q inconnu : workshop (atelier), talk (conférence) ou vide (session).", "Unknown kind %q: workshop, talk or empty (session).", s.Kind)
	case s.Start.IsZero() || s.End.IsZero():
		return refuse("Horaires manquants : donnez le début et la fin (14:00, 15:30).", "Missing times: give the start and the end (14:00, 15:30).")
	case !s.End.After(s.Start):
		return refuse("La fin (%s) doit suivre le début (%s).", "The end (%s) must come after the start (%s).", s.End.Format("15:04"), s.Start.Format("15:04"))
	}
	return nil
}

// SaveSession creates (ID 0) or replaces a session of the programme. A
// change reaches at once the profiles of those who attended it (its
// title and time are in their reasons), the admin and the phones.
func (d *Day) SaveSession(s data.Session) (data.Session, error) {
	if err := CheckSession(&s); err != nil {
		return s, err
	}
	loc := time.Local
	err := d.store.Update(func(tx *data.Tx) error {
		if ev, err := tx.Event(); err == nil {
			loc = ev.Location() // the zone may have changed in the settings since the start
		}
		return tx.PutSession(&s)
	})
	if err != nil {
		return s, err
	}
	d.mu.Lock()
	d.sess.loc = loc
	d.sess.byID[s.ID] = s
	d.mu.Unlock()
	d.resession(s.ID)
	return s, nil
}

// DeleteSession removes a session with its attendance; the kiosks bound
// to it go back to the door, and its attendees' profiles lose it.
func (d *Day) DeleteSession(id uint64) error {
	if err := d.store.Update(func(tx *data.Tx) error { return tx.DeleteSession(id) }); err != nil {
		return err
	}
	ids := d.attendeesOf(id)
	d.mu.Lock()
	delete(d.sess.byID, id)
	for _, p := range ids {
		d.sess.attended[p] = slices.DeleteFunc(d.sess.attended[p], func(s uint64) bool { return s == id })
	}
	delete(d.sess.count, id)
	d.mu.Unlock()
	d.rereadAttendees(ids)
	d.pub.Publish(TopicAdmin, KindSessions, nil)
	d.publishPhones()
	return nil
}

// resession re-reads the profiles of a session's attendees (its title or
// time changed) and tells the screens.
func (d *Day) resession(id uint64) {
	d.rereadAttendees(d.attendeesOf(id))
	d.pub.Publish(TopicAdmin, KindSessions, nil)
	d.publishPhones()
}

// attendeesOf lists who attended a session.
func (d *Day) attendeesOf(id uint64) []data.AttendeeID {
	d.mu.Lock()
	defer d.mu.Unlock()
	var ids []data.AttendeeID
	for p, list := range d.sess.attended {
		if slices.Contains(list, id) {
			ids = append(ids, p)
		}
	}
	return ids
}

// rereadAttendees makes the matcher read these people's profiles again
// (their sessions changed), in holds of forgetBatch.
func (d *Day) rereadAttendees(ids []data.AttendeeID) {
	var people []data.Attendee
	d.store.View(func(tx *data.Tx) error {
		for _, id := range ids {
			if a, err := tx.Attendee(id); err == nil {
				people = append(people, a)
			}
		}
		return nil
	})
	for from := 0; from < len(people); from += forgetBatch {
		d.mu.Lock()
		for _, a := range people[from:min(from+forgetBatch, len(people))] {
			d.upsert(a)
		}
		d.mu.Unlock()
	}
}

// BindKiosk binds a kiosk to a session (0: back to the door).
func (d *Day) BindKiosk(kiosk, session uint64) error {
	err := d.store.Update(func(tx *data.Tx) error { return tx.BindKiosk(kiosk, session) })
	if err == nil {
		d.pub.Publish(TopicAdmin, KindSessions, nil)
	}
	return err
}

// ErrNotInside refuses "I'm here" from someone not checked in at the door.
var ErrNotInside = refuse("Vous n'êtes pas encore enregistré(e) à l'entrée : scannez d'abord votre badge à l'accueil.",
	"You are not checked in yet: scan your badge at the entrance first.")

// AttendResult is what an attendance did.
type AttendResult struct {
	Session data.Session
	Added   bool // false: the person was already recorded there
	Count   int  // the session's attendees now
}

// Attend records that a person attends a session, by a scan at the
// session's kiosk (data.AttendScan, kiosk is its ID) or a tap on their
// phone (data.AttendPhone: only from someone inside). Outside the
// session's time it is refused, saying when the session is. Then the
// person's profile carries the session (their suggestions, and those of
// the session's other attendees, change: their phones reload) and the
// admin gets the session's new count.
func (d *Day) Attend(ctx context.Context, session uint64, id data.AttendeeID, via string, kiosk uint64) (AttendResult, error) {
	now := d.now()
	d.mu.Lock()
	s, ok := d.sess.byID[session]
	inside := d.pic.inside[id]
	loc := d.sess.loc
	d.mu.Unlock()
	res := AttendResult{Session: s}
	switch {
	case !ok:
		return res, data.ErrNotFound
	case !s.Running(now):
		return res, notRunning(s, loc, now)
	case via == data.AttendPhone && !inside:
		return res, ErrNotInside
	}
	var a data.Attendee
	err := d.store.Update(func(tx *data.Tx) error {
		var err error
		if a, err = tx.Attendee(id); err != nil {
			return err
		}
		res.Added, err = tx.Attend(data.Attendance{Session: session, Attendee: id, At: now, Via: via, Kiosk: kiosk})
		return err
	})
	if err != nil {
		return res, err
	}
	d.mu.Lock()
	if res.Added {
		d.sess.add(id, session)
		d.upsert(a)
	}
	res.Count = d.sess.count[session]
	var others []data.AttendeeID
	for p, list := range d.sess.attended {
		if p != id && d.pic.inside[p] && slices.Contains(list, session) {
			others = append(others, p)
		}
	}
	d.mu.Unlock()
	if !res.Added {
		return res, nil
	}
	d.pub.Publish(TopicAdmin, KindSession, SessionMsg{Session: session, Attended: res.Count})
	d.pub.Publish(PhoneTopic(id), KindRefresh, nil)
	for _, p := range others {
		d.pub.Publish(PhoneTopic(p), KindRefresh, nil)
	}
	return res, nil
}

// notRunning says when the session is, to someone who tried to attend
// it at another time.
func notRunning(s data.Session, loc *time.Location, now time.Time) error {
	from, to := s.Start.In(loc).Format("15:04"), s.End.In(loc).Format("15:04")
	if now.Before(s.Start) {
		return refuse("« %s » n'a pas commencé (%s – %s) : présence non enregistrée.", "“%s” has not started (%s – %s): attendance not recorded.", s.Title, from, to)
	}
	return refuse("« %s » est terminée (%s – %s) : présence non enregistrée. Demandez à l'organisateur de lier cette borne à la session suivante.",
		"“%s” is over (%s – %s): attendance not recorded. Ask the organiser to bind this kiosk to the next session.", s.Title, from, to)
}

// SessionMsg is a session's new attendance count, for the admin.
type SessionMsg struct {
	Session  uint64 `json:"session"`
	Attended int    `json:"attended"`
}

// Kinds of the sessions' messages: session SessionMsg to admin (a count
// changed), sessions to admin (the programme or a kiosk's binding
// changed: reload the list).
const (
	KindSession  = "session"
	KindSessions = "sessions"
)

// SessionView is one session as the admin and the phones list it: times
// in the event's zone.
type SessionView struct {
	ID       uint64    `json:"id"`
	Title    string    `json:"title"`
	Kind     string    `json:"kind,omitempty"`
	Room     string    `json:"room,omitempty"`
	Host     string    `json:"host,omitempty"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Opens    time.Time `json:"opens"` // when attendance opens (data.SessionEarly before Start)
	Running  bool      `json:"running"`
	Attended int       `json:"attended"`
	Here     bool      `json:"here,omitempty"` // phones: I am recorded there
}

// Sessions lists the programme, by start time, with the live counts.
func (d *Day) Sessions() []SessionView {
	return d.sessionViews(0)
}

// sessionViews is Sessions, with Here set for id (0: nobody).
func (d *Day) sessionViews(id data.AttendeeID) []SessionView {
	now := d.now()
	d.mu.Lock()
	out := make([]SessionView, 0, len(d.sess.byID))
	for _, s := range d.sess.byID {
		out = append(out, SessionView{ID: s.ID, Title: s.Title, Kind: s.Kind, Room: s.Room, Host: s.Host,
			Start: s.Start.In(d.sess.loc), End: s.End.In(d.sess.loc), Opens: s.Start.Add(-data.SessionEarly).In(d.sess.loc), Running: s.Running(now), Attended: d.sess.count[s.ID],
			Here: id != 0 && slices.Contains(d.sess.attended[id], s.ID)})
	}
	d.mu.Unlock()
	slices.SortFunc(out, func(a, b SessionView) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Room, b.Room), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// PhoneSessions is the programme as a person's phone shows it: every
// session, whether it runs now (then "I'm here" can be tapped) and
// whether they are recorded there.
func (d *Day) PhoneSessions(id data.AttendeeID) []SessionView { return d.sessionViews(id) }

// SessionCounts gives each session's attendance and the introductions
// made between its attendees (data.Tx.SessionCounts), for the
// organiser's indicators.
func (d *Day) SessionCounts() ([]data.SessionCount, error) {
	var out []data.SessionCount
	err := d.store.View(func(tx *data.Tx) (err error) { out, err = tx.SessionCounts(); return })
	return out, err
}
