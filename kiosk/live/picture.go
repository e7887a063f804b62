package live

import (
	"slices"
	"strings"
	"time"

	"icebreaker/data"
	"icebreaker/matcher"
)

// picture is the in-memory state of the day that screens need at once:
// who is in, the counters per gate, sector and role, the arrival curve, the
// feeds, and the current round. It is rebuilt from the store at start and
// updated after each commit, so it converges to what the database says.
// It has no lock of its own: Day.mu guards it.
type picture struct {
	lastSeq    map[data.AttendeeID]uint64 // each person's last check-in applied
	registered int
	people     map[data.AttendeeID]personInfo
	inside     map[data.AttendeeID]bool
	entered    map[data.AttendeeID]bool      // entered at least once today
	inSince    map[data.AttendeeID]time.Time // people inside: when they last came in
	gates      map[string]int                // first entries per gate
	curve      map[int64]int                 // first entries per quarter hour (unix/900)
	sectors    map[string]int                // people inside per sector key
	roles      map[string]int                // people inside per role key
	labels     map[string]string             // sector or role key → its label as typed
	feed       []feedArrival                 // last arrivals, newest last
	intros     []data.Introduction           // last "we met", newest last
	stats      IntroStats
	seated     matcher.PairSet         // pairs already seated together in a round
	round      data.Round              // the last round (Number 0: none yet)
	seat       map[data.AttendeeID]int // index in round.Tables of each seated person
	// pool is who the running round was seated from (present and
	// consenting at its start), to tell the odd one out from a late
	// arrival; nil after a restart.
	pool map[data.AttendeeID]bool
}

func newPicture() picture {
	return picture{
		people:  map[data.AttendeeID]personInfo{},
		lastSeq: map[data.AttendeeID]uint64{},
		inside:  map[data.AttendeeID]bool{},
		entered: map[data.AttendeeID]bool{},
		inSince: map[data.AttendeeID]time.Time{},
		gates:   map[string]int{},
		curve:   map[int64]int{},
		sectors: map[string]int{},
		roles:   map[string]int{},
		labels:  map[string]string{},
	}
}

// personInfo is what the screens need of one attendee without a store read.
type personInfo struct {
	Display, Organisation string
	Full                  string // first and last name, for the organisers' screens
	First, Last           string // for telling apart two of the same Display (boardNames)
	Sector, Role          string
	Board, Match          bool
	first, last           string // folded (data.FoldName), for SameName
}

func infoOf(a data.Attendee) personInfo {
	return personInfo{Display: a.DisplayName(), Organisation: a.Organisation, Full: a.FullName(),
		First: strings.TrimSpace(a.FirstName), Last: strings.TrimSpace(a.LastName), Sector: strings.TrimSpace(a.Project.Sector),
		Role: strings.TrimSpace(a.Title), Board: a.BoardConsent, Match: a.MatchConsent,
		first: data.FoldName(a.FirstName), last: data.FoldName(a.LastName)}
}

type feedArrival struct {
	BoardArrival
	id data.AttendeeID
}

const (
	feedLen      = 40 // arrivals and introductions the board keeps
	breakdownLen = 6  // lines of the sector and role breakdowns
)

// apply folds one committed check-in into the counters. It reports whether
// the check-in was the person's first entry of the day, and whether it was
// applied at all: a check-in older than one already applied for the same
// person (its handler ran late) changes nothing, since the newer one
// already says where the person is.
func (p *picture) apply(c data.CheckIn) (first, applied bool) {
	if c.Seq != 0 && c.Seq <= p.lastSeq[c.AttendeeID] {
		return false, false
	}
	p.lastSeq[c.AttendeeID] = c.Seq
	info := p.people[c.AttendeeID]
	if c.Direction == data.Out {
		if p.inside[c.AttendeeID] {
			delete(p.inside, c.AttendeeID)
			delete(p.inSince, c.AttendeeID)
			p.tally(info, -1)
		}
		return false, true
	}
	if !p.inside[c.AttendeeID] {
		p.inside[c.AttendeeID] = true
		p.inSince[c.AttendeeID] = c.At
		p.tally(info, +1)
	}
	if p.entered[c.AttendeeID] {
		return false, true
	}
	p.entered[c.AttendeeID] = true
	p.gates[c.Gate]++
	p.curve[c.At.Unix()/900]++
	p.feed = append(p.feed, feedArrival{BoardArrival{Seq: c.Seq, Gate: c.Gate, At: c.At}, c.AttendeeID})
	if len(p.feed) > feedLen {
		p.feed = append(p.feed[:0], p.feed[len(p.feed)-feedLen:]...)
	}
	return true, true
}

