package load

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// scan sends cfg.Scans entries from cfg.Kiosks workers, paced to cfg.Rate.
func (r *runner) scan(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Duration)
	defer cancel()
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		var tick *time.Ticker
		if r.cfg.Rate > 0 {
			tick = time.NewTicker(time.Duration(float64(time.Second) / r.cfg.Rate))
			defer tick.Stop()
		}
		for i := 0; i < r.cfg.Scans; i++ {
			if tick != nil {
				select {
				case <-tick.C:
				case <-ctx.Done():
					return
				}
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var done atomic.Int64
	stopProgress := r.progress(&done)
	defer stopProgress()
	var wg sync.WaitGroup
	for k := 0; k < r.cfg.Kiosks; k++ {
		wg.Add(1)
		go func(key string) {
			defer wg.Done()
			for i := range jobs {
				r.scanOne(ctx, key, i)
				done.Add(1)
			}
		}(r.ev.keys[k])
	}
	wg.Wait()
}

func (r *runner) scanOne(ctx context.Context, key string, i int) {
	body, _ := json.Marshal(map[string]string{"code": r.ev.codes[i], "gate": "main", "nonce": "load-" + strconv.Itoa(i)})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.srv.URL+"/api/checkins", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	t0 := time.Now()
	r.sentMu.Lock()
	r.sent[i] = t0
	r.sentMu.Unlock()
	resp, err := r.client.Do(req)
	if err != nil {
		r.fail("network")
		return
	}
	var ans struct {
		Result string `json:"result"`
	}
	err = json.NewDecoder(resp.Body).Decode(&ans)
	io.Copy(io.Discard, resp.Body) // to EOF (the trailing newline), or the connection is not reused
	resp.Body.Close()
	r.scanLat.Add(time.Since(t0))
	switch {
	case resp.StatusCode != http.StatusOK:
		r.fail("http " + strconv.Itoa(resp.StatusCode))
	case err != nil:
		r.fail("bad answer")
	case ans.Result == "ok":
		r.accepted.Add(1)
	default:
		r.fail("result " + ans.Result)
	}
}
