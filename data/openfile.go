package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"

	berrors "go.etcd.io/bbolt/errors"
)

// ErrNoEventFile means Open was given a path where no file exists and
// Options.Create was not set. The error Open returns is a *NoEventFileError.
var ErrNoEventFile = errors.New("no event file")

// NoEventFileError names the missing file and says how to create one.
type NoEventFileError struct{ Path string }

func (e *NoEventFileError) Error() string {
	return fmt.Sprintf("no event file at %s: check the path, or create it with `icebreaker import --db %s file.csv`", e.Path, e.Path)
}

// Is makes errors.Is(err, ErrNoEventFile) true.
func (e *NoEventFileError) Is(target error) bool { return target == ErrNoEventFile }

// ErrDamaged means the event file exists but cannot be read safely:
// truncated, corrupted, empty, or not an icebreaker file at all. The error
// Open returns is a *DamagedError.
var ErrDamaged = errors.New("the event file is damaged")

// DamagedError says which file is damaged, what is wrong with it, and what
// to do. Open never modifies a damaged file.
type DamagedError struct {
	Path    string
	Problem string // what is wrong, e.g. "it was cut short: 8192 bytes of 40960"
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the event file %s is damaged (%s); it was left untouched. Restore the last backup: copy it over the damaged file "+
		"(cp icebreaker-YYYYMMDD-HHMMSS.db %s; the admin's « Sauvegarde / Backup » download is such a copy), then start icebreaker again",
		e.Path, e.Problem, e.Path)
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// bbolt's on-disk meta page, as its format version 2 lays it out: a 16-byte
// page header, then magic, version, page size, flags (4 bytes each), the
// root bucket (root page, sequence), the freelist page, the high water mark
// (pgid), the transaction id and an FNV-64a checksum of everything before
// it (8 bytes each).
const (
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	pageHeaderSize  = 16
	metaSize        = 64
	metaChecksumOff = 56 // offset of the checksum inside the meta
	minPageSize     = 512
	maxPageSize     = 1 << 16
)

type diskMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64 // pages in use: the file holds at least pgid*pageSize bytes
	txid     uint64
}

// readMeta decodes and validates one meta page; the error says what is wrong.
func readMeta(buf []byte) (diskMeta, error) {
	if len(buf) < pageHeaderSize+metaSize {
		return diskMeta{}, errors.New("too short")
	}
	m := buf[pageHeaderSize : pageHeaderSize+metaSize]
	le := binary.LittleEndian
	if le.Uint32(m[0:]) != boltMagic {
		return diskMeta{}, errors.New("no bbolt signature")
	}
	if v := le.Uint32(m[4:]); v != boltVersion {
		return diskMeta{}, fmt.Errorf("bbolt format version %d, not %d", v, boltVersion)
	}
	h := fnv.New64a()
	h.Write(m[:metaChecksumOff])
	if h.Sum64() != le.Uint64(m[metaChecksumOff:]) {
		return diskMeta{}, errors.New("checksum mismatch")
	}
	d := diskMeta{pageSize: le.Uint32(m[8:]), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]),
		pgid: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}
	if d.pageSize < minPageSize || d.pageSize > maxPageSize || d.pageSize&(d.pageSize-1) != 0 {
		return diskMeta{}, fmt.Errorf("impossible page size %d", d.pageSize)
	}
	if d.pgid < 3 || d.root >= d.pgid || d.root < 2 {
		return diskMeta{}, errors.New("impossible page numbers")
	}
	return d, nil
}

// checkHeader looks at the file with plain reads, before bbolt maps it:
// a missing file (unless create), an empty file, a file that is not bbolt,
// two damaged meta pages, or a file shorter than its meta says (reading
// a truncated mapped file would kill the process with SIGBUS). It returns
// exists=false for a missing file that may be created.
func checkHeader(path string, create bool) (m diskMeta, size int64, exists bool, err error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if create {
			return m, size, false, nil
		}
		return m, size, false, &NoEventFileError{Path: path}
	}
	if err != nil {
		return m, size, false, fmt.Errorf("open %s: %w", path, err)
	}
	if st.IsDir() {
		return m, size, false, fmt.Errorf("open %s: it is a directory, not an event file", path)
	}
	size = st.Size()
	if size == 0 {
		return m, size, true, &DamagedError{Path: path, Problem: "the file is empty (0 bytes); if you meant a new event, delete it and import again"}
	}
	f, err := os.Open(path)
	if err != nil {
		return m, size, true, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	first := make([]byte, 4096)
	n, err := io.ReadFull(f, first)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return m, size, true, fmt.Errorf("open %s: %w", path, err)
	}
	first = first[:n]
	m0, err0 := readMeta(first)
	// The second meta page is at one page size; take it from the first
	// meta, else try the sizes bbolt supports.
	var m1 diskMeta
	err1 := errors.New("unreadable")
	sizes := []uint32{4096, 512, 1024, 2048, 8192, 16384, 32768, 65536}
	if err0 == nil {
		sizes = []uint32{m0.pageSize}
	}
	for _, ps := range sizes {
		buf := make([]byte, pageHeaderSize+metaSize)
		if _, err := f.ReadAt(buf, int64(ps)); err != nil {
			continue
		}
		if m, err := readMeta(buf); err == nil && m.pageSize == ps {
			m1, err1 = m, nil
			break
		} else if ps == sizes[0] {
			err1 = err
		}
	}
	if err0 != nil && err1 != nil {
		if err0.Error() == "no bbolt signature" && err1.Error() == "no bbolt signature" || size < 2*minPageSize {
			return m, size, true, &DamagedError{Path: path, Problem: "it is not an icebreaker event file (no bbolt signature); check the --db path"}
		}
		return m, size, true, &DamagedError{Path: path, Problem: fmt.Sprintf("both header pages are corrupted (%v; %v)", err0, err1)}
	}
	m = m0
	if err0 != nil || err1 == nil && m1.txid > m0.txid {
		m = m1
	}
	if m.freelist != noFreelist && m.freelist >= m.pgid {
		return m, size, true, &DamagedError{Path: path, Problem: "the header points past the end of the data"}
	}
	if need := int64(m.pgid) * int64(m.pageSize); size < need {
		return m, size, true, &DamagedError{Path: path, Problem: fmt.Sprintf("it was cut short: %d bytes of the %d its header announces (truncated)", size, need)}
	}
	return m, size, true, nil
}

// guard runs fn with memory faults turned into panics and recovers any
// panic as a DamagedError: bbolt panics, and faults on the memory map,
// on a file whose pages are corrupted.
func guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &DamagedError{Path: path, Problem: fmt.Sprintf("reading it failed: %v", r)}
		}
	}()
	return fn()
}

// openError turns a bbolt open error into ErrInUse, a DamagedError or a
// plain error naming the file.
func openError(path string, err error) error {
	var d *DamagedError
	switch {
	case errors.As(err, &d):
		return err
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%s: %w (close the other process, or use another --db)", path, ErrInUse)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return &DamagedError{Path: path, Problem: err.Error()}
	}
	return fmt.Errorf("open %s: %w", path, err)
}
