package data

import (
	"errors"
	"fmt"
)

// ErrNotInside is the error of undoing the entry of someone who is not
// inside: there is no entry to take back.
var ErrNotInside = errors.New("not inside: no entry to undo")

// UndoEntry takes back an attendee's last entry, recorded by mistake (the
// wrong person picked in a name search, a badge lent to a colleague): the
// check-in is removed from the log, not balanced by an exit, so the log
// and every count say what happened. Their presence is recomputed from the
// check-ins that remain: after their only entry they are back to "not
// arrived" (no presence record, as before any scan); after a re-entry they
// are outside, as they were before it. It returns the entry removed and
// the presence now (zero, with Entries 0, for "not arrived").
//
// Someone who is not inside has no entry to undo: ErrNotInside. The scan
// nonce of the removed entry is kept, so a kiosk re-sending that scan from
// its offline queue is answered as before and does not bring the entry
// back behind the organiser's decision.
func (t *Tx) UndoEntry(id AttendeeID) (CheckIn, Presence, error) {
	p, ok, err := t.Presence(id)
	if err != nil {
		return CheckIn{}, Presence{}, err
	}
	if !ok || !p.Inside {
		return CheckIn{}, Presence{}, fmt.Errorf("attendee %d: %w", id, ErrNotInside)
	}
	mine, err := appendWhere(nil, t.ForEachCheckIn, func(c CheckIn) bool { return c.AttendeeID == id })
	if err != nil {
		return CheckIn{}, Presence{}, err
	}
	if len(mine) == 0 || mine[len(mine)-1].Direction != In {
		return CheckIn{}, Presence{}, fmt.Errorf("attendee %d: presence says inside but the log ends without an entry: %w", id, ErrNotInside)
	}
	undone := mine[len(mine)-1]
	if err := t.tx.Bucket(bucketCheckIns).Delete(itob(undone.Seq)); err != nil {
		return CheckIn{}, Presence{}, err
	}
	now := presenceOf(id, mine[:len(mine)-1])
	key := itob(uint64(id))
	if now.Entries == 0 {
		return undone, Presence{AttendeeID: id}, t.tx.Bucket(bucketPresence).Delete(key)
	}
	return undone, now, putJSON(t.tx.Bucket(bucketPresence), key, now)
}

// presenceOf replays one attendee's check-ins, in log order, into their
// presence (what AppendCheckIn maintains one check-in at a time).
func presenceOf(id AttendeeID, cs []CheckIn) Presence {
	p := Presence{AttendeeID: id}
	for _, c := range cs {
		p.LastAt = c.At
		if c.Direction == Out {
			p.Inside = false
			continue
		}
		if p.Entries == 0 {
			p.FirstIn, p.FirstGate = c.At, c.Gate
		}
		p.Entries++
		p.Inside = true
	}
	return p
}
