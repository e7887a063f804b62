package data

import (
	"bytes"
	"encoding/json"
	"maps"
	"strings"
	"time"
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
// does the same without holding the writer while it counts.
func (t *Tx) Purge() (AnonymousCounts, error) {
	var p purgeTally
	if err := t.tally(&p); err != nil {
		return p.c, err
	}
	return p.c, t.dropPeople(&p)
}

// Purge is Tx.Purge on the open store in two steps, so that the scans'
// commits never wait for the counting: the counts are taken in a read
// transaction, then one write transaction adds what was written since
// (people registered, check-ins and introductions appended: a change of
// sector in between is counted as it was) and drops the personal buckets
// whole, which costs bbolt a walk of their pages, not of their keys. It
// also returns the IDs of the people it erased.
func (s *Store) Purge() (AnonymousCounts, []AttendeeID, error) {
	var p purgeTally
	if err := s.View(func(tx *Tx) error { return tx.tally(&p) }); err != nil {
		return p.c, nil, err
	}
	var ids []AttendeeID
	err := s.Update(func(tx *Tx) error {
		q := p.clone() // a retried transaction starts from the read's counts
		if err := tx.tally(&q); err != nil {
			return err
		}
		ids = make([]AttendeeID, 0, len(q.sectorOf))
		for id := range q.sectorOf {
			ids = append(ids, id)
		}
		return tx.dropPeople(&q)
	})
	return p.c, ids, err
}

// purgeTally is what a purge has counted so far, and up to where: the
// attendees up to lastID, the check-ins and introductions up to their
// sequence numbers.
type purgeTally struct {
	c                      AnonymousCounts
	sectorOf               map[AttendeeID]string // everyone counted, with their sector
	came                   map[AttendeeID]bool   // those counted as checked in
	lastID                 uint64
	lastCheckIn, lastIntro uint64
	started                bool
}

func (p purgeTally) clone() purgeTally {
	q := p
	q.c.PerGate, q.c.PerHour = maps.Clone(p.c.PerGate), maps.Clone(p.c.PerHour)
	q.c.PerSector, q.c.Introductions = maps.Clone(p.c.PerSector), maps.Clone(p.c.Introductions)
	q.sectorOf, q.came = maps.Clone(p.sectorOf), maps.Clone(p.came)
	return q
}

// tally counts what was written since p's marks. The first tally starts
// from the counts of earlier purges and reads the presence table; a later
// one finds the people who came since in the check-ins appended since.
func (t *Tx) tally(p *purgeTally) error {
	first := !p.started
	if first {
		c, _, err := t.Counts()
		if err != nil {
			return err
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
	}
	p.c.PurgedAt = t.s.now()
	err := eachJSONFrom(t.tx.Bucket(bucketAttendees), itob(p.lastID+1), nil, func(a Attendee) error {
		sector := strings.TrimSpace(a.Project.Sector)
		p.sectorOf[a.ID] = sector
		sc := p.c.PerSector[sector]
		sc.Registered++
		p.c.PerSector[sector] = sc
		p.c.Registered++
		p.lastID = max(p.lastID, uint64(a.ID))
		return nil
	})
	if err != nil {
		return err
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
	checkIns := t.tx.Bucket(bucketCheckIns)
	if first {
		err = t.ForEachPresence(func(pr Presence) error { came(pr); return nil })
	} else {
		err = eachJSONFrom(checkIns, itob(p.lastCheckIn+1), nil, func(c CheckIn) error {
			pr, ok, err := t.Presence(c.AttendeeID)
			if ok {
				came(pr)
			}
			return err
		})
	}
	if err != nil {
		return err
	}
	p.lastCheckIn = checkIns.Sequence()
	intros := t.tx.Bucket(bucketIntroductions)
	err = eachJSONFrom(intros, itob(p.lastIntro+1), nil, func(i Introduction) error {
		p.c.Introductions[i.Kind]++
		return nil
	})
	p.lastIntro = intros.Sequence()
	return err
}

// personalBuckets are dropped whole by a purge.
var personalBuckets = [][]byte{bucketAttendees, bucketEmails, bucketCheckIns, bucketPresence, bucketNonces, bucketIntroductions, bucketPairs, bucketAsks, bucketAttendance}

// dropPeople drops the personal buckets (recreated empty, with their
// sequences, so IDs are never reused), keeps only the kiosks' keys of the
// secrets index, deletes the rounds and stores the counts.
func (t *Tx) dropPeople(p *purgeTally) error {
	if err := t.markScrub(); err != nil {
		return err
	}
	for _, name := range personalBuckets {
		if err := t.recreate(name, nil); err != nil {
			return err
		}
	}
	kioskKeys := map[string][]byte{}
	t.tx.Bucket(bucketSecrets).ForEach(func(k, v []byte) error {
		if len(v) == 10 && SecretKind(v[9]) == KioskKey {
			kioskKeys[string(k)] = bytes.Clone(v)
		}
		return nil
	})
	if err := t.recreate(bucketSecrets, kioskKeys); err != nil {
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

// recreate replaces the top-level bucket name by an empty one with the
// same sequence, holding only keep.
func (t *Tx) recreate(name []byte, keep map[string][]byte) error {
	old := t.tx.Bucket(name)
	if old == nil {
		return nil // closed pairs: created on first use
	}
	seq := old.Sequence()
	if err := t.tx.DeleteBucket(name); err != nil {
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
