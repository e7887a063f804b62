package data

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// countingCodes is a deterministic CodeSource for tests.
type countingCodes struct{ n int }

func (c *countingCodes) NewCode() (string, error) { c.n++; return fmt.Sprintf("BADGE%06d", c.n), nil }
func (c *countingCodes) NewSecret() (string, error) {
	c.n++
	return fmt.Sprintf("SECRET%06d", c.n), nil
}

// fixedClock is a clock for tests, 14 March 2026 at 09:00 in Paris.
func fixedClock() time.Time {
	return time.Date(2026, 3, 14, 9, 0, 0, 0, time.FixedZone("CET", 3600))
}

func openTestStore(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path, Options{Codes: &countingCodes{}, Now: fixedClock, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mustTx runs f in a transaction of run (a Store's View or Update); an
// error fails the test.
func mustTx(t *testing.T, run func(func(*Tx) error) error, f func(*Tx) error) {
	t.Helper()
	if err := run(f); err != nil {
		t.Fatal(err)
	}
}

// inTx is mustTx for a transaction that returns what it read or wrote.
func inTx[T any](t *testing.T, run func(func(*Tx) error) error, f func(*Tx) (T, error)) T {
	t.Helper()
	var v T
	mustTx(t, run, func(tx *Tx) (err error) { v, err = f(tx); return err })
	return v
}

// newTestStore is openTestStore on a new file, closed when the test ends
// (Close may come sooner: it is idempotent); path is the file.
func newTestStore(t *testing.T) (s *Store, path string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "event.db")
	s = openTestStore(t, path)
	t.Cleanup(func() { s.Close() })
	return s, path
}

// seededStore is seedEvent in a new store closed when the test ends.
func seededStore(t *testing.T) (s *Store, amelie, karim, ines AttendeeID) {
	t.Helper()
	s, _ = newTestStore(t)
	amelie, karim, ines = seedEvent(t, s)
	return s, amelie, karim, ines
}

// seedEvent registers three people, checks two of them in (one through a
// nonce) and records introductions between all of them. It returns their IDs.
func seedEvent(t *testing.T, s *Store) (amelie, karim, ines AttendeeID) {
	t.Helper()
	mustTx(t, s.Update, func(tx *Tx) error {
		people := []*Attendee{
			{FirstName: "Amélie", LastName: "Dubœuf", Email: "amelie.duboeuf@example.org", TicketCode: "EVB-1111",
				Organisation: "Brasserie Dubœuf", Project: Project{Sector: "Food"}},
			{FirstName: "Karim", LastName: "Benali", Email: "karim@example.org", Project: Project{Sector: "Fintech"}},
			{FirstName: "Inès", LastName: "Moreau", Email: "ines@example.org", Project: Project{Sector: "Food"}},
		}
		for _, a := range people {
			if err := tx.PutAttendee(a); err != nil {
				return err
			}
		}
		amelie, karim, ines = people[0].ID, people[1].ID, people[2].ID
		at := fixedClock()
		for i, id := range []AttendeeID{amelie, karim} {
			c := &CheckIn{AttendeeID: id, Direction: In, At: at.Add(time.Duration(i) * time.Hour), Gate: "north", Nonce: fmt.Sprint("nonce-", id)}
			if err := tx.AppendCheckIn(c); err != nil {
				return err
			}
			if err := tx.PutNonce(c.Nonce, fmt.Appendf(nil, `{"result":"ok","attendee_id":%d}`, id)); err != nil {
				return err
			}
		}
		for _, pair := range [][2]AttendeeID{{amelie, karim}, {karim, ines}, {ines, amelie}} {
			if err := tx.AppendIntroduction(&Introduction{A: pair[0], B: pair[1], Kind: Met, At: at}); err != nil {
				return err
			}
		}
		return nil
	})
	return amelie, karim, ines
}

func TestTx_DeleteAttendee_RemovesThePersonEverywhere(t *testing.T) {
	s, amelie, karim, _ := seededStore(t)
	var badge, secret string
	mustTx(t, s.Update, func(tx *Tx) error {
		a, err := tx.Attendee(amelie)
		badge, secret = a.BadgeCode, a.Secret
		if err != nil {
			return err
		}
		return tx.DeleteAttendee(amelie)
	})
	mustTx(t, s.View, func(tx *Tx) error {
		if _, err := tx.Attendee(amelie); !errors.Is(err, ErrNotFound) {
			t.Errorf("Attendee after erase: err = %v, want ErrNotFound", err)
		}
		if _, err := tx.AttendeeByEmail("amelie.duboeuf@example.org"); !errors.Is(err, ErrNotFound) {
			t.Errorf("AttendeeByEmail after erase: err = %v, want ErrNotFound", err)
		}
		for kind, code := range map[SecretKind]string{BadgeCode: badge, TicketCode: "EVB-1111", PhoneLink: secret} {
			if _, _, ok := tx.LookupSecret(kind, code); ok {
				t.Errorf("secret %c %q still indexed", kind, code)
			}
		}
		if _, ok, _ := tx.Presence(amelie); ok {
			t.Error("presence still recorded")
		}
		if _, ok := tx.Nonce(fmt.Sprint("nonce-", amelie)); ok {
			t.Error("nonce naming the person still stored")
		}
		if _, ok := tx.Nonce(fmt.Sprint("nonce-", karim)); !ok {
			t.Error("someone else's nonce was deleted")
		}
		checkins := 0
		tx.ForEachCheckIn(func(c CheckIn) error {
			checkins++
			if c.AttendeeID == amelie {
				t.Errorf("check-in %d still names the person", c.Seq)
			}
			return nil
		})
		intros := 0
		tx.ForEachIntroduction(func(i Introduction) error {
			intros++
			if i.A == amelie || i.B == amelie {
				t.Errorf("introduction %d still names the person", i.Seq)
			}
			return nil
		})
		if checkins != 1 || intros != 1 {
			t.Errorf("others' records: %d check-ins, %d introductions; want 1 and 1", checkins, intros)
		}
		return nil
	})
}

func TestTx_DeleteAttendee_UnknownIDIsNotFound(t *testing.T) {
	s, _ := newTestStore(t)
	err := s.Update(func(tx *Tx) error { return tx.DeleteAttendee(42) })
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestEraseThenCompact_LeavesNoByteOfTheEmailInTheFile(t *testing.T) {
	s, path := newTestStore(t)
	amelie, _, _ := seedEvent(t, s)
	err := s.Update(func(tx *Tx) error { return tx.DeleteAttendee(amelie) })
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := CompactFile(path, 0); err != nil {
		t.Fatal(err)
	}
	for _, needle := range []string{"amelie.duboeuf@example.org", "Dubœuf", "EVB-1111"} {
		if fileHolds(t, path, needle) {
			t.Errorf("%q found in the compacted file", needle)
		}
	}
	if !fileHolds(t, path, "karim@example.org") {
		t.Error("the others' data was lost by compaction")
	}
	// The compacted file opens, and IDs are still never reused.
	s = openTestStore(t, path)
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	mustTx(t, s.Update, func(tx *Tx) error {
		a := &Attendee{FirstName: "Théo", Email: "theo@example.org"}
		if err := tx.PutAttendee(a); err != nil {
			return err
		}
		if a.ID <= 3 {
			t.Errorf("new attendee got ID %d, want > 3 (IDs are never reused)", a.ID)
		}
		return nil
	})
}

// shareEmail gives Karim's address to a colleague with her own ticket, as
// an assistant registering a team does, and returns her ID.
func shareEmail(t *testing.T, s *Store) AttendeeID {
	t.Helper()
	sarah := Attendee{FirstName: "Sarah", LastName: "Benali", Email: "Karim@example.org", TicketCode: "EVB-2222"}
	if err := s.Update(func(tx *Tx) error { return tx.PutAttendee(&sarah) }); err != nil {
		t.Fatal(err)
	}
	return sarah.ID
}

func TestTx_DeleteAttendeesByEmail_ErasesEveryoneOnTheAddress(t *testing.T) {
	s, amelie, karim, _ := seededStore(t)
	sarah := shareEmail(t, s)
	erased := inTx(t, s.Update, func(tx *Tx) ([]Attendee, error) { return tx.DeleteAttendeesByEmail(" KARIM@example.org") })
	if len(erased) != 2 || erased[0].ID != karim || erased[1].ID != sarah {
		t.Fatalf("erased %v, want Karim and Sarah", erased)
	}
	s.View(func(tx *Tx) error {
		for _, id := range []AttendeeID{karim, sarah} {
			if _, err := tx.Attendee(id); !errors.Is(err, ErrNotFound) {
				t.Errorf("attendee %d after erase: %v, want ErrNotFound", id, err)
			}
		}
		if _, err := tx.AttendeesByEmail("karim@example.org"); !errors.Is(err, ErrNotFound) {
			t.Errorf("the address still finds someone: %v", err)
		}
		if _, err := tx.Attendee(amelie); err != nil {
			t.Errorf("Amélie, on another address, was erased too: %v", err)
		}
		if _, _, ok := tx.LookupSecret(TicketCode, "EVB-2222"); ok {
			t.Error("Sarah's ticket code still opens the door")
		}
		return nil
	})
	err := s.Update(func(tx *Tx) error { _, err := tx.DeleteAttendeesByEmail("karim@example.org"); return err })
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("erasing the address again: %v, want ErrNotFound", err)
	}
}
