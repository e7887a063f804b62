package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Erased bytes and the scrub.
//
// bbolt copies a page on write and frees the old copy, which keeps its
// bytes until the page is reused. After an erasure the erased person's
// bytes therefore sit in free pages. Two things wipe them:
//
//   - Store.Scrub, while the store is open: it overwrites with zeros every
//     free page that is not zero already, a few hundred pages at a time,
//     each batch under a moment when no transaction is open (see
//     exclusive), so that no reader still looking at an older version of
//     the tree sees its page wiped. Scans wait for one batch at most, not
//     for the whole file.
//     A purge's trash (see Store.Purge) is deleted first, in batches of a
//     few hundred keys, so that its bytes too are in free pages.
//   - CompactFile, on a closed file (the command line's erase and purge,
//     and Open when the previous run could not finish a scrub): the file
//     is rewritten with live data only.
//
// Every transaction that deletes a person marks the file (metaScrub, a
// counter in the meta bucket) in the same commit; a finished scrub or
// compaction clears the mark, unless another erasure marked it again
// meanwhile. A mark found by Open (the process was killed, or the scrub
// failed) is finished there by a compaction, after deleting a purge's
// trash; the compaction's leftover files of a killed run, which hold a
// copy of the data, are removed.

// metaScrub is the meta key of the mark: a counter of erasures not yet
// scrubbed away.
const metaScrub = "scrub_pending"

// ErrScrubPending means that people were erased (nobody can read their
// data any more) but their bytes are still in the event file's free pages
// because wiping them failed; it is finished at the next start. The error
// is a *ScrubPendingError.
var ErrScrubPending = errors.New("the erased bytes are still in the event file")

// ScrubPendingError says that an erasure is recorded but its bytes are
// still in the file, why, and when they go.
type ScrubPendingError struct {
	Path string
	Err  error
}

func (e *ScrubPendingError) Error() string {
	return fmt.Sprintf("the erasure is recorded and nobody can read the erased data any more, but wiping its bytes from the free pages of %s failed (%v); "+
		"they are wiped when icebreaker next opens the file, or by the next erasure", e.Path, e.Err)
}

// Is makes errors.Is(err, ErrScrubPending) true.
func (e *ScrubPendingError) Is(target error) bool { return target == ErrScrubPending }

func (e *ScrubPendingError) Unwrap() error { return e.Err }

// markScrub records, in the deleting transaction, that the file holds
// erased bytes.
func (t *Tx) markScrub() error {
	b := t.tx.Bucket(bucketMeta)
	n, _ := binary.Uvarint(b.Get([]byte(metaScrub)))
	return b.Put([]byte(metaScrub), binary.AppendUvarint(nil, n+1))
}

// ScrubPending reports whether erased bytes may still be in the file.
func (t *Tx) ScrubPending() bool { return t.tx.Bucket(bucketMeta).Get([]byte(metaScrub)) != nil }

// Scrub batch sizes: how many pages one batch looks at, and how many it
// may overwrite (64 pages of 4 KiB: the commit that ends the batch flushes 256 KiB).
const (
	scrubLookPages  = 4096
	scrubWritePages = 64
)

// Scrub overwrites with zeros the free pages of the open file, so that
// the bytes of erased people are gone from the disk file (copies the
// operating system keeps elsewhere are beyond our reach), and clears the
// file's mark. It does nothing when the file is not marked. It runs in
// batches (see the package's notes above); scans and reads go on between
// them. Scrubs run one at a time. A failure leaves the mark and returns
// a *ScrubPendingError.
func (s *Store) Scrub() error {
	s.scrubMu.Lock()
	defer s.scrubMu.Unlock()
	var mark []byte
	if err := s.View(func(tx *Tx) error {
		mark = bytes.Clone(tx.tx.Bucket(bucketMeta).Get([]byte(metaScrub)))
		return nil
	}); err != nil {
		return err
	}
	if mark == nil {
		return nil
	}
	if err := s.emptyTrash(); err != nil { // a purge's: deleted first, so that its bytes are in free pages
		return &ScrubPendingError{Path: s.path, Err: err}
	}
	if err := s.wipeFree(); err != nil {
		return &ScrubPendingError{Path: s.path, Err: err}
	}
	err := s.Update(func(tx *Tx) error {
		b := tx.tx.Bucket(bucketMeta)
		if !bytes.Equal(b.Get([]byte(metaScrub)), mark) {
			return nil // erased again meanwhile: that erasure's scrub clears it
		}
		return b.Delete([]byte(metaScrub))
	})
	if err != nil {
		return &ScrubPendingError{Path: s.path, Err: err}
	}
	return nil
}

