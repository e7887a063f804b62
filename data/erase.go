package data

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// DeleteAttendee removes one person everywhere the store knows them: the
// attendee record, the email index, their current badge code, ticket code
// and phone secret, their seats in rounds, their check-ins and presence, the scan nonces whose
// recorded outcome names them, every introduction they are part of, their
// asks and their place among the recipients of others' asks, and their
// closed pairs. Their directory sheet is part of the attendee record.
//
// The attendee ID is never reused (the bucket sequence is not rewound).
//
// Deleted bbolt pages keep their bytes until reused: run Store.Compact (or
// CompactFile on a closed file) so the erased data is really gone from it.
// Erasing an unknown ID returns an error wrapping ErrNotFound.
func (t *Tx) DeleteAttendee(id AttendeeID) error {
	a, err := t.Attendee(id)
	if err != nil {
		return err
	}
	key := itob(uint64(id))
	if err := t.tx.Bucket(bucketAttendees).Delete(key); err != nil {
		return err
	}
	if err := removeEmailID(t.tx.Bucket(bucketEmails), NormalEmail(a.Email), uint64(id)); err != nil {
		return err
	}
	if err := t.DeleteSecretsOf(uint64(id), BadgeCode, TicketCode, PhoneLink); err != nil {
		return err
	}
	if err := t.RemoveFromRounds(id); err != nil {
		return err
	}
	nonces := map[string]bool{}
	err = deleteWhere(t.tx.Bucket(bucketCheckIns), func(v []byte) (bool, error) {
		var c CheckIn
		if err := json.Unmarshal(v, &c); err != nil {
			return false, err
		}
		if c.AttendeeID == id && c.Nonce != "" {
			nonces[c.Nonce] = true
		}
		return c.AttendeeID == id, nil
	})
	if err != nil {
		return fmt.Errorf("erase check-ins: %w", err)
	}
	if err := t.tx.Bucket(bucketPresence).Delete(key); err != nil {
		return err
	}
	err = deleteWhereKV(t.tx.Bucket(bucketNonces), func(k, v []byte) (bool, error) {
		return nonces[string(k)] || outcomeNames(v, id), nil
	})
	if err != nil {
		return fmt.Errorf("erase nonces: %w", err)
	}
	err = deleteWhere(t.tx.Bucket(bucketIntroductions), func(v []byte) (bool, error) {
		var i Introduction
		if err := json.Unmarshal(v, &i); err != nil {
			return false, err
		}
		return i.A == id || i.B == id, nil
	})
	if err != nil {
		return fmt.Errorf("erase introductions: %w", err)
	}
	if err := t.deleteAsksOf(id); err != nil {
		return fmt.Errorf("erase asks: %w", err)
	}
	if ledger := t.tx.Bucket(bucketPairs); ledger != nil {
		err = deleteWhereKV(ledger, func(k, _ []byte) (bool, error) {
			return len(k) == 16 && (btoi(k[:8]) == uint64(id) || btoi(k[8:]) == uint64(id)), nil
		})
		if err != nil {
			return fmt.Errorf("erase closed pairs: %w", err)
		}
	}
	return nil
}

// DeleteAttendeesByEmail erases, as DeleteAttendee does, everyone
// registered with this email (several people may share one) and returns
// who was erased. None is an error wrapping ErrNotFound.
func (t *Tx) DeleteAttendeesByEmail(email string) ([]Attendee, error) {
	as, err := t.AttendeesByEmail(email)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if err := t.DeleteAttendee(a.ID); err != nil {
			return nil, err
		}
	}
	return as, nil
}

// outcomeNames reports whether a stored scan outcome names attendee id. The
// outcome format belongs to the checkin package; data only relies on its
// top-level "attendee_id" field. An outcome that is not a JSON object is kept.
func outcomeNames(raw []byte, id AttendeeID) bool {
	if !bytes.Contains(raw, []byte(`"attendee_id"`)) {
		return false
	}
	var o struct {
		Attendee AttendeeID `json:"attendee_id"`
	}
	return json.Unmarshal(raw, &o) == nil && o.Attendee == id
}

// deleteWhere deletes every key of b whose value matches.
func deleteWhere(b bucketLike, match func(v []byte) (bool, error)) error {
	return deleteWhereKV(b, func(_, v []byte) (bool, error) { return match(v) })
}

// deleteWhereKV collects the matching keys first, then deletes them: bbolt
// cursors must not be mutated while ForEach walks them.
func deleteWhereKV(b bucketLike, match func(k, v []byte) (bool, error)) error {
	var doomed [][]byte
	err := b.ForEach(func(k, v []byte) error {
		ok, err := match(k, v)
		if ok {
			doomed = append(doomed, append([]byte(nil), k...))
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, k := range doomed {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// bucketLike is the part of *bolt.Bucket the erasure helpers use.
type bucketLike interface {
	ForEach(func(k, v []byte) error) error
	Delete(key []byte) error
}
