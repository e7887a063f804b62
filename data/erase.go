package data

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// DeleteAttendee removes one person everywhere the store knows them: the
// attendee record, the email index, their current badge code, ticket code
// and phone secret, their seats in rounds, their check-ins and presence, the scan nonces whose
// recorded outcome names them, every introduction they are part of, their
// asks and their place among the recipients of others' asks, their place
// in the groups formed before the day (member or leader), their
// attendance at sessions, their closed pairs, and the skills they
// confirmed or had confirmed by peers (confirmations.go). Their directory
// sheet is part of the attendee record.
//
// The attendee ID is never reused (the bucket sequence is not rewound).
//
// Deleted bbolt pages keep their bytes until reused: the transaction marks
// the file, and Store.Scrub (or CompactFile on a closed file) wipes them
// (see Scrub). Erasing an unknown ID returns an error wrapping ErrNotFound.
// Store.Erase does the same without holding the writer for the search.
func (t *Tx) DeleteAttendee(id AttendeeID) error {
	var plan erasePlan
	if err := t.planErase(id, &plan); err != nil {
		return err
	}
	return t.erase(id, &plan)
}

// Erase is DeleteAttendee on the open store in two steps, so that the
// scans' commits do not wait while the logs are searched: a read
// transaction finds every key that names the person (erasePlan), then
// one write transaction deletes them, after searching only what was
// written since: the check-ins and introductions appended since (their
// keys follow the log's order), the nonces (unordered, walked whole but
// decoded only when they mention the ID), and, if the person's record
// changed meanwhile (a badge reissued), everything again.
func (s *Store) Erase(id AttendeeID) error {
	var plan erasePlan
	if err := s.View(func(tx *Tx) error { return tx.planErase(id, &plan) }); err != nil {
		return err
	}
	return s.Update(func(tx *Tx) error {
		p := plan // a retried transaction starts from the read's plan
		return tx.erase(id, &p)
	})
}

// erasePlan is the keys that name one person, found up to a point of the
// logs: check-ins and introductions up to their sequence numbers, and the
// secrets of the record as it was then.
type erasePlan struct {
	record                 []byte // the attendee's record when planned
	secrets, checkIns      [][]byte
	intros, pairs          [][]byte
	nonces                 map[string]bool // nonces of their check-ins
	lastCheckIn, lastIntro uint64
}

