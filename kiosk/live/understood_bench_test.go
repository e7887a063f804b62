package live

import (
	"runtime"
	"testing"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// BenchmarkDay_MapPhrase measures one vocabulary change applied live at
// 2,000 attendees, all present: the save plus the model and index rebuilt
// (outside Day.mu: scans do not wait for it, see
// TestDay_Rebuild_ScansDoNotWaitAndNothingIsLost).
func BenchmarkDay_MapPhrase(b *testing.B) {
	people := demo.Attendees(2000, 1)
	d := newTestDay(b, people)
	d.loadInside(people) // everyone present, as after the doors opened
	b.ResetTimer()
	for i := range b.N {
		if err := d.MapPhrase(data.VocabularyLine{Phrase: "zorglub " + string(rune('a'+i%26)) + string(rune('a'+i/26%26)), Key: "hardware"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDay_MemoryPerAttendee reports the heap a live Day holds per
// attendee at 10,000 attendees, everyone present: the picture, the
// matcher's model and its index with everyone's kept list (the matcher's
// own share is BenchmarkMemoryPerAttendee in package matcher). The event
// file's pages are bbolt's memory map, not heap: they are not counted.
func BenchmarkDay_MemoryPerAttendee(b *testing.B) {
	const n = 10_000
	people := matchingPeople(n, 2)
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		d := newTestDay(b, people)
		d.loadInside(people)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "day-B/attendee")
		runtime.KeepAlive(d)
	}
}
