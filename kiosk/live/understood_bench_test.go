package live

import (
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
	ids := make([]uint64, len(people))
	for i, a := range people {
		ids[i] = uint64(a.ID)
	}
	d.mu.Lock()
	d.index.Load(ids) // everyone present, as after the doors opened
	d.mu.Unlock()
	b.ResetTimer()
	for i := range b.N {
		if err := d.MapPhrase(data.VocabularyLine{Phrase: "zorglub " + string(rune('a'+i%26)) + string(rune('a'+i/26%26)), Key: "hardware"}); err != nil {
			b.Fatal(err)
		}
	}
}
