package kiosk

import (
	"fmt"

	"icebreaker/data"
	"icebreaker/matcher"
)

// What each topic receives (kind: data):
//
//	board:   arrival {arrival, first, counts}, exit {counts}, intro {intro},
//	         round {round}, reload {} (consent or erasure changed names:
//	         reload the snapshot)
//	admin:   arrival/exit {counts, arrival}, stats {stats}, round {round}
//	me:<id>: arrived {person, score}, refresh {} (suggestions changed: reload
//	         the snapshot), round {round} (my table, or null)

// arrive records a committed entry in the live picture and pushes it: the
// board's arrival, and "someone you should meet just arrived" to each
// present person whose top list the newcomer entered.
func (s *Server) arrive(a data.Attendee, c data.CheckIn) []matcher.Suggestion {
	if s.live.info(a.ID) == (personInfo{}) {
		s.live.upsertPerson(a) // a walk-in registered after start
	}
	s.live.order.Lock()
	first, applied := s.live.apply(c)
	var mine []matcher.Suggestion
	var notices []matcher.Notice
	if applied {
		mine, notices = s.live.index.Arrive(uint64(a.ID))
	}
	s.live.order.Unlock()
	if !applied { // a later check-in of this person is already live
		return s.live.index.Suggest(uint64(a.ID), s.top)
	}
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
		s.hub.PublishFunc(meTopic(data.AttendeeID(n.For)), "arrived", func() any {
			return map[string]any{"person": s.suggestionOf(n.Suggestion), "score": n.Suggestion.Score}
		})
	}
	return mine
}

func (s *Server) leave(a data.Attendee, c data.CheckIn) {
	s.live.order.Lock()
	_, applied := s.live.apply(c)
	if applied {
		s.live.index.Leave(uint64(a.ID))
	}
	s.live.order.Unlock()
	if !applied {
		return
	}
	cnt := s.live.counts()
	s.hub.Publish("board", "exit", map[string]any{"counts": cnt})
	s.hub.Publish("admin", "exit", map[string]any{"counts": cnt})
}

func meTopic(id data.AttendeeID) string { return fmt.Sprintf("me:%d", id) }

// personOf renders a suggestion for a screen, with its reasons in both
// languages (pages pick theirs). The language argument is unused.
func (s *Server) personOf(sg matcher.Suggestion, _ string) person {
	m := s.live.index.Model()
	info := s.live.info(data.AttendeeID(sg.ID))
	p := person{Name: info.Display, Organisation: info.Organisation}
	if p.Name == "" {
		if prof, ok := m.Profile(sg.ID); ok {
			p.Name, p.Organisation = prof.Name, prof.Organisation
		}
	}
	p.Reasons = &Text{FR: sg.Explain(m, "fr"), EN: sg.Explain(m, "en")}
	return p
}

// suggested is a suggestion as the phone shows it: with the ID that its
// "we met" and "not for me" buttons send back.
type suggested struct {
	ID uint64 `json:"id"`
	person
}

func (s *Server) suggestionOf(sg matcher.Suggestion) suggested {
	return suggested{ID: sg.ID, person: s.personOf(sg, "")}
}

// boardIntro is one "we met" as the board shows it: only between two people
// who both consented to the board.
type boardIntro struct {
	Seq   uint64 `json:"seq"`
	A     string `json:"a"`
	B     string `json:"b"`
	Topic *Text  `json:"topic,omitempty"`
}

// boardIntroOf renders i, or reports false when either person did not
// consent to the board.
func (s *Server) boardIntroOf(i data.Introduction) (boardIntro, bool) {
	a, b := s.live.info(i.A), s.live.info(i.B)
	if !a.Board || !b.Board {
		return boardIntro{}, false
	}
	bi := boardIntro{Seq: i.Seq, A: a.Display, B: b.Display}
	if len(i.Reasons) > 0 {
		m := s.live.index.Model()
		bi.Topic = &Text{FR: m.Label(i.Reasons[0], "fr"), EN: m.Label(i.Reasons[0], "en")}
	}
	return bi, true
}

// adminStats is the live statistics block of the admin.
type adminStats struct {
	Counts counts     `json:"counts"`
	Intros introStats `json:"intros"`
}

func (s *Server) stats() adminStats {
	return adminStats{Counts: s.live.counts(), Intros: s.live.introStats()}
}

// publishIntro pushes a logged introduction: to the board (consenting
// names only), the admin's stats, and both phones (their lists changed).
func (s *Server) publishIntro(i data.Introduction) {
	if bi, ok := s.boardIntroOf(i); ok && i.Kind == data.Met {
		s.hub.Publish("board", "intro", map[string]any{"intro": bi})
	}
	s.hub.Publish("admin", "stats", map[string]any{"stats": s.stats()})
	s.hub.Publish(meTopic(i.A), "refresh", nil)
	if i.Kind == data.Met {
		s.hub.Publish(meTopic(i.B), "refresh", nil)
	}
}

type matcherSuggestion = matcher.Suggestion

// publishRegistered tells the screens that the registered count changed (a
// walk-in, an import while running): pages apply the counts of any message.
func (s *Server) publishRegistered() {
	cnt := s.live.counts()
	s.hub.Publish("board", "registered", map[string]any{"counts": cnt})
	s.hub.Publish("admin", "registered", map[string]any{"counts": cnt})
}
