package data

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the version of the file layout this code writes.
const SchemaVersion = 1

// Bucket names. Keys are documented next to each.
var (
	bucketMeta      = []byte("meta")      // "schema" → uvarint, "event" → Event JSON, other settings
	bucketAttendees = []byte("attendees") // id (8 bytes BE) → Attendee JSON
	bucketSecrets   = []byte("secrets")   // sha256(kind|secret) → id (8 bytes BE) + state byte
	bucketEmails    = []byte("emails")    // lower(email) → id
	bucketCheckIns  = []byte("checkins")  // seq (8 bytes BE) → CheckIn JSON
	bucketPresence  = []byte("presence")  // id → Presence JSON
	bucketNonces    = []byte("nonces")    // nonce → caller's outcome JSON
	bucketKiosks    = []byte("kiosks")    // id → Kiosk JSON
)

var allBuckets = [][]byte{bucketMeta, bucketAttendees, bucketSecrets, bucketEmails,
	bucketCheckIns, bucketPresence, bucketNonces, bucketKiosks, bucketIntroductions}

// CodeSource makes the random codes the store assigns to new attendees. The
// checkin package provides the production one; data does not import it.
type CodeSource interface {
	NewCode() (string, error)   // a badge code
	NewSecret() (string, error) // a phone-link secret
}

// Options tune Open. The zero value is usable except for Codes, which is
// needed only by writes that create attendees without codes.
type Options struct {
	// Timeout bounds the wait for the file lock (default 1s). When it
	// expires Open returns an error wrapping ErrInUse.
	Timeout time.Duration
	// Codes makes badge codes and secrets for new attendees.
	Codes CodeSource
	// Now is the clock (default time.Now).
	Now func() time.Time
	// MaxBatch caps how many queued Commit functions share one transaction
	// (default 512).
	MaxBatch int
	// Create allows Open to create the file when none exists. Without it a
	// missing file is an error wrapping ErrNoEventFile, so that a mistyped
	// path never starts an empty event. Only the commands that start an
	// event (import, serve) set it.
	Create bool
	// ScrubFault is for the tests of a failing scrub only: Store.Scrub
	// calls it before wiping and before each batch of a purge's trash,
	// and fails with the error it returns as it would on a failing disk.
	ScrubFault func() error
}

// Store is an open event file. It is safe for concurrent use.
type Store struct {
	// dbMu guards the db pointer: every transaction holds it for reading;
	// Close holds it for writing, and so does a scrub's batch for the
	// moment it needs no reader open (see exclusive).
	dbMu    sync.RWMutex
	db      *bolt.DB
	path    string
	timeout time.Duration
	codes   CodeSource
	now     func() time.Time

	queue    chan *commitReq
	maxBatch int
	stop     chan struct{}
	done     chan struct{}
	closeMu  sync.RWMutex
	closed   bool
	closeErr error
	once     sync.Once

	scrubMu    sync.Mutex // one Scrub at a time
	scrubFault func() error
}

// Open opens the event file at path, migrates it to SchemaVersion and
// starts the group committer.
//
// A missing file is created only with opts.Create; otherwise Open returns
// a *NoEventFileError (errors.Is ErrNoEventFile) that names the path. An
// existing file is checked before bbolt maps it, with plain reads: its
// header pages, its size against what they announce (a truncated
// memory-mapped file would kill the process with SIGBUS), and every page
// its trees reach (type, bounds, key order, JSON records); the bbolt open
// itself runs under a panic guard. Any damage (empty, truncated, corrupted, not an icebreaker file)
// yields a *DamagedError (errors.Is ErrDamaged) that says which file, what
// is wrong and to restore the last backup; the file is not modified. A
// file locked by another process yields an error wrapping ErrInUse after
// opts.Timeout.
//
// A file whose last run erased people without wiping their bytes (see
// Scrub: the process was killed, or the scrub failed) is compacted before
// it is served, and the leftovers of a compaction that was killed are
// removed; if the compaction fails the file is scrubbed in place, and if
// that fails too it stays marked and the next erasure tries again. An
// import that was being written when the process was killed is rolled
// back (see BeginImport).
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 512
	}
	meta, size, exists, err := checkHeader(path, opts.Create)
	if err != nil {
		return nil, err
	}
	if exists {
		if err := verifyFile(path, meta, size); err != nil {
			return nil, err
		}
	}
	var db *bolt.DB
	err = guard(path, func() error {
		var err error
		db, err = openBolt(path, opts.Timeout)
		return err
	})
	if err != nil {
		return nil, openError(path, err)
	}
	compact, err := finishScrub(path, db, opts.Timeout)
	if err != nil {
		db.Close()
		return nil, err
	}
	if compact { // the last run erased people and could not wipe their bytes
		db.Close()
		_, _, cerr := CompactFile(path, opts.Timeout)
		compact = cerr == nil // on failure the file is intact and still marked
		if db, err = openBolt(path, opts.Timeout); err != nil {
			return nil, openError(path, err)
		}
	}
	s := &Store{
		db:       db,
		path:     path,
		timeout:  opts.Timeout,
		codes:    opts.Codes,
		now:      opts.Now,
		queue:    make(chan *commitReq, 4096),
		maxBatch: opts.MaxBatch,
		stop:     make(chan struct{}),
		done:     make(chan struct{}),

		scrubFault: opts.ScrubFault,
	}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	go s.commitLoop()
	if importLeftover(db) { // killed while writing an import: all or nothing
		if err := s.UndoImport(); err != nil {
			s.Close()
			return nil, fmt.Errorf("open %s: an interrupted import could not be rolled back: %w", path, err)
		}
	}
	if !compact {
		s.Scrub() // a mark the compaction could not clear: a failure leaves it for the next erasure
	}
	return s, nil
}

