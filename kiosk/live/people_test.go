package live

import (
	"runtime"
	"sync"
	"testing"
)

// Work done in holds of the Day's lock (an import taken in, a purge
// forgotten) lets a waiting scan in after the step under way, not at the
// end of its batch of forgetBatch steps.
func TestInPacedBatches_WaitingScanGetsInAfterTheStepUnderWay(t *testing.T) {
	d := newTestDay(t, nil)
	var order []string // written under d.mu
	var scanned sync.WaitGroup
	d.inPacedBatches(forgetBatch, func(i int) {
		order = append(order, "step")
		if i != 0 {
			return
		}
		scanned.Add(1)
		go func() {
			defer scanned.Done()
			d.lockForScan(nil)
			order = append(order, "scan")
			d.mu.Unlock()
		}()
		for d.scansWaiting.Load() == 0 { // until the scan waits for the lock
			runtime.Gosched()
		}
	})
	scanned.Wait()
	at := -1
	for i, what := range order {
		if what == "scan" {
			at = i
		}
	}
	if at < 0 || at > 2 {
		t.Fatalf("the scan got the lock after %d steps of %d, want right after the first (one or two, the lock being free to race for)", at, forgetBatch)
	}
}
