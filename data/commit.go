package data

import (
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// commitReq is one function waiting for the group committer.
type commitReq struct {
	fn     func(*Tx) error
	done   chan error    // buffered(1): the committer never blocks on a caller
	queued time.Time     // when Commit queued it
	timing *CommitTiming // where its time went, for the caller (nil: not asked)
	bulk   bool          // CommitBulk's: at most one a transaction
}

// CommitTiming is where the time of one Commit went, from the moment it
// was queued to its answer; the committer fills it when the caller's
// context carries it (WithCommitTiming). The parts add up to the whole
// but for the hand-offs between goroutines.
type CommitTiming struct {
	// Queued is the time from Commit to the committer taking the function
	// into a batch, while the committer was busy with an earlier batch.
	// BehindWriter is the part of it the committer spent waiting for the
	// store's writer behind another transaction (Store.Update: a purge's
	// move of the people to its trash, an undo; or a wipe holding the
	// store), BehindBulk the part it spent committing an earlier batch
	// that carried a bulk function (CommitBulk: an import's batch, a
	// batch of a purge's trash); the rest of Queued was earlier batches of
	// quick functions (other scans).
	Queued, BehindWriter, BehindBulk time.Duration
	// Lock is the time its own batch waited for the writer behind another
	// transaction, as above.
	Lock time.Duration
	// Work is its own batch's transaction up to the writes: every
	// function of the batch (Batch of them), then bbolt's rebalance and
	// spill; BulkWork is the part of it spent in a bulk function sharing
	// the transaction (Bulk says whether one did).
	Work, BulkWork time.Duration
	Bulk           bool
	// Flush is its batch's writes to the file and their two fdatasyncs;
	// FlushBytes is how many bytes of pages the commit wrote.
	Flush      time.Duration
	FlushBytes int64
	Batch      int
}

// Busy is the time since since (taken before Commit) less what the
// commit waited for: its queue, the writer and its flush. It is about how
// long the function and its commit's work kept a processor busy: what a
// long piece of work committed in batches rests for between two, so that
// it takes half of one core whatever the disk (csvio.Import, a purge's
// trash).
func (ct *CommitTiming) Busy(since time.Time) time.Duration {
	return time.Since(since) - ct.Queued - ct.Lock - ct.Flush
}

// commitTimingKey is the context key of WithCommitTiming.
type commitTimingKey struct{}

// WithCommitTiming returns a context that makes Commit fill ct with where
// its time went (see CommitTiming). ct must not be read before Commit
// returns. It costs a few clock readings per transaction.
func WithCommitTiming(ctx context.Context, ct *CommitTiming) context.Context {
	return context.WithValue(ctx, commitTimingKey{}, ct)
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
	return s.commit(ctx, fn, false)
}

func (s *Store) commit(ctx context.Context, fn func(*Tx) error, bulk bool) error {
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return ErrClosed
	}
	req := &commitReq{fn: fn, done: make(chan error, 1), queued: time.Now(), bulk: bulk}
	req.timing, _ = ctx.Value(commitTimingKey{}).(*CommitTiming)
	select {
	case s.queue <- req:
	case <-ctx.Done():
		s.closeMu.RUnlock()
		return ctx.Err()
	}
	s.closeMu.RUnlock()
	return <-req.done
}

// CommitBulk is Commit for one batch of a long piece of work (an import's
// rows): fn shares its transaction with the quick functions queued at the
// same moment (the door's scans), which ride its commit instead of
// queueing behind a transaction of its own and then paying their own
// commit. A transaction carries at most one bulk function, so that a scan
// waits for the writes of one batch of the work at most; the caller
// bounds what that batch writes (see csvio.Import). fn's contract is
// Commit's: it may run more than once, and must then start over (undo
// what an earlier run changed outside the transaction).
func (s *Store) CommitBulk(ctx context.Context, fn func(*Tx) error) error {
	return s.commit(ctx, fn, true)
}