// tally moves the sector and role counters of people inside. Only people
// who agreed to the board are counted: a breakdown line of one ("minister:
// 1") would name whoever refused.
func (p *picture) tally(info personInfo, delta int) {
	if !info.Board {
		return
	}
	for _, l := range []struct {
		typed string
		into  map[string]int
	}{{info.Sector, p.sectors}, {info.Role, p.roles}} {
		if k := labelKey(l.typed); k != "" {
			l.into[k] += delta
			if betterLabel(p.labels[k], l.typed) {
				p.labels[k] = l.typed
			}
		}
	}
}

// upsert makes a new or changed attendee known to the counters.
func (p *picture) upsert(a data.Attendee) {
	old, known := p.people[a.ID]
	if !known {
		p.registered++
	}
	if p.inside[a.ID] {
		p.tally(old, -1)
		p.tally(infoOf(a), +1)
	}
	p.people[a.ID] = infoOf(a)
}

// forget removes an erased attendee from every structure.
func (p *picture) forget(id data.AttendeeID) {
	if info, ok := p.people[id]; ok {
		p.registered--
		if p.inside[id] {
			p.tally(info, -1)
		}
	}
	delete(p.people, id)
	delete(p.inside, id)
	delete(p.inSince, id)
	for i := range p.feed {
		if p.feed[i].id == id {
			p.feed[i].id = 0
		}
	}
	p.intros = slices.DeleteFunc(p.intros, func(i data.Introduction) bool { return i.A == id || i.B == id })
	if i, ok := p.seat[id]; ok {
		p.round.Tables[i].Members = slices.DeleteFunc(slices.Clone(p.round.Tables[i].Members), func(m data.AttendeeID) bool { return m == id })
		delete(p.seat, id)
	}
}

// arrivalFor renders an arrival with the person's current board consent.
func (p *picture) arrivalFor(f feedArrival) BoardArrival {
	a := f.BoardArrival
	if info := p.people[f.id]; info.Board {
		a.Name, a.Organisation = info.Display, info.Organisation
	}
	return a
}

// noteIntro folds one logged introduction into the stats and the feed.
func (p *picture) noteIntro(i data.Introduction) {
	switch i.Kind {
	case data.Suggested:
		p.stats.Suggested++
	case data.Met:
		p.stats.Met++
		p.intros = append(p.intros, i)
		if len(p.intros) > feedLen {
			p.intros = append(p.intros[:0], p.intros[len(p.intros)-feedLen:]...)
		}
	case data.Declined:
		p.stats.Declined++
	}
}

// noteRound records a round (started or stopped) as the current one and
// remembers its pairs, so later rounds seat new pairs where possible.
func (p *picture) noteRound(r data.Round) {
	if r.Number >= p.round.Number {
		if r.Number != p.round.Number {
			p.pool = nil
		}
		p.round = r
		p.seat = make(map[data.AttendeeID]int)
		for i, t := range r.Tables {
			for _, m := range t.Members {
				p.seat[m] = i
			}
		}
	}
	forEachPairOf(r, p.seated.Add)
}

// forEachPairOf calls fn for every two people seated at one table of r.
func forEachPairOf(r data.Round, fn func(a, b uint64)) {
	for _, t := range r.Tables {
		for i, a := range t.Members {
			for _, b := range t.Members[i+1:] {
				fn(uint64(a), uint64(b))
			}
		}
	}
}

func (p *picture) counts() Counts {
	g := make(map[string]int, len(p.gates))
	for k, v := range p.gates {
		g[k] = v
	}
	return Counts{Present: len(p.inside), Registered: p.registered, Arrived: len(p.entered), Gates: g,
		Sectors: topTallies(p.sectors, p.labels), Roles: topTallies(p.roles, p.labels)}
}

// arrivals renders the feed with today's consents.
func (p *picture) arrivals() []BoardArrival {
	feed := make([]BoardArrival, len(p.feed))
	for i, f := range p.feed {
		feed[i] = p.arrivalFor(f)
	}
	return feed
}

// curvePoints is the arrival curve, one point per quarter hour from the
// first arrival to the last.
func (p *picture) curvePoints() []CurvePoint {
	var first, last int64
	for q := range p.curve {
		if first == 0 || q < first {
			first = q
		}
		if q > last {
			last = q
		}
	}
	var curve []CurvePoint
	for q := first; first != 0 && q <= last; q++ {
		curve = append(curve, CurvePoint{Start: time.Unix(q*900, 0), Count: p.curve[q]})
	}
	return curve
}
