package data

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Tx is a store transaction with domain methods. It is valid only inside the
// function it was given to; read-only transactions reject writes.
type Tx struct {
	tx *bolt.Tx
	s  *Store
}

// SecretKind separates the namespaces of the secrets index.
type SecretKind byte

// The kinds of secret the index maps to an attendee or a kiosk.
const (
	BadgeCode  SecretKind = 'b' // our badge code
	TicketCode SecretKind = 't' // an imported ticketing barcode
	PhoneLink  SecretKind = 'p' // the phone page secret
	KioskKey   SecretKind = 'k' // a kiosk device key (maps to a kiosk id)
)

// SecretState says whether a secret still opens its door.
type SecretState byte

// States of a secret.
const (
	Active  SecretState = 'a'
	Revoked SecretState = 'r'
)

func secretKey(kind SecretKind, secret string) []byte {
	h := sha256.New()
	h.Write([]byte{byte(kind), '|'})
	h.Write([]byte(secret))
	return h.Sum(nil)
}

// LookupSecret finds the owner of a secret. ok is false when the secret was
// never issued. The lookup key is a hash of the secret; callers that need to
// compare the secret itself must do so in constant time.
func (t *Tx) LookupSecret(kind SecretKind, secret string) (id uint64, state SecretState, ok bool) {
	raw := t.tx.Bucket(bucketSecrets).Get(secretKey(kind, secret))
	if len(raw) < 9 {
		return 0, 0, false
	}
	return btoi(raw[:8]), SecretState(raw[8]), true
}

// PutSecret maps a secret to its owner with a state. Putting an active
// secret that belongs to someone else returns ErrDuplicate.
func (t *Tx) PutSecret(kind SecretKind, secret string, id uint64, state SecretState) error {
	if secret == "" {
		return nil
	}
	if old, _, ok := t.LookupSecret(kind, secret); ok && old != id {
		return fmt.Errorf("%c secret: %w", kind, ErrDuplicate)
	}
	return t.tx.Bucket(bucketSecrets).Put(secretKey(kind, secret), append(itob(id), byte(state), byte(kind)))
}

// DeleteSecretsOf removes every secret of the given kinds that maps to id,
// revoked ones included (the index value carries the kind, so an attendee's
// old badge codes are found without knowing them).
func (t *Tx) DeleteSecretsOf(id uint64, kinds ...SecretKind) error {
	c := t.tx.Bucket(bucketSecrets).Cursor()
	for k, v := c.First(); k != nil; {
		if len(v) == 10 && btoi(v[:8]) == id && slices.Contains(kinds, SecretKind(v[9])) {
			if err := c.Delete(); err != nil {
				return err
			}
			k, v = c.Seek(k) // Delete moves the cursor; Seek lands on the next key
			continue
		}
		k, v = c.Next()
	}
	return nil
}

// DeleteSecret removes a secret from the index.
func (t *Tx) DeleteSecret(kind SecretKind, secret string) error {
	if secret == "" {
		return nil
	}
	return t.tx.Bucket(bucketSecrets).Delete(secretKey(kind, secret))
}

// Attendee returns one attendee.
func (t *Tx) Attendee(id AttendeeID) (Attendee, error) {
	var a Attendee
	ok, err := getJSON(t.tx.Bucket(bucketAttendees), itob(uint64(id)), &a)
	if err != nil {
		return a, err
	}
	if !ok {
		return a, fmt.Errorf("attendee %d: %w", id, ErrNotFound)
	}
	return a, nil
}

// NormalEmail is the form emails are indexed and compared in.
func NormalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// AttendeeByEmail finds an attendee by email, case-insensitively.
func (t *Tx) AttendeeByEmail(email string) (Attendee, error) {
	raw := t.tx.Bucket(bucketEmails).Get([]byte(NormalEmail(email)))
	if raw == nil {
		return Attendee{}, fmt.Errorf("email %q: %w", email, ErrNotFound)
	}
	return t.Attendee(AttendeeID(btoi(raw)))
}

