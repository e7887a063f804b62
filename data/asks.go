package data

import (
	"encoding/json"
	"slices"
	"time"
)

// bucketAsks holds the asks wall: id (8 bytes BE) → Ask JSON. It is
// created by the first ask (files written before it need no migration);
// CompactFile copies it like any bucket, and erasure removes a person's
// asks and their place among the recipients of others'.
var bucketAsks = []byte("asks")

// Ask is one short request posted on the asks wall ("Je cherche un local à
// Bruxelles pour 3 mois"). It is open until ExpiresAt (the end of the
// event's day), unless its author closed it (ClosedAt) or an organiser
// hid it (Hidden). To are the people it was pushed to, as matched when it
// was posted, with why each can answer.
type Ask struct {
	ID       uint64     `json:"id"`
	Author   AttendeeID `json:"author"`
	Text     string     `json:"text"`
	Board    bool       `json:"board"` // the author allows the public board to show it
	At       time.Time  `json:"at"`
	Expires  time.Time  `json:"expires"`
	ClosedAt time.Time  `json:"closed_at,omitzero"`
	Hidden   bool       `json:"hidden,omitempty"`
	To       []AskTo    `json:"to,omitempty"`
}

// AskTo is one person an ask was pushed to, with why they can answer it
// in French and English ("vous proposez les locaux professionnels").
type AskTo struct {
	ID AttendeeID `json:"id"`
	FR string     `json:"fr,omitempty"`
	EN string     `json:"en,omitempty"`
}

// Open reports whether the ask is still on the wall at now.
func (a Ask) Open(now time.Time) bool {
	return a.ID != 0 && !a.Hidden && a.ClosedAt.IsZero() && now.Before(a.Expires)
}

// PutAsk stores an ask. ID 0 makes a new ask (a.ID is set); another ID
// replaces that ask.
func (t *Tx) PutAsk(a *Ask) error {
	return putByID(t, bucketAsks, &a.ID, a, "")
}

// Ask returns one ask; an unknown ID is an error wrapping ErrNotFound.
func (t *Tx) Ask(id uint64) (Ask, error) {
	return getByID[Ask](t.tx.Bucket(bucketAsks), id, "ask")
}

// ForEachAsk calls fn for every ask, oldest first, until fn returns an
// error.
func (t *Tx) ForEachAsk(fn func(Ask) error) error {
	return eachJSON(t.tx.Bucket(bucketAsks), nil, fn)
}

// deleteAsksOf removes id's asks and takes id off the recipients of the
// others' (part of DeleteAttendee).
func (t *Tx) deleteAsksOf(id AttendeeID) error {
	b := t.tx.Bucket(bucketAsks)
	if b == nil {
		return nil
	}
	var rewrite []Ask
	err := deleteWhere(b, func(v []byte) (bool, error) {
		var a Ask
		if err := json.Unmarshal(v, &a); err != nil {
			return false, err
		}
		if a.Author == id {
			return true, nil
		}
		if slices.ContainsFunc(a.To, func(to AskTo) bool { return to.ID == id }) {
			a.To = slices.DeleteFunc(a.To, func(to AskTo) bool { return to.ID == id })
			rewrite = append(rewrite, a)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, a := range rewrite {
		if err := putJSON(b, itob(a.ID), a); err != nil {
			return err
		}
	}
	return nil
}
