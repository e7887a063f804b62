package data

import (
	"os"
	"testing"

	"icebreaker/internal/racefree"
)

// Heavy are the tests that rewrite whole event files on one goroutine (a
// corrupted copy of every page, a compaction): under -race they run in one
// child go test without the race detector (see package racefree). It is
// exported for the tests of package data_test, in this test binary only.
// The store's concurrent use stays under the detector (store_test.go).
var Heavy = racefree.NewGroup(
	"TestOpen_CorruptedDataPages_NeverCrash",
	"TestCompactFile_ShrinksAFileWithDeletions",
)

// TestMain starts Heavy's child go test at once, beside the tests that keep
// the race detector.
func TestMain(m *testing.M) { os.Exit(racefree.Main(m, Heavy)) }
