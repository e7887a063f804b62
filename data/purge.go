package data

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// metaCounts is the meta key that keeps the anonymous counts of a purge.
const metaCounts = "anonymous_counts"

// SectorCount is how many people of one sector registered and came.
type SectorCount struct {
	Registered int `json:"registered"`
	CheckedIn  int `json:"checked_in"`
}

// AnonymousCounts are the figures a purge keeps: numbers only, no person.
// Hours are the local hour of each person's first entry, as recorded
// ("2026-03-14T09"); gates are the gate of that first entry; sectors are
// the attendees' sector text ("" when none was given).
type AnonymousCounts struct {
	PurgedAt      time.Time              `json:"purged_at"`
	Registered    int                    `json:"registered"`
	CheckedIn     int                    `json:"checked_in"`
	PerGate       map[string]int         `json:"per_gate"`
	PerHour       map[string]int         `json:"per_hour"`
	PerSector     map[string]SectorCount `json:"per_sector"`
	Introductions map[IntroKind]int      `json:"introductions"`
}

// Counts returns the anonymous counts kept by earlier purges; ok is false
// when the file was never purged.
func (t *Tx) Counts() (c AnonymousCounts, ok bool, err error) {
	ok, err = getJSON(t.tx.Bucket(bucketMeta), []byte(metaCounts), &c)
	return c, ok, err
}

// Purge erases every person from the event file after the event and keeps
// only anonymous counts in the meta bucket (see AnonymousCounts): the
// attendees with their email index, codes (kiosk keys stay) and seats in
// rounds, and the whole check-in log, presence table, nonce table,
// introduction log and closed pairs, anonymous or not. The event settings
// and kiosks stay; IDs are still never reused. Counts of repeated purges
// add up (people imported after a first purge are counted by the second).
// It returns the cumulative counts now stored. The file is marked for a
// scrub (see Scrub): run CompactFile afterwards, or Store.Scrub. Store.Purge
// does the same without holding the writer while it counts or deletes.
func (t *Tx) Purge() (AnonymousCounts, error) {
	var p purgeTally
	if _, err := t.tally(&p, 0); err != nil {
		return p.c, err
	}
	if err := t.dropTrash(); err != nil { // what an earlier Store.Purge left
		return p.c, err
	}
	return p.c, t.dropPeople(&p, false)
}

// Purge is Tx.Purge on the open store, made of short transactions so that
// the scans' commits never wait for long:
//
//  1. the counts are taken in read transactions of tallyChunk attendees,
//     each followed by a rest as long as it took;
//  2. one write transaction adds what was written since (people
//     registered, check-ins and introductions appended: a change of
//     sector in between is counted as it was), stores the counts, and
//     moves the personal buckets whole into the purge's trash bucket
//     (bbolt moves a bucket by its root page: no walk of its pages),
//     putting empty ones with the same sequences in their place.
//
// When it returns, the purge is done as far as anyone can read: no person
// is left in the event, the counts are stored, and the file is marked for
// a scrub. Their bytes are still in the file, in the trash: Store.Scrub
// deletes it in batches of a few hundred keys, each committed with the
// scans of the moment (see emptyTrash), then wipes the free pages. The trash is its own journal: a
// process killed before the scrub ends leaves it, and the next Open
// deletes it and compacts the file, so a purge is never half done.
//
// It also returns the IDs of the people it erased.
func (s *Store) Purge() (AnonymousCounts, []AttendeeID, error) {
	for {
		var p purgeTally
		for more := true; more; {
			t0 := time.Now()
			err := s.View(func(tx *Tx) (err error) {
				if !p.started {
					tx.kioskKeys(&p)
				}
				more, err = tx.tally(&p, tallyChunk)
				return err
			})
			if err != nil {
				return p.c, nil, err
			}
			if more {
				time.Sleep(time.Since(t0)) // pacing the count, as the trash's batches are paced
			}
		}
		err := s.Update(func(tx *Tx) error { // run once (Update does not retry): p may grow in place
			if tx.tx.Bucket(bucketTrash) != nil {
				return errTrashFull
			}
			if _, err := tx.tally(&p, 0); err != nil {
				return err
			}
			return tx.dropPeople(&p, true)
		})
		if err != errTrashFull {
			return p.c, p.ids, err
		}
		// An earlier purge's trash is still there (its scrub failed, or
		// runs now): empty it first, its bytes are due anyway.
		s.scrubMu.Lock()
		err = s.emptyTrash()
		s.scrubMu.Unlock()
		if err != nil {
			return p.c, nil, err
		}
	}
}

