package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"icebreaker/data"
)

func childCommand(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "ICEBREAKER_CHILD_ARGS="+strings.Join(args, "\x1f"))
	return cmd
}

// startChildServer starts `icebreaker serve --db path` (this test binary
// playing the program) and kills it at the end of the test.
func startChildServer(t *testing.T, path string) *serverProcess {
	t.Helper()
	p, err := startServerProcess(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Kill)
	return p
}

// seedDrillEvent writes n attendees and a kiosk into a new event file.
func seedDrillEvent(t *testing.T, n int) (path, key string, codes []string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "event.db")
	key, codes = seedDrillEventAt(t, path, n)
	return path, key, codes
}

// seedDrillEventAt is seedDrillEvent on a given path.
func seedDrillEventAt(t *testing.T, path string, n int) (key string, codes []string) {
	t.Helper()
	people := make([]data.Attendee, n)
	for i := range people {
		people[i] = data.Attendee{FirstName: fmt.Sprintf("P%d", i), Email: fmt.Sprintf("p%d@example.org", i), MatchConsent: true}
	}
	seedFileAt(t, path, people, 0)
	for _, a := range people {
		codes = append(codes, a.BadgeCode)
	}
	return testKiosk(t, path), codes
}

// TestCrashDrill_SIGKILLMidBurstLosesNoAcknowledgedCheckIn: a child server
// takes a burst of check-ins of 2,000 people from 20 kiosks and is killed with
// SIGKILL at a random moment; after a restart on the same file every
// acknowledged check-in is there exactly once, nobody is in twice, and the
// file passes bbolt's check. Repeated on the same file. The kill comes
// after at most 1,700 acknowledgements, so 2,000 people keep every kill
// mid-burst (5,000 cost the drill 30 CPU-seconds under -race instead of 19,
// seeding and loading people whom no round reached).
func TestCrashDrill_SIGKILLMidBurstLosesNoAcknowledgedCheckIn(t *testing.T) {
	if testing.Short() {
		t.Skip("crash drill skipped in -short mode")
	}
	const people, kiosks, rounds = 2000, 20, 3
	path, key, codes := seedDrillEvent(t, people)
	acked := &ackLog{codes: map[string]bool{}}
	r := rand.New(rand.NewPCG(7, 7))
	for round := 0; round < rounds; round++ {
		srv := startChildServer(t, path)
		killAfter := int64(200 + r.IntN(1500)) // acknowledgements before the kill: a random moment of the burst
		var ackCount atomic.Int64
		var wg sync.WaitGroup
		var next atomic.Int64
		killed := make(chan struct{})
		var once sync.Once
		client := &http.Client{Timeout: 5 * time.Second}
		for k := 0; k < kiosks; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= people {
						return
					}
					select {
					case <-killed:
						return
					default:
					}
					if !acked.scan(client, srv.URL, key, codes[i], fmt.Sprintf("r%d-%d", round, i)) {
						continue // not acknowledged: the server died under it
					}
					if ackCount.Add(1) == killAfter {
						once.Do(func() {
							srv.Kill()
							close(killed)
						})
					}
				}
			}()
		}
		wg.Wait()
		once.Do(func() { srv.Kill(); close(killed) })
		codes = shuffleRest(r, codes)

		assertCheckedInOnce(t, path, acked.codes)
		t.Logf("round %d: killed after %d acknowledgements; %d acknowledged so far, all there once", round, killAfter, len(acked.codes))
	}
}

// shuffleRest reorders the codes so that the next round rescans both
// already-acknowledged badges (which must answer "already") and new ones.
func shuffleRest(r *rand.Rand, codes []string) []string {
	out := append([]string(nil), codes...)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// ackLog is the badges whose check-in a drill saw acknowledged.
type ackLog struct {
	mu    sync.Mutex
	codes map[string]bool
}

// scan posts one scan (drillScan) and records its badge when the answer
// acknowledges a check-in ("ok" or "already"); it is false when no
// complete answer came.
func (l *ackLog) scan(client *http.Client, base, key, code, nonce string) bool {
	res, ok := drillScan(client, base, key, code, nonce)
	if ok && (res == "ok" || res == "already") {
		l.mu.Lock()
		l.codes[code] = true
		l.mu.Unlock()
	}
	return ok
}

// drillScan posts one scan; ok is false when there was no complete answer.
func drillScan(client *http.Client, base, key, code, nonce string) (result string, ok bool) {
	body, _ := json.Marshal(map[string]string{"code": code, "nonce": nonce})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/checkins", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := client.Do(req)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	var ans struct {
		Result string `json:"result"`
	}
	err = json.NewDecoder(resp.Body).Decode(&ans)
	io.Copy(io.Discard, resp.Body) // to EOF so the connection is reused
	if resp.StatusCode != http.StatusOK || err != nil {
		return "", false
	}
	return ans.Result, true
}

