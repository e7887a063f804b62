package kiosk

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"

	"icebreaker/data"
	"icebreaker/matcher"
)

// live is the in-memory picture of the day that screens need at once: the
// matcher's model and "who is here" index, the board's counters and feeds,
// and the current round. It is rebuilt from the store at start and updated
// after each commit, so it always converges to what the database says.
type live struct {
	index *liveIndex

	// order makes the live picture follow the commit order of check-ins:
	// it is held from apply to the index update that goes with it, so two
	// kiosks' handlers for one person (out at one door, in at another, a
	// millisecond apart) cannot leave the index saying the opposite of the
	// database. The matcher's index is one lock anyway.
	order sync.Mutex

	mu         sync.Mutex
	lastSeq    map[data.AttendeeID]uint64 // each person's last check-in applied
	registered int
	people     map[data.AttendeeID]personInfo
	inside     map[data.AttendeeID]bool
	entered    map[data.AttendeeID]bool // entered at least once today
	gates      map[string]int           // first entries per gate
	curve      map[int64]int            // first entries per quarter hour (unix/900)
	sectors    map[string]int           // people inside per sector key
	roles      map[string]int           // people inside per role key
	feed       []feedArrival            // last arrivals, newest last
	intros     []data.Introduction      // last "we met", newest last
	stats      introStats
	paired     map[[2]uint64]bool      // pairs already seated together in a round
	round      data.Round              // the last round (Number 0: none yet)
	seat       map[data.AttendeeID]int // index in round.Tables of each seated person

	frames frameLimiter // phones' camera frames (phone.go)
}

// personInfo is what the screens need of one attendee without a store read.
type personInfo struct {
	Display, Organisation string
	Sector, Role          string
	Board, Match          bool
}

