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
// A group may also be tests whose subject is not concurrency, where the
// detector watches code that other tests race already: kiosk's browser
// tests prove what pages show and say, and there most of the instrumented
// work is the server rendering and answering them (see kiosk's
// inChromium).
//
// Shrinking the frames instead would change what the tests prove (a badge
// small and rotated in a 1280×720 frame is the real case), and a helper
// binary would need its own build step; the child `go test` reuses the go
// command's build cache and the test's own code.
package racefree

import (
	"context"
	"flag"
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

// Child reports whether this process is a Group's child go test, started
// by a test binary with the race detector: that binary's tests load the
// machine at the same time, so a latency bound that is not checked under
// -race is not checked here either (see Race).
func Child() bool { return os.Getenv(childEnv) != "" }

// Group is the heavy tests of one package, named once so that one child
// `go test` runs them all (a child costs a link of the test binary, about a
// second of CPU).
type Group struct {
	names  []string
	once   sync.Once
	out    string             // the child's -v output
	err    error              // its failure, if it failed
	cancel context.CancelFunc // ends a child that Main started and no test waited for
}

// NewGroup names the top-level tests and fuzz targets of this package that
// call g.InChild.
func NewGroup(names ...string) *Group { return &Group{names: names} }

// InChild runs t, one of g's tests, without the race detector when this
// binary has it, and reports whether it did: the first call runs every test
// of g in one child `go test -race=false` of the package (or waits for the
// one that Main started); each test then
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
	g.once.Do(func() { g.out, g.err = g.runChild(context.Background(), goTool) })
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

// Main runs a package's tests (m.Run) with each group's child go test
// started at once, in the background, so that the heavy tests run without
// the race detector while the package's other tests run with it: the
// package takes the longer of the two, not their sum. A group none of
// whose tests the -run and -skip flags select starts nothing, and a child
// still running when the tests end (none of its tests waited for it) is
// ended. Main returns m.Run's exit code.
//
//	func TestMain(m *testing.M) { os.Exit(racefree.Main(m, heavy)) }
func Main(m *testing.M, groups ...*Group) int {
	if !flag.Parsed() {
		flag.Parse()
	}
	for _, g := range groups {
		g.start()
	}
	code := m.Run()
	for _, g := range groups {
		if g.cancel != nil {
			g.cancel()
		}
	}
	return code
}

// start begins g's child in the background if this binary has the race
// detector and its flags select one of g's tests.
func (g *Group) start() {
	if !Race || os.Getenv(childEnv) != "" || !g.selected() {
		return
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return // InChild says why
	}
	ctx, cancel := context.WithCancel(context.Background())
	g.cancel = cancel
	go g.once.Do(func() { g.out, g.err = g.runChild(ctx, goTool) })
}

// selected reports whether the -test.run and -test.skip patterns (their
// top-level part) may select one of g's tests, and the binary is not
// just listing them.
func (g *Group) selected() bool {
	if flagValue("test.list") != "" {
		return false
	}
	return len(g.chosen()) > 0
}

func flagValue(name string) string {
	if f := flag.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

// chosen returns g's tests that the -test.run and -test.skip patterns
// (their top-level part) may select: the child runs those only, so that
// `go test -race -run TestOne` does not run the whole group.
func (g *Group) chosen() []string {
	topLevel := func(pattern string) *regexp.Regexp {
		first, _, _ := strings.Cut(pattern, "/")
		re, err := regexp.Compile(first)
		if err != nil {
			return nil
		}
		return re
	}
	run, skip := flagValue("test.run"), flagValue("test.skip")
	var names []string
	for _, name := range g.names {
		if run != "" {
			if re := topLevel(run); re != nil && !re.MatchString(name) {
				continue
			}
		}
		if skip != "" && !strings.Contains(skip, "/") {
			if re := topLevel(skip); re != nil && re.MatchString(name) {
				continue
			}
		}
		names = append(names, name)
	}
	return names
}

// runChild runs g's chosen tests in `go test -race=false -v` in the
// package's directory, where the test binary runs.
func (g *Group) runChild(ctx context.Context, goTool string) (string, error) {
	names := g.chosen()
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	args := []string{"test", "-race=false", "-count=1", "-v", "-run", "^(" + strings.Join(quoted, "|") + ")$"}
	if testing.Short() {
		args = append(args, "-short")
	}
	cmd := exec.CommandContext(ctx, goTool, append(args, ".")...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	ownProcessGroup(cmd)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
