package live

import (
	"cmp"
	"slices"

	"icebreaker/data"
	"icebreaker/kiosk/hub"
)

// The organisers' view of a round (every name at every table, and who is
// left out and why) and the phone's "why I have no table".

// Why a person has no table in the running round: the keys of
// NoTable.Why and Missed.Why (pages word them in their language).
const (
	WhyNoConsent = "noconsent" // present, without matchmaking consent
	WhyLate      = "late"      // joined after the round started (arrived, or consented)
	WhyOdd       = "odd"       // in the round's pool, but no partner was left: everyone else present had met them, or declined (a table of one)
	WhyAbsent    = "absent"    // not inside: tables are made among the people present
)

// AdminRound is the running round as the admin shows it: unlike the
// board's RoundView, every person at every table by their full name, and
// the people present who have no table, counted by reason.
type AdminRound struct {
	RoundHead
	Running bool         `json:"running"`
	Tables  []AdminTable `json:"tables"`
	LeftOut LeftOut      `json:"left_out"`
}

// AdminTable is one table of an AdminRound.
type AdminTable struct {
	Number int    `json:"number"`
	People []Seat `json:"people"`
}

// Seat is one person at a table.
type Seat struct {
	Who
	Host bool `json:"host,omitempty"`
	Away bool `json:"away,omitempty"` // went out since the round started
}

// LeftOut counts the people present without a table in the running round,
// by reason, and names them (at most maxMissed, with the counts over all).
type LeftOut struct {
	NoConsent int      `json:"noconsent"`
	Late      int      `json:"late"`
	Odd       int      `json:"odd"`
	People    []Missed `json:"people"`
}

// Missed is one present person without a table, and why.
type Missed struct {
	Who
	Why string `json:"why"`
}

// maxMissed bounds LeftOut.People.
const maxMissed = 200

// NoTable is what a phone shows when a round runs and its owner has no
// table: the round, and why (a Why* key).
type NoTable struct {
	RoundHead
	Why string `json:"why"`
}

// LeftOutMsg is the admin's left-out block, sent while a round runs when
// someone arrives, leaves or switches consent.
type LeftOutMsg struct {
	LeftOut LeftOut `json:"left_out"`
}

// KindLeftOut is the admin's LeftOutMsg.
const KindLeftOut = "left_out"

// AdminRoundMsg is the round as the admin shows it; Round is null when no
// round runs.
type AdminRoundMsg struct {
	Round *AdminRound `json:"round"`
	Stats *Stats      `json:"stats,omitempty"`
}

// whyNoTable says why id has no table in the running round ("" when they
// have one, or when no round runs); d.mu is held.
func (d *Day) whyNoTable(id data.AttendeeID) string {
	r := d.pic.round
	if !r.Running(d.now()) {
		return ""
	}
	i, seated := d.pic.seat[id]
	if seated && len(r.Tables[i].Members) > 1 {
		return ""
	}
	switch {
	case !d.pic.inside[id]:
		return WhyAbsent
	case seated: // alone at a table: everyone left had met them, or declined
		return WhyOdd
	case !d.pic.people[id].Match:
		return WhyNoConsent
	case d.pic.inSince[id].After(r.StartedAt):
		return WhyLate
	case d.pic.pool == nil || d.pic.pool[id]:
		return WhyOdd
	default:
		return WhyLate // consented after the start
	}
}

// adminRound is the organisers' view of the running round; d.mu is held.
func (d *Day) adminRound() *AdminRound {
	r := d.pic.round
	if !r.Running(d.now()) {
		return nil
	}
	v := &AdminRound{RoundHead: headOf(r), Running: true, Tables: []AdminTable{}, LeftOut: d.leftOut()}
	for _, t := range r.Tables {
		if len(t.Members) < 2 {
			continue // alone: in LeftOut, as the odd one out
		}
		at := AdminTable{Number: t.Number, People: []Seat{}}
		for _, id := range t.Members {
			info := d.pic.people[id]
			at.People = append(at.People, Seat{Who: Who{ID: id, Name: info.Full, Organisation: info.Organisation}, Host: id == t.Host, Away: !d.pic.inside[id]})
		}
		v.Tables = append(v.Tables, at)
	}
	return v
}

