package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"icebreaker/data"
)

// seqCodes is a deterministic data.CodeSource for tests.
type seqCodes struct{ n int }

func (c *seqCodes) NewCode() (string, error)   { c.n++; return fmt.Sprintf("BADGE%07d", c.n), nil }
func (c *seqCodes) NewSecret() (string, error) { c.n++; return fmt.Sprintf("SECRET%07d", c.n), nil }

func openStore(t testing.TB) *data.Store {
	t.Helper()
	clock := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	s, err := data.Open(filepath.Join(t.TempDir(), "event.db"), data.Options{Codes: &seqCodes{}, Create: true, Now: func() time.Time {
		clock = clock.Add(time.Second)
		return clock
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func importFile(t *testing.T, s *data.Store, name string, opts Options) (Report, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Import(s, f, opts)
}

func allAttendees(t testing.TB, s *data.Store) []data.Attendee {
	t.Helper()
	var as []data.Attendee
	if err := s.View(func(tx *data.Tx) error {
		return tx.ForEachAttendee(func(a data.Attendee) error { as = append(as, a); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	return as
}

func TestImport_ReimportingTheSameFile_ChangesNothing(t *testing.T) {
	s := openStore(t)
	rep, err := importFile(t, s, "fr_windows1252_semicolon_crlf.csv", Options{})
	if err != nil || rep.Created != 3 {
		t.Fatalf("first import: %+v, %v", rep, err)
	}
	before := allAttendees(t, s)
	if before[0].BadgeCode == "" || before[0].Secret == "" {
		t.Errorf("new attendee got no codes: %+v", before[0])
	}
	rep, err = importFile(t, s, "fr_windows1252_semicolon_crlf.csv", Options{})
	if err != nil || rep.Created != 0 || rep.Updated != 0 || rep.Unchanged != 3 {
		t.Fatalf("second import: %+v, %v", rep, err)
	}
	if after := allAttendees(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("re-import changed the store\nbefore %+v\n after %+v", before, after)
	}
}

func TestImport_UpdatesByTicketCodeThenEmail_OnlyTheColumnsGiven(t *testing.T) {
	s := openStore(t)
	if _, err := importFile(t, s, "canonical_utf8_comma.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	// Amélie by ticket code with a new email; Karim by email; a newcomer.
	in := "ticket_code,email,first_name,sector\n" +
		"EVB-0001,amelie.new@example.org,Amélie,Brewing\n" +
		",KARIM@example.org,Karim,Banking\n" +
		",new@example.org,Nouveau,\n"
	rep, err := Import(s, strings.NewReader(in), Options{})
	if err != nil || rep.Created != 1 || rep.Updated != 2 {
		t.Fatalf("report %+v, err %v", rep, err)
	}
	as := allAttendees(t, s)
	if len(as) != 4 {
		t.Fatalf("%d attendees, want 4 (no duplicates)", len(as))
	}
	if a := as[0]; a.Email != "amelie.new@example.org" || a.Project.Sector != "Brewing" || a.Organisation != "Brasserie Dubœuf" || !a.MatchConsent {
		t.Errorf("Amélie after update: %+v (want new email and sector, organisation and consent kept)", a)
	}
	if k := as[1]; k.Project.Sector != "Banking" || k.TicketCode != "EVB-0002" || !reflect.DeepEqual(k.Offers, []string{"Python"}) {
		t.Errorf("Karim after update: %+v", k)
	}
}

func TestImport_EmailAndTicketOfTwoPeople_IsARowError(t *testing.T) {
	s := openStore(t)
	if _, err := importFile(t, s, "canonical_utf8_comma.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	in := "ticket_code,email,first_name\nEVB-0001,karim@example.org,Amélie\n,zoe@example.org,Zoé\n"
	rep, err := Import(s, strings.NewReader(in), Options{})
	if !errors.Is(err, ErrInvalidRows) || len(rep.Errors) != 1 || rep.Errors[0].Row != 2 || rep.Errors[0].Column != "email" {
		t.Fatalf("report %+v, err %v", rep, err)
	}
	if got := allAttendees(t, s)[2].FirstName; got != "Zoë" {
		t.Errorf("all-or-nothing import wrote the valid row: Zoë is now %q", got)
	}
	rep, err = Import(s, strings.NewReader(in), Options{SkipInvalid: true})
	if err != nil || rep.Updated != 1 || rep.Rejected != 1 {
		t.Fatalf("skip-invalid: report %+v, err %v", rep, err)
	}
}

func TestImport_InvalidRows_AllOrNothingUnlessSkipInvalid(t *testing.T) {
	tests := []struct {
		opts    Options
		wantErr error
		stored  int
	}{
		{Options{}, ErrInvalidRows, 0},
		{Options{DryRun: true}, ErrInvalidRows, 0},
		{Options{SkipInvalid: true}, nil, 1},
		{Options{SkipInvalid: true, DryRun: true}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.opts), func(t *testing.T) {
			s := openStore(t)
			rep, err := importFile(t, s, "bad_rows.csv", tt.opts)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if rep.Rejected != 7 || len(rep.Errors) != 7 {
				t.Errorf("rejected %d, %d errors; want 7", rep.Rejected, len(rep.Errors))
			}
			if n := len(allAttendees(t, s)); n != tt.stored {
				t.Errorf("%d attendees stored, want %d", n, tt.stored)
			}
			if tt.opts.SkipInvalid && rep.Created != 1 {
				t.Errorf("created %d, want 1 (counted even in a dry run)", rep.Created)
			}
		})
	}
}

func TestImport_Progress_ReportsEveryThousandRowsAndTheEnd(t *testing.T) {
	s := openStore(t)
	var calls []string
	rep, err := Import(s, bytes.NewReader(syntheticFile(2500)), Options{Progress: func(done, total int) {
		calls = append(calls, fmt.Sprintf("%d/%d", done, total))
	}})
	if err != nil || rep.Created != 2500 {
		t.Fatalf("report %+v err %v", rep, err)
	}
	if want := []string{"1000/2500", "2000/2500", "2500/2500"}; !reflect.DeepEqual(calls, want) {
		t.Errorf("progress %v, want %v", calls, want)
	}
}

func TestRoundTrip_ImportExportImport_ChangesNothing(t *testing.T) {
	for _, opts := range []ExportOptions{{Format: "csv"}, {Format: "csv", Excel: true}, {Format: "json"}, {Format: "csv", WithCodes: true}} {
		t.Run(fmt.Sprintf("%+v", opts), func(t *testing.T) {
			s := openStore(t)
			for _, f := range []string{"canonical_utf8_comma.csv", "quoted_newlines.csv", "attendees.json"} {
				if _, err := importFile(t, s, f, Options{}); err != nil {
					t.Fatal(f, err)
				}
			}
			before := allAttendees(t, s)
			var out bytes.Buffer
			if err := WriteAttendees(&out, before, opts); err != nil {
				t.Fatal(err)
			}
			rep, err := Import(s, bytes.NewReader(out.Bytes()), Options{})
			if err != nil || rep.Unchanged != len(before) || rep.Created+rep.Updated != 0 {
				t.Fatalf("re-import of the export: %+v, %v\n%s", rep, err, out.String())
			}
			if after := allAttendees(t, s); !reflect.DeepEqual(after, before) {
				t.Errorf("store changed\nbefore %+v\n after %+v", before, after)
			}
			// Into an empty event, the export gives the same profiles.
			fresh := openStore(t)
			if _, err := Import(fresh, bytes.NewReader(out.Bytes()), Options{}); err != nil {
				t.Fatal(err)
			}
			for i, a := range allAttendees(t, fresh) {
				b := before[i]
				a.ID, a.BadgeCode, a.Secret, a.CreatedAt, a.UpdatedAt = b.ID, b.BadgeCode, b.Secret, b.CreatedAt, b.UpdatedAt
				if !reflect.DeepEqual(a, b) {
					t.Errorf("profile %d\n got %+v\nwant %+v", i, a, b)
				}
			}
		})
	}
}

// syntheticFile is an n-row French Excel file with accents, lists and codes.
func syntheticFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Prénom;Nom;E-mail;Société;Secteur;Compétences;Besoins;Centres d'intérêt;Consentement;Code-barre\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Amélie%d;Dubœuf;amelie%d@example.org;Société %d;Food;Levée de fonds, Design;Recrutement;Vélo, Circuits courts;oui;T%07d\r\n", i, i, i%97, i)
	}
	return b.Bytes()
}

// BenchmarkImport10k imports 10,000 rows into an empty event file, in one
// transaction (the issue asks for under 2 s).
func BenchmarkImport10k(b *testing.B) {
	file := syntheticFile(10_000)
	b.ReportAllocs()
	b.SetBytes(int64(len(file)))
	for b.Loop() {
		b.StopTimer()
		s, err := data.Open(filepath.Join(b.TempDir(), "event.db"), data.Options{Codes: &seqCodes{}, Create: true})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := Import(s, bytes.NewReader(file), Options{})
		if err != nil || rep.Created != 10_000 {
			b.Fatal(rep.Created, err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
