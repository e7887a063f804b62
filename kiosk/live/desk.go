package live

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/internal/textfold"
)

// The organiser's desk: who has not arrived, check-in and its undo from the
// admin, and fixing a typo in a name or an organisation.

// AdminKiosk is the kiosk name recorded on the check-ins made from the
// admin (data.CheckIn.Kiosk), so the log says who let the person in.
const AdminKiosk = "admin"

// CheckInFromDesk checks a person in from the admin, without their badge:
// the same rules, answer and pushes as a scan of their badge (CheckIn),
// recorded at gate with kiosk AdminKiosk. nonce makes a resent form one
// check-in; someone already inside is answered checkin.Already.
func (d *Day) CheckInFromDesk(ctx context.Context, id data.AttendeeID, gate, nonce string) (ScanResult, error) {
	a, err := d.attendee(id)
	if err != nil {
		return ScanResult{}, err
	}
	return d.CheckIn(ctx, checkin.Scan{Code: a.BadgeCode, Gate: gate, Kiosk: AdminKiosk, Nonce: nonce, Direction: data.In})
}

// UndoEntry takes back id's last entry, recorded by mistake
// (data.Tx.UndoEntry: the check-in leaves the log). The live picture
// follows: after their only entry they are "not arrived" again (present,
// arrived and their gate's count go down by one and the board's arrival
// line is gone); after a re-entry they are outside. They leave the
// matcher's room, the board reloads its snapshot, the admin gets the new
// counts, and their phone and the phones that listed them refresh. Someone
// not inside gets data.ErrNotInside.
//
// The picture is updated after the commit like a scan's; a scan of the
// same person committed between the two (a second kiosk, the same
// second) may leave the picture off by that person until the next start,
// which rebuilds it from the file.
func (d *Day) UndoEntry(id data.AttendeeID) (data.Presence, error) {
	var undone data.CheckIn
	var now data.Presence
	err := d.store.Update(func(tx *data.Tx) (err error) { undone, now, err = tx.UndoEntry(id); return })
	if err != nil {
		return now, err
	}
	d.mu.Lock()
	d.pic.undo(undone, now)
	phones := d.index.KeptBy(uint64(id))
	d.index.Leave(uint64(id))
	st := d.stats()
	d.mu.Unlock()
	d.pub.Publish(TopicBoard, KindReload, nil) // counts, the feed and the curve
	d.pub.Publish(TopicAdmin, KindStats, StatsMsg{Stats: st})
	d.refreshPhones(id, phones)
	d.roundNews(id)
	d.groupNews(id)
	return now, nil
}

// undo takes a removed entry out of the counters; now is the person's
// presence without it.
func (p *picture) undo(c data.CheckIn, now data.Presence) {
	id := c.AttendeeID
	if p.inside[id] {
		delete(p.inside, id)
		delete(p.inSince, id)
		p.tally(p.people[id], -1)
	}
	if now.Entries > 0 || !p.entered[id] {
		return
	}
	delete(p.entered, id)
	decrement(p.gates, c.Gate)
	decrement(p.curve, c.At.Unix()/900)
	p.feed = slices.DeleteFunc(p.feed, func(f feedArrival) bool { return f.id == id })
}

// decrement lowers a counter, dropping it at zero.
func decrement[K comparable](m map[K]int, k K) {
	if m[k]--; m[k] <= 0 {
		delete(m, k)
	}
}

// refreshPhones tells id's phone and the phones that listed id to reload
// their snapshot: the person's name, presence or place changed.
func (d *Day) refreshPhones(id data.AttendeeID, listedBy []uint64) {
	d.pub.Publish(PhoneTopic(id), KindRefresh, nil)
	for _, o := range listedBy {
		d.pub.Publish(PhoneTopic(data.AttendeeID(o)), KindRefresh, nil)
	}
}

// Names are what an organiser may correct of a person from the desk.
type Names struct {
	FirstName, LastName, Organisation string
}

// Rename corrects a person's first name, last name and organisation (a
// typo in the registration file). The matcher rescores them at once with
// the new organisation (its colleague keys: "Acme" and "ACME SA" are
// colleagues, kept apart), and every screen that shows them is told: the
// board reloads, their phone and those that list them refresh, and the
// tables of a running round show the new name. A correction that changes
// nothing writes and publishes nothing.
func (d *Day) Rename(id data.AttendeeID, n Names) (data.Attendee, error) {
	var a data.Attendee
	err := d.store.Update(func(tx *data.Tx) (err error) {
		if a, err = tx.Attendee(id); err != nil {
			return err
		}
		if a.FirstName == n.FirstName && a.LastName == n.LastName && a.Organisation == n.Organisation {
			return errUnchanged
		}
		a.FirstName, a.LastName, a.Organisation = n.FirstName, n.LastName, n.Organisation
		return tx.PutAttendee(&a)
	})
	if errors.Is(err, errUnchanged) {
		return a, nil
	}
	if err != nil {
		return a, err
	}
	d.mu.Lock()
	before := d.index.KeptBy(uint64(id))
	d.upsert(a)
	phones := append(before, d.index.KeptBy(uint64(id))...)
	var mates []data.AttendeeID
	if i, ok := d.pic.seat[id]; ok && d.pic.round.Running(d.now()) {
		mates = d.pic.round.Tables[i].Members
	}
	d.mu.Unlock()
	slices.Sort(phones)
	d.refreshPhones(id, slices.Compact(phones))
	d.pub.Publish(TopicBoard, KindReload, nil)
	d.renamedInGroups(id)
	if len(mates) > 0 {
		d.publishAdminRound()
		for _, m := range mates {
			d.pub.PublishFunc(PhoneTopic(m), KindRound, func() any { return d.phoneRoundNow(m) })
		}
	}
	return a, nil
}

