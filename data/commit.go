package data

import (
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// commitReq is one function waiting for the group committer.
type commitReq struct {
	fn   func(*Tx) error
	done chan error // buffered(1): the committer never blocks on a caller
}

// Commit runs fn inside a read-write transaction shared with the other
// functions queued at the same moment, and returns only after that
// transaction is committed and fsynced (or failed).
//
// Contract for fn: it runs in the committer goroutine, after every function
// queued before it in the same transaction (so it sees their writes); it must
// be quick, must not call Store methods (use the Tx), and may run more than
// once: when one function of a batch returns an error, the transaction is
// rolled back, that function is answered with its error, and the others are
// re-run in a new transaction. A nil return from Commit means fn's writes are
// durable. If ctx ends before fn is queued, Commit returns ctx.Err(); once
// queued, fn's fate is decided by the committer and Commit waits for it so
// that an acknowledgement is never lost.
func (s *Store) Commit(ctx context.Context, fn func(*Tx) error) error {
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return ErrClosed
	}
	req := &commitReq{fn: fn, done: make(chan error, 1)}
	select {
	case s.queue <- req:
	case <-ctx.Done():
		s.closeMu.RUnlock()
		return ctx.Err()
	}
	s.closeMu.RUnlock()
	return <-req.done
}

// commitLoop is the group committer: it takes the first waiting request,
// then everything else already queued (no artificial delay: requests that
// arrive while a commit is being fsynced form the next batch), and commits
// them in one transaction.
func (s *Store) commitLoop() {
	defer close(s.done)
	batch := make([]*commitReq, 0, s.maxBatch)
	for {
		select {
		case req := <-s.queue:
			batch = append(batch[:0], req)
		case <-s.stop:
			// Close holds closeMu, so nothing more can be queued: drain.
			for {
				select {
				case req := <-s.queue:
					s.run([]*commitReq{req})
				default:
					return
				}
			}
		}
	fill:
		for len(batch) < s.maxBatch {
			select {
			case req := <-s.queue:
				batch = append(batch, req)
			default:
				break fill
			}
		}
		s.run(batch)
	}
}

// failedFn marks which request of a batch failed, so that the batch can be
// retried without it.
type failedFn struct {
	index int
	err   error
}

func (e failedFn) Error() string { return e.err.Error() }

// run commits batch, retrying without any function that fails, and answers
// every request exactly once.
func (s *Store) run(batch []*commitReq) {
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	for len(batch) > 0 {
		err := s.db.Update(func(btx *bolt.Tx) error {
			tx := &Tx{tx: btx, s: s}
			for i, req := range batch {
				if err := safeCall(req.fn, tx); err != nil {
					return failedFn{index: i, err: err}
				}
			}
			return nil
		})
		var failed failedFn
		if errors.As(err, &failed) {
			batch[failed.index].done <- failed.err
			batch = append(batch[:failed.index], batch[failed.index+1:]...)
			continue
		}
		for _, req := range batch { // committed (err == nil), or the commit itself failed
			req.done <- err
		}
		return
	}
}

// safeCall turns a panic in fn into an error so that one bad function cannot
// kill the committer and strand every other waiter.
func safeCall(fn func(*Tx) error, tx *Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("data: commit function panicked: %v", r)
		}
	}()
	return fn(tx)
}
