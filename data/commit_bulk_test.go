package data

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// heldCommitter occupies s's group committer until the returned release
// is called, so that what the test queues meanwhile forms the next
// batches in the order it was queued.
func heldCommitter(t *testing.T, s *Store) (release func()) {
	t.Helper()
	inside, hold := make(chan struct{}), make(chan struct{})
	go s.Commit(context.Background(), func(*Tx) error {
		close(inside)
		<-hold
		return nil
	})
	<-inside
	return func() { close(hold) }
}

// queueing runs commit in a goroutine and returns once it is queued
// (the committer being held), with the channel of its answer.
func queueing(t *testing.T, s *Store, commit func() error) <-chan error {
	t.Helper()
	n := len(s.queue)
	errc := make(chan error, 1)
	go func() { errc <- commit() }()
	for deadline := time.Now().Add(10 * time.Second); len(s.queue) == n; {
		if time.Now().After(deadline) {
			t.Fatal("the commit was never queued")
		}
		time.Sleep(time.Millisecond) // polling the queue's length, a condition
	}
	return errc
}

// A bulk function (an import's batch) shares its transaction with the
// scans queued with it, which ride its commit; a second bulk function
// queued at the same moment waits for the next transaction, so that no
// commit carries two batches of the work. The scans' timings say so.
func TestCommitBulk_ScansRideItsCommitOneBulkATransaction(t *testing.T) {
	s, _ := newTestStore(t)
	var mu sync.Mutex
	txOf := map[string]*bolt.Tx{}
	fn := func(name string) func(*Tx) error {
		return func(tx *Tx) error {
			mu.Lock()
			txOf[name] = tx.tx
			mu.Unlock()
			return tx.PutMeta("test:"+name, []byte(name))
		}
	}
	var scan1, scan2 CommitTiming
	release := heldCommitter(t, s)
	answers := []<-chan error{
		queueing(t, s, func() error { return s.CommitBulk(context.Background(), fn("bulk1")) }),
		queueing(t, s, func() error {
			return s.Commit(WithCommitTiming(context.Background(), &scan1), fn("scan1"))
		}),
		queueing(t, s, func() error { return s.CommitBulk(context.Background(), fn("bulk2")) }),
		queueing(t, s, func() error {
			return s.Commit(WithCommitTiming(context.Background(), &scan2), fn("scan2"))
		}),
	}
	release()
	for i, errc := range answers {
		if err := <-errc; err != nil {
			t.Fatalf("commit %d: %v", i, err)
		}
	}
	if txOf["bulk1"] != txOf["scan1"] {
		t.Error("the scan queued behind a bulk function did not share its transaction")
	}
	if txOf["bulk1"] == txOf["bulk2"] {
		t.Error("two bulk functions shared one transaction")
	}
	if txOf["bulk2"] != txOf["scan2"] {
		t.Error("the scan queued behind the second bulk function did not share its transaction")
	}
	if !scan1.Bulk || scan1.Batch != 2 || scan1.Queued <= 0 {
		t.Errorf("the first scan's timing %+v: want a batch of 2 carrying a bulk function, after a wait in the queue", scan1)
	}
	if scan2.BehindBulk <= 0 {
		t.Errorf("the second scan's timing %+v: want its wait behind the first bulk commit counted", scan2)
	}
	for _, name := range []string{"bulk1", "scan1", "bulk2", "scan2"} {
		if got := inTx(t, s.View, func(tx *Tx) ([]byte, error) { return tx.Meta("test:" + name), nil }); string(got) != name {
			t.Errorf("%s's write: %q", name, got)
		}
	}
}

// When a function sharing a bulk function's transaction fails, the
// transaction is rolled back and the bulk function runs again in a new
// one, from the start: its writes are there once, and the failing
// function alone gets its error.
func TestCommitBulk_RunsAgainWhenItsNeighbourFails(t *testing.T) {
	s, _ := newTestStore(t)
	runs := 0
	release := heldCommitter(t, s)
	bulk := queueing(t, s, func() error {
		return s.CommitBulk(context.Background(), func(tx *Tx) error {
			runs++
			n := len(tx.Meta("test:bulk"))
			return tx.PutMeta("test:bulk", append(tx.Meta("test:bulk"), byte('0'+n)))
		})
	})
	boom := errors.New("boom")
	failing := queueing(t, s, func() error { return s.Commit(context.Background(), func(*Tx) error { return boom }) })
	release()
	if err := <-bulk; err != nil {
		t.Fatalf("the bulk function: %v", err)
	}
	if err := <-failing; !errors.Is(err, boom) {
		t.Fatalf("the failing neighbour: %v, want its own error", err)
	}
	if runs != 2 {
		t.Errorf("the bulk function ran %d times, want twice (rolled back with its neighbour, then alone)", runs)
	}
	if got := inTx(t, s.View, func(tx *Tx) ([]byte, error) { return tx.Meta("test:bulk"), nil }); string(got) != "0" {
		t.Errorf("the bulk function's write is %q, want the one of its last run (\"0\")", got)
	}
}
