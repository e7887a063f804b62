package matcher

import "testing"

func TestColumns_PushSpreadsTheColumnsRegrowthOverArrivals(t *testing.T) {
	const width, rows = 128, 50000
	cs := newColumns(width)
	row := make([]float64, width)
	worst := 0.0
	for i := 0; i < rows; i++ {
		caps := make([]int, width)
		for c := range cs.col {
			caps[c] = cap(cs.col[c])
		}
		cs.push(row)
		copied := 0
		for c := range cs.col {
			if cap(cs.col[c]) != caps[c] {
				copied += i // the column's rows before this push
			}
		}
		if i >= 1000 {
			worst = max(worst, float64(copied)/float64(i*width))
		}
	}
	t.Logf("past 1,000 rows, one push copied at most %.0f%% of the matrix", 100*worst)
	if worst > 0.25 {
		t.Errorf("one push copied %.0f%% of the matrix: the regrowth is not spread over arrivals", 100*worst)
	}
	for c := range cs.col {
		if len(cs.col[c]) != rows {
			t.Fatalf("column %d holds %d rows; want %d", c, len(cs.col[c]), rows)
		}
	}
}
