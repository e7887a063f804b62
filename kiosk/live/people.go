package live

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/matcher"
)

// Keys in the nonce bucket: a walk-in's request nonce, and the mark that an
// attendee was registered at a kiosk (which lets kiosks print their badge).
// Both values name the attendee as {"attendee_id": N}, so erasing the
// person erases them too.
func walkInNonceKey(nonce string) string { return "walkin:" + nonce }
func walkInMarkKey(id data.AttendeeID) string {
	return "walkin-id:" + strconv.FormatUint(uint64(id), 10)
}

type walkInRecord struct {
	Attendee data.AttendeeID `json:"attendee_id"`
	Kiosk    string          `json:"kiosk,omitempty"`
}

// WalkIn registers a person at a kiosk, durably, and makes them known to
// the matcher and the counters. nonce is the same on every retry of one
// registration: a retry answers the same person again (replayed true) and
// changes nothing. An e-mail already registered fails with data.ErrDuplicate.
func (d *Day) WalkIn(ctx context.Context, a data.Attendee, nonce, kiosk string) (data.Attendee, bool, error) {
	fresh := a
	var replayed bool
	err := d.store.Commit(ctx, func(tx *data.Tx) error {
		replayed, a = false, fresh
		if prev, ok, err := walkInReplay(tx, nonce); ok || err != nil {
			a, replayed = prev, ok
			return err
		}
		if err := tx.PutAttendee(&a); err != nil {
			return err
		}
		rec, _ := json.Marshal(walkInRecord{Attendee: a.ID, Kiosk: kiosk})
		if nonce != "" {
			if err := tx.PutNonce(walkInNonceKey(nonce), rec); err != nil {
				return err
			}
		}
		return tx.PutNonce(walkInMarkKey(a.ID), rec)
	})
	if err != nil || replayed {
		return a, replayed, err
	}
	d.mu.Lock()
	d.upsert(a)
	d.mu.Unlock()
	d.publishRegistered()
	return a, false, nil
}

// walkInReplay returns the person a walk-in's nonce registered already, if
// any.
func walkInReplay(tx *data.Tx, nonce string) (data.Attendee, bool, error) {
	var rec walkInRecord
	if raw, ok := tx.Nonce(walkInNonceKey(nonce)); nonce == "" || !ok || json.Unmarshal(raw, &rec) != nil {
		return data.Attendee{}, false, nil
	}
	a, err := tx.Attendee(rec.Attendee)
	return a, err == nil, err
}

// WalkInAt returns an attendee registered at a kiosk (see WalkIn), or
// data.ErrNotFound for anyone else: kiosks print only their badges.
func (d *Day) WalkInAt(id data.AttendeeID) (data.Attendee, error) {
	var a data.Attendee
	err := d.store.View(func(tx *data.Tx) error {
		if _, ok := tx.Nonce(walkInMarkKey(id)); !ok {
			return data.ErrNotFound
		}
		var err error
		a, err = tx.Attendee(id)
		return err
	})
	return a, err
}

// publishRegistered tells the screens that the registered count changed (a
// walk-in, an import while running).
func (d *Day) publishRegistered() {
	d.mu.Lock()
	msg := CountsMsg{Counts: d.pic.counts()}
	d.mu.Unlock()
	d.pub.Publish(TopicBoard, KindRegistered, msg)
	d.pub.Publish(TopicAdmin, KindRegistered, msg)
}

// Consent is a change of consents; nil leaves that consent as it is.
type Consent struct {
	Suggestions *bool
	Board       *bool
}

// SetConsent switches a person's consents. It takes effect at once: the
// matcher stops (or starts) suggesting them, and the board hides (or
// shows) their name, including on arrivals already shown; withdrawing
// from the board also empties the board's replay ring, so no page
// reconnecting later replays an arrival that showed their name. A switch
// that changes nothing writes and publishes nothing.
func (d *Day) SetConsent(id data.AttendeeID, c Consent) (data.Attendee, error) {
	withdrawn := false
	a, err := d.edit(id, func(a *data.Attendee) error {
		before := *a
		if c.Suggestions != nil {
			a.MatchConsent = *c.Suggestions
		}
		if c.Board != nil {
			a.BoardConsent = *c.Board
		}
		if a.MatchConsent == before.MatchConsent && a.BoardConsent == before.BoardConsent {
			return errUnchanged
		}
		withdrawn = before.BoardConsent && !a.BoardConsent
		return nil
	})
	if errors.Is(err, errUnchanged) {
		return a, nil
	}
	if err == nil {
		if withdrawn {
			d.pub.ForgetReplay(TopicBoard)
		}
		d.pub.Publish(TopicBoard, KindReload, nil) // names shown or hidden, arrivals included
		d.pub.Publish(PhoneTopic(a.ID), KindRefresh, nil)
		d.roundNews(a.ID)
		d.groupNews(a.ID) // their leader sees their project, or no longer
	}
	return a, err
}

// errUnchanged aborts an edit that would change nothing.
var errUnchanged = errors.New("nothing to change")

// ReissueBadge gives the attendee a new badge code; the old one is revoked
// (the door answers "revoked badge") and their open phone page refreshes,
// its badge QR code with it.
func (d *Day) ReissueBadge(id data.AttendeeID) (data.Attendee, error) {
	a, err := d.edit(id, func(a *data.Attendee) (err error) { a.BadgeCode, err = checkin.NewCode(); return })
	if err == nil {
		d.pub.Publish(PhoneTopic(id), KindRefresh, nil)
	}
	return a, err
}

