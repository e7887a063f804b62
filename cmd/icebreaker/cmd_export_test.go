package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportCommand_FormatsAndPersonalData(t *testing.T) {
	dir := t.TempDir()
	db := importedFixture(t)
	out := filepath.Join(dir, "people.json")
	if code, _, errs := icebreaker(t, "export", "--db", db, "-o", out, "--with-codes"); code != 0 || !strings.Contains(errs, "wrote 3 records") {
		t.Fatalf("export -o: %d %s", code, errs)
	}
	raw, _ := os.ReadFile(out)
	var people []map[string]any
	if err := json.Unmarshal(raw, &people); err != nil || len(people) != 3 || people[0]["badge_code"] == "" || people[0]["first_name"] != "Amélie" {
		t.Fatalf("people.json (%v): %s", err, raw)
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600 (personal data)", st.Mode().Perm())
	}
	code, csvOut, _ := icebreaker(t, "export", "--db", db, "--what", "checkins", "--excel")
	if code != 0 || !strings.HasPrefix(csvOut, "\ufeffN°;Heure;Sens") {
		t.Errorf("checkins --excel: %d %q", code, csvOut)
	}
	code, person, _ := icebreaker(t, "export", "--db", db, "--email", "AMELIE@example.org")
	if code != 0 || !strings.Contains(person, `"email": "amelie@example.org"`) || strings.Contains(person, "francois@") {
		t.Errorf("export --email: %d\n%s", code, person)
	}
	if code, _, errs := icebreaker(t, "export", "--db", db, "--email", "nobody@example.org"); code != 1 || !strings.Contains(errs, "nobody with the email") {
		t.Errorf("unknown email: %d %s", code, errs)
	}
	if code, _, _ := icebreaker(t, "export", "--db", db, "--what", "shoes"); code != 1 {
		t.Errorf("bad --what: exit %d", code)
	}
}
