package live

import (
	"context"
	"errors"
	"slices"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/matcher"
)

// Errors of Met and Decline, beside data.ErrNotFound (an unknown or
// revoked badge).
var (
	ErrNotShown = errors.New("not among your suggestions or your table")
	ErrSelf     = errors.New("that is your own badge")
)

// Other names the other person of a "we met" or "not for me": by the ID
// their suggestion carried, or by their badge code (read with the phone's
// camera; "we met" only).
type Other struct {
	ID   uint64
	Code string
}

// IntroResult says what a "we met" or "not for me" did.
type IntroResult struct {
	OK      bool   `json:"ok"`
	Already bool   `json:"already,omitempty"` // the pair was closed before: nothing logged
	Name    string `json:"name,omitempty"`    // the other person
}

// Met logs "we met" between me and other, keeps the pair apart from every
// later suggestion and round, and pushes it (board, admin, both phones).
func (d *Day) Met(ctx context.Context, me data.AttendeeID, other Other) (IntroResult, error) {
	return d.introduce(ctx, me, other, data.Met)
}

// Decline logs "not for me" about other (by ID only), with Met's effects.
func (d *Day) Decline(ctx context.Context, me data.AttendeeID, other Other) (IntroResult, error) {
	return d.introduce(ctx, me, Other{ID: other.ID}, data.Declined)
}

func (d *Day) introduce(ctx context.Context, me data.AttendeeID, o Other, kind data.IntroKind) (IntroResult, error) {
	other, err := d.otherOf(me, o)
	if err != nil {
		return IntroResult{}, err
	}
	d.mu.Lock()
	ans := IntroResult{OK: true, Name: d.pic.people[other].Display}
	ans.Already = d.index.Excluded(uint64(me), uint64(other)) // a shortcut: the transaction decides
	in := data.Introduction{A: me, B: other, Kind: kind, At: d.now(),
		Reasons: conceptsOf(d.model.Score(uint64(me), uint64(other)))}
	d.mu.Unlock()
	if ans.Already {
		return ans, nil
	}
	err = d.store.Commit(ctx, func(tx *data.Tx) error {
		ans.Already = false // the function may run again in a new transaction
		if _, err := tx.Attendee(other); err != nil {
			return err
		}
		closed, err := tx.PairClosed(me, other)
		if err != nil || closed {
			ans.Already = closed
			return err
		}
		return tx.AppendIntroduction(&in)
	})
	if err != nil || ans.Already {
		return ans, err
	}
	d.mu.Lock()
	d.index.Exclude(uint64(me), uint64(other))
	d.pic.noteIntro(in)
	d.peers.noteIntro(in)
	bi, onBoard := d.boardIntroOf(in)
	st := d.stats()
	d.mu.Unlock()
	if onBoard && kind == data.Met {
		d.pub.Publish(TopicBoard, KindIntro, IntroMsg{Intro: bi})
	}
	d.pub.Publish(TopicAdmin, KindStats, StatsMsg{Stats: st})
	d.pub.Publish(PhoneTopic(me), KindRefresh, nil)
	if kind == data.Met {
		d.pub.Publish(PhoneTopic(other), KindRefresh, nil)
	}
	return ans, nil
}

// otherOf resolves the other person of a phone action. By ID, only people
// the phone was shown (suggestions, round table) are accepted, or a pair
// already closed (answered Already): IDs are sequential and must not let a
// phone log introductions with anyone. By badge code, anyone whose active
// badge was scanned.
func (d *Day) otherOf(me data.AttendeeID, o Other) (data.AttendeeID, error) {
	if o.Code != "" {
		code := checkin.NormalizeCode(o.Code)
		var id uint64
		err := d.store.View(func(tx *data.Tx) error {
			got, state, ok := tx.LookupSecret(data.BadgeCode, code)
			if !ok || state != data.Active {
				return data.ErrNotFound
			}
			id = got
			return nil
		})
		if err != nil {
			return 0, err
		}
		if data.AttendeeID(id) == me {
			return 0, ErrSelf
		}
		return data.AttendeeID(id), nil
	}
	if o.ID == 0 || o.ID == uint64(me) {
		return 0, ErrNotShown
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.index.Excluded(uint64(me), o.ID) {
		return data.AttendeeID(o.ID), nil
	}
	if slices.ContainsFunc(d.index.Suggest(uint64(me), 50), func(sg matcher.Suggestion) bool { return sg.ID == o.ID }) {
		return data.AttendeeID(o.ID), nil
	}
	if t, ok := d.pic.round.TableOf(me); ok && slices.Contains(t.Members, data.AttendeeID(o.ID)) {
		return data.AttendeeID(o.ID), nil
	}
	return 0, ErrNotShown
}

// boardIntroOf renders i for the board, or reports false when either
// person did not consent to the board; d.mu is held.
func (d *Day) boardIntroOf(i data.Introduction) (BoardIntro, bool) {
	a, b := d.pic.people[i.A], d.pic.people[i.B]
	if !a.Board || !b.Board {
		return BoardIntro{}, false
	}
	bi := BoardIntro{Seq: i.Seq, A: a.Display, B: b.Display}
	if len(i.Reasons) > 0 {
		bi.Topic = &Text{FR: d.model.Label(i.Reasons[0], "fr"), EN: d.model.Label(i.Reasons[0], "en")}
	}
	return bi, true
}