// tallyChunk is how many attendees one read of a purge's count decodes
// (a read of about 50 ms at 100,000 attendees, followed by a rest as long).
const tallyChunk = 5000

// errTallied stops a tally's walk where its chunk ends.
var errTallied = errors.New("tallied")

// bucketTrash holds, between a Store.Purge and its scrub, the personal
// buckets the purge took out of the event, under their own names. Nothing
// reads it; Store.Scrub empties it, and Open deletes what a killed
// process left.
var bucketTrash = []byte("purge_trash")

// errTrashFull stops a purge's write transaction when an earlier purge's
// trash is still there.
var errTrashFull = errors.New("an earlier purge's trash is still in the file")

// Trash batch sizes: one transaction deletes at most trashBatchKeys keys
// and stops early once it has run for trashBatchTime, so a scan riding
// its commit (see emptyTrash) waits for one short batch at most. At
// 100,000 attendees a batch of attendee records frees about 100 pages.
const (
	trashBatchKeys = 400
	trashBatchTime = 5 * time.Millisecond
)

// emptyTrash deletes the trash of a purge, batch by batch, each batch
// committed by the group committer with the door's scans queued meanwhile
// (Store.CommitBulk: a scan rides the batch's commit instead of queueing
// for the writer behind a transaction of its own), and followed by a rest
// as long as it kept a processor busy (CommitTiming.Busy: the door's scans
// get half the processor meanwhile). A batch run again because a scan of
// its transaction failed starts from the trash as the rollback left it.
// The caller holds scrubMu.
func (s *Store) emptyTrash() error {
	for {
		if s.scrubFault != nil {
			if err := s.scrubFault(); err != nil {
				return err
			}
		}
		t0 := time.Now()
		var done bool
		var ct CommitTiming
		err := s.CommitBulk(WithCommitTiming(context.Background(), &ct), func(tx *Tx) error {
			done = false
			trash := tx.tx.Bucket(bucketTrash)
			if trash == nil {
				done = true
				return nil
			}
			budget := trashBudget{keys: trashBatchKeys, until: time.Now().Add(trashBatchTime)}
			empty, err := budget.empty(trash)
			if err != nil || !empty {
				return err
			}
			done = true
			return tx.tx.DeleteBucket(bucketTrash) // empty: one page to free
		})
		if err != nil || done {
			return err
		}
		time.Sleep(ct.Busy(t0)) // pacing the writer, as the import does between its batches
	}
}

// trashBudget is what one batch of emptyTrash may still delete.
type trashBudget struct {
	keys  int
	until time.Time
}

func (b *trashBudget) spent() bool { return b.keys <= 0 || !time.Now().Before(b.until) }

// empty deletes keys of bucket (and of the buckets inside it, which it
// deletes once empty) within the budget, and reports whether bucket is
// now empty.
func (b *trashBudget) empty(bucket *bolt.Bucket) (bool, error) {
	for !b.spent() {
		c := bucket.Cursor()
		var keys [][]byte
		var nested []byte
		for k, v := c.First(); k != nil && len(keys) < b.keys; k, v = c.Next() {
			if v == nil { // a bucket inside: emptied on its own, below
				nested = bytes.Clone(k)
				break
			}
			keys = append(keys, bytes.Clone(k))
		}
		if keys == nil && nested == nil {
			return true, nil
		}
		for _, k := range keys { // not through the cursor: bbolt's cursors skip keys after a Delete
			if err := bucket.Delete(k); err != nil {
				return false, err
			}
			b.keys--
		}
		if nested != nil && !b.spent() {
			inner := bucket.Bucket(nested)
			empty, err := b.empty(inner)
			if err != nil || !empty {
				return false, err
			}
			if err := bucket.DeleteBucket(nested); err != nil {
				return false, err
			}
		}
	}
	return false, nil
}

