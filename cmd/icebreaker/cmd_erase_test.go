package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestEraseCommand_LeavesNoTraceOfTheEmailInTheFile(t *testing.T) {
	db := importedFixture(t)
	code, out, errs := icebreaker(t, "erase", "--db", db, "--email", "amelie@example.org")
	if code != 0 || !strings.Contains(out, "erased Amélie D.") || !strings.Contains(out, "compacted") {
		t.Fatalf("erase: %d\n%s\n%s", code, out, errs)
	}
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(raw, []byte("amelie@example.org")); n != 0 {
		t.Errorf("the email is still %d times in the file", n)
	}
	if !bytes.Contains(raw, []byte("francois@example.org")) {
		t.Error("erase removed other people")
	}
	if code, _, errs := icebreaker(t, "erase", "--db", db, "--email", "amelie@example.org"); code != 1 || !strings.Contains(errs, "nobody with the email") {
		t.Errorf("second erase: %d %s", code, errs)
	}
}
