package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCommand_ReimportUpdatesNeverDuplicates(t *testing.T) {
	db, code, out, errs := importNew(t, "attendees_fr_excel.csv")
	if code != 0 || !strings.Contains(out, "Windows-1252, semicolon-separated csv, 3 rows") || !strings.Contains(out, "created 3, updated 0") {
		t.Fatalf("first import: %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "no column for board_consent") {
		t.Errorf("missing consent column not explained:\n%s", out)
	}
	if !strings.Contains(out, "\n  row 2: ") || strings.Count(out, "\n  row ") != 3 {
		t.Errorf("the first rows are not shown as read:\n%s", out)
	}
	code, out, _ = icebreaker(t, "import", fixtureCSV("attendees_fr_excel.csv"), "--db", db) // flags after the file work too
	if code != 0 || !strings.Contains(out, "created 0, updated 0, unchanged 3, rejected 0") {
		t.Fatalf("re-import: %d\n%s", code, out)
	}
}

func TestImportCommand_BadRows_NothingWrittenExitOne(t *testing.T) {
	db, code, out, errs := importNew(t, "bad_rows.csv")
	if code != 1 || !strings.Contains(errs, "row 3, column E-mail: 'not-an-email' is not an email address") || !strings.Contains(out, "nothing written") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = icebreaker(t, "import", "--db", db, "--skip-invalid", fixtureCSV("bad_rows.csv"))
	if code != 0 || !strings.Contains(out, "created 1, updated 0, unchanged 0, rejected 7") {
		t.Fatalf("--skip-invalid: exit %d\n%s", code, out)
	}
}

func TestImportCommand_MapAndConsentGranted(t *testing.T) {
	dir := t.TempDir()
	db, file := filepath.Join(dir, "event.db"), filepath.Join(dir, "people.csv")
	os.WriteFile(file, []byte("Qui,Mail\nAmélie Dubœuf,amelie@example.org\n"), 0o600)
	code, out, errs := icebreaker(t, "import", "--db", db, "--map", "Qui=full_name", "--consent=granted", file)
	if code != 0 || !strings.Contains(out, "--consent=granted: no column for matchmaking_consent, board_consent") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	_, out, _ = icebreaker(t, "export", "--db", db)
	if !strings.Contains(out, "Amélie,Dubœuf,amelie@example.org,,,,,,,,yes,yes,no,") {
		t.Errorf("export after --map and --consent=granted:\n%s", out)
	}
	if code, _, errs := icebreaker(t, "import", "--db", db, "--map", "Qui=shoe_size", file); code != 1 || !strings.Contains(errs, "unknown field \"shoe_size\"") {
		t.Errorf("bad --map: exit %d %s", code, errs)
	}
}

func TestImportCommand_DryRunWritesNothing(t *testing.T) {
	db, code, out, _ := importNew(t, "googleforms_en.csv", "--dry-run")
	if code != 0 || !strings.Contains(out, "created 2, updated 0, unchanged 0, rejected 0 (dry run: nothing written)") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	_, out, _ = icebreaker(t, "export", "--db", db, "--format", "json")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("dry run wrote: %s", out)
	}
}
