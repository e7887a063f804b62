package data

import (
	"encoding/json"
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
// only anonymous counts in the meta bucket (see AnonymousCounts). It deletes
// every attendee with DeleteAttendee's reach, and then the whole check-in
// log, presence table, nonce table and introduction log, anonymous or not.
// The event settings and kiosks stay. Counts of repeated purges add up (people
// imported after a first purge are counted by the second). It returns the
// cumulative counts now stored. Run CompactFile afterwards.
func (t *Tx) Purge() (AnonymousCounts, error) {
	c, _, err := t.Counts()
	if err != nil {
		return c, err
	}
	if c.PerGate == nil {
		c.PerGate = map[string]int{}
	}
	if c.PerHour == nil {
		c.PerHour = map[string]int{}
	}
	if c.PerSector == nil {
		c.PerSector = map[string]SectorCount{}
	}
	if c.Introductions == nil {
		c.Introductions = map[IntroKind]int{}
	}
	c.PurgedAt = t.s.now()
	sectorOf := map[AttendeeID]string{}
	var ids []AttendeeID
	err = t.ForEachAttendee(func(a Attendee) error {
		sector := strings.TrimSpace(a.Project.Sector)
		sectorOf[a.ID] = sector
		sc := c.PerSector[sector]
		sc.Registered++
		c.PerSector[sector] = sc
		c.Registered++
		ids = append(ids, a.ID)
		return nil
	})
	if err != nil {
		return c, err
	}
	err = t.ForEachPresence(func(p Presence) error {
		if p.Entries == 0 {
			return nil
		}
		c.CheckedIn++
		c.PerGate[p.FirstGate]++
		c.PerHour[p.FirstIn.Format("2006-01-02T15")]++
		if sector, ok := sectorOf[p.AttendeeID]; ok {
			sc := c.PerSector[sector]
			sc.CheckedIn++
			c.PerSector[sector] = sc
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	err = t.ForEachIntroduction(func(i Introduction) error {
		c.Introductions[i.Kind]++
		return nil
	})
	if err != nil {
		return c, err
	}
	for _, id := range ids {
		if err := t.DeleteAttendee(id); err != nil {
			return c, err
		}
	}
	for _, name := range [][]byte{bucketCheckIns, bucketPresence, bucketNonces, bucketIntroductions} {
		if err := deleteWhere(t.tx.Bucket(name), func([]byte) (bool, error) { return true, nil }); err != nil {
			return c, err
		}
	}
	if err := t.deleteRounds(); err != nil { // who sat with whom is personal too
		return c, err
	}
	raw, err := json.Marshal(c)
	if err != nil {
		return c, err
	}
	return c, t.PutMeta(metaCounts, raw)
}