// ReissueLink revokes the attendee's phone link and issues a new one: the
// old link answers 404 at once and its open WebSocket is closed.
func (d *Day) ReissueLink(id data.AttendeeID) (data.Attendee, error) {
	a, err := d.edit(id, func(a *data.Attendee) (err error) { a.Secret, err = checkin.NewSecret(); return })
	if err == nil {
		d.pub.Drop(PhoneTopic(id))
	}
	return a, err
}

// edit applies change to one attendee in one transaction and keeps the
// picture and the matcher in step; what screens must be told is the
// caller's.
func (d *Day) edit(id data.AttendeeID, change func(*data.Attendee) error) (data.Attendee, error) {
	a, err := updateRecord(d.store, id, (*data.Tx).Attendee, (*data.Tx).PutAttendee, change)
	if err != nil {
		return a, err
	}
	d.mu.Lock()
	d.upsert(a)
	d.mu.Unlock()
	return a, nil
}

// updateRecord reads the record id with get, applies change to it and
// writes it back with put, in one transaction of store, and returns it as
// changed. An error of get, change or put rolls the transaction back and
// is returned as is.
func updateRecord[K, T any](store *data.Store, id K, get func(*data.Tx, K) (T, error), put func(*data.Tx, *T) error, change func(*T) error) (T, error) {
	var v T
	err := store.Update(func(tx *data.Tx) error {
		var err error
		if v, err = get(tx, id); err != nil {
			return err
		}
		if err := change(&v); err != nil {
			return err
		}
		return put(tx, &v)
	})
	return v, err
}

// Imported makes the attendees written since a moment live (an import
// while the server runs) and tells the screens the new counts. The store
// reads them back in short paced reads (data.Store.AttendeesChangedSince),
// the matcher makes room for them outside Day.mu (matcher.Model.Reserve),
// and the picture takes them in inPacedBatches: the door's scans get
// Day.mu and half the processor between batches.
func (d *Day) Imported(since time.Time) error {
	changed, err := d.store.AttendeesChangedSince(since)
	if err != nil || len(changed) == 0 {
		return err
	}
	d.mu.Lock()
	model := d.model
	d.mu.Unlock()
	model.Reserve(len(changed)) // the matrix's copy, outside the Day's lock
	d.inPacedBatches(len(changed), func(i int) { d.upsert(changed[i]) })
	d.publishRegistered()
	return nil
}

// Erase erases one person (GDPR): everything the file holds about them,
// their seats in rounds, and their place on every screen; their phone is
// disconnected; then their bytes are wiped from the file (data.Store.Scrub),
// in batches the scans pass between. If only that wipe fails, the erasure
// stands (the store and every screen have forgotten them) and Erase
// returns a *data.ScrubPendingError saying the bytes go at the next start.
func (d *Day) Erase(id data.AttendeeID) error {
	if err := d.store.Erase(id); err != nil {
		return err
	}
	d.forget([]data.AttendeeID{id})
	return d.store.Scrub()
}

// Purge erases every person after the event, keeps anonymous counts
// (data.Store.Purge: the counting does not hold back the scans), clears
// the screens and wipes the erased bytes from the file, with Erase's
// answer when only the wipe fails.
func (d *Day) Purge() error {
	_, ids, err := d.store.Purge()
	if err != nil {
		return err
	}
	d.forget(ids)
	return d.store.Scrub()
}

// forgetBatch is how many people forget removes, and Imported adds, per
// hold of Day.mu at most: a purge or an import of 100,000 must not hold the
// scans' check-ins back for the whole (50: about 2 ms of a quiet core).
const forgetBatch = 50

// inPacedBatches calls one(i) for each i in [0, n), in holds of Day.mu of
// at most forgetBatch calls, and rests as long as each hold took before
// the next; a hold ends early, after the call under way, as soon as a scan
// waits for Day.mu (lockForScan).
//
// Contract: a scan's check-in waits for one call at most, not for a batch
// (on a loaded machine a batch of 50 upserts, preempted halfway, held the
// door for hundreds of milliseconds), and the work takes at most half of
// one core, so that on a 2-core machine a purge or an import of 100,000
// people leaves the door the processor it needs.
func (d *Day) inPacedBatches(n int, one func(i int)) {
	var took time.Duration
	for i := 0; i < n; {
		time.Sleep(took) // pacing the batches, as the store's are paced
		t0 := time.Now()
		d.mu.Lock()
		for end := min(i+forgetBatch, n); i < end; {
			one(i)
			if i++; d.scansWaiting.Load() > 0 {
				break // a scan waits: the rest after it
			}
		}
		d.mu.Unlock()
		took = time.Since(t0)
	}
}

// forget removes ids from every live structure and screen, in
// inPacedBatches.
func (d *Day) forget(ids []data.AttendeeID) {
	d.inPacedBatches(len(ids), func(i int) {
		id := ids[i]
		d.pic.forget(id)
		for _, to := range d.peers.forget(id) {
			d.reendorse(to)
		}
		d.sess.forget(id)
		d.dir.changed()
		d.index.Leave(uint64(id))
		d.model.Upsert(matcher.Profile{ID: uint64(id)}) // no name, no consent: never suggested
		d.profileChanged(uint64(id))
	})
	d.mu.Lock()
	st := d.stats()
	d.mu.Unlock()
	for _, id := range ids {
		d.pub.Drop(PhoneTopic(id))
	}
	// Earlier arrivals and introductions showed them: no reconnecting
	// screen may replay those.
	d.pub.ForgetReplay(TopicBoard)
	d.pub.ForgetReplay(TopicAdmin)
	d.pub.Publish(TopicBoard, KindReload, nil)
	d.pub.Publish(TopicAdmin, KindStats, StatsMsg{Stats: st})
	d.reloadGroups() // the store took them out of the groups
}
