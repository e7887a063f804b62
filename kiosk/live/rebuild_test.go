package live

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/matcher"
)

// TestDay_Rebuild_ScansDoNotWaitAndNothingIsLost rebuilds the matcher
// (Reweigh) at 2,000 attendees, 1,500 present, and meanwhile, once the
// rebuild has taken its snapshot: one person exits, two meet, one revokes
// matchmaking consent, and the door keeps scanning newcomers in. No scan
// may wait for the rebuild (each takes less than half its duration; they take a few ms), and
// the rebuilt index must hold every change: the newcomers present and
// suggested, the leaver gone, the pair kept apart, the revoked person
// never suggested.
func TestDay_Rebuild_ScansDoNotWaitAndNothingIsLost(t *testing.T) {
	people := matchingPeople(2000, 1)
	d := newTestDay(t, people)
	scan := func(a data.Attendee, dir data.Direction, nonce string) time.Duration {
		t.Helper()
		start := time.Now()
		res, err := d.CheckIn(t.Context(), checkin.Scan{Code: a.BadgeCode, Gate: "A", Kiosk: "k", Nonce: nonce, Direction: dir})
		if err != nil || res.Attendee.ID != a.ID {
			t.Fatalf("scan of %d (%v): %+v, %v", a.ID, dir, res, err)
		}
		return time.Since(start)
	}
	leaver := people[0]
	scan(leaver, data.In, "leaver-in")
	d.loadInside(people[1:1500]) // the crowd already inside (as after the doors opened)
	metA, metB, revoked := people[1], people[2], people[3]

	w := matcher.DefaultWeights()
	w.Interest *= 2
	start := time.Now()
	done := make(chan time.Duration)
	go func() {
		d.Reweigh(w)
		done <- time.Since(start)
	}()
	for snapshotTaken := false; !snapshotTaken; runtime.Gosched() {
		d.mu.Lock()
		snapshotTaken = d.changed != nil
		d.mu.Unlock()
	}
	scan(leaver, data.Out, "leaver-out")
	if _, err := d.Met(t.Context(), metA.ID, Other{Code: metB.BadgeCode}); err != nil {
		t.Fatal(err)
	}
	no := false
	if _, err := d.SetConsent(revoked.ID, Consent{Suggestions: &no}); err != nil {
		t.Fatal(err)
	}
	var during []time.Duration
	var took time.Duration
	newcomers := people[1500:]
scanning:
	for _, a := range newcomers {
		lat := scan(a, data.In, fmt.Sprint("in-", a.ID))
		select {
		case took = <-done:
			break scanning // this scan may have waited for the swap
		default:
			during = append(during, lat)
		}
	}
	if took == 0 {
		took = <-done
	}
	if len(during) < 3 {
		t.Fatalf("only %d scans completed during a rebuild of %v", len(during), took)
	}
	for _, lat := range during {
		if lat > took/2 {
			t.Fatalf("a scan during the rebuild took %v; the rebuild took %v (%d scans during it)", lat, took, len(during))
		}
	}
	t.Logf("rebuild %v; %d scans during it, the slowest %v", took, len(during), slowest(during))

	if d.Inside(leaver.ID) || d.index.Present(uint64(leaver.ID)) {
		t.Error("the person who left during the rebuild is still present")
	}
	if !d.Closed(metA.ID, metB.ID) {
		t.Error("the pair that met during the rebuild is not kept apart")
	}
	scanned := 0
	for _, a := range newcomers {
		if !d.Inside(a.ID) {
			break
		}
		scanned++
		if !d.index.Present(uint64(a.ID)) {
			t.Fatalf("newcomer %d scanned during the rebuild is not in the rebuilt index", a.ID)
		}
	}
	if scanned < len(during) {
		t.Fatalf("%d newcomers inside; %d were scanned", scanned, len(during))
	}
	for _, a := range append(people[4:201:201], newcomers[0]) { // a copy: the append leaves people whole
		for _, s := range d.Suggestions(a.ID, 10) {
			if s.ID == uint64(revoked.ID) || s.ID == uint64(leaver.ID) {
				t.Fatalf("%d is suggested to %d after the rebuild", s.ID, a.ID)
			}
		}
	}
	if got := d.Suggestions(newcomers[0].ID, 10); len(got) == 0 {
		t.Error("a newcomer scanned during the rebuild gets no suggestions")
	}
}

func slowest(ds []time.Duration) time.Duration {
	var m time.Duration
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}
