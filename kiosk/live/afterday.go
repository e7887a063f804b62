package live

import (
	"slices"

	"icebreaker/data"
	"icebreaker/matcher"
)

// After the day: each person's list of the people they met and of those
// suggested to them whom they did not meet (MyDay, and AfterDay for the
// organiser's mail merge), with how to reach those who consented; and the
// facts of the day (DayFacts) that they and the indicators (indicators.go)
// are read from.
//
// Contact details follow the directory's consent: a person who agreed to
// be listed in the directory (data.Attendee.DirectoryConsent) is named in
// full with their e-mail; anyone else appears as the phone showed them
// (first name, initial, organisation) with no way to reach them.

// Contact is one person in someone's after-day list; Name is their full
// name when Listed, else as screens show it ("Karim B.").
type Contact struct {
	Who
	Title string `json:"title,omitempty"`
	// Listed says they consented to the directory: then, and only then,
	// Email says how to reach them.
	Listed bool   `json:"listed"`
	Email  string `json:"email,omitempty"`
	// Topic is what the matcher put them in touch for, when it said.
	Topic *Text `json:"topic,omitempty"`
}

// MyDay is one person's day: whom they met, and whom they were suggested
// but did not meet (neither of them said "we met" nor "not for me").
type MyDay struct {
	Met    []Contact `json:"met"`
	NotMet []Contact `json:"not_met"`
}

// dayLinks is who met whom and who was suggested to whom, from the
// introduction log.
type dayLinks struct {
	met       map[data.AttendeeID][]data.AttendeeID // in the log's order
	suggested map[data.AttendeeID][]data.AttendeeID
	closed    map[[2]data.AttendeeID]data.IntroKind // matcher.PairKey → met or declined
	topic     map[[2]data.AttendeeID]string         // matcher.PairKey → first concept of the first suggestion
	round     map[[2]data.AttendeeID][]int          // matcher.PairKey → rounds that seated them together
}

func newDayLinks() *dayLinks {
	return &dayLinks{met: map[data.AttendeeID][]data.AttendeeID{}, suggested: map[data.AttendeeID][]data.AttendeeID{},
		closed: map[[2]data.AttendeeID]data.IntroKind{}, topic: map[[2]data.AttendeeID]string{}, round: map[[2]data.AttendeeID][]int{}}
}

// add reads one introduction.
func (l *dayLinks) add(i data.Introduction) {
	k := matcher.PairKey(i.A, i.B)
	switch i.Kind {
	case data.Met, data.Declined:
		if _, ok := l.closed[k]; ok {
			return
		}
		l.closed[k] = i.Kind
		if i.Kind == data.Met {
			l.met[i.A] = append(l.met[i.A], i.B)
			l.met[i.B] = append(l.met[i.B], i.A)
		}
	case data.Suggested:
		if _, ok := l.topic[k]; !ok {
			l.topic[k] = ""
			if len(i.Reasons) > 0 {
				l.topic[k] = i.Reasons[0]
			}
			l.suggested[i.A] = append(l.suggested[i.A], i.B)
			l.suggested[i.B] = append(l.suggested[i.B], i.A)
		}
		if i.Round > 0 && !slices.Contains(l.round[k], i.Round) {
			l.round[k] = append(l.round[k], i.Round)
		}
	}
}

// pick adds the matcher's suggestions sgs to id's suggested people (one
// direction: they are id's list, not the others'), after what the log
// holds, skipping pairs already there or closed.
func (l *dayLinks) pick(id data.AttendeeID, sgs []matcher.Suggestion) {
	for _, sg := range sgs {
		o := data.AttendeeID(sg.ID)
		k := matcher.PairKey(id, o)
		if _, closed := l.closed[k]; closed || slices.Contains(l.suggested[id], o) {
			continue
		}
		l.suggested[id] = append(l.suggested[id], o)
		if l.topic[k] == "" {
			if keys := conceptsOf(sg); len(keys) > 0 {
				l.topic[k] = keys[0]
			}
		}
	}
}

// notMet lists those suggested to id with whom no "we met" nor "not for
// me" was said.
func (l *dayLinks) notMet(id data.AttendeeID) []data.AttendeeID {
	var out []data.AttendeeID
	for _, o := range l.suggested[id] {
		if _, closed := l.closed[matcher.PairKey(id, o)]; !closed {
			out = append(out, o)
		}
	}
	return out
}

// contact is a as id's after-day list shows them; label names a concept.
func (l *dayLinks) contact(id data.AttendeeID, a data.Attendee, label func(string) Text) Contact {
	c := Contact{Who: Who{ID: a.ID, Name: a.DisplayName(), Organisation: a.Organisation}, Listed: a.DirectoryConsent}
	if a.DirectoryConsent {
		c.Name, c.Title, c.Email = a.FullName(), a.Title, a.Email
	}
	if k := l.topic[matcher.PairKey(id, a.ID)]; k != "" {
		t := label(k)
		c.Topic = &t
	}
	return c
}

