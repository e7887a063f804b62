package live

import (
	"context"
	"errors"
	"fmt"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/matcher"
)

// ScanResult is what a scan did, for the kiosk's answer.
type ScanResult struct {
	checkin.Outcome
	Attendee data.Attendee // zero for an unknown badge
	Table    string        // the person's table in the running round ("" when none)
	Meet     []Person      // for an entry: the best people present to meet (at most meetLen)
}

// meetLen is how many people a scan's answer names.
const meetLen = 3

// ScanTiming is where the time of one CheckIn went, for the drills that
// look for what a slow scan waited on (WatchScans).
type ScanTiming struct {
	Nonce  string
	Commit data.CommitTiming // the store's commit of the scan (see its fields)
	// DayLock is the time the scan waited for the Day's lock (the live
	// picture, the matcher's index, the round's tables); After is
	// everything CheckIn did after its commit, DayLock included.
	DayLock, After time.Duration
	Total          time.Duration // the whole CheckIn
}

// WatchScans makes every CheckIn call watch, before it returns, with
// where its time went; nil stops. watch runs on the scan's goroutine and
// must be quick.
func (d *Day) WatchScans(watch func(ScanTiming)) {
	if watch == nil {
		d.scanWatch.Store(nil)
		return
	}
	d.scanWatch.Store(&watch)
}

// scanClock measures one scan when someone watches (WatchScans); nil
// when no one does.
type scanClock struct {
	ScanTiming
	t0, committed time.Time
}

// lockForScan takes d.mu for a scan: while it waits, the work done in
// holds of d.mu lets it in at the end of its step (inPacedBatches); clk
// (nil: no one watches) counts the wait as the Day's lock.
func (d *Day) lockForScan(clk *scanClock) {
	d.scansWaiting.Add(1)
	defer d.scansWaiting.Add(-1)
	if clk == nil {
		d.mu.Lock()
		return
	}
	t0 := time.Now()
	d.mu.Lock()
	clk.DayLock += time.Since(t0)
}

// CheckIn applies one badge scan: checkin's rules decide and data commits
// (fsync); then the live picture and the matcher's index take the
// check-in, the board, the admin and the phones whose top lists the
// newcomer entered are told, and the result is returned. A replayed nonce
// changes and publishes nothing (it was published the first time). A
// screen therefore never shows a check-in that was rolled back.
func (d *Day) CheckIn(ctx context.Context, sc checkin.Scan) (ScanResult, error) {
	var clk *scanClock
	if watch := d.scanWatch.Load(); watch != nil {
		clk = &scanClock{t0: time.Now()}
		clk.Nonce = sc.Nonce
		ctx = data.WithCommitTiming(ctx, &clk.Commit)
		defer func() {
			clk.Total = time.Since(clk.t0)
			if !clk.committed.IsZero() {
				clk.After = time.Since(clk.committed)
			}
			(*watch)(clk.ScanTiming)
		}()
	}
	out, err := d.scans.Scan(ctx, sc)
	if clk != nil {
		clk.committed = time.Now()
	}
	res := ScanResult{Outcome: out}
	if err != nil || out.Attendee == 0 {
		return res, err
	}
	if res.Attendee, err = d.attendee(out.Attendee); err != nil {
		if errors.Is(err, data.ErrNotFound) {
			// Erased or purged between the scan's commit and this read:
			// the check-in went with them, and the badge is now unknown.
			return ScanResult{Outcome: checkin.Outcome{Result: checkin.Unknown, Code: out.Code}}, nil
		}
		return res, err
	}
	a := res.Attendee
	switch {
	case out.Result == checkin.OK && out.Replayed:
		d.lockForScan(clk)
		meet := d.meet(d.index.Suggest(uint64(a.ID), d.top))
		d.mu.Unlock()
		res.Meet = people(meet)
	case out.Result == checkin.OK:
		res.Meet = d.arrive(a, *out.CheckIn, clk)
	case out.Result == checkin.Exit && !out.Replayed:
		d.leave(*out.CheckIn, clk)
	}
	if out.Result == checkin.OK || out.Result == checkin.Already {
		res.Table = d.tableOf(a.ID, clk)
	}
	return res, nil
}

// meet takes the first suggestions for a scan's answer; d.mu is held.
func (d *Day) meet(mine []matcher.Suggestion) []shown {
	return d.shownOf(mine[:min(len(mine), meetLen)])
}

// arrive records a committed entry in the picture and the index (under one
// hold of d.mu, so the index follows commit order) and pushes it: the
// board's arrival, and "someone you should meet just arrived" to each
// present person whose top list the newcomer entered.
func (d *Day) arrive(a data.Attendee, c data.CheckIn, clk *scanClock) []Person {
	id := uint64(a.ID)
	d.lockForScan(clk)
	if _, known := d.pic.people[a.ID]; !known {
		d.upsert(a) // a walk-in registered since the start
	}
	first, applied := d.pic.apply(c)
	if !applied { // a later check-in of this person is already live
		meet := d.meet(d.index.Suggest(id, d.top))
		d.mu.Unlock()
		return people(meet)
	}
	mine, notices := d.index.Arrive(id)
	msg := ArrivalMsg{Arrival: BoardArrival{Seq: c.Seq, Gate: c.Gate, At: c.At}, First: first, Counts: d.pic.counts()}
	if a.BoardConsent {
		msg.Arrival.Name, msg.Arrival.Organisation = a.DisplayName(), a.Organisation
	}
	var meet []shown
	if a.MatchConsent {
		meet = d.meet(mine)
	}
	d.mu.Unlock()

	d.pub.Publish(TopicBoard, KindArrival, msg)
	d.pub.Publish(TopicAdmin, KindArrival, msg)
	d.roundNews(a.ID)
	d.groupNews(a.ID)
	if !a.MatchConsent {
		return nil
	}
	for _, n := range notices {
		d.pub.PublishFunc(PhoneTopic(data.AttendeeID(n.For)), KindArrived, func() any {
			d.mu.Lock()
			s := d.shownOf([]matcher.Suggestion{n.Explained()})[0]
			d.mu.Unlock()
			return ArrivedMsg{Person: s.suggested(), Score: n.Suggestion.Score}
		})
	}
	return people(meet)
}

// leave records a committed exit.
func (d *Day) leave(c data.CheckIn, clk *scanClock) {
	d.lockForScan(clk)
	_, applied := d.pic.apply(c)
	if applied {
		d.index.Leave(uint64(c.AttendeeID))
	}
	msg := CountsMsg{Counts: d.pic.counts()}
	d.mu.Unlock()
	if applied {
		d.pub.Publish(TopicBoard, KindExit, msg)
		d.pub.Publish(TopicAdmin, KindExit, msg)
		d.roundNews(c.AttendeeID)
		d.groupNews(c.AttendeeID)
	}
}

// tableOf returns the table number of id in the running round ("" when
// none), for the door's answer.
func (d *Day) tableOf(id data.AttendeeID, clk *scanClock) string {
	d.lockForScan(clk)
	mr := d.myRound(id)
	d.mu.Unlock()
	if mr != nil {
		return fmt.Sprint(mr.Table)
	}
	return ""
}
