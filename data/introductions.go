package data

import (
	"encoding/json"
	"time"
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

// AppendIntroduction appends i to the introduction log (setting i.Seq).
func (t *Tx) AppendIntroduction(i *Introduction) error {
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
	return t.tx.Bucket(bucketIntroductions).ForEach(func(_, v []byte) error {
		var i Introduction
		if err := json.Unmarshal(v, &i); err != nil {
			return err
		}
		return fn(i)
	})
}