// wipeFree zeroes every free page that is not zero, batch by batch: each
// batch's zeros are written under exclusive (see wipeBatch), flushed to
// the disk after it is released, and followed by a rest as long as the
// batch held the store (the flush waits for the disk, not the processor).
func (s *Store) wipeFree() error {
	if s.scrubFault != nil {
		if err := s.scrubFault(); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	for next := 2; next > 0; {
		t0 := time.Now()
		written := 0
		if next, written, err = s.wipeBatch(f, next); err != nil {
			return err
		}
		held := time.Since(t0)
		if written == 0 {
			continue // nothing written: nothing to flush, no rest due
		}
		// The flush is outside the hold, so that the scans' transactions
		// never wait for it (a scan's own commit may flush some of these
		// pages with its own: fdatasync writes every dirty page of the file).
		if err := f.Sync(); err != nil {
			return err
		}
		time.Sleep(held) // pacing the wipe, as the trash's batches are paced
	}
	return f.Sync()
}

// wipeBatch wipes the free pages from page first on, up to the batch's
// sizes, and returns the page to go on from (0 at the end of the file)
// and how many pages it overwrote.
//
// Contract: it holds the store exclusively (every transaction of the
// store runs under dbMu): with no transaction open, a page bbolt lists as
// free or pending is read by no one, and while the hold lasts no writer
// can reuse it. It reads the free list in a read transaction, which
// commits nothing: the hold lasts for page lookups and at most
// scrubWritePages page writes to the page cache, never for a disk flush
// (a write transaction's commit would flush twice, with every scan
// waiting behind the hold).
func (s *Store) wipeBatch(f *os.File, first int) (next, written int, err error) {
	release := s.exclusive()
	defer release()
	ps := s.db.Info().PageSize
	page, zero := make([]byte, ps), make([]byte, ps)
	err = s.db.View(func(btx *bolt.Tx) error {
		for id := first; id < first+scrubLookPages && written < scrubWritePages; id++ {
			info, err := btx.Page(id)
			if err != nil {
				return err
			}
			if info == nil { // past the last page in use
				next = 0
				return nil
			}
			next = id + 1
			if info.Type != "free" {
				continue
			}
			off := int64(id) * int64(ps)
			if _, err := f.ReadAt(page, off); err != nil {
				return err
			}
			if bytes.Equal(page, zero) {
				continue
			}
			if _, err := f.WriteAt(zero, off); err != nil {
				return err
			}
			written++
		}
		return nil
	})
	return next, written, err
}

// exclusive waits for a moment when no transaction is open and holds the
// store until the returned function is called. It does not hold new
// transactions back while it waits (a long read, such as an export, is
// waited for without stopping the scans behind it) unless no such moment
// came within a second: then it queues like any writer, and new
// transactions wait for the ones in flight.
func (s *Store) exclusive() (release func()) {
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
		if s.dbMu.TryLock() {
			return s.dbMu.Unlock
		}
		time.Sleep(100 * time.Microsecond)
	}
	s.dbMu.Lock()
	return s.dbMu.Unlock
}

// compactLeftovers are the files a compaction of path writes beside it.
func compactLeftovers(path string) []string {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".compact-*"))
	return matches
}

// finishScrub, at Open, removes the leftovers of a compaction or a backup
// that was killed (they hold a copy of the data, erased people included),
// deletes the trash of a purge that was killed before its scrub ended,
// and reports whether the file must be compacted: it is marked, or one of
// those was found.
func finishScrub(path string, db *bolt.DB, timeout time.Duration) (compact bool, err error) {
	for _, left := range compactLeftovers(path) {
		if err := os.Remove(left); err != nil {
			return false, fmt.Errorf("remove the leftover %s of an interrupted compaction: %w", left, err)
		}
		compact = true // the compaction it belonged to did not finish
	}
	for _, left := range backupLeftovers(path) {
		if err := os.Remove(left); err != nil {
			return false, fmt.Errorf("remove the leftover %s of an interrupted backup: %w", left, err)
		}
	}
	trash, err := finishPurge(db)
	if err != nil {
		return false, fmt.Errorf("delete what an interrupted purge left: %w", err)
	}
	compact = compact || trash
	db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil && meta.Get([]byte(metaScrub)) != nil {
			compact = true
		}
		return nil
	})
	return compact, nil
}

// CompactFile rewrites the closed event file at path so that it holds only
// live data: bbolt.Compact copies every bucket (with its sequence, so IDs
// are still never reused) into a new file next to it, which is fsynced and
// then renamed over path; the copy's scrub mark is cleared (see Scrub). Pages freed by deletions, and the bytes of erased
// people they still hold, are therefore gone from the file (copies the
// operating system keeps of the old inode's blocks are beyond our reach).
//
// The file must not be open in this or another process: a store holding it
// makes CompactFile fail with an error wrapping ErrInUse after timeout
// (default 1s). On any error before the rename the original file is left
// untouched. It returns the file sizes before and after.
func CompactFile(path string, timeout time.Duration) (before, after int64, err error) {
	if timeout <= 0 {
		timeout = time.Second
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	before = st.Size()
	// Open read-write (exclusive lock) so that no store writes while we copy.
	src, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return before, 0, fmt.Errorf("%s: %w", path, ErrInUse)
	}
	if err != nil {
		return before, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	defer src.Close()

	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".compact-*")
	if err != nil {
		return before, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	renamed := false
	defer func() {
		if !renamed {
			os.Remove(tmpPath)
		}
	}()
	dst, err := bolt.Open(tmpPath, st.Mode().Perm(), &bolt.Options{Timeout: timeout})
	if err != nil {
		return before, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	if err := bolt.Compact(dst, src, 64<<20); err != nil {
		dst.Close()
		return before, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	err = dst.Update(func(tx *bolt.Tx) error { // the copy holds no erased byte
		if meta := tx.Bucket(bucketMeta); meta != nil {
			return meta.Delete([]byte(metaScrub))
		}
		return nil
	})
	if err != nil {
		dst.Close()
		return before, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return before, 0, err
	}
	if err := dst.Close(); err != nil {
		return before, 0, err
	}
	if st, err := os.Stat(tmpPath); err == nil {
		after = st.Size()
	}
	// Rename while still holding the source lock: nobody opens the old file
	// between the copy and the swap.
	if err := os.Rename(tmpPath, path); err != nil {
		return before, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	renamed = true
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync() // make the rename durable; not all systems support it
		dir.Close()
	}
	return before, after, nil
}
