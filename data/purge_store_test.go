package data

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// seedCrowd registers n people (a name, an email and a sector each, as
// "Crowd00042 Person" and "crowd00042@example.org"), checks the
// odd-numbered ones in at the north gate with a nonce, adds a kiosk with
// key "kiosk-key" and returns the kiosk's ID. It writes 1,000 people to a
// transaction.
func seedCrowd(t *testing.T, s *Store, n int) (kiosk uint64) {
	t.Helper()
	at := fixedClock()
	for from := 0; from < n; from += 1000 {
		mustTx(t, s.Update, func(tx *Tx) error {
			for i := from; i < min(from+1000, n); i++ {
				a := &Attendee{FirstName: fmt.Sprintf("Crowd%05d", i), LastName: "Person", Email: fmt.Sprintf("crowd%05d@example.org", i),
					Organisation: "Org " + fmt.Sprint(i%20), Project: Project{Sector: []string{"Food", "Fintech", ""}[i%3]}}
				if err := tx.PutAttendee(a); err != nil {
					return err
				}
				if i%2 == 0 {
					continue
				}
				c := &CheckIn{AttendeeID: a.ID, Direction: In, At: at.Add(time.Duration(i) * time.Second), Gate: "north", Nonce: fmt.Sprint("crowd-nonce-", i)}
				if err := tx.AppendCheckIn(c); err != nil {
					return err
				}
				if err := tx.PutNonce(c.Nonce, fmt.Appendf(nil, `{"result":"ok","attendee_id":%d}`, a.ID)); err != nil {
					return err
				}
			}
			return nil
		})
	}
	mustTx(t, s.Update, func(tx *Tx) error {
		k := &Kiosk{Name: "door"}
		err := tx.PutKiosk(k, "kiosk-key")
		kiosk = k.ID
		return err
	})
	return kiosk
}

// checkPurged checks that s holds no one, keeps the counts of a purge of
// seedCrowd's n people and the kiosk's key, holds no trash and no mark,
// and that its file holds none of their names or emails.
func checkPurged(t *testing.T, s *Store, n int, kiosk uint64) {
	t.Helper()
	mustTx(t, s.View, func(tx *Tx) error {
		if a, c := tx.CountAttendees(), tx.CountCheckIns(); a != 0 || c != 0 {
			t.Errorf("%d attendees and %d check-ins left", a, c)
		}
		counts, ok, err := tx.Counts()
		if err != nil || !ok || counts.Registered != n || counts.CheckedIn != n/2 || counts.PerGate["north"] != n/2 ||
			counts.PerSector["Food"].Registered != (n+2)/3 {
			t.Errorf("counts %+v (ok %v, %v), want %d registered, %d checked in at the north gate", counts, ok, err, n, n/2)
		}
		if k, err := tx.KioskByKey("kiosk-key"); err != nil || k.ID != kiosk {
			t.Errorf("the kiosk's key after the purge: %+v, %v", k, err)
		}
		if tx.tx.Bucket(bucketTrash) != nil {
			t.Error("the purge's trash is still in the file")
		}
		if tx.ScrubPending() {
			t.Error("the file is still marked for a scrub")
		}
		return nil
	})
	for _, needle := range []string{"Crowd00001", fmt.Sprintf("crowd%05d@example.org", n-1), "crowd-nonce-"} {
		if fileHolds(t, s.Path(), needle) {
			t.Errorf("%q is still in the file's bytes", needle)
		}
	}
}

// Store.Purge is done in one short commit as far as anyone can read: no
// one is left, the counts are stored, the file is marked. The personal
// buckets wait in the trash, and Scrub deletes it and wipes the bytes,
// leaving the kiosks and the sequences (IDs are never reused).
func TestStorePurge_DoneInOneCommitBytesGoInTheScrub(t *testing.T) {
	const n = 900
	s, _ := newTestStore(t)
	kiosk := seedCrowd(t, s, n)
	counts, ids, err := s.Purge()
	if err != nil {
		t.Fatal(err)
	}
	if counts.Registered != n || len(ids) != n {
		t.Fatalf("Purge returned counts of %d and %d IDs, want %d", counts.Registered, len(ids), n)
	}
	s.View(func(tx *Tx) error {
		if tx.CountAttendees() != 0 || !tx.ScrubPending() || tx.tx.Bucket(bucketTrash) == nil {
			t.Errorf("after Purge: %d attendees, marked %v, trash %v; want none, marked, the trash waiting for the scrub",
				tx.CountAttendees(), tx.ScrubPending(), tx.tx.Bucket(bucketTrash) != nil)
		}
		return nil
	})
	if err := s.Scrub(); err != nil {
		t.Fatal(err)
	}
	checkPurged(t, s, n, kiosk)
	mustTx(t, s.Update, func(tx *Tx) error {
		a := &Attendee{FirstName: "Next", Email: "next@example.org"}
		if err := tx.PutAttendee(a); err != nil {
			return err
		}
		if a.ID <= AttendeeID(n) {
			t.Errorf("the first person after the purge got ID %d, one of the purged people's", a.ID)
		}
		return nil
	})
}

