package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

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
