package main

import (
	"bytes"
	"context"
	"path/filepath"
	"time"

	"errors"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"

	"icebreaker/data"
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

// seedFile writes people (getting their codes, in place) into a new event
// file and checks the first `inside` of them in.
func seedFile(t *testing.T, people []data.Attendee, inside int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "event.db")
	seedFileAt(t, path, people, inside)
	return path
}

// seedFileAt is seedFile on a chosen path (a small tmpfs, say).
func seedFileAt(t *testing.T, path string, people []data.Attendee, inside int) {
	t.Helper()
	withStore(t, path, func(store *data.Store) {
		err := store.Update(func(tx *data.Tx) error {
			if err := tx.PutEvent(data.Event{Name: "Journée test", Language: "fr"}); err != nil {
				return err
			}
			return tx.PutAttendees(people)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range people[:inside] {
			err := store.Commit(context.Background(), func(tx *data.Tx) error {
				return tx.AppendCheckIn(&data.CheckIn{AttendeeID: a.ID, Direction: data.In, At: time.Now(), Gate: "main"})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

// testKiosk registers a kiosk in the event file and returns its key.
func testKiosk(t *testing.T, path string) string {
	t.Helper()
	var key string
	withStore(t, path, func(store *data.Store) {
		var err error
		if key, err = addKiosk(store, "test door"); err != nil {
			t.Fatal(err)
		}
	})
	return key
}

func withStore(t *testing.T, path string, fn func(*data.Store)) {
	t.Helper()
	store, err := openStore(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	fn(store)
}

// testApp starts the app on cfg for the test, on a free local port with a
// silent logger unless cfg names others; a failure to start fails the
// test. The app is closed when the test ends (Close may come sooner: it is
// idempotent).
func testApp(t *testing.T, cfg appConfig) *app {
	t.Helper()
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger()
	}
	a, err := startApp(cfg)
	if err != nil {
		t.Fatalf("starting the app on %s: %v", cfg.Addr, err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// fixtureCSV is the path of the shared CSV fixture name (testdata/csv).
func fixtureCSV(name string) string {
	return filepath.Join("..", "..", "testdata", "csv", name)
}

// importNew runs `icebreaker import --db DB FLAGS... FILE` for the CSV
// fixture name into a new event file DB, and returns DB with the command's
// exit status and outputs.
func importNew(t *testing.T, fixture string, flags ...string) (db string, code int, stdout, stderr string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "event.db")
	args := append(append([]string{"import", "--db", db}, flags...), fixtureCSV(fixture))
	code, stdout, stderr = icebreaker(t, args...)
	return db, code, stdout, stderr
}

// importedFixture imports the three attendees of attendees_fr_excel.csv
// with the import command into a new event file, and returns its path; a
// failed import fails the test.
func importedFixture(t *testing.T) string {
	t.Helper()
	db, code, _, errs := importNew(t, "attendees_fr_excel.csv")
	if code != 0 {
		t.Fatal(errs)
	}
	return db
}

// icebreaker runs the command line as main does and returns its outputs.
func icebreaker(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}
