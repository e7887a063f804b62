package kiosk

import (
	"fmt"

	"icebreaker/data"
	"icebreaker/matcher"
)

// arrive records a committed entry in the live picture and pushes it: the
// board's arrival, and "someone you should meet just arrived" to each
// present person whose top list the newcomer entered.
func (s *Server) arrive(a data.Attendee, c data.CheckIn) []matcher.Suggestion {
	first := s.live.apply(c, a)
	mine, notices := s.live.index.Arrive(uint64(a.ID))
	cnt := s.live.counts()
	arr := boardArrival{Seq: c.Seq, Gate: c.Gate, At: c.At}
	if a.BoardConsent {
		arr.Name, arr.Organisation = a.DisplayName(), a.Organisation
	}
	s.hub.Publish("board", "arrival", map[string]any{"arrival": arr, "first": first, "counts": cnt})
	s.hub.Publish("admin", "arrival", map[string]any{"arrival": arr, "counts": cnt})
	if !a.MatchConsent {
		return nil
	}
	for _, n := range notices {
		p := s.personOf(n.Suggestion, "")
		s.hub.Publish(meTopic(data.AttendeeID(n.For)), "arrived", map[string]any{"person": p, "score": n.Suggestion.Score})
	}
	return mine
}

func (s *Server) leave(a data.Attendee, c data.CheckIn) {
	s.live.apply(c, a)
	s.live.index.Leave(uint64(a.ID))
	cnt := s.live.counts()
	s.hub.Publish("board", "exit", map[string]any{"counts": cnt})
	s.hub.Publish("admin", "exit", map[string]any{"counts": cnt})
}

func meTopic(id data.AttendeeID) string { return fmt.Sprintf("me:%d", id) }

// personOf renders a suggestion for a screen. lang "" gives both languages
// in Reasons (phones pick theirs).
func (s *Server) personOf(sg matcher.Suggestion, _ string) person {
	p := person{}
	if prof, ok := s.live.model.Profile(sg.ID); ok {
		p.Name, p.Organisation = prof.Name, prof.Organisation
	}
	var a data.Attendee
	if err := s.store.View(func(tx *data.Tx) (err error) { a, err = tx.Attendee(data.AttendeeID(sg.ID)); return }); err == nil {
		p.Name = a.DisplayName()
	}
	p.Reasons = &Text{FR: sg.Explain(s.live.model, "fr"), EN: sg.Explain(s.live.model, "en")}
	return p
}
