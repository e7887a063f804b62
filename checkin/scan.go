package checkin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"icebreaker/data"
)

// Codes is the production data.CodeSource: badge codes from NewCode and
// phone secrets from NewSecret.
type Codes struct{}

// NewCode implements data.CodeSource.
func (Codes) NewCode() (string, error) { return NewCode() }

// NewSecret implements data.CodeSource.
func (Codes) NewSecret() (string, error) { return NewSecret() }

// Result is what a scan did. Every scan gets exactly one.
type Result string

// The results of a scan.
const (
	OK        Result = "ok"         // entry recorded (first entry or re-entry after an exit)
	Already   Result = "already"    // the person is already inside: nothing recorded
	Unknown   Result = "unknown"    // no badge or ticket has this code
	Revoked   Result = "revoked"    // the badge was replaced or cancelled
	Exit      Result = "exit"       // exit recorded
	NotInside Result = "not_inside" // an exit scan for someone who is not inside: nothing recorded
	Invalid   Result = "invalid"    // the request itself is malformed (empty code, bad direction)
)

// Accepted reports whether the scan changed the person's presence.
func (r Result) Accepted() bool { return r == OK || r == Exit }

// Scan is one read of a badge at a door.
type Scan struct {
	Code      string         // exactly what the scanner typed
	Gate      string         // door name, free text ("" = "main")
	Kiosk     string         // name of the kiosk device
	KioskID   uint64         // the kiosk device: its nonces are its own
	Nonce     string         // same on every retry of one scan; makes retries idempotent
	ScannedAt time.Time      // when the kiosk read it, if known (offline queue)
	Direction data.Direction // data.In (default) or data.Out
}

// Outcome is the answer to a scan. It is stored under the scan's nonce so a
// retry gets the same outcome without recording anything again.
type Outcome struct {
	Result    Result          `json:"result"`
	Attendee  data.AttendeeID `json:"attendee_id,omitempty"`
	CheckIn   *data.CheckIn   `json:"checkin,omitempty"`    // the record written, for ok and exit
	FirstIn   time.Time       `json:"first_in,omitempty"`   // first entry of the day, for already
	FirstGate string          `json:"first_gate,omitempty"` // gate of that entry
	Reentry   bool            `json:"reentry,omitempty"`    // ok after an exit
	Replayed  bool            `json:"-"`                    // answered from the nonce record: nothing new was written
	// Code is the scan's code as sent, kept in the nonce record: a retry
	// must carry the same one.
	Code string `json:"code,omitempty"`
}

// ErrNonceReused is the error of a scan whose nonce this kiosk already
// used for another code: a kiosk bug, or someone replaying nonces to read
// another person's answer. Nothing is recorded and nothing of the first
// scan is returned.
var ErrNonceReused = errors.New("scan nonce already used for another code")

// nonceKey is where a scan's outcome is kept: under the kiosk and the
// nonce, so two kiosks never share a nonce (nor a scan a walk-in's).
func nonceKey(sc Scan) string { return fmt.Sprintf("scan:%d:%s", sc.KioskID, sc.Nonce) }

// Service applies the scan rules on a store.
type Service struct {
	Store *data.Store
	Now   func() time.Time // default time.Now
}

// ErrRequest wraps malformed scan requests.
var ErrRequest = errors.New("invalid scan")

