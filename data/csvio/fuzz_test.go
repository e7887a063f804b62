package csvio

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds Parse arbitrary bytes: it must never panic, every valid
// row must have a name and an email or ticket code, every text must be
// UTF-8, and every error must name a row. The seed corpus is the sample
// files plus testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, name := range files {
		if raw, err := os.ReadFile(name); err == nil && len(raw) < 8<<10 {
			f.Add(raw)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		as, rep, err := parseAll(bytes.NewReader(raw), Options{})
		if err != nil {
			return
		}
		if len(as)+rep.Rejected != rep.Rows {
			t.Fatalf("%d valid + %d rejected != %d rows", len(as), rep.Rejected, rep.Rows)
		}
		for _, a := range as {
			if a.FirstName == "" && a.LastName == "" || a.Email == "" && a.TicketCode == "" {
				t.Fatalf("invalid attendee accepted: %+v", a)
			}
			for _, s := range []string{a.FirstName, a.LastName, a.Email, a.Organisation, a.Project.Description} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 %q", s)
				}
			}
		}
		for _, e := range rep.Errors {
			if e.Row < 1 {
				t.Fatalf("error without a row: %+v", e)
			}
		}
	})
}
