// Package racefree runs CPU-bound, single-goroutine tests without the race
// detector's cost.
//
// Decoding a QR code from an image is pure arithmetic on one goroutine:
// under -race every memory access of gozxing is instrumented, and a camera
// frame that decodes in 30 ms takes over a second (the decoding tests of
// checkin took 72 s of a 3-minute `go test -race ./...`, 0.3 s without).
// The race detector cannot find anything there, since nothing is shared
// between goroutines. So under -race such a test re-runs itself in a child
// `go test` built without -race, and reports the child's verdict as its own:
// the test still runs, still proves the same thing, in every `go test`.
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
	"strings"
	"testing"
)

// childEnv marks the child process, so that it never spawns one in turn
// (should GOFLAGS force -race on it).
const childEnv = "ICEBREAKER_RACEFREE_CHILD"

// InChild runs the calling top-level test or fuzz target t in a child `go test -race=false`
// of the same package when this binary has the race detector, and reports
// whether it did: the caller returns at once when it is true, having passed
// or failed as the child did. Without the race detector (or in the child,
// or when no go command can be found) it returns false and the caller runs
// its body itself. A fuzz target that passed in the child is reported as
// skipped here (it must call Fuzz, Fail or Skip), with the reason.
//
//	func TestHeavyDecode(t *testing.T) {
//		if racefree.InChild(t) {
//			return
//		}
//		...
//	}
func InChild(t testing.TB) bool {
	t.Helper()
	if !Race {
		return false
	}
	if os.Getenv(childEnv) != "" {
		t.Log("racefree: the child runs with the race detector too (GOFLAGS?); running here")
		return false
	}
	goTool := goCommand()
	if goTool == "" {
		t.Log("racefree: no go command found; running under the race detector")
		return false
	}
	name, _, _ := strings.Cut(t.Name(), "/")
	args := []string{"test", "-race=false", "-count=1", "-run", "^" + regexp.QuoteMeta(name) + "$", "-v"}
	if testing.Short() {
		args = append(args, "-short")
	}
	cmd := exec.Command(goTool, append(args, ".")...) // the test binary runs in its package's directory
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("racefree: %s without the race detector failed (%v):\n%s", name, err, out)
	}
	if strings.Contains(string(out), "--- SKIP: "+name+" ") {
		t.Skipf("racefree: skipped in the child go test:\n%s", out)
	}
	if !strings.Contains(string(out), "--- PASS: "+name+" ") {
		t.Fatalf("racefree: the child go test did not run %s:\n%s", name, out)
	}
	if _, fuzz := t.(*testing.F); fuzz { // a fuzz target must call Fuzz, Fail or Skip
		t.Skipf("racefree: %s passed in a child go test without the race detector", name)
	}
	t.Logf("racefree: %s passed in a child go test without the race detector", name)
	return true
}

// goCommand finds the go command: go test puts its own GOROOT/bin first in
// the test's PATH (Go 1.19 and later), so this is the toolchain that built
// the test.
func goCommand() string {
	p, err := exec.LookPath("go")
	if err != nil {
		return ""
	}
	return p
}
