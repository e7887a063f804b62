package data_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"icebreaker/data"
)

func TestOpen_MissingFile_RefusedUnlessCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.db")
	_, err := data.Open(path, data.Options{})
	if !errors.Is(err, data.ErrNoEventFile) {
		t.Fatalf("err = %v, want ErrNoEventFile", err)
	}
	for _, want := range []string{"no event file at " + path, "icebreaker import --db " + path} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if _, statErr := os.Stat(path); !errors.Is(statErr, os.ErrNotExist) {
		t.Fatalf("a refused Open created %s (stat: %v)", path, statErr)
	}
	s, err := data.Open(path, data.Options{Create: true})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	s.Close()
	s, err = data.Open(path, data.Options{}) // it exists now
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	s.Close()
}

// usedBytes is how much of a bbolt file its newer meta page says holds
// pages (bbolt grows files in large steps; the rest is unused).
func usedBytes(raw []byte) int {
	le := binary.LittleEndian
	best, used := uint64(0), 0
	for _, off := range []int{16, 4096 + 16} {
		if txid := le.Uint64(raw[off+48:]); txid >= best {
			best, used = txid, int(le.Uint64(raw[off+40:]))*4096
		}
	}
	return used
}

// damageable writes a real event file: 250 attendees with check-ins, so
// that it spans branch, leaf and overflow pages. It returns its bytes.
func damageable(t *testing.T) []byte {
	t.Helper()
	s, path := openTemp(t)
	err := s.Update(func(tx *data.Tx) error {
		for i := range 250 {
			a := data.Attendee{FirstName: fmt.Sprintf("Personne%03d", i), LastName: "Dubœuf", Email: fmt.Sprintf("p%03d@example.org", i),
				Organisation: "Brasserie", Project: data.Project{Description: strings.Repeat("Levée de fonds ", i%40)}}
			if err := tx.PutAttendee(&a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 50; i++ {
		err := s.Commit(context.Background(), func(tx *data.Tx) error {
			return tx.AppendCheckIn(&data.CheckIn{AttendeeID: data.AttendeeID(i), Direction: data.In, At: time.Now(), Gate: "main"})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw[:usedBytes(raw)] // the unused tail makes every copy 16 MB
}

// openDamaged writes raw to a fresh file and opens it. It fails the test
// unless Open either refuses with a DamagedError naming the file and the
// backup, or succeeds on a file whose every record then reads without a
// crash (bbolt's second meta page may legitimately take over).
func openDamaged(t *testing.T, name string, raw []byte) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := data.Open(path, data.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		var d *data.DamagedError
		if !errors.As(err, &d) || !errors.Is(err, data.ErrDamaged) {
			t.Fatalf("%s: err = %v (%T), want a DamagedError", name, err, err)
		}
		for _, want := range []string{path, "Restore the last backup", "cp "} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: message %q lacks %q", name, err, want)
			}
		}
		after, _ := os.ReadFile(path)
		if string(after) != string(raw) {
			t.Errorf("%s: Open modified the damaged file", name)
		}
		return err
	}
	defer s.Close()
	s.View(func(tx *data.Tx) error {
		tx.ForEachAttendee(func(data.Attendee) error { return nil })
		tx.ForEachCheckIn(func(data.CheckIn) error { return nil })
		return nil
	})
	return nil
}

func TestOpen_TruncatedFile_SaysCutShort(t *testing.T) {
	raw := damageable(t)
	used := usedBytes(raw)
	if used < 64<<10 {
		t.Fatalf("the test file uses only %d bytes: not enough pages", used)
	}
	for _, n := range []int{1, 100, 4095, 4096, 8192, 8192 + 100, 12288, used / 2, used - 4096, used - 1} {
		err := openDamaged(t, fmt.Sprintf("cut%d.db", n), raw[:n])
		if err == nil {
			t.Errorf("truncated at %d of %d bytes: Open succeeded", n, used)
			continue
		}
		if n >= 8192+100 && !strings.Contains(err.Error(), "cut short") {
			t.Errorf("truncated at %d: %v, want it to say cut short", n, err)
		}
	}
}

func TestOpen_EmptyRandomAndForeignFiles_AreRefused(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	cases := map[string][]byte{
		"empty.db":    {},
		"random.db":   random,
		"csv.db":      []byte("Prénom;Nom;E-mail\nAmélie;Dubœuf;amelie@example.org\n"),
		"zeroes.db":   make([]byte, 32<<10),
		"sqlite.db":   append([]byte("SQLite format 3\x00"), make([]byte, 8192)...),
		"one-page.db": damageable(t)[:4096],
	}
	for name, raw := range cases {
		if err := openDamaged(t, name, raw); err == nil {
			t.Errorf("%s: Open succeeded", name)
		}
	}
	if err := openDamaged(t, "empty2.db", nil); !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: %v, want it to say empty", err)
	}
	if err := openDamaged(t, "text.db", cases["csv.db"]); !strings.Contains(err.Error(), "not an icebreaker event file") {
		t.Errorf("text file: %v, want it to say not an icebreaker event file", err)
	}
}

func TestOpen_CorruptedMetaPages_NeverCrash(t *testing.T) {
	raw := damageable(t)
	both := append([]byte(nil), raw...)
	for _, off := range []int{16 + 8, 4096 + 16 + 8} { // page size field of both metas
		both[off] ^= 0xFF
	}
	if err := openDamaged(t, "both-metas.db", both); err == nil {
		t.Error("both meta pages corrupted: Open succeeded")
	}
	// One meta page damaged: bbolt falls back on the other; either outcome
	// is fine as long as nothing crashes.
	for _, off := range []int{16, 16 + 40, 4096 + 16 + 48} {
		one := append([]byte(nil), raw...)
		one[off] ^= 0x5A
		openDamaged(t, fmt.Sprintf("meta-at-%d.db", off), one)
	}
}

func TestOpen_CorruptedDataPages_NeverCrash(t *testing.T) {
	if data.Heavy.InChild(t) {
		return
	}
	raw := damageable(t)
	rng := rand.New(rand.NewPCG(3, 4))
	refused := 0
	pages := usedBytes(raw) / 4096
	for p := 2; p < pages; p++ {
		for _, off := range []int{0, 8, 10, 12, 16 + int(rng.UintN(64)), int(rng.UintN(4096))} { // header: id, flags, count, overflow; elements; anywhere
			bad := append([]byte(nil), raw...)
			bad[p*4096+off] ^= byte(1 + rng.UintN(255))
			if openDamaged(t, fmt.Sprintf("page%d-at-%d.db", p, off), bad) != nil {
				refused++
			}
		}
	}
	t.Logf("%d pages, %d of %d damaged copies refused, the others opened and read", pages, refused, (pages-2)*6)
	if refused == 0 {
		t.Error("no corrupted copy was detected")
	}
}

// BenchmarkOpen_ExistingFile measures Open on a 5,000-person file with
// 20,000 check-ins: the header check and the page walk run every time.
func BenchmarkOpen_ExistingFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.db")
	s, err := data.Open(path, data.Options{Codes: &seqCodes{}, Create: true})
	if err != nil {
		b.Fatal(err)
	}
	err = s.Update(func(tx *data.Tx) error {
		for i := range 5000 {
			a := data.Attendee{FirstName: fmt.Sprintf("P%04d", i), LastName: "Dubœuf", Email: fmt.Sprintf("p%04d@example.org", i), Organisation: "Brasserie"}
			if err := tx.PutAttendee(&a); err != nil {
				return err
			}
		}
		for i := range 20000 {
			if err := tx.AppendCheckIn(&data.CheckIn{AttendeeID: data.AttendeeID(1 + i%5000), Direction: data.In, At: time.Now(), Gate: "main"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	st, _ := os.Stat(path)
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
	for b.Loop() {
		s, err := data.Open(path, data.Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// What the damaged-file message tells people to do works: the admin's
// backup (Store.WriteTo) opens as an event file with everyone in it.
func TestOpen_RestoredBackup_Opens(t *testing.T) {
	s, _ := openTemp(t)
	addAttendee(t, s, "Amélie", "amelie@example.org")
	backup := filepath.Join(t.TempDir(), "icebreaker-20260314-091500.db")
	f, err := os.Create(backup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	restored, err := data.Open(backup, data.Options{})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer restored.Close()
	restored.View(func(tx *data.Tx) error {
		if _, err := tx.AttendeeByEmail("amelie@example.org"); err != nil {
			t.Errorf("restored backup: %v", err)
		}
		return nil
	})
}
