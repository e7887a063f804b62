package data

import (
	"encoding/json"
	"time"
)

// changedChunk is how many attendee records one read transaction of
// AttendeesChangedSince looks at (at 100,000 attendees, a read of a few
// tens of milliseconds, followed by a rest as long).
const changedChunk = 5000

// AttendeesChangedSince returns the attendees written at or after since
// (UpdatedAt), in ID order: what an import wrote, for the live picture.
//
// Contract: it reads in transactions of at most changedChunk records,
// each followed by a rest as long as it took, and decodes a record whole
// only when it changed (the others only as far as their updated_at), so
// that reading back an import beside 100,000 people holds no reader open
// for long, takes at most half of one core, and leaves the garbage
// collector, which the door's scans would pay, little to do. A record
// written while it reads is returned if its key comes after the chunk
// being read.
func (s *Store) AttendeesChangedSince(since time.Time) ([]Attendee, error) {
	var out []Attendee
	var from uint64
	for more := true; more; {
		t0 := time.Now()
		more = false
		err := s.View(func(tx *Tx) error {
			c := tx.tx.Bucket(bucketAttendees).Cursor()
			n := 0
			for k, v := c.Seek(itob(from)); k != nil; k, v = c.Next() {
				if n == changedChunk {
					from, more = btoi(k), true
					return nil
				}
				n++
				var stamp struct {
					UpdatedAt time.Time `json:"updated_at"`
				}
				if err := json.Unmarshal(v, &stamp); err != nil {
					return err
				}
				if stamp.UpdatedAt.Before(since) {
					continue
				}
				var a Attendee
				if err := json.Unmarshal(v, &a); err != nil {
					return err
				}
				out = append(out, a)
			}
			return nil
		})
		if err != nil {
			return out, err
		}
		if more {
			time.Sleep(time.Since(t0)) // pacing the reads, as the import's writes are paced
		}
	}
	return out, nil
}
