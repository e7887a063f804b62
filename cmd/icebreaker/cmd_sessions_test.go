package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// The programme is imported through the running server (its admin lists
// the sessions at once), importing it again updates instead of doubling,
// a bad file is refused whole with every bad row named, and "list" gives
// the counts.
func TestSessionsImport_ThroughTheLiveServer_AgainUpdates_BadRowsRefused(t *testing.T) {
	a, db := startServing(t, demo.Attendees(4, 1))
	dir := t.TempDir()
	prog := filepath.Join(dir, "programme.csv")
	os.WriteFile(prog, []byte("Titre;Salle;Début;Fin;Animateur;Type\nPython;B;14:00;15:00;Inès;atelier\nIA;Amphi;16h;17h;;conférence\n"), 0o600)
	code, out, errs := icebreaker(t, "sessions", "import", "--db", db, prog)
	if code != 0 || !strings.Contains(out, "2 sessions created, 0 updated") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	var got []data.Session
	a.store.View(func(tx *data.Tx) error {
		return tx.ForEachSession(func(s data.Session) error { got = append(got, s); return nil })
	})
	if len(got) != 2 || got[0].Title != "Python" || got[0].Kind != "workshop" || got[1].Kind != "talk" {
		t.Fatalf("sessions written %+v", got)
	}
	if code, out, _ = icebreaker(t, "sessions", "import", "--db", db, prog); code != 0 || !strings.Contains(out, "0 sessions created, 2 updated") {
		t.Fatalf("again: exit %d\n%s", code, out)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("title,start,end\nRust,15:00,14:00\n,10:00,11:00\n"), 0o600)
	code, _, errs = icebreaker(t, "sessions", "import", "--db", db, bad)
	if code != 1 || !strings.Contains(errs, "row 2, column end") || !strings.Contains(errs, "row 3, column title") || !strings.Contains(errs, "nothing imported") {
		t.Fatalf("bad file: exit %d\n%s", code, errs)
	}
	code, out, _ = icebreaker(t, "sessions", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "14:00–15:00 Python (B, Inès): 0 attended, 0 introductions") {
		t.Fatalf("list: exit %d\n%s", code, out)
	}
}
