package live

import (
	"icebreaker/data"
	"icebreaker/matcher"
)

// Roster is an event file's attendees prepared for the matcher, read once:
// the read-only part of the day that the command line's matching commands
// rank and seat, with the profiles, weights and pairs kept apart that the
// live Day uses.
type Roster struct {
	Model      *matcher.Model
	People     map[uint64]data.Attendee
	Candidates []uint64         // consenting people: everyone, or those inside now
	Apart      *matcher.PairSet // met, declined, or seated together in a round
	NoConsent  int              // people left out of Candidates for lack of consent
}

// ReadRoster reads the attendees, their presence, the introductions and
// the rounds of store. With presentOnly, only the people inside now are
// candidates.
func ReadRoster(store *data.Store, vocabulary *matcher.Vocabulary, presentOnly bool) (*Roster, error) {
	r := &Roster{People: map[uint64]data.Attendee{}, Apart: &matcher.PairSet{}}
	var profiles []matcher.Profile
	var set data.Settings
	inside := map[data.AttendeeID]bool{}
	err := store.View(func(tx *data.Tx) error {
		var err error
		if set, err = tx.Settings(); err != nil { // the admin's matching weights
			return err
		}
		if err := tx.ForEachPresence(func(p data.Presence) error { inside[p.AttendeeID] = p.Inside; return nil }); err != nil {
			return err
		}
		if err := tx.ForEachIntroduction(func(i data.Introduction) error {
			if i.Kind == data.Met || i.Kind == data.Declined {
				r.Apart.Add(uint64(i.A), uint64(i.B))
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ForEachRound(func(rd data.Round) error { forEachPairOf(rd, r.Apart.Add); return nil }); err != nil {
			return err
		}
		var words peerWords // skills confirmed by peers weigh as on the live screens
		if err := tx.ForEachConfirmation(func(c data.Confirmation) error { words.note(c); return nil }); err != nil {
			return err
		}
		err = tx.ForEachAttendee(func(a data.Attendee) error {
			p := Profile(a)
			p.Endorsed = words.endorsed(a.ID)
			profiles = append(profiles, p)
			r.People[uint64(a.ID)] = a
			switch {
			case presentOnly && !inside[a.ID]:
			case a.MatchConsent:
				r.Candidates = append(r.Candidates, uint64(a.ID))
			default:
				r.NoConsent++
			}
			return nil
		})
		if err != nil {
			return err
		}
		return withSessions(tx, profiles)
	})
	if err != nil {
		return nil, err
	}
	r.Model = matcher.NewModel(profiles, MatcherOptions(set, vocabulary))
	return r, nil
}
