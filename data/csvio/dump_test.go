package csvio
import ("fmt";"os";"path/filepath";"testing")
func TestDump(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, f := range files {
		fh, _ := os.Open(f)
		as, rep, err := Parse(fh, Options{})
		fh.Close()
		fmt.Printf("== %s err=%v enc=%s delim=%s rows=%d rej=%d unknown=%q\n", f, err, rep.Encoding, rep.Delimiter, rep.Rows, rep.Rejected, rep.UnknownColumns)
		for _, c := range rep.Columns { if c.Field != "" {fmt.Printf("   %q→%s", c.Header, c.Field)} }
		fmt.Println()
		for _, e := range rep.Errors { fmt.Println("  E", e.Error()) }
		for _, a := range as { fmt.Printf("  %q %q %q org=%q t=%q off=%q need=%q int=%q mc=%v bc=%v h=%v tk=%q desc=%q lang=%q\n", a.FirstName, a.LastName, a.Email, a.Organisation, a.Title, a.Offers, a.Needs, a.Interests, a.MatchConsent, a.BoardConsent, a.Host, a.TicketCode, a.Project.Description[:min(len(a.Project.Description),60)], a.Languages) }
	}
}
