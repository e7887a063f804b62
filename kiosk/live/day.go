package live

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/kiosk/hub"
	"icebreaker/matcher"
)

// Publisher is what the Day needs of the WebSocket hub (hub.Hub satisfies
// it; see its methods for the contracts). The Day calls it with no lock of
// its own held; payload functions take the Day's lock themselves.
type Publisher interface {
	Epoch() string
	Seq(topic string) uint64
	Publish(topic, kind string, data any) uint64
	PublishFunc(topic, kind string, data func() any) uint64
	PublishBatch(msgs []hub.Message)
	Drop(topic string)
	ForgetReplay(topic string)
}

// Config wires a Day. Store is required.
type Config struct {
	Store *data.Store
	// Publisher receives the pushes to screens (nil: none, for read-only
	// uses such as the command line).
	Publisher Publisher
	Now       func() time.Time // default time.Now
	// Suggestions is how many people a phone lists and a scan answer
	// ranks (default 5).
	Suggestions int
	// Vocabulary is the matcher's vocabulary (nil: the built-in one).
	Vocabulary *matcher.Vocabulary
}

// Day owns everything that happens after a commit: see the package
// comment. Its methods are safe for concurrent use.
type Day struct {
	store *data.Store
	scans *checkin.Service
	pub   Publisher
	now   func() time.Time
	top   int

	// mu guards the picture and the matcher's model and index pointers
	// (swapped by rebuild, which builds the new ones without it), and is
	// held from a check-in's apply to the index update that goes with it,
	// so the index follows commit order.
	// Order: mu, then the matcher's own locks (Index, then Model); the
	// Publisher is never called with mu held.
	mu sync.Mutex
	// vocab serialises MapPhrase, so that the lines apply live in the
	// order they are saved (the order a restart applies them). Taken
	// before mu, never with it held.
	vocab sync.Mutex
	// rebuilding serialises rebuilds (Reweigh, MapPhrase). Taken before
	// mu, never with it held.
	rebuilding sync.Mutex
	// opts: the weights change with Reweigh, the vocabulary (never nil:
	// the server's with the event's own lines) with MapPhrase.
	opts  matcher.Options
	model *matcher.Model
	index *matcher.Index
	pic   picture
	// changed, while a rebuild is under way (nil otherwise), holds the
	// attendees whose profile changed since the rebuild's snapshot.
	changed map[uint64]bool
	// dir caches the directory's people (directory.go): upsert and
	// forget mark it stale.
	dir directoryCache
	// groups caches the groups formed before the day (pregroups.go).
	groups groupsCache
	// peers is who met whom and the skills they confirmed (confirm.go).
	peers peerWords
	// sess is the programme and who attended what (sessions.go).
	sess sessionBook
	// scanWatch, when set (WatchScans), is told where each scan's time went.
	scanWatch atomic.Pointer[func(ScanTiming)]
	// scansWaiting counts the scans waiting for mu (lockForScan): a long
	// piece of work in holds of mu hands it over to them (inPacedBatches).
	scansWaiting atomic.Int32
}

