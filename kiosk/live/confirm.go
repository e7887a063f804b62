package live

import (
	"context"
	"errors"
	"slices"
	"sort"

	"icebreaker/data"
	"icebreaker/matcher"
)

// Skills confirmed by peers: after "we met", each of the two can say
// which of the other's offers helped them (one tap), or "not really"; once
// per pair and direction, and changeable (data.Confirmation). The Day
// keeps the words in memory (peerWords, under Day.mu) with, per person,
// how many peers confirmed each of their offers: the directory shows
// those counts and the matcher weighs a confirmed offer more
// (matcher.Profile.Endorsed). Nobody is told who said what, and no push
// goes to the person confirmed (it would tell them who).

// Errors of Confirm.
var (
	ErrNotMet     = errors.New("you can say what someone helped with only after \"we met\"")
	ErrNotAnOffer = errors.New("that is not one of their offers")
)

// peerWords is what each person said about those they met, and the
// people each met. The zero value is ready; Day.mu guards it. One can
// only confirm someone one met, so the people who said something about x
// are among met[x]: forgetting a person costs their own lists, not a walk
// of everyone's words.
type peerWords struct {
	said   map[data.AttendeeID]map[data.AttendeeID]string // from → to → offer, "" for "not really"
	counts map[data.AttendeeID]map[string]int             // to → offer → peers who confirmed it
	met    map[data.AttendeeID][]data.AttendeeID          // who each person met, in the log's order
}

// noteIntro remembers who met whom.
func (w *peerWords) noteIntro(i data.Introduction) {
	if i.Kind != data.Met {
		return
	}
	if w.met == nil {
		w.met = map[data.AttendeeID][]data.AttendeeID{}
	}
	for _, p := range [][2]data.AttendeeID{{i.A, i.B}, {i.B, i.A}} {
		if !slices.Contains(w.met[p[0]], p[1]) {
			w.met[p[0]] = append(w.met[p[0]], p[1])
		}
	}
}

// word is what from said about to; ok is false while they said nothing.
func (w *peerWords) word(from, to data.AttendeeID) (offer string, ok bool) {
	offer, ok = w.said[from][to]
	return offer, ok
}

// note records c, replacing what c.From said before about c.To.
func (w *peerWords) note(c data.Confirmation) {
	if w.said == nil {
		w.said, w.counts = map[data.AttendeeID]map[data.AttendeeID]string{}, map[data.AttendeeID]map[string]int{}
	}
	if old, ok := w.said[c.From][c.To]; ok && old != "" {
		w.count(c.To, old, -1)
	}
	if w.said[c.From] == nil {
		w.said[c.From] = map[data.AttendeeID]string{}
	}
	w.said[c.From][c.To] = c.Offer
	if c.Offer != "" {
		w.count(c.To, c.Offer, +1)
	}
}

func (w *peerWords) count(to data.AttendeeID, offer string, delta int) {
	m := w.counts[to]
	if m == nil {
		m = map[string]int{}
		w.counts[to] = m
	}
	if m[offer] += delta; m[offer] <= 0 {
		delete(m, offer)
	}
	if len(m) == 0 {
		delete(w.counts, to)
	}
}

// forget drops everything id said, was told and met, and returns the
// people whose counts changed (their profiles must be read again).
func (w *peerWords) forget(id data.AttendeeID) []data.AttendeeID {
	var changed []data.AttendeeID
	for to, offer := range w.said[id] {
		if offer != "" {
			w.count(to, offer, -1)
			changed = append(changed, to)
		}
	}
	delete(w.said, id)
	delete(w.counts, id)
	for _, other := range w.met[id] {
		delete(w.said[other], id)
		w.met[other] = slices.DeleteFunc(w.met[other], func(x data.AttendeeID) bool { return x == id })
	}
	delete(w.met, id)
	return changed
}

// endorsed is what the matcher reads of id's confirmations (a copy).
func (w *peerWords) endorsed(id data.AttendeeID) map[string]int {
	if len(w.counts[id]) == 0 {
		return nil
	}
	m := make(map[string]int, len(w.counts[id]))
	for k, v := range w.counts[id] {
		m[k] = v
	}
	return m
}

