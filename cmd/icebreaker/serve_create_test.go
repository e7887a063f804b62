package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A mistyped --db does not start an empty event: serve says, in English
// and French, which file is missing and what to do, exits 1 and writes
// nothing (not even the self-signed certificate beside it). With --create
// the file is made.
func TestServe_MissingEventFileIsAnErrorUnlessCreate(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "evnet.db")
	code, _, errs := icebreaker(t, "serve", "--db", typo, "--addr", "127.0.0.1:0", "--tls-self-signed")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q", code, errs)
	}
	for _, want := range []string{"no event file at " + typo, "aucun fichier d'événement à " + typo, "serve --create --db " + typo, "import --db " + typo} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("serve wrote %v beside a missing event file", left)
	}

	// --create: the file is made (the address is refused after it, so
	// that serve returns).
	created := filepath.Join(dir, "event.db")
	code, _, errs = icebreaker(t, "serve", "--create", "--db", created, "--addr", "127.0.0.1:notaport")
	if code == 0 {
		t.Fatalf("serve on a bad address succeeded: %q", errs)
	}
	if _, err := os.Stat(created); err != nil || strings.Contains(errs, "no event file") {
		t.Errorf("serve --create did not create the event file: %v, %q", err, errs)
	}
}
