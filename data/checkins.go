package data

import (
	"fmt"
)

// Presence returns where an attendee stands; ok is false before their first scan.
func (t *Tx) Presence(id AttendeeID) (Presence, bool, error) {
	var p Presence
	ok, err := getJSON(t.tx.Bucket(bucketPresence), itob(uint64(id)), &p)
	return p, ok, err
}

// AppendCheckIn appends c to the check-in log (setting c.Seq) and updates
// the attendee's presence accordingly.
func (t *Tx) AppendCheckIn(c *CheckIn) error {
	log := t.tx.Bucket(bucketCheckIns)
	seq, err := log.NextSequence()
	if err != nil {
		return err
	}
	c.Seq = seq
	if err := putJSON(log, itob(seq), c); err != nil {
		return err
	}
	p, _, err := t.Presence(c.AttendeeID)
	if err != nil {
		return err
	}
	p.AttendeeID = c.AttendeeID
	p.LastAt = c.At
	switch c.Direction {
	case In:
		if p.Entries == 0 {
			p.FirstIn, p.FirstGate = c.At, c.Gate
		}
		p.Entries++
		p.Inside = true
	case Out:
		p.Inside = false
	default:
		return fmt.Errorf("check-in direction %q", c.Direction)
	}
	return putJSON(t.tx.Bucket(bucketPresence), itob(uint64(c.AttendeeID)), p)
}

// ForEachCheckIn calls fn for every check-in in commit order.
func (t *Tx) ForEachCheckIn(fn func(CheckIn) error) error {
	return eachJSON(t.tx.Bucket(bucketCheckIns), nil, fn)
}

// ForEachPresence calls fn for every attendee who has scanned at least once.
func (t *Tx) ForEachPresence(fn func(Presence) error) error {
	return eachJSON(t.tx.Bucket(bucketPresence), nil, fn)
}

// CountCheckIns is the length of the check-in log.
func (t *Tx) CountCheckIns() int { return t.tx.Bucket(bucketCheckIns).Stats().KeyN }

// Nonce returns the outcome recorded for a request nonce, if any. Kiosks
// send a fresh nonce per scan and the same nonce on every retry of it.
func (t *Tx) Nonce(nonce string) ([]byte, bool) {
	v := t.tx.Bucket(bucketNonces).Get([]byte(nonce))
	if v == nil {
		return nil, false
	}
	return append([]byte(nil), v...), true
}

// PutNonce records the outcome of a request nonce.
func (t *Tx) PutNonce(nonce string, outcome []byte) error {
	return t.tx.Bucket(bucketNonces).Put([]byte(nonce), outcome)
}
