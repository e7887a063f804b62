package data_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"icebreaker/data"
)

// seqCodes is a deterministic CodeSource for tests.
type seqCodes struct{ n atomic.Int64 }

func (c *seqCodes) NewCode() (string, error)   { return fmt.Sprintf("CODE%06d", c.n.Add(1)), nil }
func (c *seqCodes) NewSecret() (string, error) { return fmt.Sprintf("secret%06d", c.n.Add(1)), nil }

func openTemp(t testing.TB) (*data.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "event.db")
	s, err := data.Open(path, data.Options{Codes: &seqCodes{}, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func addAttendee(t testing.TB, s *data.Store, first, email string) data.Attendee {
	t.Helper()
	a := data.Attendee{FirstName: first, LastName: "Test", Email: email}
	if err := s.Update(func(tx *data.Tx) error { return tx.PutAttendee(&a) }); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestStore_Reopen_KeepsAttendeesAndCheckIns(t *testing.T) {
	s, path := openTemp(t)
	a := addAttendee(t, s, "Amélie", "amelie@example.fr")
	err := s.Commit(context.Background(), func(tx *data.Tx) error {
		return tx.AppendCheckIn(&data.CheckIn{AttendeeID: a.ID, Direction: data.In, At: time.Now(), Gate: "main"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	err = s2.View(func(tx *data.Tx) error {
		got, err := tx.AttendeeByEmail("AMELIE@example.fr")
		if err != nil {
			return err
		}
		if got.FirstName != "Amélie" || got.BadgeCode == "" || got.Secret == "" {
			t.Errorf("reopened attendee = %+v", got)
		}
		id, state, ok := tx.LookupSecret(data.BadgeCode, got.BadgeCode)
		if !ok || state != data.Active || data.AttendeeID(id) != a.ID {
			t.Errorf("badge code lookup = %d %c %v", id, state, ok)
		}
		p, ok, err := tx.Presence(a.ID)
		if err != nil || !ok || !p.Inside || p.FirstGate != "main" {
			t.Errorf("presence = %+v %v %v", p, ok, err)
		}
		if n := tx.CountCheckIns(); n != 1 {
			t.Errorf("check-ins = %d, want 1", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestOpen_SecondOpenerGetsErrInUse(t *testing.T) {
	_, path := openTemp(t)
	start := time.Now()
	_, err := data.Open(path, data.Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, data.ErrInUse) {
		t.Fatalf("second open: err = %v, want ErrInUse", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("second open took %v", d)
	}
}

func TestTx_PutAttendee_ReissuedBadgeRevokesOldCode(t *testing.T) {
	s, _ := openTemp(t)
	a := addAttendee(t, s, "Karim", "karim@example.fr")
	old := a.BadgeCode
	a.BadgeCode = "NEWCODE"
	if err := s.Update(func(tx *data.Tx) error { return tx.PutAttendee(&a) }); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *data.Tx) error {
		if _, st, ok := tx.LookupSecret(data.BadgeCode, old); !ok || st != data.Revoked {
			t.Errorf("old code state = %c %v, want revoked", st, ok)
		}
		if _, st, ok := tx.LookupSecret(data.BadgeCode, "NEWCODE"); !ok || st != data.Active {
			t.Errorf("new code state = %c %v, want active", st, ok)
		}
		return nil
	})
}

func TestTx_PutAttendee_SameEmailSamePersonRefused(t *testing.T) {
	s, _ := openTemp(t)
	addAttendee(t, s, "Inès", "ines@example.fr")
	b := data.Attendee{FirstName: "INES", LastName: "test", Email: " Ines@Example.fr"} // the same name, folded
	err := s.Update(func(tx *data.Tx) error { return tx.PutAttendee(&b) })
	if !errors.Is(err, data.ErrDuplicate) {
		t.Fatalf("err = %v, want ErrDuplicate", err)
	}
}

func TestTx_PutAttendee_CoupleOnOneEmailAreTwoPeople(t *testing.T) {
	s, _ := openTemp(t)
	people := []data.Attendee{
		{FirstName: "Amélie", LastName: "Dubœuf", Email: "famille.duboeuf@example.org", TicketCode: "HA-1"},
		{FirstName: "Amélie", LastName: "Dubœuf", Email: "Famille.Duboeuf@example.org", TicketCode: "HA-2"}, // her second ticket, for a guest not named
		{FirstName: "Paul", LastName: "Dubœuf", Email: "famille.duboeuf@example.org"},                       // no ticket, another name
	}
	err := s.Update(func(tx *data.Tx) error { return tx.PutAttendees(people) })
	if err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *data.Tx) error {
		as, err := tx.AttendeesByEmail("FAMILLE.DUBOEUF@example.org")
		if err != nil || len(as) != 3 {
			t.Fatalf("AttendeesByEmail = %d people, %v; want 3", len(as), err)
		}
		first, err := tx.AttendeeByEmail("famille.duboeuf@example.org")
		if err != nil || first.ID != people[0].ID {
			t.Errorf("AttendeeByEmail = %d, %v; want the first registered, %d", first.ID, err, people[0].ID)
		}
		return nil
	})
	// Moving one away from the address leaves the others on it.
	paul := people[2]
	paul.Email = "paul@example.org"
	if err := s.Update(func(tx *data.Tx) error { return tx.PutAttendee(&paul) }); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *data.Tx) error {
		if as, _ := tx.AttendeesByEmail("famille.duboeuf@example.org"); len(as) != 2 {
			t.Errorf("after Paul moved: %d people on the shared address, want 2", len(as))
		}
		if a, err := tx.AttendeeByEmail("paul@example.org"); err != nil || a.ID != paul.ID {
			t.Errorf("Paul by his new address = %v, %v", a.ID, err)
		}
		return nil
	})
}

func TestStore_Commit_ConcurrentCallersAllDurableAndOrdered(t *testing.T) {
	s, path := openTemp(t)
	a := addAttendee(t, s, "Théo", "theo@example.fr")
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs <- s.Commit(context.Background(), func(tx *data.Tx) error {
				return tx.AppendCheckIn(&data.CheckIn{AttendeeID: a.ID, Direction: data.In, At: time.Now(), Nonce: fmt.Sprint(i)})
			})
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s2, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	var seqs []uint64
	s2.View(func(tx *data.Tx) error {
		return tx.ForEachCheckIn(func(c data.CheckIn) error { seqs = append(seqs, c.Seq); return nil })
	})
	if len(seqs) != n {
		t.Fatalf("check-ins after reopen = %d, want %d", len(seqs), n)
	}
	for i, seq := range seqs {
		if seq != uint64(i+1) {
			t.Fatalf("seq[%d] = %d", i, seq)
		}
	}
}

func TestStore_Commit_FailingFunctionDoesNotSinkItsBatch(t *testing.T) {
	s, _ := openTemp(t)
	a := addAttendee(t, s, "Léa", "lea@example.fr")
	boom := errors.New("boom")
	var wg sync.WaitGroup
	results := make([]error, 50)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = s.Commit(context.Background(), func(tx *data.Tx) error {
				if i%10 == 3 {
					return boom
				}
				if i%10 == 7 {
					panic("bad function")
				}
				return tx.AppendCheckIn(&data.CheckIn{AttendeeID: a.ID, Direction: data.In, At: time.Now()})
			})
		}(i)
	}
	wg.Wait()
	ok := 0
	for i, err := range results {
		switch {
		case i%10 == 3 && !errors.Is(err, boom):
			t.Errorf("caller %d: err = %v, want boom", i, err)
		case i%10 == 7 && err == nil:
			t.Errorf("caller %d: panic not reported", i)
		case i%10 != 3 && i%10 != 7 && err != nil:
			t.Errorf("caller %d: err = %v", i, err)
		case err == nil:
			ok++
		}
	}
	s.View(func(tx *data.Tx) error {
		if n := tx.CountCheckIns(); n != ok {
			t.Errorf("committed check-ins = %d, want %d", n, ok)
		}
		return nil
	})
}

func TestStore_Commit_AfterCloseFails(t *testing.T) {
	s, _ := openTemp(t)
	s.Close()
	err := s.Commit(context.Background(), func(*data.Tx) error { return nil })
	if !errors.Is(err, data.ErrClosed) {
		t.Fatalf("err = %v, want ErrClosed", err)
	}
}
