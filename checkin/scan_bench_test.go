package checkin

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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
			store, err := data.Open(filepath.Join(b.TempDir(), "bench.db"), data.Options{Codes: Codes{}})
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
			var next atomic.Int64
			var rec stats.Recorder
			var wg sync.WaitGroup
			var failed atomic.Value
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			for k := 0; k < kiosks; k++ {
				wg.Add(1)
				go func(k int) {
					defer wg.Done()
					for i := 0; next.Add(1) <= int64(b.N); i++ {
						code := codes[k*perKiosk+(i/2)%perKiosk]
						dir := data.In
						if i%2 == 1 {
							dir = data.Out
						}
						t0 := time.Now()
						out, err := svc.Scan(context.Background(), Scan{Code: code, Gate: "main", Direction: dir,
							Nonce: fmt.Sprintf("%d-%d", k, i)})
						rec.Add(time.Since(t0))
						if err != nil || !out.Result.Accepted() {
							failed.Store(fmt.Sprintf("scan: %v %v", out.Result, err))
							return
						}
					}
				}(k)
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if f := failed.Load(); f != nil {
				b.Fatal(f)
			}
			s := rec.Summary()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "scans/s")
			b.ReportMetric(float64(s.P50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(s.P99.Microseconds())/1000, "p99-ms")
		})
	}
}
