package data

import (
	"bytes"
	"fmt"
	"slices"
	"time"
)

// The sessions of the day (workshops, talks) and who attended them.
//
// bucketSessions holds the programme: id (8 bytes BE) → Session JSON. It
// is the organiser's, not personal data: a purge keeps it (an erasure
// does not touch it either). bucketAttendance holds who attended what:
// session id (8 bytes BE) ‖ attendee id (8 bytes BE) → Attendance JSON,
// so one person is recorded at most once per session and a session's
// attendance is one prefix. Attendance is personal: erasure removes a
// person's records, a purge drops the bucket (personalBuckets). Both
// buckets are created on first use (files written before them need no
// migration).
var (
	bucketSessions   = []byte("sessions")
	bucketAttendance = []byte("attendance")
)

// Session is one session of the day: a workshop, a talk, held in Room
// from Start to End by Host (a name as the programme gives it).
type Session struct {
	ID    uint64    `json:"id"`
	Title string    `json:"title"`
	Kind  string    `json:"kind,omitempty"` // SessionWorkshop, SessionTalk, or "" for a session
	Room  string    `json:"room,omitempty"`
	Host  string    `json:"host,omitempty"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Kinds of session.
const (
	SessionWorkshop = "workshop"
	SessionTalk     = "talk"
)

// Running reports whether the session is under way at now, counting the
// quarter of an hour before its start (people come in early) as part of
// it: the window in which "I'm here" is taken from a phone.
func (s Session) Running(now time.Time) bool {
	return !now.Before(s.Start.Add(-SessionEarly)) && now.Before(s.End)
}

// SessionEarly is how long before its start a session takes attendance.
const SessionEarly = 15 * time.Minute

// How an attendance was recorded.
const (
	AttendScan  = "scan"  // a badge scanned at the room's kiosk
	AttendPhone = "phone" // "I'm here" tapped on the person's phone
)

// Attendance records that one person attended one session.
type Attendance struct {
	Session  uint64     `json:"session"`
	Attendee AttendeeID `json:"attendee"`
	At       time.Time  `json:"at"`
	Via      string     `json:"via"`             // AttendScan or AttendPhone
	Kiosk    uint64     `json:"kiosk,omitempty"` // the kiosk of a scan
}

func attendanceKey(session uint64, id AttendeeID) []byte {
	return append(itob(session), itob(uint64(id))...)
}

// PutSession stores a session. ID 0 makes a new one (s.ID is set);
// another ID replaces that session, which must exist.
func (t *Tx) PutSession(s *Session) error {
	return putByID(t, bucketSessions, &s.ID, s, "session")
}

// Session returns one session; an unknown ID is an error wrapping
// ErrNotFound.
func (t *Tx) Session(id uint64) (Session, error) {
	return getByID[Session](t.tx.Bucket(bucketSessions), id, "session")
}

// ForEachSession calls fn for every session, in the order they were
// made, until fn returns an error.
func (t *Tx) ForEachSession(fn func(Session) error) error {
	return eachJSON(t.tx.Bucket(bucketSessions), nil, fn)
}

// DeleteSession removes a session with its attendance, and unbinds the
// kiosks bound to it (they are door kiosks again).
func (t *Tx) DeleteSession(id uint64) error {
	b := t.tx.Bucket(bucketSessions)
	if b == nil || b.Get(itob(id)) == nil {
		return fmt.Errorf("session %d: %w", id, ErrNotFound)
	}
	if err := b.Delete(itob(id)); err != nil {
		return err
	}
	if att := t.tx.Bucket(bucketAttendance); att != nil {
		if err := deleteWhereKV(att, func(k, _ []byte) (bool, error) { return bytes.HasPrefix(k, itob(id)), nil }); err != nil {
			return err
		}
	}
	bound, err := appendWhere(nil, t.ForEachKiosk, func(k Kiosk) bool { return k.Session == id })
	if err != nil {
		return err
	}
	for _, k := range bound {
		k.Session = 0
		if err := t.PutKiosk(&k, ""); err != nil {
			return err
		}
	}
	return nil
}

// BindKiosk binds a kiosk to a session (its scans record attendance
// there), or back to the door with session 0. The kiosk and the session
// must exist.
func (t *Tx) BindKiosk(kiosk, session uint64) error {
	var k Kiosk
	found, err := getJSON(t.tx.Bucket(bucketKiosks), itob(kiosk), &k)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("kiosk %d: %w", kiosk, ErrNotFound)
	}
	if session != 0 {
		if _, err := t.Session(session); err != nil {
			return err
		}
	}
	k.Session = session
	return t.PutKiosk(&k, "")
}

// Attend records an attendance; added is false (and nothing is written)
// when the person was already recorded at that session. The session and
// the attendee must exist.
func (t *Tx) Attend(a Attendance) (added bool, err error) {
	if _, err := t.Session(a.Session); err != nil {
		return false, err
	}
	if _, err := t.Attendee(a.Attendee); err != nil {
		return false, err
	}
	b, err := t.tx.CreateBucketIfNotExists(bucketAttendance)
	if err != nil {
		return false, err
	}
	key := attendanceKey(a.Session, a.Attendee)
	if b.Get(key) != nil {
		return false, nil
	}
	return true, putJSON(b, key, a)
}

// ForEachAttendance calls fn for every attendance, session by session
// and, within one, by attendee ID, until fn returns an error.
func (t *Tx) ForEachAttendance(fn func(Attendance) error) error {
	return eachJSON(t.tx.Bucket(bucketAttendance), nil, fn)
}

// deleteAttendanceOf removes id's attendance records (part of
// DeleteAttendee).
func (t *Tx) deleteAttendanceOf(id AttendeeID) error {
	b := t.tx.Bucket(bucketAttendance)
	if b == nil {
		return nil
	}
	return deleteWhereKV(b, func(k, _ []byte) (bool, error) {
		return len(k) == 16 && AttendeeID(btoi(k[8:])) == id, nil
	})
}

// SessionCount is what one session gathered: how many people attended
// it, and how many introductions ("we met") were made between two of its
// attendees during the day.
type SessionCount struct {
	Session  Session `json:"session"`
	Attended int     `json:"attended"`
	Met      int     `json:"met"`
}

// SessionCounts gives every session's counts, in the order sessions were
// made (for the organiser's indicators, per session). An introduction
// between two people who attended several sessions together counts once
// in each of them.
func (t *Tx) SessionCounts() ([]SessionCount, error) {
	var out []SessionCount
	at := map[uint64]int{}
	if err := t.ForEachSession(func(s Session) error {
		at[s.ID] = len(out)
		out = append(out, SessionCount{Session: s})
		return nil
	}); err != nil {
		return nil, err
	}
	attended := map[AttendeeID][]uint64{}
	if err := t.ForEachAttendance(func(a Attendance) error {
		if i, ok := at[a.Session]; ok {
			out[i].Attended++
			attended[a.Attendee] = append(attended[a.Attendee], a.Session)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	err := t.ForEachIntroduction(func(in Introduction) error {
		if in.Kind != Met {
			return nil
		}
		for _, s := range attended[in.A] {
			if slices.Contains(attended[in.B], s) {
				out[at[s]].Met++
			}
		}
		return nil
	})
	return out, err
}