func openBolt(path string, timeout time.Duration) (*bolt.DB, error) {
	var size int64
	if st, err := os.Stat(path); err == nil {
		size = st.Size()
	}
	return bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         timeout,
		FreelistType:    bolt.FreelistMapType,
		NoFreelistSync:  true,
		InitialMmapSize: mmapReserve(size),
	})
}

// mmapReserve is the address space bbolt maps for a file of size bytes.
//
// Contract: on a 64-bit machine, at least minMmap and four times the
// file, so that the file grows through a day and an import of as many
// people again without bbolt remapping it. A remap (bbolt's DB.mmap, when
// a write transaction allocates past the mapping) takes the mapping's
// lock, which waits for every read transaction and holds back every new
// one, then unmaps and maps the file again inside the commit. The import
// drill at 100,000 people takes the file from 139 MiB past 256 MiB (bbolt
// mapped 256 MiB before), and in a probe of such writes the commit that
// remapped took 113–197 ms against a median of 34–37 ms and held a read
// back up to 122 ms (BENCHMARKS.md, session 9). Mapping more
// costs address space only: pages are read from the file when touched. A
// 32-bit machine keeps 256 MiB of its 2–4 GiB.
func mmapReserve(size int64) int {
	if bits.UintSize < 64 {
		return 256 << 20
	}
	return int(max(minMmap, 4*size))
}

// minMmap is the least address space mapped for an event file on a
// 64-bit machine (see mmapReserve).
const minMmap = 1 << 30

// migrations[v] upgrades a file from version v to v+1.
var migrations = map[uint64]func(tx *bolt.Tx) error{
	0: func(tx *bolt.Tx) error { // a new file: create every bucket
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
}

func (s *Store) migrate() error {
	current := false
	var missing []byte
	s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			v, _ := binary.Uvarint(meta.Get([]byte("schema")))
			current = v == SchemaVersion
		}
		for _, name := range allBuckets {
			if missing == nil && tx.Bucket(name) == nil {
				missing = name
			}
		}
		return nil
	})
	if current && missing != nil { // a current file has every bucket: a name was damaged
		return &DamagedError{Path: s.path, Problem: fmt.Sprintf("its %q table is missing (a damaged bucket name)", missing)}
	}
	if current { // nothing to write: no transaction, no fsync
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		var v uint64
		if raw := meta.Get([]byte("schema")); raw != nil {
			v, _ = binary.Uvarint(raw)
		}
		if v > SchemaVersion {
			return fmt.Errorf("schema %d > %d: %w", v, SchemaVersion, ErrNewerSchema)
		}
		for ; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrate schema %d→%d: %w", v, v+1, err)
			}
		}
		return meta.Put([]byte("schema"), binary.AppendUvarint(nil, SchemaVersion))
	})
}

// Path is the file the store was opened on.
func (s *Store) Path() string { return s.path }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Close stops the committer after it has answered everything queued, then
// closes the file. It is idempotent.
func (s *Store) Close() error {
	s.once.Do(func() {
		s.closeMu.Lock()
		s.closed = true
		s.closeMu.Unlock()
		close(s.stop)
		<-s.done
		s.dbMu.Lock()
		s.closeErr = s.db.Close()
		s.dbMu.Unlock()
	})
	return s.closeErr
}

// View runs fn in a read-only transaction. The Tx is valid only inside fn.
func (s *Store) View(fn func(*Tx) error) error {
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	return s.db.View(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx, s: s}) })
}

// Update runs fn alone in one read-write transaction, committed and fsynced
// before Update returns. For the scan path use Commit.
func (s *Store) Update(fn func(*Tx) error) error {
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	return s.db.Update(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx, s: s}) })
}

// WriteTo writes a consistent copy of the whole file, taken in a read
// transaction while writers go on (a backup).
func (s *Store) WriteTo(w interface{ Write([]byte) (int, error) }) (int64, error) {
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// Check runs bbolt's consistency check and returns the first problem found.
func (s *Store) Check() error {
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	return s.db.View(func(tx *bolt.Tx) error {
		var first error
		for err := range tx.Check() { // drain the channel: stopping early would leak its goroutine
			if first == nil {
				first = err
			}
		}
		return first
	})
}

func itob(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }
func btoi(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	return true, json.Unmarshal(raw, v)
}

// putByID stores v in the bucket name (made by the first write) under
// *id: an id of 0 takes the bucket's next number and sets *id; another id
// replaces that record, which must exist unless what is "" (else the
// error wraps ErrNotFound and names it, "session 7").
func putByID(t *Tx, name []byte, id *uint64, v any, what string) error {
	b, err := t.tx.CreateBucketIfNotExists(name)
	if err != nil {
		return err
	}
	if *id == 0 {
		if *id, err = b.NextSequence(); err != nil {
			return err
		}
	} else if what != "" && b.Get(itob(*id)) == nil {
		return fmt.Errorf("%s %d: %w", what, *id, ErrNotFound)
	}
	return putJSON(b, itob(*id), v)
}

// getByID decodes the record of id in b as a T. A missing record (or a nil
// b, a bucket its first write has not made yet) is an error wrapping
// ErrNotFound that names it ("ask 7").
func getByID[T any](b *bolt.Bucket, id uint64, what string) (T, error) {
	var v T
	var ok bool
	var err error
	if b != nil {
		ok, err = getJSON(b, itob(id), &v)
	}
	if err == nil && !ok {
		err = fmt.Errorf("%s %d: %w", what, id, ErrNotFound)
	}
	return v, err
}

// errNoCodes is returned when an attendee needs a code and Options.Codes is nil.
var errNoCodes = errors.New("data: no CodeSource configured to make badge codes")
