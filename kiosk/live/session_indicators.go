package live

import (
	"cmp"
	"slices"
	"strconv"

	"icebreaker/data"
)

// bySession groups the organiser's indicators per session of the
// programme (sessions.go): the people who attended it, and the
// introductions between two of its attendees. ok is false when the event
// has no sessions, and the indicators then leave the grouping out. It
// reads a copy of the attendance taken under d.mu, so the indicators are
// computed without holding it.
func (d *Day) bySession() (g Grouping, ok bool) {
	d.mu.Lock()
	sessions := make(map[string]data.Session, len(d.sess.byID))
	for id, s := range d.sess.byID {
		sessions[strconv.FormatUint(id, 10)] = s
	}
	attended := make(map[data.AttendeeID][]string, len(d.sess.attended))
	for who, ids := range d.sess.attended {
		for _, id := range ids {
			attended[who] = append(attended[who], strconv.FormatUint(id, 10))
		}
	}
	loc := d.sess.loc
	d.mu.Unlock()
	if len(sessions) == 0 {
		return Grouping{}, false
	}
	return Grouping{Key: "session", Name: Text{"Par session", "Per session"},
		Person: func(_ *DayFacts, id data.AttendeeID) []string { return attended[id] },
		Pair: func(_ *DayFacts, a, b data.AttendeeID) []string {
			var both []string
			for _, s := range attended[a] {
				if slices.Contains(attended[b], s) {
					both = append(both, s)
				}
			}
			return both
		},
		Label: func(k string) Text {
			s, ok := sessions[k]
			if !ok {
				return Text{"(session supprimée)", "(deleted session)"}
			}
			if s.Start.IsZero() {
				return Text{s.Title, s.Title}
			}
			at := s.Start.In(loc)
			return Text{s.Title + " (" + at.Format("15h04") + ")", s.Title + " (" + at.Format("3:04 pm") + ")"}
		},
		Order: func(a, b string) int {
			if c := sessions[a].Start.Compare(sessions[b].Start); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		},
	}, true
}