// dropTrash deletes a purge's trash in the transaction (on a file no one
// else uses: Tx.Purge, and Open after a killed process).
func (t *Tx) dropTrash() error {
	if t.tx.Bucket(bucketTrash) == nil {
		return nil
	}
	if err := t.markScrub(); err != nil {
		return err
	}
	return t.tx.DeleteBucket(bucketTrash)
}

// finishPurge, at Open, deletes the trash a process killed during a
// purge's scrub left, and reports whether there was one (the file then
// needs compacting: the bytes are in its free pages).
func finishPurge(db *bolt.DB) (bool, error) {
	found := false
	db.View(func(btx *bolt.Tx) error { found = btx.Bucket(bucketTrash) != nil; return nil })
	if !found { // no transaction: Open leaves a file it need not change as it was
		return false, nil
	}
	return true, db.Update(func(btx *bolt.Tx) error { return (&Tx{tx: btx}).dropTrash() })
}

// purgeTally is what a purge has counted so far, and up to where: the
// attendees up to lastID, the check-ins and introductions up to their
// sequence numbers.
type purgeTally struct {
	c                      AnonymousCounts
	sectorOf               map[AttendeeID]string // everyone counted, with their sector
	ids                    []AttendeeID          // the same, in the order counted
	came                   map[AttendeeID]bool   // those counted as checked in
	lastID                 uint64
	lastCheckIn, lastIntro uint64
	started                bool
	kioskKeys              map[string][]byte // the secrets index's kiosk keys…
	kioskSeq               uint64            // …as of this kiosks sequence
}

// counted is the part of an attendee record a purge counts: decoding
// only this leaves the names and texts of 100,000 people unallocated (and
// the garbage collector, which the door's scans would pay, idle).
type counted struct {
	ID      AttendeeID `json:"id"`
	Project struct {
		Sector string `json:"sector"`
	} `json:"project"`
}

// tally counts what was written since p's marks, at most limit attendees
// when limit is not 0, and reports whether more remain. The first tally
// starts from the counts of earlier purges. Each reads the presence of
// the people it counted, as of its own read; the check-ins appended since
// the first tally's read (people counted earlier who came in since) are
// read by the last, unlimited one, the purge's write.
func (t *Tx) tally(p *purgeTally, limit int) (more bool, err error) {
	first := !p.started
	if first {
		c, _, err := t.Counts()
		if err != nil {
			return false, err
		}
		p.c, p.started = c, true
		p.sectorOf, p.came = map[AttendeeID]string{}, map[AttendeeID]bool{}
		if p.c.PerGate == nil {
			p.c.PerGate = map[string]int{}
		}
		if p.c.PerHour == nil {
			p.c.PerHour = map[string]int{}
		}
		if p.c.PerSector == nil {
			p.c.PerSector = map[string]SectorCount{}
		}
		if p.c.Introductions == nil {
			p.c.Introductions = map[IntroKind]int{}
		}
		p.lastCheckIn = t.tx.Bucket(bucketCheckIns).Sequence()
	}
	p.c.PurgedAt = t.s.now()
	from, n := p.lastID, 0
	err = eachJSONFrom(t.tx.Bucket(bucketAttendees), itob(from+1), nil, func(a counted) error {
		if limit > 0 && n == limit {
			more = true
			return errTallied
		}
		n++
		sector := strings.TrimSpace(a.Project.Sector)
		p.sectorOf[a.ID] = sector
		p.ids = append(p.ids, a.ID)
		sc := p.c.PerSector[sector]
		sc.Registered++
		p.c.PerSector[sector] = sc
		p.c.Registered++
		p.lastID = max(p.lastID, uint64(a.ID))
		return nil
	})
	if err != nil && err != errTallied {
		return false, err
	}
	came := func(pr Presence) {
		if pr.Entries == 0 || p.came[pr.AttendeeID] {
			return
		}
		p.came[pr.AttendeeID] = true
		p.c.CheckedIn++
		p.c.PerGate[pr.FirstGate]++
		p.c.PerHour[pr.FirstIn.Format("2006-01-02T15")]++
		if sector, ok := p.sectorOf[pr.AttendeeID]; ok {
			sc := p.c.PerSector[sector]
			sc.CheckedIn++
			p.c.PerSector[sector] = sc
		}
	}
	err = eachJSONFrom(t.tx.Bucket(bucketPresence), itob(from+1), nil, func(pr Presence) error {
		if uint64(pr.AttendeeID) > p.lastID {
			return errTallied // the next tally's people
		}
		came(pr)
		return nil
	})
	if err != nil && err != errTallied {
		return false, err
	}
	if !first && limit == 0 {
		checkIns := t.tx.Bucket(bucketCheckIns)
		err = eachJSONFrom(checkIns, itob(p.lastCheckIn+1), nil, func(c CheckIn) error {
			pr, ok, err := t.Presence(c.AttendeeID)
			if ok {
				came(pr)
			}
			return err
		})
		if err != nil {
			return false, err
		}
		p.lastCheckIn = checkIns.Sequence()
	}
	intros := t.tx.Bucket(bucketIntroductions)
	err = eachJSONFrom(intros, itob(p.lastIntro+1), nil, func(i Introduction) error {
		p.c.Introductions[i.Kind]++
		return nil
	})
	p.lastIntro = intros.Sequence()
	return more, err
}