func infoOf(a data.Attendee) personInfo {
	role := strings.TrimSpace(a.Title)
	return personInfo{Display: a.DisplayName(), Organisation: a.Organisation, Sector: strings.TrimSpace(a.Project.Sector),
		Role: role, Board: a.BoardConsent, Match: a.MatchConsent}
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

type feedArrival struct {
	boardArrival
	id data.AttendeeID
}

// introStats count the introduction log by kind, for the admin.
type introStats struct {
	Suggested int `json:"suggested"`
	Met       int `json:"met"`
	Declined  int `json:"declined"`
}

const feedLen = 40

func loadLive(store *data.Store, k int, vocabulary *matcher.Vocabulary) (*live, error) {
	lv := &live{
		people:  map[data.AttendeeID]personInfo{},
		lastSeq: map[data.AttendeeID]uint64{},
		inside:  map[data.AttendeeID]bool{},
		entered: map[data.AttendeeID]bool{},
		gates:   map[string]int{},
		curve:   map[int64]int{},
		sectors: map[string]int{},
		roles:   map[string]int{},
		paired:  map[[2]uint64]bool{},
	}
	var profiles []matcher.Profile
	var excluded [][2]uint64
	var set data.Settings
	err := store.View(func(tx *data.Tx) error {
		if err := tx.ForEachAttendee(func(a data.Attendee) error {
			profiles = append(profiles, MatcherProfile(a))
			lv.people[a.ID] = infoOf(a)
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ForEachCheckIn(func(c data.CheckIn) error {
			lv.apply(c)
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ForEachIntroduction(func(i data.Introduction) error {
			if i.Kind == data.Met || i.Kind == data.Declined {
				excluded = append(excluded, [2]uint64{uint64(i.A), uint64(i.B)})
			}
			lv.noteIntro(i)
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ForEachRound(func(r data.Round) error { lv.noteRound(r); return nil }); err != nil {
			return err
		}
		var err error
		set, err = tx.Settings()
		return err
	})
	if err != nil {
		return nil, err
	}
	lv.registered = len(profiles)
	lv.index = newLiveIndex(profiles, MatcherOptions(set, vocabulary), k)
	for _, p := range excluded {
		lv.index.Exclude(p[0], p[1])
	}
	inside := make([]uint64, 0, len(lv.inside))
	for id := range lv.inside {
		inside = append(inside, uint64(id))
	}
	lv.index.Load(inside) // after a restart: everyone's top list at once, no pushes
	return lv, nil
}

// MatcherOptions are the matcher's options for an event: its weights (the
// matcher's defaults until the admin changes them) and the vocabulary
// (nil: the built-in one). The server and the matching commands share it,
// so a preview from the command line ranks as the live screens do.
func MatcherOptions(set data.Settings, vocabulary *matcher.Vocabulary) matcher.Options {
	w := matcher.DefaultWeights()
	if set.Weights != nil {
		w = matcherWeights(*set.Weights)
	}
	return matcher.Options{Weights: w, Vocabulary: vocabulary}
}

func matcherWeights(w data.Weights) matcher.Weights {
	return matcher.Weights{Interest: w.Interest, Complement: w.Complement, Project: w.Project, Sector: w.Sector, SameOrg: w.SameOrg}
}

// apply folds one committed check-in into the counters. It reports whether
// the check-in was the person's first entry of the day, and whether it was
// applied at all: a check-in older than one already applied for the same
// person (its handler ran late) changes nothing, since the newer one
// already says where the person is.
func (lv *live) apply(c data.CheckIn) (first, applied bool) {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	if c.Seq != 0 && c.Seq <= lv.lastSeq[c.AttendeeID] {
		return false, false
	}
	lv.lastSeq[c.AttendeeID] = c.Seq
	info := lv.people[c.AttendeeID]
	if c.Direction == data.Out {
		if lv.inside[c.AttendeeID] {
			delete(lv.inside, c.AttendeeID)
			lv.tally(info, -1)
		}
		return false, true
	}
	if !lv.inside[c.AttendeeID] {
		lv.inside[c.AttendeeID] = true
		lv.tally(info, +1)
	}
	if lv.entered[c.AttendeeID] {
		return false, true
	}
	lv.entered[c.AttendeeID] = true
	lv.gates[c.Gate]++
	lv.curve[c.At.Unix()/900]++
	lv.feed = append(lv.feed, feedArrival{boardArrival{Seq: c.Seq, Gate: c.Gate, At: c.At}, c.AttendeeID})
	if len(lv.feed) > feedLen {
		lv.feed = append(lv.feed[:0], lv.feed[len(lv.feed)-feedLen:]...)
	}
	return true, true
}

// tally moves the sector and role counters of people inside; lv.mu is held.
func (lv *live) tally(p personInfo, delta int) {
	if k := strings.ToLower(p.Sector); k != "" {
		lv.sectors[k] += delta
	}
	if k := strings.ToLower(p.Role); k != "" {
		lv.roles[k] += delta
	}
}

// arrivalFor renders an arrival with the person's current board consent;
// lv.mu is held.
func (lv *live) arrivalFor(f feedArrival) boardArrival {
	a := f.boardArrival
	if p := lv.people[f.id]; p.Board {
		a.Name, a.Organisation = p.Display, p.Organisation
	}
	return a
}

// noteIntro folds one logged introduction into the stats and the feed.
func (lv *live) noteIntro(i data.Introduction) {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	switch i.Kind {
	case data.Suggested:
		lv.stats.Suggested++
	case data.Met:
		lv.stats.Met++
		lv.intros = append(lv.intros, i)
		if len(lv.intros) > feedLen {
			lv.intros = append(lv.intros[:0], lv.intros[len(lv.intros)-feedLen:]...)
		}
	case data.Declined:
		lv.stats.Declined++
	}
}

// noteRound records a round (started or stopped) as the current one and
// remembers its pairs, so later rounds seat new pairs where possible.
func (lv *live) noteRound(r data.Round) {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	if r.Number >= lv.round.Number {
		lv.round = r
		lv.seat = make(map[data.AttendeeID]int)
		for i, t := range r.Tables {
			for _, m := range t.Members {
				lv.seat[m] = i
			}
		}
	}
	for _, t := range r.Tables {
		for i, a := range t.Members {
			for _, b := range t.Members[i+1:] {
				lv.paired[pairKey(uint64(a), uint64(b))] = true
			}
		}
	}
}

func pairKey(a, b uint64) [2]uint64 {
	if a > b {
		a, b = b, a
	}
	return [2]uint64{a, b}
}

// currentRound returns the last round.
func (lv *live) currentRound() data.Round {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	return lv.round
}

// tableOf finds id's table in the current round without scanning it (the
// door asks on every scan; a round start asks for every phone).
func (lv *live) tableOf(id data.AttendeeID) (data.Round, data.Table, bool) {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	i, ok := lv.seat[id]
	if !ok {
		return lv.round, data.Table{}, false
	}
	return lv.round, lv.round.Tables[i], true
}

// upsertPerson makes a new or changed attendee known to the matcher and the
// counters (walk-ins, imports, consent switches), and re-scores them if they
// are present.
func (lv *live) upsertPerson(a data.Attendee) {
	lv.mu.Lock()
	old, known := lv.people[a.ID]
	if !known {
		lv.registered++
	}
	if lv.inside[a.ID] {
		lv.tally(old, -1)
		lv.tally(infoOf(a), +1)
	}
	lv.people[a.ID] = infoOf(a)
	lv.mu.Unlock()
	lv.index.Upsert(MatcherProfile(a))
}

// forget removes an erased attendee from every live structure.
func (lv *live) forget(id data.AttendeeID) {
	lv.mu.Lock()
	if info, ok := lv.people[id]; ok {
		lv.registered--
		if lv.inside[id] {
			lv.tally(info, -1)
		}
	}
	delete(lv.people, id)
	delete(lv.inside, id)
	for i := range lv.feed {
		if lv.feed[i].id == id {
			lv.feed[i].id = 0
		}
	}
	lv.intros = slices.DeleteFunc(lv.intros, func(i data.Introduction) bool { return i.A == id || i.B == id })
	if i, ok := lv.seat[id]; ok {
		lv.round.Tables[i].Members = slices.DeleteFunc(slices.Clone(lv.round.Tables[i].Members), func(m data.AttendeeID) bool { return m == id })
		delete(lv.seat, id)
	}
	lv.mu.Unlock()
	lv.index.Leave(uint64(id))
	lv.index.Upsert(matcher.Profile{ID: uint64(id)}) // no name, no consent: never suggested
}

func (lv *live) info(id data.AttendeeID) personInfo {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	return lv.people[id]
}

// counts is the board's and the admin's counters at one moment. Arrived is
// the number of people who entered today; it always equals the sum of Gates
// (first entries per gate).
type counts struct {
	Present    int            `json:"present"`
	Registered int            `json:"registered"`
	Arrived    int            `json:"arrived"`
	Gates      map[string]int `json:"gates"`
	Sectors    []tally        `json:"sectors"`
	Roles      []tally        `json:"roles"`
}

// tally is one line of a breakdown: a label and a number of people.
type tally struct {
	Label string `json:"label"`
	Count int    `json:"count"`
}

const breakdownLen = 6

func (lv *live) counts() counts {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	g := make(map[string]int, len(lv.gates))
	for k, v := range lv.gates {
		g[k] = v
	}
	return counts{Present: len(lv.inside), Registered: lv.registered, Arrived: len(lv.entered), Gates: g,
		Sectors: topTallies(lv.sectors), Roles: topTallies(lv.roles)}
}

// topTallies returns the largest counts, biggest first, the rest summed
// under "…".
func topTallies(m map[string]int) []tally {
	out := make([]tally, 0, len(m))
	for k, v := range m {
		if v > 0 {
			out = append(out, tally{Label: k, Count: v})
		}
	}
	slices.SortFunc(out, func(a, b tally) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Label, b.Label)) })
	if len(out) > breakdownLen {
		rest := 0
		for _, t := range out[breakdownLen-1:] {
			rest += t.Count
		}
		out = append(out[:breakdownLen-1], tally{Label: "…", Count: rest})
	}
	return out
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
	feed := make([]boardArrival, len(lv.feed))
	for i, f := range lv.feed {
		feed[i] = lv.arrivalFor(f)
	}
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

func (lv *live) introStats() introStats {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	return lv.stats
}

// liveIndex is the matcher's model and live index behind one lock, so that
// new weights can rebuild both while the doors keep scanning. It has the
// index's methods; Model returns the model they use.
type liveIndex struct {
	mu       sync.RWMutex
	model    *matcher.Model
	opts     matcher.Options // weights change with Reweigh; the vocabulary stays
	ix       *matcher.Index
	k        int
	excluded [][2]uint64
}

func newLiveIndex(profiles []matcher.Profile, opts matcher.Options, k int) *liveIndex {
	m := matcher.NewModel(profiles, opts)
	return &liveIndex{model: m, opts: opts, ix: matcher.NewIndex(m, k), k: k}
}

// Load marks ids present at once (a restart), building their top lists
// without notices.
func (l *liveIndex) Load(ids []uint64) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.ix.Load(ids)
}

// Model returns the model in use (it changes when weights change).
func (l *liveIndex) Model() *matcher.Model {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.model
}

func (l *liveIndex) Suggest(id uint64, k int) []matcher.Suggestion {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.ix.Suggest(id, k)
}

func (l *liveIndex) Arrive(id uint64) ([]matcher.Suggestion, []matcher.Notice) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.ix.Arrive(id)
}

func (l *liveIndex) Leave(id uint64) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.ix.Leave(id)
}

func (l *liveIndex) Present(id uint64) bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.ix.Present(id)
}

func (l *liveIndex) PresentIDs() []uint64 {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.ix.PresentIDs()
}

// pairsApart is a snapshot of every pair a round must not seat together:
// met, declined, or seated together in an earlier round.
func (lv *live) pairsApart() map[[2]uint64]struct{} {
	set := lv.index.ExcludedPairs()
	lv.mu.Lock()
	defer lv.mu.Unlock()
	for k := range lv.paired {
		set[k] = struct{}{}
	}
	return set
}

func (l *liveIndex) ExcludedPairs() map[[2]uint64]struct{} {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.ix.ExcludedPairs()
}

func (l *liveIndex) Excluded(a, b uint64) bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.ix.Excluded(a, b)
}