// SameNameError is the answer to a walk-in without an e-mail whose name is
// registered already: People may be the person at the desk.
type SameNameError struct {
	People []data.AttendeeID
}

func (e *SameNameError) Error() string {
	return fmt.Sprintf("%d person(s) with this name are registered already", len(e.People))
}

// maxSameName bounds SameNameError.People.
const maxSameName = 5

// WalkInUnlessKnown is WalkIn for the door's form: a walk-in without an
// e-mail whose name is registered already (SameName) is not created; the
// answer is a *SameNameError, so the staff checks that person in, or
// registers a namesake with WalkIn. A retry of a registration that went
// through is answered as WalkIn answers it.
func (d *Day) WalkInUnlessKnown(ctx context.Context, a data.Attendee, nonce, kiosk string) (data.Attendee, bool, error) {
	if strings.TrimSpace(a.Email) == "" {
		var prev data.Attendee
		replayed := false
		if err := d.store.View(func(tx *data.Tx) (err error) { prev, replayed, err = walkInReplay(tx, nonce); return }); err != nil {
			return a, false, err
		}
		if replayed {
			return prev, true, nil
		}
		if ids := d.SameName(a.FirstName, a.LastName); len(ids) > 0 {
			return a, false, &SameNameError{People: ids}
		}
	}
	return d.WalkIn(ctx, a, nonce, kiosk)
}

// SameName lists (at most maxSameName) the people registered under a name,
// compared folded (data.FoldName: case, accents and spacing aside): the
// same first name, and the same last name unless either has none.
func (d *Day) SameName(first, last string) []data.AttendeeID {
	first, last = data.FoldName(first), data.FoldName(last)
	if first == "" {
		return nil
	}
	var ids []data.AttendeeID
	d.mu.Lock()
	for id, p := range d.pic.people {
		if p.first == first && (last == "" || p.last == "" || p.last == last) {
			ids = append(ids, id)
		}
	}
	d.mu.Unlock()
	slices.Sort(ids)
	return ids[:min(len(ids), maxSameName)]
}

// Where a person stands today, for the desk.
const (
	NotArrived = "absent" // no entry today
	Inside     = "inside" // inside now
	Left       = "left"   // came, then went out
)

// DeskQuery selects and orders the desk's list.
type DeskQuery struct {
	// Text keeps the people whose name, organisation or e-mail hold every
	// word of it, folded (case and accents aside).
	Text string
	// Status keeps one of NotArrived, Inside or Left ("": everyone).
	Status string
	// Sort is "first" (first name), "organisation" or, by default, the
	// last name; ties go by the other names.
	Sort string
}

// DeskRow is one person of the desk's list.
type DeskRow struct {
	data.Attendee
	Status string
}

// DeskList is the desk's list and how many people stand where (over
// everyone, whatever the query).
type DeskList struct {
	Rows                       []DeskRow
	NotArrived, Inside, Left   int
	Registered, MatchedByQuery int
}

// Desk lists the registered people for the organiser's desk, with where
// each stands today.
func (d *Day) Desk(q DeskQuery) (DeskList, error) {
	people, err := data.ReadAll(d.store, (*data.Tx).ForEachAttendee)
	if err != nil {
		return DeskList{}, err
	}
	words := strings.Fields(textfold.Fold(q.Text))
	var l DeskList
	d.mu.Lock()
	for _, a := range people {
		st := NotArrived
		switch {
		case d.pic.inside[a.ID]:
			st, l.Inside = Inside, l.Inside+1
		case d.pic.entered[a.ID]:
			st, l.Left = Left, l.Left+1
		default:
			l.NotArrived++
		}
		if !holdsAll(textfold.Fold(a.FullName()+" "+a.Organisation+" "+a.Email), words) {
			continue
		}
		l.MatchedByQuery++
		if q.Status == "" || q.Status == st {
			l.Rows = append(l.Rows, DeskRow{Attendee: a, Status: st})
		}
	}
	d.mu.Unlock()
	l.Registered = len(people)
	key := func(r DeskRow) []string {
		f := []string{data.FoldName(r.LastName), data.FoldName(r.FirstName), data.FoldName(r.Organisation)}
		switch q.Sort {
		case "first":
			f[0], f[1] = f[1], f[0]
		case "organisation":
			f = []string{f[2], f[0], f[1]}
		}
		return f
	}
	slices.SortStableFunc(l.Rows, func(a, b DeskRow) int { return cmp.Or(slices.Compare(key(a), key(b)), cmp.Compare(a.ID, b.ID)) })
	return l, nil
}

func holdsAll(haystack string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(haystack, w) {
			return false
		}
	}
	return true
}