// A purge whose scrub failed leaves its trash; the next purge empties it
// first and counts on from the stored counts.
func TestStorePurge_AfterAFailedScrubTheNextPurgeEmptiesTheTrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "event.db")
	seed := openTestStore(t, path)
	seedCrowd(t, seed, 300)
	seed.Close()
	fail := true
	s, err := Open(path, Options{Codes: &countingCodes{}, Now: fixedClock, ScrubFault: func() error {
		if fail {
			return errors.New("input/output error")
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, _, err := s.Purge(); err != nil {
		t.Fatal(err)
	}
	if err := s.Scrub(); !errors.Is(err, ErrScrubPending) {
		t.Fatalf("scrub on a failing disk: %v, want ErrScrubPending", err)
	}
	if err := s.Update(func(tx *Tx) error { return tx.PutAttendee(&Attendee{FirstName: "Late", Email: "late@example.org"}) }); err != nil {
		t.Fatal(err)
	}
	fail = false
	counts, ids, err := s.Purge()
	if err != nil {
		t.Fatal(err)
	}
	if counts.Registered != 301 || len(ids) != 1 {
		t.Errorf("second purge: %d registered in all, %d erased; want 301 and the late one", counts.Registered, len(ids))
	}
	if err := s.Scrub(); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *Tx) error {
		if tx.tx.Bucket(bucketTrash) != nil || tx.ScrubPending() {
			t.Error("trash or mark left after the second purge's scrub")
		}
		return nil
	})
}

// The drill of issue 13 #3 for a purge, counted in pages instead of
// milliseconds so that it holds on a loaded machine: a transaction that
// frees many pages is one the scans' commits wait for (bbolt walks every
// page it frees). A committer beside the purge notes, after each of its
// commits, how many pages the file has free or pending; between two of its
// commits, the purge may have freed no more than a quarter of what it
// frees in all. Dropping the personal buckets in the purge's own transaction
// freed them all at once.
func TestStorePurge_NoTransactionFreesMuchOfTheFile(t *testing.T) {
	s, _ := newTestStore(t)
	kiosk := seedCrowd(t, s, 3000)
	freed := func() int { st := s.db.Stats(); return st.FreePageN + st.PendingPageN }
	begun, done := make(chan struct{}), make(chan error, 1)
	go func() {
		_, _, err := s.Purge()
		close(begun)
		if err == nil {
			err = s.Scrub()
		}
		done <- err
	}()
	before := freed()
	last, worst, commits := before, 0, 0
	for emptied := false; !emptied; { // until the trash is gone: the wipe after frees nothing
		select {
		case <-begun:
			emptied = true // unless the trash is still there
		default:
		}
		mustTx(t, s.Update, func(tx *Tx) error {
			emptied = emptied && tx.tx.Bucket(bucketTrash) == nil
			return tx.PutMeta("probe", fmt.Append(nil, commits))
		})
		commits++
		now := freed()
		worst, last = max(worst, now-last), now
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	total := last - before
	t.Logf("the purge freed %d pages; at most %d between two of the %d commits beside it", total, worst, commits)
	if total < 100 {
		t.Fatalf("the purge freed %d pages: too few for the drill to tell", total)
	}
	if worst > total/4 {
		t.Errorf("%d of the %d pages the purge freed were freed between two commits beside it: a scan would have waited for one long transaction", worst, total)
	}
	checkPurged(t, s, 3000, kiosk)
}

// childEnv names, for the test binary run as a child process, the event
// file it purges.
const childEnv = "ICEBREAKER_PURGE_CHILD"

// A process killed (SIGKILL) in the middle of a purge's scrub, with the
// trash half deleted, loses nothing and leaves nothing half done: the
// file reads as purged with the counts stored, and the next Open deletes
// the rest of the trash and compacts the bytes away.
func TestStorePurge_KilledDuringItsScrubFinishesAtOpen(t *testing.T) {
	if path := os.Getenv(childEnv); path != "" {
		purgeChild(path) // never returns
	}
	const n = 2000
	path := filepath.Join(t.TempDir(), "event.db")
	seed := openTestStore(t, path)
	kiosk := seedCrowd(t, seed, n)
	seed.Close()

	child := exec.Command(os.Args[0], "-test.run=^TestStorePurge_KilledDuringItsScrubFinishesAtOpen$")
	child.Env = append(os.Environ(), childEnv+"="+path)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	said := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "purge child:") {
				said <- line
				return
			}
		}
		said <- "purge child: ended without a word"
	}()
	select {
	case line := <-said:
		if line != "purge child: two batches of the trash deleted" {
			child.Process.Kill()
			child.Wait()
			t.Fatalf("the child said %q", line)
		}
	case <-time.After(time.Minute):
		child.Process.Kill()
		child.Wait()
		t.Fatal("the child did not reach the middle of its scrub within a minute")
	}
	child.Process.Signal(syscall.SIGKILL)
	child.Wait()

	// As the kill left it: purged for every reader, the trash half there.
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	raw.View(func(btx *bolt.Tx) error {
		if btx.Bucket(bucketTrash) == nil {
			t.Fatal("the kill left no trash: the drill killed too late")
		}
		if k := btx.Bucket(bucketAttendees).Stats().KeyN; k != 0 {
			t.Errorf("%d attendees readable after the purge's commit", k)
		}
		return nil
	})
	raw.Close()
	// Some personal bytes must still be in the file for the restart to
	// have something to finish; which ones depends on the pages the two
	// deleted batches freed and the next commits reused, so look for a
	// few people spread over the crowd.
	left := false
	for _, name := range []string{"Crowd00001", fmt.Sprintf("Crowd%05d", n/2), fmt.Sprintf("Crowd%05d", n-1)} {
		left = left || fileHolds(t, path, name)
	}
	if !left {
		t.Fatal("the bytes were gone before the restart: the drill proves nothing")
	}

	s := openTestStore(t, path)
	defer s.Close()
	checkPurged(t, s, n, kiosk)
}

