package live

import (
	"cmp"
	"errors"
	"slices"
	"time"

	"icebreaker/data"
	"icebreaker/kiosk/hub"
	"icebreaker/matcher"
)

// roundCandidates is how many best partners per person the 1:1 matching
// considers (see matcher.Pairs).
const roundCandidates = 12

// ErrTooFewPresent means a round cannot start: fewer than two consenting
// people are present.
var ErrTooFewPresent = errors.New("fewer than two consenting people are present")

// RoundPlan says how to seat a round.
type RoundPlan struct {
	Kind   data.RoundKind
	Length time.Duration
	Size   int               // people per group (group rounds)
	Mode   matcher.GroupMode // group rounds: Affinity, Mix (diverse organisations and sectors) or Teams (hackathon teams covering tech, design and business)
}

// StartRound seats the consenting people present now, 1:1 (Index.Pairs)
// or in groups (matcher.Groups), and stops the running round first. Pairs
// met, declined or already seated together are kept apart. The round and
// its introductions are committed, then pushed to the board, the admin and
// every seated person's phone.
func (d *Day) StartRound(plan RoundPlan) (data.Round, error) {
	// One snapshot under the lock; the matching itself runs without it
	// (the model is safe for concurrent use), so the doors keep scanning.
	d.mu.Lock()
	var ids []uint64
	for _, id := range d.index.PresentIDs() {
		if d.pic.people[data.AttendeeID(id)].Match {
			ids = append(ids, id)
		}
	}
	apart := d.index.ExcludedPairs()
	apart.Union(&d.pic.seated)
	m, ix := d.model, d.index
	d.mu.Unlock()
	slices.Sort(ids)
	if len(ids) < 2 {
		return data.Round{}, ErrTooFewPresent
	}
	now := d.now()
	r := data.Round{Kind: plan.Kind, StartedAt: now, EndsAt: now.Add(plan.Length)}
	seat := func(members []uint64, host uint64) {
		if len(members) < 2 {
			return // a table of one is no table: they are left out as the odd one (whyNoTable)
		}
		t := data.Table{Number: len(r.Tables) + 1, Host: data.AttendeeID(host)}
		for _, id := range members {
			t.Members = append(t.Members, data.AttendeeID(id))
		}
		r.Tables = append(r.Tables, t)
	}
	if plan.Kind == data.GroupRound {
		for _, g := range matcher.Groups(m, ids, plan.Size, plan.Mode, now.UnixNano(), apart.Has) {
			seat(g.Members, g.Host)
		}
	} else {
		// From the live index's kept lists: no recompute of the room
		// (10,000 people in about 0.6 s).
		for _, p := range ix.Pairs(ids, apart.Has, roundCandidates) {
			seat(p.Members, 0)
		}
	}
	// The introductions of the round, scored before the write transaction:
	// the door's scans wait behind bbolt's single writer.
	var intros []data.Introduction
	forEachPairOf(r, func(a, b uint64) {
		intros = append(intros, data.Introduction{A: data.AttendeeID(a), B: data.AttendeeID(b), Kind: data.Suggested, At: now,
			Reasons: conceptsOf(m.Score(a, b))})
	})
	var stopped data.Round
	err := d.store.Update(func(tx *data.Tx) error {
		if last, ok, err := tx.LastRound(); err != nil {
			return err
		} else if ok && last.Running(now) {
			last.StoppedAt = now
			if err := tx.PutRound(&last); err != nil {
				return err
			}
			stopped = last
		}
		if err := tx.PutRound(&r); err != nil {
			return err
		}
		for i := range intros {
			intros[i].Round = r.Number // numbered by PutRound above
			if err := tx.AppendIntroduction(&intros[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return data.Round{}, err
	}
	d.mu.Lock()
	for _, in := range intros {
		d.pic.noteIntro(in)
	}
	d.pic.noteRound(r)
	d.pic.pool = make(map[data.AttendeeID]bool, len(ids))
	for _, id := range ids {
		d.pic.pool[data.AttendeeID(id)] = true
	}
	d.mu.Unlock()
	if stopped.Number != 0 {
		d.publishRoundEnd(stopped, &r)
	}
	d.publishRound(r)
	d.publishNoTables()
	return r, nil
}

// StopRound ends the running round now, if any; ok is false when none ran.
func (d *Day) StopRound() (r data.Round, ok bool, err error) {
	now := d.now()
	err = d.store.Update(func(tx *data.Tx) error {
		last, found, err := tx.LastRound()
		if err != nil || !found || !last.Running(now) {
			ok = false
			return err
		}
		last.StoppedAt = now
		r, ok = last, true
		return tx.PutRound(&last)
	})
	if err != nil || !ok {
		return r, false, err
	}
	d.mu.Lock()
	d.pic.noteRound(r)
	d.mu.Unlock()
	d.publishRoundEnd(r, nil)
	d.publishNoTables() // nothing to explain any more
	return r, true, nil
}

// RoundHead is what every view of a round starts with.
type RoundHead struct {
	Number int       `json:"number"`
	Kind   string    `json:"kind"`
	EndsAt time.Time `json:"ends_at"`
}

func headOf(r data.Round) RoundHead {
	return RoundHead{Number: r.Number, Kind: string(r.Kind), EndsAt: r.EndsAt}
}

// RoundView is a round as the board and the admin show it: names only for
// people who consented to the board, the others counted per table.
type RoundView struct {
	RoundHead
	Running bool        `json:"running"`
	Tables  []TableView `json:"tables"`
}

// TableView is one table of a RoundView.
type TableView struct {
	Number int      `json:"number"`
	Names  []string `json:"names"`
	Others int      `json:"others,omitempty"`
	Host   string   `json:"host,omitempty"`
}

// MyRound is one person's seat in the running round, for their phone.
type MyRound struct {
	RoundHead
	Table int      `json:"table"`
	With  []string `json:"with"`
	Host  string   `json:"host,omitempty"`
}

// Round is the last round (Number 0: none yet), running or not.
func (d *Day) Round() data.Round {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pic.round
}

// RoundView renders the running round for the board; nil when none runs.
func (d *Day) RoundView() *RoundView {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.roundView()
}

// roundView is RoundView with d.mu held.
func (d *Day) roundView() *RoundView {
	r := d.pic.round
	if !r.Running(d.now()) {
		return nil
	}
	v := &RoundView{RoundHead: headOf(r), Running: true, Tables: []TableView{}}
	var shown []data.AttendeeID
	forEachSeat(r, func(_ data.Table, id data.AttendeeID) {
		if d.pic.people[id].Board {
			shown = append(shown, id)
		}
	})
	names := d.pic.boardNames(shown) // two "Anthony D." of one round told apart
	for _, t := range r.Tables {
		tv := TableView{Number: t.Number, Names: []string{}}
		for _, id := range t.Members {
			if info := d.pic.people[id]; info.Board {
				tv.Names = append(tv.Names, names[id])
				if id == t.Host {
					tv.Host = names[id]
				}
			} else {
				tv.Others++
			}
		}
		v.Tables = append(v.Tables, tv)
	}
	return v
}

// MyRound returns id's seat in the running round, nil when not seated.
func (d *Day) MyRound(id data.AttendeeID) *MyRound {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.myRound(id)
}

// myRound is MyRound with d.mu held.
func (d *Day) myRound(id data.AttendeeID) *MyRound {
	i, ok := d.pic.seat[id]
	if !ok || !d.pic.round.Running(d.now()) || len(d.pic.round.Tables[i].Members) < 2 {
		return nil // alone at a table is no table: the phone says why (noTable)
	}
	return d.myRoundAt(d.pic.round, d.pic.round.Tables[i], id)
}

// myRoundAt is id's view of table t of round r; d.mu is held.
func (d *Day) myRoundAt(r data.Round, t data.Table, id data.AttendeeID) *MyRound {
	mr := &MyRound{RoundHead: headOf(r), Table: t.Number, With: []string{}}
	names := d.pic.boardNames(t.Members) // two Anthony D. at one table told apart
	for _, m := range t.Members {
		if m != id {
			mr.With = append(mr.With, names[m])
		}
	}
	if t.Host != 0 {
		mr.Host = cmp.Or(names[t.Host], d.pic.people[t.Host].Display)
	}
	return mr
}

func (d *Day) publishRound(r data.Round) {
	d.mu.Lock()
	v := d.roundView()
	d.mu.Unlock()
	d.pub.Publish(TopicBoard, KindRound, RoundMsg{Round: v})
	d.publishAdminRound()
	var tables []hub.Message
	forEachSeat(r, func(t data.Table, id data.AttendeeID) {
		tables = append(tables, hub.Message{Topic: PhoneTopic(id), Kind: KindRound, Data: func() any {
			d.mu.Lock()
			defer d.mu.Unlock()
			return PhoneRoundMsg{Round: d.myRoundAt(r, t, id)}
		}})
	})
	d.pub.PublishBatch(tables) // encoded on every core, then sent together
}

// forEachSeat calls fn for every member of every table of r, in order.
func forEachSeat(r data.Round, fn func(t data.Table, id data.AttendeeID)) {
	for _, t := range r.Tables {
		for _, id := range t.Members {
			fn(t, id)
		}
	}
}

// publishRoundEnd tells the screens that round r is over. Phones seated in
// next (the round replacing it, if any) are skipped: their new table
// supersedes it, and a round change then costs one message per phone.
func (d *Day) publishRoundEnd(r data.Round, next *data.Round) {
	d.mu.Lock()
	st := d.stats()
	d.mu.Unlock()
	d.pub.Publish(TopicBoard, KindRound, RoundMsg{})
	d.pub.Publish(TopicAdmin, KindRound, RoundMsg{Stats: &st})
	seated := map[data.AttendeeID]bool{}
	if next != nil {
		forEachSeat(*next, func(_ data.Table, id data.AttendeeID) { seated[id] = true })
	}
	var ended []hub.Message
	forEachSeat(r, func(_ data.Table, id data.AttendeeID) {
		if !seated[id] {
			ended = append(ended, hub.Message{Topic: PhoneTopic(id), Kind: KindRound,
				Data: func() any { return PhoneRoundMsg{} }})
		}
	})
	d.pub.PublishBatch(ended)
}