// leftOut is the running round's left-out block; d.mu is held.
func (d *Day) leftOut() LeftOut {
	l := LeftOut{People: []Missed{}}
	for id := range d.pic.inside {
		why := d.whyNoTable(id)
		switch why {
		case "":
			continue
		case WhyNoConsent:
			l.NoConsent++
		case WhyLate:
			l.Late++
		case WhyOdd:
			l.Odd++
		}
		info := d.pic.people[id]
		l.People = append(l.People, Missed{Who: Who{ID: id, Name: info.Full, Organisation: info.Organisation}, Why: why})
	}
	order := map[string]int{WhyOdd: 0, WhyLate: 1, WhyNoConsent: 2}
	slices.SortFunc(l.People, func(a, b Missed) int {
		return cmp.Or(order[a.Why]-order[b.Why], cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	l.People = l.People[:min(len(l.People), maxMissed)]
	return l
}

// AdminRound is the organisers' view of the running round, nil when none
// runs.
func (d *Day) AdminRound() *AdminRound {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.adminRound()
}

// NoTableFor is why id has no table in the running round (nil when they
// have one or no round runs).
func (d *Day) NoTableFor(id data.AttendeeID) *NoTable {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.noTable(id)
}

// noTable is NoTableFor with d.mu held.
func (d *Day) noTable(id data.AttendeeID) *NoTable {
	if why := d.whyNoTable(id); why != "" {
		return &NoTable{RoundHead: headOf(d.pic.round), Why: why}
	}
	return nil
}

// phoneRoundNow is id's round message now: their table, or why they have
// none (both nil when no round runs).
func (d *Day) phoneRoundNow(id data.AttendeeID) PhoneRoundMsg {
	d.mu.Lock()
	defer d.mu.Unlock()
	return PhoneRoundMsg{Round: d.myRound(id), NoTable: d.noTable(id)}
}

// roundNews follows an arrival, an exit or a consent switch of id while a
// round runs: their phone learns why they have no table, the admin gets
// the new left-out block.
func (d *Day) roundNews(id data.AttendeeID) {
	d.mu.Lock()
	running := d.pic.round.Running(d.now())
	d.mu.Unlock()
	if !running {
		return
	}
	d.pub.PublishFunc(PhoneTopic(id), KindRound, func() any { return d.phoneRoundNow(id) })
	d.publishLeftOut()
}

// publishAdminRound sends the admin the organisers' view of the running
// round (built only if an admin screen is open).
func (d *Day) publishAdminRound() {
	d.pub.PublishFunc(TopicAdmin, KindRound, func() any {
		d.mu.Lock()
		defer d.mu.Unlock()
		st := d.stats()
		return AdminRoundMsg{Round: d.adminRound(), Stats: &st}
	})
}

// publishLeftOut sends the admin the left-out block while a round runs.
func (d *Day) publishLeftOut() {
	d.mu.Lock()
	running := d.pic.round.Running(d.now())
	d.mu.Unlock()
	if !running {
		return
	}
	d.pub.PublishFunc(TopicAdmin, KindLeftOut, func() any {
		d.mu.Lock()
		defer d.mu.Unlock()
		return LeftOutMsg{LeftOut: d.leftOut()}
	})
}

// publishNoTables tells the phones of the people present without a table
// in the current round why (or, once it is over, that there is nothing to
// say). Messages are built only for phones that are open.
func (d *Day) publishNoTables() {
	d.mu.Lock()
	var ids []data.AttendeeID
	for id := range d.pic.inside {
		if i, seated := d.pic.seat[id]; !seated || len(d.pic.round.Tables[i].Members) < 2 {
			ids = append(ids, id)
		}
	}
	d.mu.Unlock()
	msgs := make([]hub.Message, 0, len(ids))
	for _, id := range ids {
		msgs = append(msgs, hub.Message{Topic: PhoneTopic(id), Kind: KindRound, Data: func() any { return d.phoneRoundNow(id) }})
	}
	d.pub.PublishBatch(msgs)
}
