package live

import (
	"fmt"
	"testing"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// BenchmarkDay_Directory measures one directory search (a phone typing
// "levée de fonds") over 300 and 3,000 people who all consented to the
// directory, everyone registered listed, once the directory is prepared
// (the first search after a change reads and prepares everyone: see
// directoryCache).
func BenchmarkDay_Directory(b *testing.B) {
	for _, n := range []int{300, 3_000} {
		b.Run(fmt.Sprintf("listed=%d", n), func(b *testing.B) {
			people := demo.Attendees(n, 1)
			for i := range people {
				people[i].DirectoryConsent = true
			}
			d := newTestDay(b, people)
			if err := d.SetDirectoryScope(data.DirectoryRegistered); err != nil {
				b.Fatal(err)
			}
			if _, err := d.Directory(""); err != nil { // the first search prepares the directory
				b.Fatal(err)
			}
			found := 0
			b.ReportAllocs()
			for b.Loop() {
				res, err := d.Directory("levée de fonds")
				if err != nil {
					b.Fatal(err)
				}
				found = res.Total
			}
			b.ReportMetric(float64(found), "found")
		})
	}
}
