package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/kiosk"
)

func runDemo(c *cli, args []string, stdout, stderr io.Writer) int {
	addr := c.flags.String("addr", "127.0.0.1:8080", "listen address HOST:PORT")
	n := c.flags.Int("attendees", 300, "number of demo attendees")
	seed := c.flags.Uint64("seed", 1, "seed of the demo event (same seed, same event)")
	simulate := c.flags.Bool("simulate", true, "simulate arrivals through the scan API so the screens come alive")
	over := c.flags.Duration("simulate-over", 3*time.Minute, "how long the simulated arrivals take")
	vocabularyFile := c.vocabulary()
	if err := c.flags.Parse(args); err != nil {
		return 2
	}
	if *n < 1 {
		return c.misuse("--attendees must be at least 1")
	}
	path := *c.db
	if path == "" {
		dir, err := os.MkdirTemp("", "icebreaker-demo-")
		if err != nil {
			return c.fail(err)
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "demo.db")
	}
	log := newLogger(stderr)
	kioskKey, err := seedDemo(path, *n, *seed)
	if err != nil {
		return c.fail(err)
	}
	a, link, err := startAppWithLink(appConfig{DB: path, Addr: *addr, Logger: log, VocabularyFile: *vocabularyFile}, (*kiosk.Server).LoginLink)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(stdout, "icebreaker demo: %d attendees (seed %d), event file %s\n\n", *n, *seed, path)
	fmt.Fprintf(stdout, "  door kiosk:      %s/kiosk#key=%s\n", a.URL(), kioskKey)
	fmt.Fprintf(stdout, "  organiser board: %s/board\n", a.URL())
	fmt.Fprintf(stdout, "  admin:           %s%s   (one-time link, valid 30 minutes)\n", a.URL(), link)
	for _, p := range samplePhones(a.store, 3) {
		fmt.Fprintf(stdout, "  phone of %-8s %s/me/%s\n", p.FirstName+":", a.URL(), p.Secret)
	}
	if *simulate {
		fmt.Fprintf(stdout, "\nSimulating arrivals over %s (--simulate=false to scan by hand). Ctrl-C stops.\n", *over)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go simulateArrivals(ctx, a.URL(), kioskKey, a.store, *seed, *over, log)
	} else {
		fmt.Fprintln(stdout, "\nCtrl-C stops.")
	}
	return waitAndClose(a, log, stderr)
}

// seedDemo fills a new event file with the demo event (an existing file
// keeps its attendees) and returns a fresh key for a demo door kiosk.
func seedDemo(path string, n int, seed uint64) (string, error) {
	store, err := openStore(path, true)
	if err != nil {
		return "", err
	}
	defer store.Close()
	err = store.Update(func(tx *data.Tx) error {
		if tx.CountAttendees() > 0 {
			return nil
		}
		if err := tx.PutEvent(demo.Event()); err != nil {
			return err
		}
		return tx.PutAttendees(demo.Attendees(n, seed))
	})
	if err != nil {
		return "", err
	}
	return addKiosk(store, "demo door")
}

// samplePhones returns the first n attendees who consented to suggestions.
func samplePhones(store *data.Store, n int) []data.Attendee {
	var out []data.Attendee
	store.View(func(tx *data.Tx) error {
		return tx.ForEachAttendee(func(a data.Attendee) error {
			if len(out) < n && a.MatchConsent {
				out = append(out, a)
			}
			return nil
		})
	})
	return out
}

// simulateArrivals scans about 85% of the attendees in a random order spread
// over the given duration, through the real scan API, as a kiosk would; now
// and then someone already inside taps "we met" on their phone for their
// first suggestion, through the phone API, so the board's introductions
// feed comes alive too.
func simulateArrivals(ctx context.Context, baseURL, key string, store *data.Store, seed uint64, over time.Duration, log *slog.Logger) {
	var codes []string
	secretOf := map[string]string{}
	store.View(func(tx *data.Tx) error {
		return tx.ForEachAttendee(func(a data.Attendee) error {
			codes = append(codes, a.BadgeCode)
			secretOf[a.BadgeCode] = a.Secret
			return nil
		})
	})
	var inside []string // phone secrets of the people who arrived
	r := rand.New(rand.NewPCG(seed, 42))
	r.Shuffle(len(codes), func(i, j int) { codes[i], codes[j] = codes[j], codes[i] })
	codes = codes[:len(codes)*85/100]
	if len(codes) == 0 {
		return
	}
	gap := over / time.Duration(len(codes))
	client := &http.Client{Timeout: 5 * time.Second}
	for i, code := range codes {
		wait := time.Duration(float64(gap) * (0.2 + 1.6*r.Float64()))
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		gate := "main"
		if r.IntN(4) == 0 {
			gate = "north"
		}
		body, _ := json.Marshal(map[string]string{"code": code, "gate": gate, "nonce": fmt.Sprintf("demo-%d-%d", seed, i)})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/api/checkins", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("simulated scan failed", "err", err)
			}
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		inside = append(inside, secretOf[code])
		if r.IntN(4) == 0 {
			simulateWeMet(ctx, client, baseURL, inside[r.IntN(len(inside))])
		}
	}
	log.Info("simulation finished", "arrivals", len(codes))
}

// simulateWeMet has one attendee's phone say "we met" to their first
// suggestion, if they have one.
func simulateWeMet(ctx context.Context, client *http.Client, baseURL, secret string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/api/me/"+secret, nil)
	resp, err := client.Do(req)
	if err != nil {
		return
	}
	var snap struct {
		Suggestions []struct {
			ID uint64 `json:"id"`
		} `json:"suggestions"`
	}
	err = json.NewDecoder(resp.Body).Decode(&snap)
	resp.Body.Close()
	if err != nil || len(snap.Suggestions) == 0 {
		return
	}
	body, _ := json.Marshal(map[string]uint64{"with": snap.Suggestions[0].ID})
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/api/me/"+secret+"/met", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if resp, err = client.Do(req); err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
