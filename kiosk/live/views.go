package live

import (
	"time"

	"icebreaker/data"
)

// SnapshotHead starts every snapshot a page loads (the resync contract of
// kiosk/hub): the hub's epoch and the topic's Seq read before the state,
// so messages after it may already be included (pages apply messages
// idempotently), and Now, the server's clock, so that a round's countdown
// does not depend on the screen's clock.
type SnapshotHead struct {
	Epoch string    `json:"epoch"`
	Seq   uint64    `json:"seq"`
	Now   time.Time `json:"now"`
}

// head reads the head of a snapshot of topic: call it before reading the
// state.
func (d *Day) head(topic string) SnapshotHead {
	return SnapshotHead{Epoch: d.pub.Epoch(), Seq: d.pub.Seq(topic), Now: d.now()}
}

// AdminHead is the head of a snapshot of the admin's topic, for admin
// pages that follow it (the sessions' counts).
func (d *Day) AdminHead() SnapshotHead { return d.head(TopicAdmin) }

// BoardSnapshot is the whole board at one moment, for first paint and for
// resynchronising after a gap.
type BoardSnapshot struct {
	SnapshotHead
	Event    string         `json:"event"`
	Counts   Counts         `json:"counts"`
	Arrivals []BoardArrival `json:"arrivals"`
	Curve    []CurvePoint   `json:"curve"`
	Intros   []BoardIntro   `json:"intros"`
	Round    *RoundView     `json:"round"`
	Asks     []AskView      `json:"asks"` // the asks wall (asks.go)
	// Groups are the groups formed before the day, when the board shows
	// them (pregroups.go).
	Groups []BoardGroup `json:"groups"`
}

// Board returns the board's snapshot.
func (d *Day) Board() BoardSnapshot {
	snap := BoardSnapshot{SnapshotHead: d.head(TopicBoard), Intros: []BoardIntro{}}
	d.store.View(func(tx *data.Tx) error { ev, _ := tx.Event(); snap.Event = ev.Name; return nil })
	snap.Asks = d.BoardAsks()
	snap.Groups = d.BoardGroups()
	d.mu.Lock()
	defer d.mu.Unlock()
	snap.Counts, snap.Arrivals, snap.Curve = d.pic.counts(), d.pic.arrivals(), d.pic.curvePoints()
	for _, i := range d.pic.intros {
		if bi, ok := d.boardIntroOf(i); ok {
			snap.Intros = append(snap.Intros, bi)
		}
	}
	snap.Round = d.roundView()
	return snap
}

// PhoneSnapshot is one attendee's phone page at one moment.
type PhoneSnapshot struct {
	SnapshotHead
	FirstName   string      `json:"first_name"`
	Present     bool        `json:"present"`
	Consent     bool        `json:"consent"`
	Board       bool        `json:"board"`
	Suggestions []Suggested `json:"suggestions"`
	Round       *MyRound    `json:"round"`
	// NoTable says why I have no table in the running round.
	NoTable *NoTable `json:"no_table,omitempty"`
	// Understood is what the matcher read in my offers, needs and
	// interests (see Day.Understood).
	Understood []Concept `json:"understood"`
	// Asks are my open asks and those I can answer (asks.go).
	Asks PhoneAsks `json:"asks"`
	// Group is my group formed before the day, or the one I lead
	// (pregroups.go); null when none is published.
	Group *MyGroup `json:"group"`
	// Helped are the people I met, to say what they helped with
	// (confirm.go).
	Helped []MetPerson `json:"helped"`
	// Sessions are the programme, with where I was (sessions.go).
	Sessions []SessionView `json:"sessions"`
}

// Phone returns a's phone snapshot: their suggestions among the people
// present (none without consent) and their seat in the running round.
func (d *Day) Phone(a data.Attendee) PhoneSnapshot {
	snap := PhoneSnapshot{SnapshotHead: d.head(PhoneTopic(a.ID)), FirstName: a.FirstName,
		Consent: a.MatchConsent, Board: a.BoardConsent, Suggestions: []Suggested{}, Round: d.MyRound(a.ID)}
	var list []shown
	d.mu.Lock()
	snap.Present = d.pic.inside[a.ID]
	snap.NoTable = d.noTable(a.ID)
	if a.MatchConsent {
		list = d.shownOf(d.index.Suggest(uint64(a.ID), d.top))
	}
	d.mu.Unlock()
	snap.Suggestions = suggestions(list)
	snap.Understood = d.Understood(a.ID)
	snap.Asks, _ = d.PhoneAsks(a.ID) // a failed read shows no asks; the rest of the page still loads
	snap.Group = d.MyGroup(a.ID)
	snap.Helped = d.Helped(a.ID)
	snap.Sessions = d.PhoneSessions(a.ID)
	return snap
}

// AdminState is the admin's live block: stats and the round (with every
// name, and who is left out).
type AdminState struct {
	SnapshotHead
	Stats Stats       `json:"stats"`
	Round *AdminRound `json:"round"`
}

// Admin returns the admin's live block.
func (d *Day) Admin() AdminState {
	st := AdminState{SnapshotHead: d.head(TopicAdmin)}
	d.mu.Lock()
	defer d.mu.Unlock()
	st.Stats, st.Round = d.stats(), d.adminRound()
	return st
}

// Stats is the admin's statistics block.
func (d *Day) Stats() Stats {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stats()
}

// Inside reports whether id is inside now.
func (d *Day) Inside(id data.AttendeeID) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pic.inside[id]
}

// Closed reports whether a and b met or one declined the other: they are
// never suggested to each other again.
func (d *Day) Closed(a, b data.AttendeeID) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.index.Excluded(uint64(a), uint64(b))
}

// Suggestions returns id's current best k people present, best first.
func (d *Day) Suggestions(id data.AttendeeID, k int) []Suggested {
	d.mu.Lock()
	list := d.shownOf(d.index.Suggest(uint64(id), k))
	d.mu.Unlock()
	return suggestions(list)
}

// Name is the name a screen shows for id ("" for nobody).
func (d *Day) Name(id data.AttendeeID) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pic.people[id].Display
}