// myDay is id's day from the links; people looks someone up (false:
// erased meanwhile, left out).
func (l *dayLinks) myDay(id data.AttendeeID, people func(data.AttendeeID) (data.Attendee, bool), label func(string) Text) MyDay {
	day := MyDay{Met: []Contact{}, NotMet: []Contact{}}
	for _, list := range []struct {
		ids []data.AttendeeID
		dst *[]Contact
	}{{l.met[id], &day.Met}, {l.notMet(id), &day.NotMet}} {
		for _, o := range list.ids {
			if a, ok := people(o); ok {
				*list.dst = append(*list.dst, l.contact(id, a, label))
			}
		}
	}
	return day
}

// conceptLabel names concept keys with the model in use.
func (d *Day) conceptLabel() func(string) Text {
	d.mu.Lock()
	m := d.model
	d.mu.Unlock()
	return func(k string) Text { return Text{FR: m.Label(k, "fr"), EN: m.Label(k, "en")} }
}

// MyDay returns me's day (see MyDay): one walk of the introduction log,
// and the records of the people in it. Those suggested but not met are
// the round seats they did not confirm, then, up to the phone's number of
// suggestions, the matcher's best among the people who came that day
// (with consent on both sides, as everywhere).
func (d *Day) MyDay(me data.AttendeeID) (MyDay, error) {
	l := newDayLinks()
	var day MyDay
	err := d.store.View(func(tx *data.Tx) error {
		if err := tx.ForEachIntroduction(func(i data.Introduction) error {
			if i.A == me || i.B == me {
				l.add(i)
			}
			return nil
		}); err != nil {
			return err
		}
		if n := d.top - len(l.notMet(me)); n > 0 {
			d.mu.Lock()
			l.pick(me, d.model.Rank(uint64(me), n, func(id uint64) bool {
				_, closed := l.closed[matcher.PairKey(me, data.AttendeeID(id))]
				return d.pic.entered[data.AttendeeID(id)] && !closed && !slices.Contains(l.suggested[me], data.AttendeeID(id))
			}))
			d.mu.Unlock()
		}
		day = l.myDay(me, func(id data.AttendeeID) (data.Attendee, bool) {
			a, err := tx.Attendee(id)
			return a, err == nil
		}, d.conceptLabel())
		return nil
	})
	return day, err
}

// PersonDay is one person with their day, a row of the organiser's
// mail merge.
type PersonDay struct {
	Attendee data.Attendee
	MyDay
}

// AfterDay returns everyone's day, in registration order (the mail merge
// after the event), with MyDay's lists (the matcher's picks in one
// recompute of everyone who came).
func (d *Day) AfterDay() ([]PersonDay, error) {
	f, err := d.facts()
	if err != nil {
		return nil, err
	}
	label := d.conceptLabel()
	var came []uint64
	for _, id := range f.order {
		if f.Came[id] {
			came = append(came, uint64(id))
		}
	}
	d.mu.Lock()
	m := d.model
	d.mu.Unlock()
	lists := m.RankAll(came, d.top, func(a, b uint64) bool {
		_, closed := f.links.closed[matcher.PairKey(data.AttendeeID(a), data.AttendeeID(b))]
		return closed
	})
	for i, id := range came {
		if n := d.top - len(f.links.notMet(data.AttendeeID(id))); n > 0 && len(lists[i]) > 0 {
			f.links.pick(data.AttendeeID(id), lists[i][:min(n, len(lists[i]))])
		}
	}
	out := make([]PersonDay, 0, len(f.order))
	for _, id := range f.order {
		out = append(out, PersonDay{Attendee: f.People[id], MyDay: f.links.myDay(id, f.person, label)})
	}
	return out, nil
}

// DayFacts are what the indicators are computed from: everyone
// registered, who came, the rounds, and the introduction log read as
// links. Groupings read them.
type DayFacts struct {
	People map[data.AttendeeID]data.Attendee
	Came   map[data.AttendeeID]bool // entered at least once
	Rounds []data.Round
	order  []data.AttendeeID
	links  *dayLinks
}

func (f *DayFacts) person(id data.AttendeeID) (data.Attendee, bool) {
	a, ok := f.People[id]
	return a, ok
}

// facts reads the day: who came from the live picture (everyone who
// entered today), the rest in one read transaction.
func (d *Day) facts() (*DayFacts, error) {
	f := &DayFacts{People: map[data.AttendeeID]data.Attendee{}, Came: map[data.AttendeeID]bool{}, links: newDayLinks()}
	d.mu.Lock()
	for id := range d.pic.entered {
		f.Came[id] = true
	}
	d.mu.Unlock()
	err := d.store.View(func(tx *data.Tx) error {
		if err := tx.ForEachAttendee(func(a data.Attendee) error {
			f.People[a.ID] = a
			f.order = append(f.order, a.ID)
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ForEachRound(func(r data.Round) error { f.Rounds = append(f.Rounds, r); return nil }); err != nil {
			return err
		}
		return tx.ForEachIntroduction(func(i data.Introduction) error { f.links.add(i); return nil })
	})
	return f, err
}
