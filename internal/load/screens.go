package load

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"icebreaker/internal/stats"
)

// The screens of a run: the board and phone WebSocket clients reading their
// pushes (latency, counts), and how many pushes the phones should get.

func (r *runner) dial(ctx context.Context, path string) (*wsConn, error) {
	return dialWS(ctx, "ws"+strings.TrimPrefix(r.srv.URL, "http")+path, r.srv.URL)
}

// read counts every message (phones: against their topics' seq) and times
// the messages of one kind from the scan of the person they name
// ("L<index> L."); on phones it also times round assignments.
func (r *runner) read(c *wsConn, kind string, lat *stats.Recorder, got, all *atomic.Int64) {
	for {
		raw, err := c.next()
		if err != nil {
			return
		}
		now := time.Now()
		if all != nil {
			all.Add(1) // every message counts against the topic's seq
		}
		// Thousands of sockets share two cores with the server: read the
		// few fields needed by scanning, not by decoding the whole message.
		mkind := field(raw, `"kind":"`)
		if mkind == "round" && kind == "arrived" && !bytes.Contains(raw, []byte(`"round":null`)) { // a phone told its table
			if sent := r.roundSentAt.Load(); sent != 0 {
				r.roundLat.Add(now.Sub(time.Unix(0, sent)))
			}
			r.roundMu.Lock()
			r.roundTimes = append(r.roundTimes, now)
			r.roundMu.Unlock()
			r.roundGot.Add(1)
			continue
		}
		if mkind != kind {
			continue
		}
		got.Add(1)
		if i, ok := indexOf(field(raw, `"name":"`)); ok {
			r.sentMu.Lock()
			at, found := r.sent[i]
			r.sentMu.Unlock()
			if found {
				lat.Add(now.Sub(at))
			}
		}
	}
}

// field returns the string value that follows key in a JSON message, up to
// the next quote (the values read here hold no escaped quotes).
func field(raw []byte, key string) string {
	i := bytes.Index(raw, []byte(key))
	if i < 0 {
		return ""
	}
	rest := raw[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

func indexOf(name string) (int, bool) {
	first, _, _ := strings.Cut(name, " ")
	if !strings.HasPrefix(first, "L") {
		return 0, false
	}
	i, err := strconv.Atoi(first[1:])
	return i, err == nil
}

// waitForPushes waits until the boards have every arrival (or 5 s pass).
func (r *runner) waitForPushes(ctx context.Context) {
	deadline := time.Now().Add(5 * time.Second)
	want := r.accepted.Load() * int64(r.cfg.Boards)
	for time.Now().Before(deadline) && r.boardGot.Load() < want && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the phones' last pushes
}

// phoneExpected asks each phone's snapshot how many messages its topic has
// published (its seq); the phones connected before any scan, so they should
// have received all of them.
func (r *runner) phoneExpected(ctx context.Context) int {
	total := 0
	for i := 0; i < r.cfg.Phones; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.srv.URL+"/api/me/"+r.ev.secrets[i], nil)
		resp, err := r.client.Do(req)
		if err != nil {
			r.fail("phone snapshot")
			continue
		}
		var snap struct {
			Seq int `json:"seq"`
		}
		json.NewDecoder(resp.Body).Decode(&snap)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		total += snap.Seq
	}
	return total
}