// New loads the event's attendees, presence, introductions and rounds into
// a Day: the live picture and the matcher's index, with everyone inside
// ranked at once (a restart sends no pushes).
func New(cfg Config) (*Day, error) {
	if cfg.Store == nil {
		return nil, errors.New("live: Config.Store is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Suggestions <= 0 {
		cfg.Suggestions = 5
	}
	if cfg.Publisher == nil {
		cfg.Publisher = silent{}
	}
	d := &Day{store: cfg.Store, scans: &checkin.Service{Store: cfg.Store, Now: cfg.Now}, pub: cfg.Publisher,
		now: cfg.Now, top: cfg.Suggestions, pic: newPicture(), sess: newSessionBook()}
	var profiles []matcher.Profile
	var closed matcher.PairSet
	var set data.Settings
	err := d.store.View(func(tx *data.Tx) error {
		if err := d.loadConfirmations(tx); err != nil {
			return err
		}
		if err := tx.ForEachAttendee(func(a data.Attendee) error {
			profiles = append(profiles, d.withEndorsements(Profile(a)))
			d.pic.people[a.ID] = infoOf(a)
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ForEachCheckIn(func(c data.CheckIn) error { d.pic.apply(c); return nil }); err != nil {
			return err
		}
		if err := tx.ForEachIntroduction(func(i data.Introduction) error {
			if i.Kind == data.Met || i.Kind == data.Declined {
				closed.Add(uint64(i.A), uint64(i.B))
			}
			d.pic.noteIntro(i)
			d.peers.noteIntro(i)
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ForEachRound(func(r data.Round) error { d.pic.noteRound(r); return nil }); err != nil {
			return err
		}
		if err := d.sess.load(tx); err != nil {
			return err
		}
		var err error
		set, err = tx.Settings()
		return err
	})
	if err != nil {
		return nil, err
	}
	d.pic.registered = len(profiles)
	for i := range profiles {
		profiles[i].Sessions = d.sess.of(data.AttendeeID(profiles[i].ID))
	}
	if cfg.Vocabulary == nil {
		cfg.Vocabulary = matcher.DefaultVocabulary()
	}
	d.opts = MatcherOptions(set, cfg.Vocabulary)
	d.model = matcher.NewModel(profiles, d.opts)
	d.index = newIndex(d.model, d.top, &closed)
	d.index.Load(d.insideIDs())
	return d, nil
}

// newIndex is an index over m that keeps the pairs of closed apart.
func newIndex(m *matcher.Model, k int, closed *matcher.PairSet) *matcher.Index {
	ix := matcher.NewIndex(m, k)
	closed.Each(ix.Exclude)
	return ix
}

// insideIDs lists the people inside; d.mu is held (or d is being built).
func (d *Day) insideIDs() []uint64 {
	ids := make([]uint64, 0, len(d.pic.inside))
	for id := range d.pic.inside {
		ids = append(ids, uint64(id))
	}
	return ids
}

// Store is the event file the Day writes to. Handlers may read it for what
// is not the day's live state (kiosk keys, settings pages, exports).
func (d *Day) Store() *data.Store { return d.store }

// Now is the Day's clock.
func (d *Day) Now() time.Time { return d.now() }

// Profile converts an attendee to the matcher's input.
func Profile(a data.Attendee) matcher.Profile {
	return matcher.Profile{
		ID:           uint64(a.ID),
		Name:         a.FirstName,
		Title:        a.Title,
		Email:        a.Email,
		Organisation: a.Organisation,
		Sector:       a.Project.Sector,
		Offers:       a.Offers,
		Needs:        a.Needs,
		Interests:    a.Interests,
		Project:      a.Project.Name + ". " + a.Project.Description,
		Host:         a.Host,
		Consent:      a.MatchConsent,
		Corrections:  corrections(a.Corrections),
	}
}

// MatcherOptions are the matcher's options for an event: its weights (the
// matcher's defaults until the admin changes them) and the vocabulary
// (nil: the built-in one) with the event's own lines on top (see
// EventVocabulary). The Day and the matching commands share it, so a
// preview from the command line ranks as the live screens do.
func MatcherOptions(set data.Settings, vocabulary *matcher.Vocabulary) matcher.Options {
	return matcher.Options{Weights: Weights(set), Vocabulary: EventVocabulary(vocabulary, set.Vocabulary)}
}

// Weights are the event's matching weights: the admin's, or the matcher's
// defaults when none were saved.
func Weights(set data.Settings) matcher.Weights {
	if set.Weights == nil {
		return matcher.DefaultWeights()
	}
	return matcherWeights(*set.Weights)
}

// matcherWeights are the admin's weights over the matcher's defaults: a
// weight the file does not hold (saved before it existed) keeps its
// default instead of becoming 0, which would silently switch off the text
// channel, titles or targets.
func matcherWeights(w data.Weights) matcher.Weights {
	m := matcher.DefaultWeights()
	m.Interest, m.Complement, m.Project, m.Sector, m.SameOrg = w.Interest, w.Complement, w.Project, w.Sector, w.SameOrg
	for _, o := range []struct {
		dst *float64
		src *float64
	}{{&m.Text, w.Text}, {&m.Role, w.Role}, {&m.Target, w.Target}} {
		if o.src != nil {
			*o.dst = *o.src
		}
	}
	m.AllowColleagues = w.AllowColleagues
	return m
}

// attendee reads one attendee.
func (d *Day) attendee(id data.AttendeeID) (data.Attendee, error) {
	var a data.Attendee
	err := d.store.View(func(tx *data.Tx) (err error) { a, err = tx.Attendee(id); return })
	return a, err
}

// shown is a suggestion with what a screen shows of the person, taken
// under d.mu (the picture and the model in use); person renders it
// without the lock, so the explanations of one scan do not hold back the
// others.
type shown struct {
	sg   matcher.Suggestion
	info personInfo
	m    *matcher.Model
}

// shownOf pairs suggestions with their people; d.mu is held.
func (d *Day) shownOf(sgs []matcher.Suggestion) []shown {
	out := make([]shown, len(sgs))
	for i, sg := range sgs {
		out[i] = shown{sg: sg, info: d.pic.people[data.AttendeeID(sg.ID)], m: d.model}
	}
	return out
}

// person renders a suggestion for a screen, with its reasons in both
// languages (pages pick theirs).
func (s shown) person() Person {
	p := Person{Name: s.info.Display, Organisation: s.info.Organisation}
	if p.Name == "" {
		if prof, ok := s.m.Profile(s.sg.ID); ok {
			p.Name, p.Organisation = prof.Name, prof.Organisation
		}
	}
	p.Reasons = &Text{FR: s.sg.Explain(s.m, "fr"), EN: s.sg.Explain(s.m, "en")}
	return p
}

// suggested is person with the ID.
func (s shown) suggested() Suggested { return Suggested{ID: s.sg.ID, Person: s.person()} }

func people(list []shown) []Person {
	var out []Person
	for _, s := range list {
		out = append(out, s.person())
	}
	return out
}

func suggestions(list []shown) []Suggested {
	out := []Suggested{}
	for _, s := range list {
		out = append(out, s.suggested())
	}
	return out
}

// upsert makes a new or changed attendee known to the picture and the
// matcher, and re-scores them if present; d.mu is held.
func (d *Day) upsert(a data.Attendee) {
	d.pic.upsert(a)
	d.dir.changed()
	d.model.Upsert(d.profileOf(a))
	d.profileChanged(uint64(a.ID))
	if d.index.Present(uint64(a.ID)) {
		d.index.Arrive(uint64(a.ID))
	}
}

// stats is the admin's block; d.mu is held.
func (d *Day) stats() Stats { return Stats{Counts: d.pic.counts(), Intros: d.pic.stats} }

// conceptsOf keeps the first three concept keys of a suggestion's reasons:
// what an introduction records for the board's "topic".
func conceptsOf(sg matcher.Suggestion) []string {
	var keys []string
	for _, r := range sg.Reasons {
		if r.Kind == matcher.ReasonSession {
			continue // session keys, not concepts: no topic for the board
		}
		keys = append(keys, r.Concepts...)
	}
	if len(keys) > 3 {
		keys = keys[:3]
	}
	return keys
}

// silent is the Publisher of a Day without screens.
type silent struct{}

func (silent) Epoch() string                                 { return "" }
func (silent) Seq(string) uint64                             { return 0 }
func (silent) Publish(string, string, any) uint64            { return 0 }
func (silent) PublishFunc(string, string, func() any) uint64 { return 0 }
func (silent) PublishBatch([]hub.Message)                    {}
func (silent) Drop(string)                                   {}
func (silent) ForgetReplay(string)                           {}
