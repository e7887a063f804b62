package stats

import (
	"testing"
	"time"
)

func TestSummarize_PercentilesByNearestRank(t *testing.T) {
	var d []time.Duration
	for i := 100; i >= 1; i-- {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	s := Summarize(d)
	if s.Count != 100 || s.P50 != 50*time.Millisecond || s.P99 != 99*time.Millisecond || s.Max != 100*time.Millisecond {
		t.Fatalf("summary = %+v", s)
	}
	if s.Mean != 50500*time.Microsecond {
		t.Fatalf("mean = %v", s.Mean)
	}
}

func TestSummarize_Empty(t *testing.T) {
	if s := Summarize(nil); s.Count != 0 || s.P99 != 0 {
		t.Fatalf("summary = %+v", s)
	}
}
