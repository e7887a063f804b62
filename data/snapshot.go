package data

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Snapshot is a consistent copy of the event file in a file of its own,
// written by Store.Snapshot: a backup is served from it, at the client's
// pace, with no transaction open.
type Snapshot struct {
	Path   string   // the copy, beside the event file; the caller removes it
	Size   int64    // its length in bytes
	SHA256 [32]byte // its digest, so that a cut download can be told apart
}

// Snapshot copies the whole file (bbolt Tx.WriteTo) into a new file
// beside it, named like ".event.db.backup-*" and readable by the owner
// only, and returns it with its length and SHA-256. The read transaction
// lasts as long as the local copy (well under a second at 100,000 people)
// and writers go on meanwhile. A snapshot left by a process killed while
// it served one is removed at the next Open, since it holds a copy of the
// data (erased people included).
func (s *Store) Snapshot() (Snapshot, error) {
	f, err := os.CreateTemp(filepath.Dir(s.path), "."+filepath.Base(s.path)+".backup-*")
	if err != nil {
		return Snapshot{}, fmt.Errorf("backup of %s: %w", s.path, err)
	}
	snap := Snapshot{Path: f.Name()}
	h := sha256.New()
	buf := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	n, err := s.WriteTo(buf)
	if err == nil {
		err = buf.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(snap.Path)
		return Snapshot{}, fmt.Errorf("backup of %s: %w", s.path, err)
	}
	snap.Size = n
	copy(snap.SHA256[:], h.Sum(nil))
	return snap, nil
}

// backupLeftovers are the snapshots of path that a killed process left.
func backupLeftovers(path string) []string {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".backup-*"))
	return matches
}
