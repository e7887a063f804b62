package kiosk

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"icebreaker/internal/racefree"
)

// The browser tests (those that begin with browserTest) prove what pages
// do: what they show, say, focus and announce, and that axe and the CSP
// find nothing. Under -race they run in one child go test without the race
// detector (internal/racefree), beside the package's other tests: there
// the server's work for a page is instrumented for nothing, since what a
// page drives concurrently (scans, pushes, sockets, resyncs) is raced by
// this package's HTTP and WebSocket tests and by those of kiosk/live and
// kiosk/hub, which stay under the detector.
//
// Measured on the 2-core machine at load 7–20 (ICEBREAKER_REQUIRE_BROWSER=1,
// the browser tests alone, CPU of the test binary and its Chromium): 291
// CPU-seconds and 232 s under -race, 246 CPU-seconds and 192 s without.
// Chromium's own work (about three quarters of it) is the same either way.
//
// underRace are the browser tests that stay under the race detector: a page
// fed by concurrent pushes while the server scans (a board, and two phones
// that meet), so that the detector still watches the server behind a real
// page.
var underRace = []string{
	"TestBoardPage_ShowsArrivalWithinASecondOfAScan",
	"TestPhoneConfirm_TwoPhonesMeetOneConfirmsASkill_TheDirectoryShowsConfirmedByOne",
}

// chromiumTestNames are the browser tests that run in inChromium's child.
var chromiumTestNames = browserTestNames()

// inChromium is the group of browser tests that run in the child.
var inChromium = racefree.NewGroup(chromiumTestNames...)

// browserTestNames lists the Test functions of this package's test files
// (go test runs in the package's directory) whose first statement is
// `if browserTest(t)`, but underRace.
func browserTestNames() []string {
	files, _ := filepath.Glob("*_test.go")
	fset := token.NewFileSet()
	var names []string
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			continue // the compiler said it already
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") || len(fn.Body.List) == 0 || slices.Contains(underRace, fn.Name.Name) {
				continue
			}
			if first, ok := fn.Body.List[0].(*ast.IfStmt); ok {
				if call, ok := first.Cond.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "browserTest" {
						names = append(names, fn.Name.Name)
					}
				}
			}
		}
	}
	return names
}

// browserTest begins every browser test: it runs t in parallel with the
// other browser tests, and reports whether t already ran in inChromium's
// child (the caller then returns at once: t has the child's verdict).
//
//	func TestPage_DoesWhat(t *testing.T) {
//		if browserTest(t) {
//			return
//		}
//		...
//	}
func browserTest(t *testing.T) (ranInChild bool) {
	t.Helper()
	t.Parallel()
	if slices.Contains(underRace, t.Name()) {
		return false
	}
	return inChromium.InChild(t)
}
