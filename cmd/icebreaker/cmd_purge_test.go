package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestPurgeCommand_KeepsCountsErasesPeople(t *testing.T) {
	db := importedFixture(t)
	code, out, errs := icebreaker(t, "purge", "--db", db, "--yes")
	if code != 0 || !strings.Contains(out, "3 registered, 0 checked in") || !strings.Contains(out, "Mobilité=1") {
		t.Fatalf("purge: %d\n%s\n%s", code, out, errs)
	}
	raw, _ := os.ReadFile(db)
	for _, s := range []string{"@example.org", "Amélie", "Lefèvre"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("%q still in the purged file", s)
		}
	}
	_, exported, _ := icebreaker(t, "export", "--db", db, "--format", "json")
	if strings.TrimSpace(exported) != "[]" {
		t.Errorf("attendees after purge: %s", exported)
	}
}
