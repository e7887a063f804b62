package data

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// RoundKind says how a round seats people.
type RoundKind string

// Kinds of round.
const (
	PairRound  RoundKind = "pairs"  // 1:1 introductions (a trio when the count is odd)
	GroupRound RoundKind = "groups" // small groups, one host per table where hosts exist
)

// Round is one networking round: who sits at which table, from StartedAt to
// EndsAt, unless stopped earlier (StoppedAt). Rounds are numbered from 1.
type Round struct {
	Number    int       `json:"number"`
	Kind      RoundKind `json:"kind"`
	StartedAt time.Time `json:"started_at"`
	EndsAt    time.Time `json:"ends_at"`
	StoppedAt time.Time `json:"stopped_at,omitzero"`
	Tables    []Table   `json:"tables"`
}

// Table is one pair or group of a round. Host is 0 when nobody hosts it.
type Table struct {
	Number  int          `json:"number"`
	Members []AttendeeID `json:"members"`
	Host    AttendeeID   `json:"host,omitempty"`
}

// Running reports whether the round is on at now: started, not stopped,
// not over.
func (r Round) Running(now time.Time) bool {
	return r.Number > 0 && r.StoppedAt.IsZero() && now.Before(r.EndsAt)
}

// TableOf returns the table of id in the round.
func (r Round) TableOf(id AttendeeID) (Table, bool) {
	for _, t := range r.Tables {
		for _, m := range t.Members {
			if m == id {
				return t, true
			}
		}
	}
	return Table{}, false
}

// Rounds live in the meta bucket under "round:" + number (8 bytes BE), so
// they need no bucket of their own and sort by number.
var roundPrefix = []byte("round:")

func roundKey(n int) []byte { return append(append([]byte(nil), roundPrefix...), itob(uint64(n))...) }

// PutRound stores a round. Number 0 makes a new round numbered after the
// last one (r is updated in place); another number replaces that round.
func (t *Tx) PutRound(r *Round) error {
	if r.Number == 0 {
		last, ok, err := t.LastRound()
		if err != nil {
			return err
		}
		r.Number = 1
		if ok {
			r.Number = last.Number + 1
		}
	}
	if r.Number < 0 {
		return fmt.Errorf("round number %d", r.Number)
	}
	return putJSON(t.tx.Bucket(bucketMeta), roundKey(r.Number), r)
}

// Round returns round n.
func (t *Tx) Round(n int) (Round, error) {
	var r Round
	ok, err := getJSON(t.tx.Bucket(bucketMeta), roundKey(n), &r)
	if err == nil && !ok {
		err = fmt.Errorf("round %d: %w", n, ErrNotFound)
	}
	return r, err
}

// LastRound returns the round with the highest number; ok is false when no
// round was ever started.
func (t *Tx) LastRound() (r Round, ok bool, err error) {
	c := t.tx.Bucket(bucketMeta).Cursor()
	k, _ := c.Seek(roundKey(1 << 62))
	var v []byte
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, roundPrefix) {
		return r, false, nil
	}
	return r, true, json.Unmarshal(v, &r)
}

// ForEachRound calls fn for every round in number order.
func (t *Tx) ForEachRound(fn func(Round) error) error {
	return eachJSON(t.tx.Bucket(bucketMeta), roundPrefix, fn)
}

// RemoveFromRounds takes id out of every round's tables (erasure: a round
// must not keep a link to an erased person). Call it in the transaction
// that deletes the attendee.
func (t *Tx) RemoveFromRounds(id AttendeeID) error {
	var changed []Round
	err := t.ForEachRound(func(r Round) error {
		hit := false
		for i, tb := range r.Tables {
			kept := tb.Members[:0:0]
			for _, m := range tb.Members {
				if m != id {
					kept = append(kept, m)
				}
			}
			if len(kept) != len(tb.Members) || tb.Host == id {
				hit = true
				r.Tables[i].Members = kept
				if tb.Host == id {
					r.Tables[i].Host = 0
				}
			}
		}
		if hit {
			changed = append(changed, r)
		}
		return nil
	})
	for i := range changed {
		if err == nil {
			err = t.PutRound(&changed[i])
		}
	}
	return err
}

// deleteRounds removes every round record.
func (t *Tx) deleteRounds() error {
	c := t.tx.Bucket(bucketMeta).Cursor()
	for k, _ := c.Seek(roundPrefix); k != nil && bytes.HasPrefix(k, roundPrefix); k, _ = c.Seek(roundPrefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}