// Scan applies the rules to one scan and returns its outcome once any write
// is committed and fsynced. The rules, all decided inside the commit so that
// two kiosks scanning one badge at once get exactly one OK:
//   - a nonce this kiosk sent before with the same code returns the stored
//     outcome (Replayed), writing nothing; with another code it is
//     ErrNonceReused;
//   - the code is looked up as typed (normalised), then as an imported ticket
//     barcode, then through the keyboard-layout repairs; only an exact match
//     counts, so a repair never lands on the wrong person;
//   - in: OK if the person is not inside (re-entry after an exit is OK too),
//     Already with the first entry's time and gate otherwise;
//   - out: Exit if inside, NotInside otherwise.
func (s *Service) Scan(ctx context.Context, sc Scan) (Outcome, error) {
	if sc.Direction == "" {
		sc.Direction = data.In
	}
	if sc.Direction != data.In && sc.Direction != data.Out {
		return Outcome{Result: Invalid}, fmt.Errorf("%w: direction %q is neither \"in\" nor \"out\"", ErrRequest, sc.Direction)
	}
	if strings.TrimSpace(sc.Code) == "" {
		return Outcome{Result: Invalid}, fmt.Errorf("%w: empty code", ErrRequest)
	}
	if sc.Gate == "" {
		sc.Gate = "main"
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	var out Outcome
	reused := false
	err := s.Store.Commit(ctx, func(tx *data.Tx) error {
		out, reused = Outcome{}, false
		if sc.Nonce != "" {
			if raw, ok := tx.Nonce(nonceKey(sc)); ok {
				if err := json.Unmarshal(raw, &out); err != nil {
					return err
				}
				if out.Code != sc.Code {
					out, reused = Outcome{Result: Invalid}, true
					return nil
				}
				out.Replayed = true
				return nil
			}
		}
		if err := apply(tx, sc, now(), &out); err != nil {
			return err
		}
		if sc.Nonce == "" || !out.Result.Accepted() && out.Result != Already {
			return nil // unknown codes are not worth a write: their answer does not change
		}
		out.Code = sc.Code
		raw, err := json.Marshal(out)
		if err != nil {
			return err
		}
		return tx.PutNonce(nonceKey(sc), raw)
	})
	if err == nil && reused {
		err = ErrNonceReused
	}
	return out, err
}

func apply(tx *data.Tx, sc Scan, now time.Time, out *Outcome) error {
	id, state, found := lookup(tx, sc.Code)
	switch {
	case !found:
		out.Result = Unknown
		return nil
	case state == data.Revoked:
		out.Result = Revoked
		out.Attendee = id
		return nil
	}
	out.Attendee = id
	p, _, err := tx.Presence(id)
	if err != nil {
		return err
	}
	if sc.Direction == data.In && p.Inside {
		out.Result, out.FirstIn, out.FirstGate = Already, p.FirstIn, p.FirstGate
		return nil
	}
	if sc.Direction == data.Out && !p.Inside {
		out.Result = NotInside
		return nil
	}
	c := &data.CheckIn{AttendeeID: id, Direction: sc.Direction, At: now, ScannedAt: sc.ScannedAt,
		Gate: sc.Gate, Kiosk: sc.Kiosk, Nonce: sc.Nonce}
	if err := tx.AppendCheckIn(c); err != nil {
		return err
	}
	out.CheckIn = c
	if sc.Direction == data.Out {
		out.Result = Exit
	} else {
		out.Result, out.Reentry = OK, p.Entries > 0
		out.FirstIn, out.FirstGate = p.FirstIn, p.FirstGate
		if p.Entries == 0 {
			out.FirstIn, out.FirstGate = now, sc.Gate
		}
	}
	return nil
}

// lookup resolves what a scanner typed to an attendee: our badge code first,
// then an imported ticket barcode as typed, then keyboard-layout repairs.
func lookup(tx *data.Tx, raw string) (data.AttendeeID, data.SecretState, bool) {
	for _, code := range Candidates(raw) {
		if id, st, ok := tx.LookupSecret(data.BadgeCode, code); ok {
			return data.AttendeeID(id), st, true
		}
	}
	if id, st, ok := tx.LookupSecret(data.TicketCode, strings.TrimSpace(raw)); ok {
		return data.AttendeeID(id), st, true
	}
	return 0, 0, false
}

// Candidates lists the badge codes a scanner input may stand for, most
// likely first: the input normalised, then its keyboard-layout repairs.
func Candidates(raw string) []string {
	return RepairKeyboard(raw)
}
