package data

import (
	"bytes"
	"fmt"
	"time"
)

// bucketConfirmations holds the skills confirmed by peers: from | to (8
// bytes BE each) → Confirmation JSON, one per pair and direction. It is
// created by the first confirmation (files written before it need no
// migration); CompactFile copies it like any bucket, erasure removes every
// confirmation a person gave or received, and a purge drops it whole.
var bucketConfirmations = []byte("confirmations")

// Confirmation is what From said, after meeting To, that To helped them
// with: one of To's offers as written (Offer), or nothing ("not really",
// Offer empty). Each person says it once per person met and may change
// it: a new word replaces the old one. Screens show counts only, never
// who said what.
type Confirmation struct {
	From  AttendeeID `json:"from"`
	To    AttendeeID `json:"to"`
	Offer string     `json:"offer,omitempty"`
	At    time.Time  `json:"at"`
}

func confirmationKey(from, to AttendeeID) []byte {
	return append(itob(uint64(from)), itob(uint64(to))...)
}

// PutConfirmation stores c, replacing what c.From said earlier about
// c.To. The caller checks that the two met (PairMet) and that the offer is
// one of To's, in the same transaction.
func (t *Tx) PutConfirmation(c Confirmation) error {
	if c.From == 0 || c.To == 0 || c.From == c.To {
		return fmt.Errorf("confirmation from %d to %d: two different people are needed", c.From, c.To)
	}
	b, err := t.tx.CreateBucketIfNotExists(bucketConfirmations)
	if err != nil {
		return err
	}
	return putJSON(b, confirmationKey(c.From, c.To), c)
}

// Confirmation returns what from said about to; ok is false when they
// said nothing yet.
func (t *Tx) Confirmation(from, to AttendeeID) (c Confirmation, ok bool, err error) {
	b := t.tx.Bucket(bucketConfirmations)
	if b == nil {
		return c, false, nil
	}
	ok, err = getJSON(b, confirmationKey(from, to), &c)
	return c, ok, err
}

// ForEachConfirmation calls fn for every confirmation, by giver then
// receiver, until fn returns an error.
func (t *Tx) ForEachConfirmation(fn func(Confirmation) error) error {
	return eachJSON(t.tx.Bucket(bucketConfirmations), nil, fn)
}

// PairMet reports whether a and b said "we met" (either of them): the
// closed-pairs ledger holds the kind that closed the pair. A read
// transaction of a file without a ledger reads the log.
func (t *Tx) PairMet(a, b AttendeeID) (bool, error) {
	ledger, err := t.pairs()
	if err != nil {
		return false, err
	}
	key := closedPairKey(a, b)
	if ledger != nil {
		return IntroKind(ledger.Get(key)) == Met, nil
	}
	met := false
	err = t.ForEachIntroduction(func(i Introduction) error {
		met = met || i.Kind == Met && bytes.Equal(closedPairKey(i.A, i.B), key)
		return nil
	})
	return met, err
}

// deleteConfirmationsOf removes every confirmation id gave or received
// (part of DeleteAttendee).
func (t *Tx) deleteConfirmationsOf(id AttendeeID) error {
	b := t.tx.Bucket(bucketConfirmations)
	if b == nil {
		return nil
	}
	return deleteWhereKV(b, func(k, _ []byte) (bool, error) {
		return len(k) == 16 && (btoi(k[:8]) == uint64(id) || btoi(k[8:]) == uint64(id)), nil
	})
}
