package data

import (
	"testing"
)

// A met or declined pair is closed in both directions; a suggestion does
// not close it; erasing one of the two reopens nothing but forgets the pair.
func TestPairClosed_MetAndDeclinedCloseThePairBothWaysUntilErased(t *testing.T) {
	s, _ := newTestStore(t)
	var a, b, c Attendee
	mustTx(t, s.Update, func(tx *Tx) error {
		for _, p := range []*Attendee{&a, &b, &c} {
			p.FirstName = "P"
			if err := tx.PutAttendee(p); err != nil {
				return err
			}
		}
		if err := tx.AppendIntroduction(&Introduction{A: a.ID, B: c.ID, Kind: Suggested}); err != nil {
			return err
		}
		return tx.AppendIntroduction(&Introduction{A: b.ID, B: a.ID, Kind: Met})
	})
	check := func(x, y AttendeeID, want bool) {
		t.Helper()
		s.View(func(tx *Tx) error {
			if got, err := tx.PairClosed(x, y); err != nil || got != want {
				t.Errorf("PairClosed(%d, %d) = %v, %v; want %v", x, y, got, err, want)
			}
			return nil
		})
	}
	check(a.ID, b.ID, true)
	check(b.ID, a.ID, true)
	check(a.ID, c.ID, false)
	if err := s.Update(func(tx *Tx) error { return tx.DeleteAttendee(b.ID) }); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *Tx) error {
		if n := tx.tx.Bucket(bucketPairs).Stats().KeyN; n != 0 {
			t.Errorf("after erasing B the ledger holds %d pairs, want 0", n)
		}
		return nil
	})
}

// A file written before the ledger existed has its pairs in the log only:
// reads answer from the log, and the first write fills the ledger from it.
func TestPairClosed_FileWithoutLedgerAnswersFromTheLog(t *testing.T) {
	s, _ := newTestStore(t)
	mustTx(t, s.Update, func(tx *Tx) error {
		if err := tx.AppendIntroduction(&Introduction{A: 1, B: 2, Kind: Declined}); err != nil {
			return err
		}
		return tx.tx.DeleteBucket(bucketPairs) // as an older version wrote it
	})
	s.View(func(tx *Tx) error {
		if got, _ := tx.PairClosed(2, 1); !got {
			t.Error("read-only, no ledger: the declined pair is not closed")
		}
		return nil
	})
	s.Update(func(tx *Tx) error {
		if got, _ := tx.PairClosed(1, 2); !got {
			t.Error("write, ledger filled from the log: the declined pair is not closed")
		}
		return nil
	})
	s.View(func(tx *Tx) error {
		if tx.tx.Bucket(bucketPairs) == nil {
			t.Error("the write did not keep the filled ledger")
		}
		return nil
	})
}