// purgeChild purges the event file at path and, once the scrub has
// deleted two batches of the trash, says so and waits to be killed.
func purgeChild(path string) {
	batches := 0
	s, err := Open(path, Options{Codes: &countingCodes{}, Now: fixedClock, ScrubFault: func() error {
		if batches++; batches == 3 {
			fmt.Println("purge child: two batches of the trash deleted")
			time.Sleep(time.Hour) // killed here
		}
		return nil
	}})
	if err == nil {
		_, _, err = s.Purge()
	}
	if err == nil {
		err = s.Scrub()
	}
	fmt.Printf("purge child: not killed in the middle (%v)\n", err)
	os.Exit(1)
}

// The trash is emptied whatever the personal buckets hold, buckets inside
// buckets included, in batches of at most trashBatchKeys keys.
func TestEmptyTrash_EmptiesBucketsInsideBuckets(t *testing.T) {
	s, _ := newTestStore(t)
	mustTx(t, s.Update, func(tx *Tx) error {
		trash, err := tx.tx.CreateBucket(bucketTrash)
		if err != nil {
			return err
		}
		outer, err := trash.CreateBucket([]byte("groups"))
		if err != nil {
			return err
		}
		for i := range 3 {
			inner, err := outer.CreateBucket(fmt.Append(nil, "group-", i))
			if err != nil {
				return err
			}
			deeper, err := inner.CreateBucket([]byte("members"))
			if err != nil {
				return err
			}
			for j := range trashBatchKeys {
				inner.Put(fmt.Append(nil, "k", j), []byte("v"))
				deeper.Put(fmt.Append(nil, "m", j), []byte("w"))
			}
			outer.Put(fmt.Append(nil, "plain-", i), []byte("x"))
		}
		return nil
	})
	batches := 0
	s.scrubFault = func() error { batches++; return nil }
	if err := s.emptyTrash(); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *Tx) error {
		if tx.tx.Bucket(bucketTrash) != nil {
			t.Error("the trash is still there")
		}
		return nil
	})
	const keys = 6*trashBatchKeys + 3
	if want := (keys + trashBatchKeys - 1) / trashBatchKeys; batches < want {
		t.Errorf("%d keys deleted in %d batches, want at least %d", keys, batches, want)
	}
}

// The purge's write keeps the kiosk keys its read collected, unless a key
// was mapped in between: then it finds them again, a new kiosk's and an
// existing kiosk's new key alike.
func TestStorePurge_KeepsKioskKeysMappedBetweenItsReadAndItsWrite(t *testing.T) {
	for _, between := range []struct {
		name string
		put  func(tx *Tx) error
		key  string
	}{
		{"a new kiosk", func(tx *Tx) error { return tx.PutKiosk(&Kiosk{Name: "late"}, "late-key") }, "late-key"},
		{"a new key for the kiosk", func(tx *Tx) error {
			k, err := tx.KioskByKey("kiosk-key")
			if err != nil {
				return err
			}
			return tx.PutKiosk(&k, "second-key")
		}, "second-key"},
	} {
		t.Run(between.name, func(t *testing.T) {
			s, _ := newTestStore(t)
			seedCrowd(t, s, 10)
			var p purgeTally
			if err := s.View(func(tx *Tx) error { tx.kioskKeys(&p); _, err := tx.tally(&p, 0); return err }); err != nil {
				t.Fatal(err)
			}
			if err := s.Update(between.put); err != nil {
				t.Fatal(err)
			}
			if err := s.Update(func(tx *Tx) error { return tx.dropPeople(&p, true) }); err != nil {
				t.Fatal(err)
			}
			s.View(func(tx *Tx) error {
				for _, key := range []string{"kiosk-key", between.key} {
					if _, err := tx.KioskByKey(key); err != nil {
						t.Errorf("kiosk key %q after the purge: %v", key, err)
					}
				}
				return nil
			})
		})
	}
}

