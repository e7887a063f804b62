package kiosk

import (
	"bytes"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"icebreaker/data"
	"icebreaker/internal/stats"
)

// BenchmarkScanHTTP measures the whole door path: a kiosk's POST
// /api/checkins over a real socket, auth, the durable group commit, the
// matcher and the publish. Each op is one check-in or check-out (people go
// in, then out, then in again), from 1, 16 or 64 concurrent kiosks.
func BenchmarkScanHTTP(b *testing.B) {
	const people = 2000
	for _, kiosks := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("kiosks=%d", kiosks), func(b *testing.B) {
			crowd := make([]data.Attendee, people)
			for i := range crowd {
				crowd[i] = data.Attendee{FirstName: fmt.Sprint("P", i), LastName: "Test", Interests: []string{"education"}, MatchConsent: true}
			}
			env := newTestEnv(b, crowd)
			transport := &http.Transport{MaxIdleConnsPerHost: kiosks}
			client := &http.Client{Transport: transport}
			b.Cleanup(transport.CloseIdleConnections)
			var next atomic.Int64
			var lat stats.Recorder
			b.SetParallelism((kiosks + 1) / 2) // GOMAXPROCS is 2 here
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n := next.Add(1) - 1
					dir := "in"
					if (n/people)%2 == 1 {
						dir = "out"
					}
					body := fmt.Appendf(nil, `{"code":%q,"nonce":"b%d","direction":%q}`, crowd[n%people].BadgeCode, n, dir)
					req, _ := http.NewRequest(http.MethodPost, env.HTTP.URL+"/api/checkins", bytes.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+env.Key)
					t0 := time.Now()
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					resp.Body.Close()
					lat.Add(time.Since(t0))
					if resp.StatusCode != http.StatusOK {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
			})
			elapsed := time.Since(start)
			s := lat.Summary()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "scans/s")
			b.ReportMetric(float64(s.P50)/1e6, "p50-ms")
			b.ReportMetric(float64(s.P99)/1e6, "p99-ms")
		})
	}
}
