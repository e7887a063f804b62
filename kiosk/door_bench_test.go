package kiosk

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"

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
			perKiosk := people / kiosks
			stats.Bench(b, kiosks, "scans", func(k, i int) error {
				dir := "in" // each kiosk goes in, then out, over its own people
				if i%2 == 1 {
					dir = "out"
				}
				code := crowd[k*perKiosk+(i/2)%perKiosk].BadgeCode
				body := fmt.Appendf(nil, `{"code":%q,"nonce":"b%d-%d","direction":%q}`, code, k, i, dir)
				req, _ := http.NewRequest(http.MethodPost, env.HTTP.URL+"/api/checkins", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+env.Key)
				resp, err := client.Do(req)
				if err != nil {
					return err
				}
				io.Copy(io.Discard, resp.Body) // to EOF, or the connection is not reused
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					return fmt.Errorf("status %d", resp.StatusCode)
				}
				return nil
			})
		})
	}
}