// A purge counted in chunks, with people registering and coming in
// between the chunks (before and after where the count is), stores the
// same counts as a purge in one transaction at the moment of its write.
func TestStorePurge_ChunkedCountMatchesOneTransaction(t *testing.T) {
	s, _ := newTestStore(t)
	seedCrowd(t, s, 25) // the odd-numbered came: IDs 2, 4, … 24
	var p purgeTally
	chunk := func() bool {
		var more bool
		if err := s.View(func(tx *Tx) (err error) { more, err = tx.tally(&p, 10); return err }); err != nil {
			t.Fatal(err)
		}
		return more
	}
	between := func(fn func(tx *Tx) error) {
		if err := s.Update(fn); err != nil {
			t.Fatal(err)
		}
	}
	comeIn := func(id AttendeeID, gate string) func(tx *Tx) error {
		return func(tx *Tx) error {
			return tx.AppendCheckIn(&CheckIn{AttendeeID: id, Direction: In, At: fixedClock().Add(3 * time.Hour), Gate: gate})
		}
	}
	if !chunk() {
		t.Fatal("the first chunk of 10 counted all 25")
	}
	between(comeIn(3, "south"))  // counted already, comes in now
	between(comeIn(21, "south")) // not counted yet
	between(func(tx *Tx) error {
		return tx.PutAttendee(&Attendee{FirstName: "Late", Email: "late@example.org", Project: Project{Sector: "Food"}})
	})
	for chunk() {
		between(comeIn(1, "west")) // counted in the first chunk
	}
	between(comeIn(26, "west")) // the late one, after the whole count
	rollback := errors.New("rolled back")
	var want AnonymousCounts
	if err := s.Update(func(tx *Tx) error {
		counts, err := tx.Purge()
		if err != nil {
			return err
		}
		want = counts
		return rollback // counted in one transaction, and nothing kept
	}); err != rollback {
		t.Fatal(err)
	}
	if err := s.Update(func(tx *Tx) error {
		if _, err := tx.tally(&p, 0); err != nil {
			return err
		}
		return tx.dropPeople(&p, true)
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.c, want) {
		t.Errorf("counted in chunks\n %+v\nin one transaction\n %+v", p.c, want)
	}
	if want.CheckedIn != 12+4 || want.Registered != 26 || want.PerGate["west"] != 2 {
		t.Errorf("the one-transaction counts %+v: want 26 registered, 16 in, 2 at the west gate", want)
	}
}

// A purge's trash is deleted in batches committed by the group committer
// (Store.CommitBulk): a scan queued beside a batch rides its commit
// instead of queueing for the writer behind a transaction of the purge's
// own, and the trash still goes whole.
func TestStoreScrub_ScanRidesTheTrashBatchsCommit(t *testing.T) {
	s, _ := newTestStore(t)
	kiosk := seedCrowd(t, s, 300)
	if _, _, err := s.Purge(); err != nil {
		t.Fatal(err)
	}
	held := heldCommitter(t, s)
	var once sync.Once
	release := func() { once.Do(held) }
	t.Cleanup(release) // before the store closes, should the scrub never queue
	// Once queued, the scrub's first trash batch waits for the committer.
	scrubbed := queueing(t, s, s.Scrub)
	var ct CommitTiming
	scanned := queueing(t, s, func() error {
		return s.Commit(WithCommitTiming(context.Background(), &ct), func(tx *Tx) error { return tx.PutMeta("scan", []byte("in")) })
	})
	release()
	if err := <-scanned; err != nil {
		t.Fatal(err)
	}
	if !ct.Bulk || ct.Batch != 2 {
		t.Errorf("the scan queued beside a trash batch was committed in a batch of %d, with a bulk function: %v; want it in the trash batch's transaction", ct.Batch, ct.Bulk)
	}
	if err := <-scrubbed; err != nil {
		t.Fatal(err)
	}
	checkPurged(t, s, 300, kiosk)
}
