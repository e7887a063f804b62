package kiosk

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"icebreaker/data"
	"icebreaker/kiosk/hub"
	"icebreaker/matcher"
)

// roundCandidates is how many best partners per person the 1:1 matching
// considers (see matcher.Pairs).
const roundCandidates = 10

// startRound seats the consenting people present now, 1:1 (matcher.Pairs)
// or in groups of size (matcher.Groups, by affinity or, with mix, by
// diversity), for the given length; it stops the running round first.
// Pairs met, declined or already seated together are kept apart. The round
// and its introductions are committed, then pushed to the board, the admin
// and every seated person's phone.
func (s *Server) startRound(kind data.RoundKind, length time.Duration, size int, mix bool) (data.Round, error) {
	var ids []uint64
	for _, id := range s.live.index.PresentIDs() {
		if s.live.info(data.AttendeeID(id)).Match {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if len(ids) < 2 {
		return data.Round{}, fmt.Errorf("%w: fewer than two consenting people are present", errTooFew)
	}
	apart := s.live.pairsApart() // one snapshot: the matcher asks about every pair of each chunk
	excluded := func(a, b uint64) bool {
		_, ok := apart[pairKey(a, b)]
		return ok
	}
	m := s.live.index.Model()
	now := s.now()
	r := data.Round{Kind: kind, StartedAt: now, EndsAt: now.Add(length)}
	seat := func(members []uint64, host uint64) {
		t := data.Table{Number: len(r.Tables) + 1, Host: data.AttendeeID(host)}
		for _, id := range members {
			t.Members = append(t.Members, data.AttendeeID(id))
		}
		r.Tables = append(r.Tables, t)
	}
	if kind == data.GroupRound {
		mode := matcher.Affinity
		if mix {
			mode = matcher.Mix
		}
		for _, g := range matcher.Groups(m, ids, size, mode, now.UnixNano(), excluded) {
			seat(g.Members, g.Host)
		}
	} else {
		for _, p := range matcher.Pairs(m, ids, excluded, roundCandidates) {
			seat(p.Members, 0)
		}
	}
	// The introductions of the round, scored before the write transaction:
	// the door's scans wait behind bbolt's single writer.
	var intros []data.Introduction
	for _, t := range r.Tables {
		for i, a := range t.Members {
			for _, b := range t.Members[i+1:] {
				intros = append(intros, data.Introduction{A: a, B: b, Kind: data.Suggested, At: now,
					Reasons: conceptsOf(m.Score(uint64(a), uint64(b)))})
			}
		}
	}
	var stopped data.Round
	err := s.store.Update(func(tx *data.Tx) error {
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
	if stopped.Number != 0 {
		s.publishRoundEnd(stopped, &r)
	}
	for _, in := range intros {
		s.live.noteIntro(in)
	}
	s.live.noteRound(r)
	s.publishRound(r)
	return r, nil
}

// errTooFew means a round cannot start: fewer than two people to seat.
var errTooFew = errors.New("round")

// stopRound ends the running round now, if any.
func (s *Server) stopRound() (data.Round, bool, error) {
	now := s.now()
	var r data.Round
	var ok bool
	err := s.store.Update(func(tx *data.Tx) error {
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
	s.live.noteRound(r)
	s.publishRoundEnd(r, nil)
	return r, true, nil
}

func conceptsOf(sg matcher.Suggestion) []string {
	var keys []string
	for _, r := range sg.Reasons {
		keys = append(keys, r.Concepts...)
	}
	if len(keys) > 3 {
		keys = keys[:3]
	}
	return keys
}

// roundView is a round as the board and the admin show it: names only for
// people who consented to the board, the others counted per table.
type roundView struct {
	Number  int         `json:"number"`
	Kind    string      `json:"kind"`
	EndsAt  time.Time   `json:"ends_at"`
	Running bool        `json:"running"`
	Tables  []tableView `json:"tables"`
}

type tableView struct {
	Number int      `json:"number"`
	Names  []string `json:"names"`
	Others int      `json:"others,omitempty"`
	Host   string   `json:"host,omitempty"`
}

// boardRound renders the last round for the board; nil when no round is
// running.
func (s *Server) boardRound() *roundView {
	r := s.live.currentRound()
	if !r.Running(s.now()) {
		return nil
	}
	v := &roundView{Number: r.Number, Kind: string(r.Kind), EndsAt: r.EndsAt, Running: true, Tables: []tableView{}}
	for _, t := range r.Tables {
		tv := tableView{Number: t.Number, Names: []string{}}
		for _, id := range t.Members {
			if info := s.live.info(id); info.Board {
				tv.Names = append(tv.Names, info.Display)
				if id == t.Host {
					tv.Host = info.Display
				}
			} else {
				tv.Others++
			}
		}
		v.Tables = append(v.Tables, tv)
	}
	return v
}

// myRound is one person's seat in the running round, for their phone.
type myRound struct {
	Number int       `json:"number"`
	Kind   string    `json:"kind"`
	EndsAt time.Time `json:"ends_at"`
	Table  int       `json:"table"`
	With   []string  `json:"with"`
	Host   string    `json:"host,omitempty"`
}

// roundFor returns id's seat in the running round, nil when not seated.
func (s *Server) roundFor(id data.AttendeeID) *myRound {
	r, t, ok := s.live.tableOf(id)
	if !ok || !r.Running(s.now()) {
		return nil
	}
	return s.myRoundAt(r, t, id)
}

// myRoundAt is id's view of table t of round r.
func (s *Server) myRoundAt(r data.Round, t data.Table, id data.AttendeeID) *myRound {
	mr := &myRound{Number: r.Number, Kind: string(r.Kind), EndsAt: r.EndsAt, Table: t.Number, With: []string{}}
	for _, m := range t.Members {
		if m != id {
			mr.With = append(mr.With, s.live.info(m).Display)
		}
	}
	if t.Host != 0 {
		mr.Host = s.live.info(t.Host).Display
	}
	return mr
}

// TableOf returns the table number of id in the running round ("" when
// none), for the door's answer.
func (s *Server) TableOf(id data.AttendeeID) string {
	if mr := s.roundFor(id); mr != nil {
		return fmt.Sprint(mr.Table)
	}
	return ""
}

func (s *Server) publishRound(r data.Round) {
	v := s.boardRound()
	s.hub.Publish("board", "round", map[string]any{"round": v})
	s.hub.Publish("admin", "round", map[string]any{"round": v, "stats": s.stats()})
	var tables []hub.Message
	forEachSeat(r, func(t data.Table, id data.AttendeeID) {
		tables = append(tables, hub.Message{Topic: meTopic(id), Kind: "round",
			Data: func() any { return map[string]any{"round": s.myRoundAt(r, t, id)} }})
	})
	s.hub.PublishBatch(tables) // encoded on every core, then sent together
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
func (s *Server) publishRoundEnd(r data.Round, next *data.Round) {
	s.hub.Publish("board", "round", map[string]any{"round": nil})
	s.hub.Publish("admin", "round", map[string]any{"round": nil, "stats": s.stats()})
	seated := map[data.AttendeeID]bool{}
	if next != nil {
		for _, t := range next.Tables {
			for _, id := range t.Members {
				seated[id] = true
			}
		}
	}
	var ended []hub.Message
	forEachSeat(r, func(_ data.Table, id data.AttendeeID) {
		if !seated[id] {
			ended = append(ended, hub.Message{Topic: meTopic(id), Kind: "round",
				Data: func() any { return map[string]any{"round": nil} }})
		}
	})
	s.hub.PublishBatch(ended)
}
