package main

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
)

// TestMain lets a test re-execute this test binary as the real program:
// with ICEBREAKER_CHILD_ARGS set, the binary runs `icebreaker ARGS...`
// instead of the tests (crash and lock drills).
func TestMain(m *testing.M) {
	if args := os.Getenv("ICEBREAKER_CHILD_ARGS"); args != "" {
		os.Exit(run(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func errorsAs(err error, target any) bool { return errors.As(err, target) }
