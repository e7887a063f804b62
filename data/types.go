package data

import (
	"strings"
	"time"
)

// AttendeeID identifies an attendee inside one event file. IDs start at 1 and
// are never reused, even after an erasure.
type AttendeeID uint64

// Project describes what an attendee works on.
type Project struct {
	Name        string `json:"name,omitempty"`
	Sector      string `json:"sector,omitempty"`
	Stage       string `json:"stage,omitempty"`
	Description string `json:"description,omitempty"`
	// Milestones reached and Goals are the project sheet of the directory
	// (see DirectoryConsent), as short items.
	Milestones []string `json:"milestones,omitempty"`
	Goals      []string `json:"goals,omitempty"`
}

// Attendee is one registered person and their networking profile.
//
// Email is private: it never appears on a public screen. BadgeCode is the code
// printed in the badge QR; TicketCode is the barcode of an external ticketing
// tool, accepted at the door as well. Secret is the key of the personal phone
// link. Consents are never assumed: the zero value means "no".
type Attendee struct {
	ID           AttendeeID `json:"id"`
	FirstName    string     `json:"first_name"`
	LastName     string     `json:"last_name"`
	Email        string     `json:"email,omitempty"`
	Organisation string     `json:"organisation,omitempty"`
	Title        string     `json:"title,omitempty"`
	Languages    []string   `json:"languages,omitempty"`
	Project      Project    `json:"project"`
	Offers       []string   `json:"offers,omitempty"`
	Needs        []string   `json:"needs,omitempty"`
	Interests    []string   `json:"interests,omitempty"`
	Host         bool       `json:"host,omitempty"`
	// Team marks a member of the organising team: they may lead a group
	// formed before the day (GroupPlan) and are not placed in one.
	Team       bool   `json:"team,omitempty"`
	TicketCode string `json:"ticket_code,omitempty"`
	BadgeCode  string `json:"badge_code,omitempty"`
	Secret     string `json:"secret,omitempty"`
	// MatchConsent allows the matcher to suggest this person to others (and
	// to give them suggestions). BoardConsent allows the public board to show
	// their first name and organisation.
	MatchConsent bool `json:"matchmaking_consent"`
	BoardConsent bool `json:"board_consent"`
	// DirectoryConsent allows the directory ("qui est qui") to list them,
	// with their project sheet, to the other attendees and the organisers.
	DirectoryConsent bool `json:"directory_consent"`
	// Corrections are what the person told the matcher about how it read
	// their offers, needs and interests ("what we understood" on the
	// phone), oldest first.
	Corrections []Correction `json:"corrections,omitempty"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// Correction adds a vocabulary concept (Key) to one field of a profile
// ("offers", "needs" or "interests"), or removes one the matcher read there
// (Remove). It mirrors the matcher's type: data does not import the
// matcher; kiosk/live converts.
type Correction struct {
	Field  string `json:"field"`
	Key    string `json:"key"`
	Remove bool   `json:"remove,omitempty"`
}

// DisplayName is the first name and the initial of the last name, what
// screens show ("Amélie D.").
func (a Attendee) DisplayName() string {
	last := strings.TrimSpace(a.LastName)
	if last == "" {
		return a.FirstName
	}
	r := []rune(last)
	return a.FirstName + " " + string(r[0]) + "."
}

// FullName is the first and last name.
func (a Attendee) FullName() string {
	return strings.TrimSpace(a.FirstName + " " + a.LastName)
}

// Event is the one event an event file holds, with its settings.
type Event struct {
	Name     string   `json:"name"`
	Date     string   `json:"date,omitempty"`  // YYYY-MM-DD, local
	Venue    string   `json:"venue,omitempty"` // free text
	Language string   `json:"language"`        // default language of screens: "fr" or "en"
	Gates    []string `json:"gates,omitempty"` // known door names; any gate name is accepted
	// TimeZone is the IANA zone of the venue ("Europe/Brussels"): times
	// shown to people ("already checked in at 08:52") are in it. Empty
	// means the server's local zone.
	TimeZone string    `json:"time_zone,omitempty"`
	Created  time.Time `json:"created"`
}

// Location is the event's time zone, or the server's when unset or unknown.
func (e Event) Location() *time.Location {
	if e.TimeZone == "" {
		return time.Local
	}
	loc, err := time.LoadLocation(e.TimeZone)
	if err != nil {
		return time.Local
	}
	return loc
}

// Direction says whether a scan lets someone in or records their exit.
type Direction string

// The two scan directions.
const (
	In  Direction = "in"
	Out Direction = "out"
)

// CheckIn is one accepted scan, in or out, in commit order.
type CheckIn struct {
	Seq        uint64     `json:"seq"` // position in the check-in log, from 1
	AttendeeID AttendeeID `json:"attendee_id"`
	Direction  Direction  `json:"direction"`
	At         time.Time  `json:"at"`                   // when the server accepted it
	ScannedAt  time.Time  `json:"scanned_at,omitempty"` // when the kiosk read it, if it said (offline queue)
	Gate       string     `json:"gate,omitempty"`
	Kiosk      string     `json:"kiosk,omitempty"`
	Nonce      string     `json:"nonce,omitempty"`
}

// Presence is where one attendee stands now, derived from their check-ins.
type Presence struct {
	AttendeeID AttendeeID `json:"attendee_id"`
	Inside     bool       `json:"inside"`
	FirstIn    time.Time  `json:"first_in"`   // first entry of the day
	FirstGate  string     `json:"first_gate"` // gate of the first entry
	LastAt     time.Time  `json:"last_at"`    // last scan, in or out
	Entries    int        `json:"entries"`
}

// Kiosk is a door device allowed to post scans.
type Kiosk struct {
	ID      uint64    `json:"id"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	Revoked bool      `json:"revoked,omitempty"`
	// Session, when not 0, binds the kiosk to a session of the day
	// (sessions.go): its scans record attendance there.
	Session uint64 `json:"session,omitempty"`
}