// planErase fills plan with the keys naming id, searching the check-ins
// and introductions after plan's marks (all of them the first time) and,
// unless plan already holds them for the same record, the secrets and
// closed pairs.
func (t *Tx) planErase(id AttendeeID, plan *erasePlan) error {
	raw := t.tx.Bucket(bucketAttendees).Get(itob(uint64(id)))
	if raw == nil {
		return fmt.Errorf("attendee %d: %w", id, ErrNotFound)
	}
	if plan.record == nil || !bytes.Equal(plan.record, raw) {
		*plan = erasePlan{record: bytes.Clone(raw)}
		err := t.tx.Bucket(bucketSecrets).ForEach(func(k, v []byte) error {
			if len(v) == 10 && btoi(v[:8]) == uint64(id) && SecretKind(v[9]) != KioskKey {
				plan.secrets = append(plan.secrets, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		if ledger := t.tx.Bucket(bucketPairs); ledger != nil {
			ledger.ForEach(func(k, _ []byte) error {
				if len(k) == 16 && (btoi(k[:8]) == uint64(id) || btoi(k[8:]) == uint64(id)) {
					plan.pairs = append(plan.pairs, bytes.Clone(k))
				}
				return nil
			})
		}
	}
	if plan.nonces == nil {
		plan.nonces = map[string]bool{}
	}
	checkIns := t.tx.Bucket(bucketCheckIns)
	err := eachFrom(checkIns, plan.lastCheckIn, func(k, v []byte) error {
		if !mentions(v, id) {
			return nil
		}
		var c CheckIn
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("erase check-ins: %w", err)
		}
		if c.AttendeeID == id {
			plan.checkIns = append(plan.checkIns, bytes.Clone(k))
			if c.Nonce != "" {
				plan.nonces[c.Nonce] = true
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	plan.lastCheckIn = checkIns.Sequence()
	intros := t.tx.Bucket(bucketIntroductions)
	err = eachFrom(intros, plan.lastIntro, func(k, v []byte) error {
		if !mentions(v, id) {
			return nil
		}
		var i Introduction
		if err := json.Unmarshal(v, &i); err != nil {
			return fmt.Errorf("erase introductions: %w", err)
		}
		if i.A == id || i.B == id {
			plan.intros = append(plan.intros, bytes.Clone(k))
			plan.pairs = append(plan.pairs, closedPairKey(i.A, i.B))
		}
		return nil
	})
	plan.lastIntro = intros.Sequence()
	return err
}

// erase completes plan with what was written since (see Store.Erase) and
// deletes it all.
func (t *Tx) erase(id AttendeeID, plan *erasePlan) error {
	if err := t.planErase(id, plan); err != nil {
		return err
	}
	var a Attendee
	if err := json.Unmarshal(plan.record, &a); err != nil {
		return err
	}
	if err := t.markScrub(); err != nil {
		return err
	}
	key := itob(uint64(id))
	if err := t.tx.Bucket(bucketAttendees).Delete(key); err != nil {
		return err
	}
	if err := removeEmailID(t.tx.Bucket(bucketEmails), NormalEmail(a.Email), uint64(id)); err != nil {
		return err
	}
	if err := t.RemoveFromRounds(id); err != nil {
		return err
	}
	if err := t.tx.Bucket(bucketPresence).Delete(key); err != nil {
		return err
	}
	for _, del := range []struct {
		bucket []byte
		keys   [][]byte
	}{{bucketSecrets, plan.secrets}, {bucketCheckIns, plan.checkIns}, {bucketIntroductions, plan.intros}, {bucketPairs, plan.pairs}} {
		b := t.tx.Bucket(del.bucket)
		if b == nil {
			continue // no closed pairs yet
		}
		for _, k := range del.keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	err := deleteWhereKV(t.tx.Bucket(bucketNonces), func(k, v []byte) (bool, error) {
		return plan.nonces[string(k)] || outcomeNames(v, id), nil
	})
	if err != nil {
		return fmt.Errorf("erase nonces: %w", err)
	}
	if err := t.deleteAsksOf(id); err != nil {
		return fmt.Errorf("erase asks: %w", err)
	}
	if err := t.removeFromGroups(id); err != nil {
		return fmt.Errorf("erase groups: %w", err)
	}
	if err := t.deleteConfirmationsOf(id); err != nil {
		return fmt.Errorf("erase confirmations: %w", err)
	}
	if err := t.deleteAttendanceOf(id); err != nil {
		return fmt.Errorf("erase attendance: %w", err)
	}
	return nil
}

// eachFrom calls fn for every key of a log bucket after sequence number
// after, in order.
func eachFrom(b *bolt.Bucket, after uint64, fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.Seek(itob(after + 1)); k != nil; k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
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
	if !bytes.Contains(raw, []byte(`"attendee_id"`)) || !mentions(raw, id) {
		return false
	}
	var o struct {
		Attendee AttendeeID `json:"attendee_id"`
	}
	return json.Unmarshal(raw, &o) == nil && o.Attendee == id
}

// mentions reports whether the JSON document raw may hold id as a number
// value: its digits right after a colon and before a comma, a brace or a
// space. It is a quick necessary test; the caller decodes to be sure.
func mentions(raw []byte, id AttendeeID) bool {
	digits := strconv.AppendUint([]byte{':'}, uint64(id), 10)
	for rest := raw; ; {
		i := bytes.Index(rest, digits)
		if i < 0 {
			return false
		}
		rest = rest[i+len(digits):]
		if len(rest) == 0 || rest[0] == ',' || rest[0] == '}' || rest[0] == ' ' {
			return true
		}
	}
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