// personalBuckets are dropped whole by a purge.
var personalBuckets = [][]byte{bucketAttendees, bucketEmails, bucketCheckIns, bucketPresence, bucketNonces, bucketIntroductions, bucketPairs, bucketAsks, bucketPreGroups, bucketConfirmations, bucketAttendance}

// dropPeople drops the personal buckets (recreated empty, with their
// sequences, so IDs are never reused), keeps only the kiosks' keys of the
// secrets index, deletes the rounds and stores the counts. With toTrash,
// the old buckets are moved into the trash (see Store.Purge) instead of
// deleted.
func (t *Tx) dropPeople(p *purgeTally, toTrash bool) error {
	if err := t.markScrub(); err != nil {
		return err
	}
	var trash *bolt.Bucket
	if toTrash {
		var err error
		if trash, err = t.tx.CreateBucket(bucketTrash); err != nil {
			return err
		}
	}
	for _, name := range personalBuckets {
		if err := t.recreate(name, trash, nil); err != nil {
			return err
		}
	}
	t.kioskKeys(p)
	if err := t.recreate(bucketSecrets, trash, p.kioskKeys); err != nil {
		return err
	}
	if err := t.deleteRounds(); err != nil { // who sat with whom is personal too
		return err
	}
	raw, err := json.Marshal(p.c)
	if err != nil {
		return err
	}
	return t.PutMeta(metaCounts, raw)
}

// kioskKeys fills p with the kiosks' keys of the secrets index (the
// secrets a purge keeps), unless p holds them as of the same kiosks
// sequence: PutKiosk moves the sequence on whenever it maps a key, so
// the first tally's read collects them and the purge's write transaction
// does not walk the index again (a walk of every badge code and phone
// secret: 200,000 at 100,000 attendees).
func (t *Tx) kioskKeys(p *purgeTally) {
	seq := t.tx.Bucket(bucketKiosks).Sequence()
	if p.kioskKeys != nil && p.kioskSeq == seq {
		return
	}
	p.kioskKeys, p.kioskSeq = map[string][]byte{}, seq
	t.tx.Bucket(bucketSecrets).ForEach(func(k, v []byte) error {
		if len(v) == 10 && SecretKind(v[9]) == KioskKey {
			p.kioskKeys[string(k)] = bytes.Clone(v)
		}
		return nil
	})
}

// recreate replaces the top-level bucket name by an empty one with the
// same sequence, holding only keep. The old bucket is deleted, or moved
// into trash when trash is not nil.
func (t *Tx) recreate(name []byte, trash *bolt.Bucket, keep map[string][]byte) error {
	old := t.tx.Bucket(name)
	if old == nil {
		return nil // closed pairs: created on first use
	}
	seq := old.Sequence()
	var err error
	if trash != nil {
		// MoveBucket moves the bucket as stored: nothing in this
		// transaction wrote to it (tally and dropPeople only read it).
		err = t.tx.MoveBucket(name, nil, trash)
	} else {
		err = t.tx.DeleteBucket(name)
	}
	if err != nil {
		return err
	}
	b, err := t.tx.CreateBucket(name)
	if err != nil {
		return err
	}
	for k, v := range keep {
		if err := b.Put([]byte(k), v); err != nil {
			return err
		}
	}
	return b.SetSequence(seq)
}
