package data

import (
	"bytes"
	"time"

	bolt "go.etcd.io/bbolt"
)

var bucketIntroductions = []byte("introductions") // seq (8 bytes BE) → Introduction JSON

// IntroKind says what happened between two attendees.
type IntroKind string

// Kinds of introduction.
const (
	Suggested IntroKind = "suggested" // the matcher put them in touch (pushed, or paired in a round)
	Met       IntroKind = "met"       // one of them said "we met"
	Declined  IntroKind = "declined"  // A said "not for me" about B
)

// Introduction is one link between two attendees. A is the one who acted
// (for met and declined) or the first member of a pair.
type Introduction struct {
	Seq     uint64     `json:"seq"`
	A       AttendeeID `json:"a"`
	B       AttendeeID `json:"b"`
	Kind    IntroKind  `json:"kind"`
	At      time.Time  `json:"at"`
	Round   int        `json:"round,omitempty"`   // round number, 0 outside rounds
	Reasons []string   `json:"reasons,omitempty"` // concept keys, for the board feed
}

// AppendIntroduction appends i to the introduction log (setting i.Seq); a
// met or declined one also closes its pair (see PairClosed). It does not
// refuse a pair already closed: callers that must log it once ask
// PairClosed first, in the same transaction.
func (t *Tx) AppendIntroduction(i *Introduction) error {
	if i.Kind.closes() {
		ledger, err := t.pairs()
		if err != nil {
			return err
		}
		if err := ledger.Put(closedPairKey(i.A, i.B), []byte(i.Kind)); err != nil {
			return err
		}
	}
	b := t.tx.Bucket(bucketIntroductions)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	i.Seq = seq
	return putJSON(b, itob(seq), i)
}

// ForEachIntroduction calls fn for every introduction in order.
func (t *Tx) ForEachIntroduction(fn func(Introduction) error) error {
	return eachJSON(t.tx.Bucket(bucketIntroductions), nil, fn)
}

// bucketPairs is the ledger of closed pairs: min ID | max ID (8 bytes BE
// each) → the IntroKind that closed the pair. It is created by the first
// write that needs it and filled from the log then, so files written
// before it existed need no migration; CompactFile copies it like any
// bucket, and erasure removes a person's pairs.
var bucketPairs = []byte("closed_pairs")

// closes reports whether an introduction of kind k closes its pair: after
// "we met" or "not for me" the two are never put in touch again.
func (k IntroKind) closes() bool { return k == Met || k == Declined }

func closedPairKey(a, b AttendeeID) []byte {
	if a > b {
		a, b = b, a
	}
	return append(itob(uint64(a)), itob(uint64(b))...)
}

// pairs returns the closed-pairs ledger, creating and filling it from the
// log in a write transaction; in a read transaction of a file that has no
// ledger yet it returns nil.
func (t *Tx) pairs() (*bolt.Bucket, error) {
	if b := t.tx.Bucket(bucketPairs); b != nil || !t.tx.Writable() {
		return b, nil
	}
	b, err := t.tx.CreateBucket(bucketPairs)
	if err != nil {
		return nil, err
	}
	err = t.ForEachIntroduction(func(i Introduction) error {
		if !i.Kind.closes() {
			return nil
		}
		return b.Put(closedPairKey(i.A, i.B), []byte(i.Kind))
	})
	return b, err
}

// PairClosed reports whether a and b already have a "we met" or "not for
// me" introduction, in either direction. Called in the write transaction
// that would log one, it is the duplicate check that makes two phones
// tapping at once log a single introduction.
func (t *Tx) PairClosed(a, b AttendeeID) (bool, error) {
	ledger, err := t.pairs()
	if err != nil {
		return false, err
	}
	if ledger != nil {
		return ledger.Get(closedPairKey(a, b)) != nil, nil
	}
	key, closed := closedPairKey(a, b), false // an old file, read-only: the log says
	err = t.ForEachIntroduction(func(i Introduction) error {
		closed = closed || i.Kind.closes() && bytes.Equal(closedPairKey(i.A, i.B), key)
		return nil
	})
	return closed, err
}
