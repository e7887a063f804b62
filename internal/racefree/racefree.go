// Package racefree runs CPU-bound, single-goroutine tests without the race
// detector's cost, and measurements that its instrumentation distorts (the
// memory of an idle hub connection).
//
// Decoding a QR code from an image is pure arithmetic on one goroutine:
// under -race every memory access of gozxing is instrumented, and a camera
// frame that decodes in 30 ms takes over a second (the decoding tests of
// checkin took 72 s of a 3-minute `go test -race ./...`, 0.3 s without).
// The race detector cannot find anything there, since nothing is shared
// between goroutines. So under -race a package's heavy tests (a Group) run
// in one child `go test` built without -race, and each reports the child's
// verdict as its own: the tests still run, still prove the same thing, in
// every `go test`.
// Code that is shared between goroutines is covered by small concurrent
// tests that stay under the race detector (see
// checkin.TestDecodeQR_IsSafeForConcurrentFrames).
//
// Shrinking the frames instead would change what the tests prove (a badge
// small and rotated in a 1280×720 frame is the real case), and a helper
// binary would need its own build step; the child `go test` reuses the go
// command's build cache and the test's own code.
package racefree

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// childEnv marks the child process, so that it never spawns one in turn
// (should GOFLAGS force -race on it).
const childEnv = "ICEBREAKER_RACEFREE_CHILD"

// Group is the heavy tests of one package, named once so that one child
// `go test` runs them all (a child costs a link of the test binary, about a
// second of CPU).
type Group struct {
	names []string
	once  sync.Once
	out   string // the child's -v output
	err   error  // its failure, if it failed
}

// NewGroup names the top-level tests and fuzz targets of this package that
// call g.InChild.
func NewGroup(names ...string) *Group { return &Group{names: names} }

// InChild runs t, one of g's tests, without the race detector when this
// binary has it, and reports whether it did: the first call runs every test
// of g in one child `go test -race=false` of the package; each test then
// passes, fails or skips as it did in the child, and the caller returns at
// once when InChild is true. Without the race detector (or in the child, or
// when no go command can be found) it returns false and the caller runs its
// body itself. A fuzz target that passed in the child is reported as skipped
// here (it must call Fuzz, Fail or Skip), with the reason.
//
//	var heavy = racefree.NewGroup("TestHeavyDecode")
//
//	func TestHeavyDecode(t *testing.T) {
//		if heavy.InChild(t) {
//			return
//		}
//		...
//	}
func (g *Group) InChild(t testing.TB) bool {
	t.Helper()
	if !Race {
		return false
	}
	name, _, _ := strings.Cut(t.Name(), "/")
	if !slices.Contains(g.names, name) {
		t.Fatalf("racefree: %s calls InChild but is not in its group %v", name, g.names)
	}
	if os.Getenv(childEnv) != "" {
		t.Log("racefree: the child runs with the race detector too (GOFLAGS?); running here")
		return false
	}
	goTool, err := exec.LookPath("go") // go test puts the toolchain that built this test first in PATH
	if err != nil {
		t.Log("racefree: no go command found; running under the race detector")
		return false
	}
	g.once.Do(func() { g.out, g.err = g.runChild(goTool) })
	switch {
	case strings.Contains(g.out, "--- PASS: "+name+" "):
	case strings.Contains(g.out, "--- SKIP: "+name+" "):
		t.Skipf("racefree: skipped in the child go test:\n%s", g.out)
	default:
		t.Fatalf("racefree: %s failed without the race detector (%v):\n%s", name, g.err, g.out)
	}
	if _, fuzz := t.(*testing.F); fuzz { // a fuzz target must call Fuzz, Fail or Skip
		t.Skipf("racefree: %s passed in a child go test without the race detector", name)
	}
	t.Logf("racefree: %s passed in a child go test without the race detector", name)
	return true
}

// runChild runs g's tests in `go test -race=false -v` in the package's
// directory, where the test binary runs.
func (g *Group) runChild(goTool string) (string, error) {
	quoted := make([]string, len(g.names))
	for i, n := range g.names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	args := []string{"test", "-race=false", "-count=1", "-v", "-run", "^(" + strings.Join(quoted, "|") + ")$"}
	if testing.Short() {
		args = append(args, "-short")
	}
	cmd := exec.Command(goTool, append(args, ".")...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.CombinedOutput()
	return string(out), err
}
