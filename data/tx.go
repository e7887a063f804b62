package data

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"icebreaker/internal/textfold"
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

// DeleteSecret removes a secret from the index.
func (t *Tx) DeleteSecret(kind SecretKind, secret string) error {
	if secret == "" {
		return nil
	}
	return t.tx.Bucket(bucketSecrets).Delete(secretKey(kind, secret))
}

// Attendee returns one attendee.
func (t *Tx) Attendee(id AttendeeID) (Attendee, error) {
	return getByID[Attendee](t.tx.Bucket(bucketAttendees), uint64(id), "attendee")
}

// NormalEmail is the form emails are indexed and compared in.
func NormalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// AttendeeByEmail finds an attendee by email, case-insensitively. Several
// people may share an address (a couple, an assistant who registered a
// team: see PutAttendee); AttendeeByEmail returns the first registered of
// them, AttendeesByEmail all of them.
func (t *Tx) AttendeeByEmail(email string) (Attendee, error) {
	ids := emailIDs(t.tx.Bucket(bucketEmails).Get([]byte(NormalEmail(email))))
	if len(ids) == 0 {
		return Attendee{}, fmt.Errorf("email %q: %w", email, ErrNotFound)
	}
	return t.Attendee(AttendeeID(ids[0]))
}

// AttendeesByEmail returns everyone registered with this email, in ID
// order; none is an error wrapping ErrNotFound.
func (t *Tx) AttendeesByEmail(email string) ([]Attendee, error) {
	ids := emailIDs(t.tx.Bucket(bucketEmails).Get([]byte(NormalEmail(email))))
	if len(ids) == 0 {
		return nil, fmt.Errorf("email %q: %w", email, ErrNotFound)
	}
	as := make([]Attendee, 0, len(ids))
	for _, id := range ids {
		a, err := t.Attendee(AttendeeID(id))
		if err != nil {
			return nil, err
		}
		as = append(as, a)
	}
	return as, nil
}

// The email index maps a normalised address to the IDs of everyone who
// has it: 8 bytes big-endian each, ascending (one ID, as older files hold,
// is the same format).
func emailIDs(raw []byte) []uint64 {
	ids := make([]uint64, 0, len(raw)/8)
	for ; len(raw) >= 8; raw = raw[8:] {
		ids = append(ids, btoi(raw[:8]))
	}
	return ids
}

func putEmailIDs(b *bolt.Bucket, email string, ids []uint64) error {
	if len(ids) == 0 {
		return b.Delete([]byte(email))
	}
	slices.Sort(ids)
	raw := make([]byte, 0, 8*len(ids))
	for _, id := range slices.Compact(ids) {
		raw = binary.BigEndian.AppendUint64(raw, id)
	}
	return b.Put([]byte(email), raw)
}

// removeEmailID takes id off the index entry of email.
func removeEmailID(b *bolt.Bucket, email string, id uint64) error {
	if email == "" {
		return nil
	}
	ids := emailIDs(b.Get([]byte(email)))
	return putEmailIDs(b, email, slices.DeleteFunc(ids, func(x uint64) bool { return x == id }))
}

// SamePerson reports whether two records on one email are the same person:
// with a ticket code each, the same code; otherwise the same full name
// (accents, case and spacing aside). Two people on one address with
// different tickets, or without tickets and with different names, are two
// people.
func SamePerson(a, b Attendee) bool {
	if a.TicketCode != "" && b.TicketCode != "" {
		return a.TicketCode == b.TicketCode
	}
	return FoldName(a.FullName()) == FoldName(b.FullName())
}

// FoldName is the form names compare in: folded (textfold) with runs of
// spaces as one.
func FoldName(s string) string { return strings.Join(strings.Fields(textfold.Fold(s)), " ") }

// PutAttendee creates (ID 0) or replaces an attendee and keeps the email and
// secret indexes in step. An email may be shared by several people, but
// giving someone the email of another record that is the same person
// (SamePerson: same ticket code, or same name when either has no ticket)
// returns ErrDuplicate. Also: a changed badge code revokes the old one, a changed
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
			ids := emailIDs(emails.Get([]byte(e)))
			for _, other := range ids {
				o, err := t.Attendee(AttendeeID(other))
				if err == nil && other != id && SamePerson(o, *a) {
					return fmt.Errorf("email %q: %s (attendee %d) is already registered with it: %w", a.Email, o.FullName(), o.ID, ErrDuplicate)
				}
			}
			if err := putEmailIDs(emails, e, append(ids, id)); err != nil {
				return err
			}
		}
		if err := removeEmailID(emails, NormalEmail(old.Email), id); err != nil {
			return err
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

// PutAttendees puts each of people with PutAttendee, in order, updating
// them in place, and stops at the first error.
func (t *Tx) PutAttendees(people []Attendee) error {
	for i := range people {
		if err := t.PutAttendee(&people[i]); err != nil {
			return err
		}
	}
	return nil
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
