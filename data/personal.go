package data

import (
	"encoding/json"
	"io"
	"time"
)

// PersonalData is everything the event file holds about one person, for a
// right-of-access request. Introductions name the other person by ID only:
// their profile is their own personal data. The badge code and the phone
// secret are credentials, not profile data, and are left out.
type PersonalData struct {
	ExportedAt    time.Time      `json:"exported_at"`
	Event         string         `json:"event"`
	Attendee      Attendee       `json:"attendee"`
	Presence      *Presence      `json:"presence,omitempty"`
	CheckIns      []CheckIn      `json:"checkins"`
	Introductions []Introduction `json:"introductions"`
	// Asks are the asks they posted on the asks wall.
	Asks []Ask `json:"asks"`
	// Group is the group formed before the day they are in or lead
	// (groups.go), without the other members.
	Group *PersonalGroup `json:"group,omitempty"`
	// Confirmations are what they said each person they met helped them
	// with; Confirmed counts, per offer of theirs, the peers who confirmed
	// it (who said it is the others' data).
	Confirmations []Confirmation `json:"confirmations"`
	Confirmed     map[string]int `json:"confirmed,omitempty"`
	// Sessions are the sessions they attended (sessions.go).
	Sessions []Attendance `json:"sessions"`
}

// PersonalData gathers one attendee's data. An unknown ID returns an error
// wrapping ErrNotFound.
func (t *Tx) PersonalData(id AttendeeID) (PersonalData, error) {
	p := PersonalData{ExportedAt: t.s.now(), CheckIns: []CheckIn{}, Introductions: []Introduction{}, Asks: []Ask{}, Sessions: []Attendance{}}
	var err error
	if p.Attendee, err = t.Attendee(id); err != nil {
		return p, err
	}
	p.Attendee.BadgeCode, p.Attendee.Secret = "", ""
	if e, err := t.Event(); err == nil {
		p.Event = e.Name
	}
	if pr, ok, err := t.Presence(id); err != nil {
		return p, err
	} else if ok {
		p.Presence = &pr
	}
	p.CheckIns, err = appendWhere(p.CheckIns, t.ForEachCheckIn, func(c CheckIn) bool { return c.AttendeeID == id })
	if err != nil {
		return p, err
	}
	p.Introductions, err = appendWhere(p.Introductions, t.ForEachIntroduction, func(i Introduction) bool { return i.A == id || i.B == id })
	if err != nil {
		return p, err
	}
	p.Asks, err = appendWhere(p.Asks, t.ForEachAsk, func(a Ask) bool { return a.Author == id })
	if err != nil {
		return p, err
	}
	if p.Group, err = t.personalGroup(id); err != nil {
		return p, err
	}
	p.Confirmations = []Confirmation{}
	err = t.ForEachConfirmation(func(c Confirmation) error {
		switch {
		case c.From == id:
			p.Confirmations = append(p.Confirmations, c)
		case c.To == id && c.Offer != "":
			if p.Confirmed == nil {
				p.Confirmed = map[string]int{}
			}
			p.Confirmed[c.Offer]++
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	p.Sessions, err = appendWhere(p.Sessions, t.ForEachAttendance, func(a Attendance) bool { return a.Attendee == id })
	return p, err
}

// PersonalDataByEmail gathers the data of everyone registered with this
// email, in ID order: a request made from a shared address covers every
// person on it. None is an error wrapping ErrNotFound.
func (t *Tx) PersonalDataByEmail(email string) ([]PersonalData, error) {
	as, err := t.AttendeesByEmail(email)
	if err != nil {
		return nil, err
	}
	out := make([]PersonalData, 0, len(as))
	for _, a := range as {
		p, err := t.PersonalData(a.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// WriteJSON writes p as indented JSON, the file handed to the person.
func (p PersonalData) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// WritePersonalDataJSON writes what PersonalDataByEmail found as indented
// JSON: one person's object as WriteJSON writes it, or, when several people
// share the address, an array of them (each is someone's personal data:
// hand each their own part if they are not the same requester).
func WritePersonalDataJSON(w io.Writer, ps []PersonalData) error {
	if len(ps) == 1 {
		return ps[0].WriteJSON(w)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(ps)
}
