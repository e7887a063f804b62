package checkin

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"icebreaker/data"
	"icebreaker/internal/stats"
)

// BenchmarkScan measures durable scans through the full rules (code lookup,
// presence, check-in log, nonce record, group commit with fsync) at 1, 16
// and 64 concurrent kiosks. Each kiosk owns its attendees and alternates in
// and out scans, so every op is an accepted, committed check-in. Reports
// scans/s and the p50/p99 latency a kiosk waits.
func BenchmarkScan(b *testing.B) {
	const pool = 4096
	for _, kiosks := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("kiosks=%d", kiosks), func(b *testing.B) {
			store, err := data.Open(filepath.Join(b.TempDir(), "bench.db"), data.Options{Codes: Codes{}, Create: true})
			if err != nil {
				b.Fatal(err)
			}
			defer store.Close()
			codes := make([]string, pool)
			err = store.Update(func(tx *data.Tx) error {
				for i := range codes {
					a := data.Attendee{FirstName: fmt.Sprint("P", i), Email: fmt.Sprintf("p%d@example.org", i)}
					if err := tx.PutAttendee(&a); err != nil {
						return err
					}
					codes[i] = a.BadgeCode
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			svc := &Service{Store: store}
			perKiosk := pool / kiosks
			stats.Bench(b, kiosks, "scans", func(k, i int) error {
				code := codes[k*perKiosk+(i/2)%perKiosk]
				dir := data.In
				if i%2 == 1 {
					dir = data.Out
				}
				out, err := svc.Scan(context.Background(), Scan{Code: code, Gate: "main", Direction: dir, Nonce: fmt.Sprintf("%d-%d", k, i)})
				if err == nil && !out.Result.Accepted() {
					err = fmt.Errorf("scan answered %s", out.Result)
				}
				return err
			})
		})
	}
}
