package kiosk

import (
	"sync"
	"time"

	"icebreaker/data"
	"icebreaker/matcher"
)

// live is the in-memory picture of the day that screens need at once: the
// matcher's model and "who is here" index, and the board's counters. It is
// rebuilt from the store at start and updated after each commit, so it
// always converges to what the database says.
type live struct {
	model *matcher.Model
	index *matcher.Index

	mu         sync.Mutex
	registered int
	inside     map[data.AttendeeID]bool
	entered    map[data.AttendeeID]bool // entered at least once today
	gates      map[string]int           // first entries per gate
	curve      map[int64]int            // first entries per quarter hour (unix/900)
	feed       []boardArrival           // last arrivals, newest last
}

// boardArrival is one arrival as the public board may show it: a name only
// with board consent.
type boardArrival struct {
	Seq          uint64    `json:"seq"`
	Name         string    `json:"name,omitempty"`
	Organisation string    `json:"organisation,omitempty"`
	Gate         string    `json:"gate"`
	At           time.Time `json:"at"`
}

const feedLen = 40

func loadLive(store *data.Store, k int) (*live, error) {
	lv := &live{
		inside:  map[data.AttendeeID]bool{},
		entered: map[data.AttendeeID]bool{},
		gates:   map[string]int{},
		curve:   map[int64]int{},
	}
	var profiles []matcher.Profile
	byID := map[data.AttendeeID]data.Attendee{}
	err := store.View(func(tx *data.Tx) error {
		if err := tx.ForEachAttendee(func(a data.Attendee) error {
			profiles = append(profiles, MatcherProfile(a))
			byID[a.ID] = a
			return nil
		}); err != nil {
			return err
		}
		return tx.ForEachCheckIn(func(c data.CheckIn) error {
			lv.apply(c, byID[c.AttendeeID])
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	lv.registered = len(profiles)
	lv.model = matcher.NewModel(profiles, matcher.Options{Weights: matcher.DefaultWeights()})
	lv.index = matcher.NewIndex(lv.model, k)
	for id := range lv.inside {
		lv.index.Arrive(uint64(id))
	}
	return lv, nil
}

// apply folds one committed check-in into the counters. It reports whether
// the check-in was the person's first entry of the day.
func (lv *live) apply(c data.CheckIn, a data.Attendee) (first bool) {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	if c.Direction == data.Out {
		delete(lv.inside, c.AttendeeID)
		return false
	}
	lv.inside[c.AttendeeID] = true
	if lv.entered[c.AttendeeID] {
		return false
	}
	lv.entered[c.AttendeeID] = true
	lv.gates[c.Gate]++
	lv.curve[c.At.Unix()/900]++
	arr := boardArrival{Seq: c.Seq, Gate: c.Gate, At: c.At}
	if a.BoardConsent {
		arr.Name, arr.Organisation = a.DisplayName(), a.Organisation
	}
	lv.feed = append(lv.feed, arr)
	if len(lv.feed) > feedLen {
		lv.feed = append(lv.feed[:0], lv.feed[len(lv.feed)-feedLen:]...)
	}
	return true
}

// addAttendee makes a new or changed attendee known to the matcher and the
// counters (walk-ins, imports while running).
func (lv *live) addAttendee(a data.Attendee, isNew bool) {
	lv.model.Upsert(MatcherProfile(a))
	if isNew {
		lv.mu.Lock()
		lv.registered++
		lv.mu.Unlock()
	}
}

// counts is the board's counters at one moment.
type counts struct {
	Present    int            `json:"present"`
	Registered int            `json:"registered"`
	Arrived    int            `json:"arrived"`
	Gates      map[string]int `json:"gates"`
}

func (lv *live) counts() counts {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	g := make(map[string]int, len(lv.gates))
	for k, v := range lv.gates {
		g[k] = v
	}
	return counts{Present: len(lv.inside), Registered: lv.registered, Arrived: len(lv.entered), Gates: g}
}

// curvePoint is the number of first entries in one quarter hour.
type curvePoint struct {
	Start time.Time `json:"start"`
	Count int       `json:"count"`
}

func (lv *live) snapshot() (counts, []boardArrival, []curvePoint) {
	c := lv.counts()
	lv.mu.Lock()
	defer lv.mu.Unlock()
	feed := append([]boardArrival(nil), lv.feed...)
	var first, last int64
	for q := range lv.curve {
		if first == 0 || q < first {
			first = q
		}
		if q > last {
			last = q
		}
	}
	var curve []curvePoint
	for q := first; first != 0 && q <= last; q++ {
		curve = append(curve, curvePoint{Start: time.Unix(q*900, 0), Count: lv.curve[q]})
	}
	return c, feed, curve
}