// PutAttendee creates (ID 0) or replaces an attendee and keeps the email and
// secret indexes in step: a changed badge code revokes the old one, a changed
// phone secret or ticket code removes the old one. New attendees get a badge
// code and a phone secret from the store's CodeSource when they have none.
// The attendee is updated in place (ID, codes, timestamps).
func (t *Tx) PutAttendee(a *Attendee) error {
	b := t.tx.Bucket(bucketAttendees)
	now := t.s.now()
	var old Attendee
	if a.ID == 0 {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		a.ID = AttendeeID(seq)
		a.CreatedAt = now
	} else {
		var err error
		if old, err = t.Attendee(a.ID); err != nil {
			return err
		}
		a.CreatedAt = old.CreatedAt
	}
	a.UpdatedAt = now
	if err := t.fillCodes(a); err != nil {
		return err
	}
	id := uint64(a.ID)
	if e := NormalEmail(a.Email); e != NormalEmail(old.Email) {
		emails := t.tx.Bucket(bucketEmails)
		if e != "" {
			if other := emails.Get([]byte(e)); other != nil && btoi(other) != id {
				return fmt.Errorf("email %q: %w", a.Email, ErrDuplicate)
			}
			if err := emails.Put([]byte(e), itob(id)); err != nil {
				return err
			}
		}
		if old.Email != "" {
			if err := emails.Delete([]byte(NormalEmail(old.Email))); err != nil {
				return err
			}
		}
	}
	if old.BadgeCode != "" && old.BadgeCode != a.BadgeCode {
		if err := t.PutSecret(BadgeCode, old.BadgeCode, id, Revoked); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		kind     SecretKind
		old, new string
	}{{TicketCode, old.TicketCode, a.TicketCode}, {PhoneLink, old.Secret, a.Secret}} {
		if s.old != "" && s.old != s.new {
			if err := t.DeleteSecret(s.kind, s.old); err != nil {
				return err
			}
		}
	}
	for kind, secret := range map[SecretKind]string{BadgeCode: a.BadgeCode, TicketCode: a.TicketCode, PhoneLink: a.Secret} {
		if err := t.PutSecret(kind, secret, id, Active); err != nil {
			return err
		}
	}
	return putJSON(b, itob(id), a)
}

func (t *Tx) fillCodes(a *Attendee) error {
	if a.BadgeCode != "" && a.Secret != "" {
		return nil
	}
	if t.s.codes == nil {
		return errNoCodes
	}
	var err error
	if a.BadgeCode == "" {
		if a.BadgeCode, err = t.s.codes.NewCode(); err != nil {
			return err
		}
	}
	if a.Secret == "" {
		a.Secret, err = t.s.codes.NewSecret()
	}
	return err
}

// ForEachAttendee calls fn for every attendee in ID order until fn returns
// an error.
func (t *Tx) ForEachAttendee(fn func(Attendee) error) error {
	return eachJSON(t.tx.Bucket(bucketAttendees), nil, fn)
}

// CountAttendees is the number of registered attendees.
func (t *Tx) CountAttendees() int { return t.tx.Bucket(bucketAttendees).Stats().KeyN }

// Event returns the event; a new file has an empty one.
func (t *Tx) Event() (Event, error) {
	var e Event
	_, err := getJSON(t.tx.Bucket(bucketMeta), []byte("event"), &e)
	return e, err
}

// PutEvent replaces the event description and settings.
func (t *Tx) PutEvent(e Event) error { return putJSON(t.tx.Bucket(bucketMeta), []byte("event"), e) }

// Meta reads a raw setting from the meta bucket (nil if unset).
func (t *Tx) Meta(key string) []byte {
	v := t.tx.Bucket(bucketMeta).Get([]byte(key))
	return append([]byte(nil), v...)
}

// PutMeta writes a raw setting to the meta bucket.
func (t *Tx) PutMeta(key string, value []byte) error {
	return t.tx.Bucket(bucketMeta).Put([]byte(key), value)
}