// TestServe_SecondServerOnSameFileExitsWithClearMessage: while one server
// holds the event file, a second gives up and says why instead of waiting
// for the lock. It waits 1 s for it (data.Options.Timeout); the bound here
// leaves room for starting a process on a busy machine under -race, which
// a 2 s bound did not always.
func TestServe_SecondServerOnSameFileExitsWithClearMessage(t *testing.T) {
	path, _, _ := seedDrillEvent(t, 3)
	startChildServer(t, path)
	cmd := childCommand("serve", "--db", path, "--addr", "127.0.0.1:0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	var exit *exec.ExitError
	if !errorsAs(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("second serve: err = %v, want exit status 1", err)
	}
	if took > 15*time.Second {
		t.Fatalf("second serve took %v to give up, want about 1 s", took)
	}
	if !strings.Contains(stderr.String(), "in use by another icebreaker") {
		t.Fatalf("second serve said %q", stderr.String())
	}
}

// TestCrashDrill_SIGKILLMidImportLosesNoAcknowledgedCheckIn: a child server
// imports 20,000 new people through its control socket while 20 kiosks
// scan the badges of the 2,000 already there, the scans riding the
// import's commits (data.Store.CommitBulk); it is killed with SIGKILL once
// the import's batches are being written and scans have been
// acknowledged beside them. After a restart every acknowledged check-in
// is there exactly once, the import is rolled back whole (its journal),
// and the file passes bbolt's check.
func TestCrashDrill_SIGKILLMidImportLosesNoAcknowledgedCheckIn(t *testing.T) {
	if testing.Short() {
		t.Skip("crash drill skipped in -short mode")
	}
	const people, kiosks, imported = 2000, 20, 20_000
	path, key, codes := seedDrillEvent(t, people)
	file := filepath.Join(t.TempDir(), "late.csv")
	var csv strings.Builder
	csv.WriteString("first_name,last_name,email,organisation\n")
	for i := range imported {
		fmt.Fprintf(&csv, "Late%d,Person,late%d@example.org,Org %d\n", i, i, i%40)
	}
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startChildServer(t, path)
	imp := childCommand("import", "--db", path, file)
	writing := make(chan struct{}) // the import's write pass has committed batches
	imp.Stderr = &progressWatch{mark: fmt.Sprintf("2000/%d rows", imported), seen: writing}
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	acked := &ackLog{codes: map[string]bool{}}
	var wg sync.WaitGroup
	var next, beside atomic.Int64
	killed := make(chan struct{})
	var once sync.Once
	kill := func() { once.Do(func() { srv.Kill(); close(killed) }) }
	client := &http.Client{Timeout: 5 * time.Second}
	for range kiosks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				select {
				case <-killed:
					return
				default:
				}
				// past the first round of badges, re-entries answer "already"
				if !acked.scan(client, srv.URL, key, codes[i%people], fmt.Sprintf("imp-%d", i)) {
					continue // not acknowledged: the server died under it
				}
				select {
				case <-writing:
					if beside.Add(1) == 300 { // acknowledged beside the import's batches
						kill()
					}
				default:
				}
			}
		}()
	}
	impDone := make(chan error, 1)
	go func() {
		err := imp.Wait() // its server is gone: it fails, as it should
		kill()
		impDone <- err
	}()
	wg.Wait()
	if <-impDone == nil {
		t.Fatal("the import finished before the kill: the drill proved nothing")
	}
	assertCheckedInOnce(t, path, acked.codes)
	store, err := openStore(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	store.View(func(tx *data.Tx) error {
		if n := tx.CountAttendees(); n != people {
			t.Errorf("%d attendees after the restart, want the %d of before the import (rolled back whole)", n, people)
		}
		return nil
	})
	t.Logf("killed after %d scans acknowledged beside the import's batches; %d badges acknowledged, all there once", beside.Load(), len(acked.codes))
}

// progressWatch is a command's stderr that closes seen once mark has been
// written to it (a progress line of the import).
type progressWatch struct {
	mark string
	seen chan struct{}
	mu   sync.Mutex
	buf  []byte
	once sync.Once
}

func (w *progressWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if bytes.Contains(w.buf, []byte(w.mark)) {
		w.once.Do(func() { close(w.seen) })
	}
	if len(w.buf) > 4096 {
		w.buf = w.buf[len(w.buf)-len(w.mark):]
	}
	return len(p), nil
}