// withEndorsements is p with the confirmations of its person; d.mu is
// held (or d is being built).
func (d *Day) withEndorsements(p matcher.Profile) matcher.Profile {
	p.Endorsed = d.peers.endorsed(data.AttendeeID(p.ID))
	return p
}

// reendorse makes the matcher read id's confirmations again, and
// re-scores them if present; d.mu is held.
func (d *Day) reendorse(id data.AttendeeID) {
	p, ok := d.model.Profile(uint64(id))
	if !ok {
		return
	}
	d.model.Upsert(d.withEndorsements(p))
	d.profileChanged(uint64(id))
	if d.index.Present(uint64(id)) {
		d.index.Arrive(uint64(id))
	}
}

// ConfirmedOffer is one offer of a person with how many peers confirmed
// it (counts only: never who).
type ConfirmedOffer struct {
	Offer string `json:"offer"`
	Count int    `json:"count"`
}

// confirmedOf lists id's confirmed offers that they still make (an
// import may have rewritten them), most confirmed first; d.mu is held.
func (d *Day) confirmedOf(id data.AttendeeID) []ConfirmedOffer {
	counts := d.peers.counts[id]
	if len(counts) == 0 {
		return nil
	}
	p, _ := d.model.Profile(uint64(id))
	var out []ConfirmedOffer
	for offer, n := range counts {
		if slices.Contains(p.Offers, offer) {
			out = append(out, ConfirmedOffer{Offer: offer, Count: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Offer < out[j].Offer
	})
	return out
}

// MetPerson is one person I met, with their offers (as they wrote them)
// and what I said they helped with: Answered false while I said nothing,
// Offer "" for "not really".
type MetPerson struct {
	Who
	Offers   []string `json:"offers"`
	Answered bool     `json:"answered"`
	Offer    string   `json:"offer"`
}

// Helped lists the people me met, most recent first, for the phone's
// "what did they help you with?".
func (d *Day) Helped(me data.AttendeeID) []MetPerson {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := []MetPerson{}
	met := d.peers.met[me]
	for i := len(met) - 1; i >= 0; i-- {
		id := met[i]
		info, ok := d.pic.people[id]
		if !ok {
			continue
		}
		p := MetPerson{Who: Who{ID: id, Name: info.Display, Organisation: info.Organisation}, Offers: []string{}}
		if prof, ok := d.model.Profile(uint64(id)); ok {
			p.Offers = append(p.Offers, prof.Offers...)
		}
		p.Offer, p.Answered = d.peers.word(me, id)
		out = append(out, p)
	}
	return out
}

// Confirm records what me says other helped them with: one of other's
// offers as written, or "" for "not really". It replaces what me said
// before about other. The two must have met (ErrNotMet) and the offer be
// one of other's (ErrNotAnOffer), checked in the write transaction; an
// unknown person is data.ErrNotFound. The matcher reads other's counts
// again at once. It answers the list of Helped.
func (d *Day) Confirm(ctx context.Context, me, other data.AttendeeID, offer string) ([]MetPerson, error) {
	if me == other {
		return nil, ErrNotMet
	}
	c := data.Confirmation{From: me, To: other, Offer: offer, At: d.now()}
	err := d.store.Commit(ctx, func(tx *data.Tx) error {
		a, err := tx.Attendee(other)
		if err != nil {
			return err
		}
		if offer != "" && !slices.Contains(a.Offers, offer) {
			return ErrNotAnOffer
		}
		met, err := tx.PairMet(me, other)
		if err != nil {
			return err
		}
		if !met {
			return ErrNotMet
		}
		return tx.PutConfirmation(c)
	})
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	before, _ := d.peers.word(me, other)
	d.peers.note(c)
	if before != offer {
		d.reendorse(other)
	}
	d.mu.Unlock()
	return d.Helped(me), nil
}

// loadConfirmations reads the stored confirmations into d.peers (New).
func (d *Day) loadConfirmations(tx *data.Tx) error {
	return tx.ForEachConfirmation(func(c data.Confirmation) error { d.peers.note(c); return nil })
}
