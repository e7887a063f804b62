package kiosk

import (
	"testing"
	"time"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// Two kiosks' handlers for one person can run in either order once their
// scans are committed (an exit at one door, a re-entry at another, a
// millisecond apart): the live picture must end as the later commit says.
func TestLive_CheckInsAppliedLateLoseToLaterOnes(t *testing.T) {
	env := newTestEnv(t, demo.Sample())
	s, a := env.Server, env.People[0]
	at := time.Now()
	in1 := data.CheckIn{Seq: 1, AttendeeID: a.ID, Direction: data.In, At: at, Gate: "A"}
	out2 := data.CheckIn{Seq: 2, AttendeeID: a.ID, Direction: data.Out, At: at, Gate: "A"}
	in3 := data.CheckIn{Seq: 3, AttendeeID: a.ID, Direction: data.In, At: at, Gate: "B"}

	s.arrive(a, in1)
	s.arrive(a, in3) // the re-entry's handler runs first...
	s.leave(a, out2) // ...then the exit's, late: it must change nothing
	if !s.live.index.Present(uint64(a.ID)) || !inside(s, a.ID) {
		t.Fatalf("after in(1), in(3), late out(2): present in index %v, inside %v; want both true",
			s.live.index.Present(uint64(a.ID)), inside(s, a.ID))
	}
	if got := s.live.counts().Present; got != 1 {
		t.Fatalf("present count %d, want 1", got)
	}

	out4 := data.CheckIn{Seq: 4, AttendeeID: a.ID, Direction: data.Out, At: at, Gate: "B"}
	s.leave(a, out4)
	if s.live.index.Present(uint64(a.ID)) || inside(s, a.ID) {
		t.Fatal("a later exit must still apply")
	}
}

func inside(s *Server, id data.AttendeeID) bool {
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	return s.live.inside[id]
}