// Exclude records a met or declined pair (kept for rebuilds).
func (l *liveIndex) Exclude(a, b uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.excluded = append(l.excluded, [2]uint64{a, b})
	l.ix.Exclude(a, b)
}

// Upsert changes one profile and re-scores the person if present.
func (l *liveIndex) Upsert(p matcher.Profile) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.model.Upsert(p)
	if l.ix.Present(p.ID) {
		l.ix.Arrive(p.ID)
	}
}

// Reweigh rebuilds the model with new weights and the index with the same
// people present and the same exclusions.
func (l *liveIndex) Reweigh(w matcher.Weights) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ids := l.model.IDs()
	profiles := make([]matcher.Profile, 0, len(ids))
	for _, id := range ids {
		if p, ok := l.model.Profile(id); ok {
			profiles = append(profiles, p)
		}
	}
	present := l.ix.PresentIDs()
	l.opts.Weights = w
	l.model = matcher.NewModel(profiles, l.opts)
	l.ix = matcher.NewIndex(l.model, l.k)
	for _, p := range l.excluded {
		l.ix.Exclude(p[0], p[1])
	}
	for _, id := range present {
		l.ix.Arrive(id)
	}
}

// recentIntros returns the last "we met" introductions, oldest first.
func (lv *live) recentIntros() []data.Introduction {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	return append([]data.Introduction(nil), lv.intros...)
}
