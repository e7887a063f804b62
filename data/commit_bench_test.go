package data

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"icebreaker/internal/stats"
)

// BenchmarkDurableCheckIn compares three ways to make concurrent check-ins
// durable, at 1, 16 and 64 concurrent writers ("kiosks"):
//   - group: Store.Commit, the group committer (no delay; a batch is what
//     queued while the previous fsync ran);
//   - update: one bbolt Update (one fsync) per check-in;
//   - batch: bbolt's db.Batch with its default 10 ms MaxBatchDelay.
//
// Each op is one acknowledged (committed and fsynced) check-in. It reports
// check-ins per second and the p50/p99 latency seen by a writer.
func BenchmarkDurableCheckIn(b *testing.B) {
	modes := []struct {
		name   string
		commit func(s *Store, fn func(*Tx) error) error
	}{
		{"group", func(s *Store, fn func(*Tx) error) error { return s.Commit(context.Background(), fn) }},
		{"update", func(s *Store, fn func(*Tx) error) error { return s.Update(fn) }},
		{"batch", func(s *Store, fn func(*Tx) error) error {
			return s.db.Batch(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx, s: s}) })
		}},
	}
	for _, kiosks := range []int{1, 16, 64} {
		for _, m := range modes {
			b.Run(fmt.Sprintf("kiosks=%d/%s", kiosks, m.name), func(b *testing.B) {
				s, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{Create: true})
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				stats.Bench(b, kiosks, "checkins", func(worker, i int) error {
					dir := In
					if i%2 == 1 {
						dir = Out
					}
					return m.commit(s, func(tx *Tx) error {
						return tx.AppendCheckIn(&CheckIn{AttendeeID: AttendeeID(worker + 1), Direction: dir, At: time.Now(), Gate: "main"})
					})
				})
			})
		}
	}
}