// commitLoop is the group committer: it takes the first waiting request,
// then everything else already queued (no artificial delay: requests that
// arrive while a commit is being fsynced form the next batch), and commits
// them in one transaction.
func (s *Store) commitLoop() {
	defer close(s.done)
	batch := make([]*commitReq, 0, s.maxBatch)
	var prev phases
	var next *commitReq // a second bulk function, held for the next batch
	for {
		if next != nil {
			batch, next = append(batch[:0], next), nil
		} else {
			select {
			case req := <-s.queue:
				batch = append(batch[:0], req)
			case <-s.stop:
				// Close holds closeMu, so nothing more can be queued: drain.
				for {
					select {
					case req := <-s.queue:
						s.run([]*commitReq{req}, prev)
					default:
						return
					}
				}
			}
		}
		bulk := batch[0].bulk
	fill:
		for len(batch) < s.maxBatch {
			select {
			case req := <-s.queue:
				if req.bulk && bulk {
					next = req
					break fill
				}
				bulk = bulk || req.bulk
				batch = append(batch, req)
			default:
				break fill
			}
		}
		prev = s.run(batch, prev)
	}
}

// phases is when the committer began a batch and when it had the writer
// (what it waited for in between was another transaction), and whether
// the batch carried a bulk function.
type phases struct {
	start, locked time.Time
	bulk          bool
}

// overlap is how much of [a0, a1) lies in [b0, b1).
func overlap(a0, a1, b0, b1 time.Time) time.Duration {
	if b0.After(a0) {
		a0 = b0
	}
	if b1.Before(a1) {
		a1 = b1
	}
	return max(a1.Sub(a0), 0)
}

// failedFn marks which request of a batch failed, so that the batch can be
// retried without it.
type failedFn struct {
	index int
	err   error
}

func (e failedFn) Error() string { return e.err.Error() }

// run commits batch, retrying without any function that fails, and answers
// every request exactly once, after filling the timings asked for (prev is
// the batch before, which the requests queued behind). It returns this
// batch's phases.
func (s *Store) run(batch []*commitReq, prev phases) phases {
	ph := phases{start: time.Now()}
	for _, req := range batch {
		if req.timing != nil {
			req.timing.Queued = ph.start.Sub(req.queued)
			req.timing.BehindWriter = overlap(req.queued, ph.start, prev.start, prev.locked)
			if prev.bulk {
				req.timing.BehindBulk = overlap(req.queued, ph.start, prev.locked, ph.start)
			}
		}
		ph.bulk = ph.bulk || req.bulk
	}
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	var lock, work, bulkWork, flush time.Duration
	var wrote int64
	for t0 := ph.start; len(batch) > 0; t0 = time.Now() {
		var btx *bolt.Tx
		var locked time.Time
		err := s.db.Update(func(b *bolt.Tx) error {
			btx, locked = b, time.Now()
			tx := &Tx{tx: b, s: s}
			for i, req := range batch {
				began := time.Now()
				err := safeCall(req.fn, tx)
				if req.bulk {
					bulkWork += time.Since(began)
				}
				if err != nil {
					return failedFn{index: i, err: err}
				}
			}
			return nil
		})
		end := time.Now()
		if btx == nil { // the transaction did not begin
			locked = end
		}
		if ph.locked.IsZero() {
			ph.locked = locked
		}
		lock += locked.Sub(t0) // the store's hold and bbolt's writer lock
		work += end.Sub(locked)
		if btx != nil {
			st := btx.Stats()
			work -= st.GetWriteTime()
			flush += st.GetWriteTime()
			wrote += st.GetPageAlloc()
		}
		var failed failedFn
		if errors.As(err, &failed) {
			batch[failed.index].done <- failed.err
			batch = append(batch[:failed.index], batch[failed.index+1:]...)
			continue
		}
		for _, req := range batch { // committed (err == nil), or the commit itself failed
			if ct := req.timing; ct != nil {
				ct.Lock, ct.Work, ct.BulkWork, ct.Flush, ct.FlushBytes, ct.Batch = lock, work, bulkWork, flush, wrote, len(batch)
				ct.Bulk = ph.bulk
			}
			req.done <- err
		}
		return ph
	}
	return ph
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
