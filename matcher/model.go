package matcher

import (
	"math"
	"sync"
)

// Profile is the matcher's own view of one attendee (plain strings; the
// caller converts from its domain type).
type Profile struct {
	ID           uint64
	Name         string   // display name, used in explanations ("Karim")
	Organisation string   // same organisation (normalised) means colleagues
	Email        string   // only its domain is read: same non-webmail domain means colleagues
	Title        string   // job title or role ("CTO", "business angel", "fondatrice")
	Sector       string   // free text or a vocabulary concept
	Offers       []string // what they can help with
	Needs        []string // what they are looking for
	Interests    []string
	Project      string // free text, FR or EN
	Host         bool   // can host a group
	Consent      bool   // matchmaking consent: false => never suggested to anyone, and gets no suggestions
	// Corrections are what the person told the matcher about how it read
	// them ("what we understood" on the phone), applied in order.
	Corrections []Correction
	// Endorsed counts, per item of Offers (as written), the distinct peers
	// who confirmed this person helped them with it; the item's terms then
	// weigh more (endorsed.go). Nil or empty changes nothing.
	Endorsed map[string]int
	// Sessions are the sessions of the day the person attended (a
	// workshop, a talk: session.go). Two people who attended the same
	// one get a small score (Weights.Session) and a reason saying so.
	Sessions []Session
}

// Field names a list field of a profile.
type Field string

// The fields a person can correct.
const (
	FieldOffers    Field = "offers"
	FieldNeeds     Field = "needs"
	FieldInterests Field = "interests"
)

// Correction adds a vocabulary concept to one field of a profile, or
// removes one the matcher read there (Remove).
type Correction struct {
	Field  Field  `json:"field"`
	Key    string `json:"key"`
	Remove bool   `json:"remove,omitempty"`
}

// Weights are the per-event weights of the score components. Each component
// is a similarity in [0, 1] except Complement, which adds both directions
// (a's needs met by b's offers, and b's needs met by a's offers).
type Weights struct {
	Interest   float64 // shared interests (cosine of TF-IDF vectors)
	Complement float64 // per direction: needs met by offers (concepts)
	Project    float64 // project text similarity
	Sector     float64 // same sector
	// SameOrg is the penalty (subtracted) for colleagues when the event
	// allows them (AllowColleagues); otherwise colleagues are left out.
	SameOrg float64
	// Text weighs the text channel, per direction: the words of needs and
	// offers that no concept covers, compared as TF-IDF vectors.
	Text float64
	// Role scales, relative to Complement, a need met by what someone's
	// title says they do ("business angel" for "lever des fonds").
	Role float64
	// Target weighs, per direction, a need that names whom the person
	// wants to meet ("startups sport & santé") against what the other's
	// sector and project are about (targets.go).
	Target float64
	// AllowColleagues lets colleagues (same organisation or company
	// e-mail domain, see colleagues.go) be suggested to each other, with
	// the SameOrg penalty. By default they never are.
	AllowColleagues bool
	// Session is what each session both people attended adds ("you were
	// both at the 2 pm Python workshop"): a small signal, below a single
	// need met by an offer.
	Session float64

	helpOnly bool // query only what the other can do for the receiver (answer.go's help pass)
}

// DefaultWeights make one need met by an offer outrank a handful of shared
// interests: a single matching concept between a need list and an offer list
// of three items each scores about 1/3 × 1.0, while sharing all of three
// interests scores 0.3. The text channel and the title weigh less than a
// concept match: they are weaker evidence. The values were tuned on the
// tuning half of the evaluation events (eval_test.go), never on the
// held-out half. Session weighs shared attendance like a shared sector:
// profiles without sessions score exactly as before it existed.
func DefaultWeights() Weights {
	return Weights{Interest: 0.15, Complement: 1.0, Project: 0.25, Sector: 0.1, SameOrg: 0.5, Text: 0.5, Role: 0.3, Target: 0.5, Session: 0.1}
}

// Options configure a Model.
type Options struct {
	Weights    Weights     // zero value means DefaultWeights
	Vocabulary *Vocabulary // nil means DefaultVocabulary
}

// person is a profile with its features and weighted vectors.
type person struct {
	p                                 Profile
	f                                 features
	interests, offers, needs, project sparse // concepts with their broader neighbours (weigh)
	offerWords, needWords             sparse // text channel
	roles                             sparse // title concepts not already offered
	targets, identity                 sparse // whom they want to meet; what they are about (targets.go)
}

// Model holds the vectors of all profiles of one event: exact sparse TF-IDF
// vectors (for scores and reasons) and, row by row in a gonum matrix, a
// fixed-width sketch of them (feature hashing, see sketch.go) so that one
// person is scored against everyone with one matrix-vector product.
//
// IDF weights are computed over the profiles given to NewModel; Upsert
// updates document frequencies but only re-weighs the profile it touches
// (re-weighing everyone on each walk-in would change every score under the
// readers' feet). Build a new Model to re-weigh everything.
//
// A Model is safe for concurrent use.
type Model struct {
	mu       sync.RWMutex
	writers  sync.Mutex // serialises Upsert, so that growRows copies under the read lock only
	vocab    *Vocabulary
	w        Weights
	pos      map[uint64]int
	people   []*person
	rows     []float64 // len(people) × layout.width, row i is people[i]'s target sketch
	df       [numBlocks]map[string]int
	display  map[string]string // unknown-tag key → text as first written
	layout   sketchLayout
	postings map[string][]posting // tail slot → people holding it
	keys     keyTable             // the ids of the vectors' keys, frozen at NewModel (sparse.go)
}

// Blocks of df.
const (
	blockInterests = iota
	blockOffers
	blockNeeds
	blockProject
	blockOfferWords
	blockNeedWords
	blockRoles
	blockTargets
	blockIdentity
	numBlocks
)

// NewModel builds the model of an event. Profiles with the same ID: the last
// one wins.
func NewModel(profiles []Profile, opts Options) *Model {
	m := &Model{
		vocab:    opts.Vocabulary,
		w:        opts.Weights,
		pos:      map[uint64]int{},
		display:  map[string]string{},
		postings: map[string][]posting{},
	}
	if m.vocab == nil {
		m.vocab = DefaultVocabulary()
	}
	if m.w == (Weights{}) {
		m.w = DefaultWeights()
	}
	for i := range m.df {
		m.df[i] = map[string]int{}
	}
	for _, p := range profiles {
		pp := &person{p: p, f: m.vocab.extract(p, m.remember)}
		if i, ok := m.pos[p.ID]; ok {
			m.countDF(m.people[i].f, -1)
			m.people[i] = pp
		} else {
			m.pos[p.ID] = len(m.people)
			m.people = append(m.people, pp)
		}
		m.countDF(pp.f, +1)
	}
	// Vectors first: the layout gives own columns to the slots that the
	// weighed vectors hold most often (slotDF reads them).
	for _, pp := range m.people {
		m.weigh(pp)
	}
	m.keys = newKeyTable(m.vocab, m.people)
	for _, pp := range m.people {
		m.keys.intern(pp)
	}
	m.layout = newLayout(slotDF(m.people), len(m.people))
	d := m.layout.width
	m.rows = make([]float64, len(m.people)*d, (len(m.people)+16)*d)
	for i, pp := range m.people {
		m.place(pp, i, m.rows[i*d:(i+1)*d], false)
	}
	return m
}

func (m *Model) remember(key, text string) {
	if _, ok := m.display[key]; !ok {
		m.display[key] = text
	}
}

func (f *features) blocks() [numBlocks]bag {
	return [numBlocks]bag{f.interests, f.offers, f.needs, f.project, f.offerWords, f.needWords, f.roles, f.targets, f.identity}
}

func (m *Model) countDF(f features, delta int) {
	for i, b := range f.blocks() {
		for k := range b {
			m.df[i][k] += delta
			if m.df[i][k] <= 0 {
				delete(m.df[i], k)
			}
		}
	}
}

func (m *Model) idf(block int) func(string) float64 {
	n := float64(len(m.people))
	return func(k string) float64 {
		return math.Log((1+n)/(1+float64(m.df[block][k]))) + 1
	}
}

// weigh sets pp's vectors, interned in m.keys (none while NewModel has
// not built it yet). m.mu must be held for writing.
//
// Concept vectors are then widened with their broader concepts
// (Vocabulary.widen), so that neighbours meet at a lower score. Title
// concepts that the person also offers are left out of roles: the offer
// already counts them.
func (m *Model) weigh(pp *person) {
	v := m.vocab
	pp.interests = v.widen(pp.f.interests.weigh(m.idf(blockInterests)))
	pp.offers = v.widen(boosted(pp.f.offers.weigh(m.idf(blockOffers)), pp.f.boost))
	pp.needs = v.widen(pp.f.needs.weigh(m.idf(blockNeeds)))
	pp.project = v.widen(pp.f.project.weigh(m.idf(blockProject)))
	pp.offerWords = boosted(pp.f.offerWords.weigh(m.idf(blockOfferWords)), pp.f.boost)
	pp.needWords = pp.f.needWords.weigh(m.idf(blockNeedWords))
	roles := bag{}
	for k, x := range pp.f.roles {
		if _, offered := pp.f.offers[k]; !offered {
			roles[k] = x
		}
	}
	pp.roles = v.widen(roles.weigh(m.idf(blockRoles)))
	pp.targets = pp.f.targets.weigh(m.idf(blockTargets))
	pp.identity = v.widen(pp.f.identity.weigh(m.idf(blockIdentity)))
	m.keys.intern(pp)
}

// Upsert adds or replaces one profile (walk-in, profile edit). It is safe
// with concurrent readers. A live Index keeps the sketch it took at Arrive:
// call Index.Arrive again for a present person whose profile changed.
func (m *Model) Upsert(p Profile) {
	m.writers.Lock()
	defer m.writers.Unlock()
	m.growRows(1)
	m.mu.Lock()
	defer m.mu.Unlock()
	pp := &person{p: p, f: m.vocab.extract(p, m.remember)}
	i, ok := m.pos[p.ID]
	if ok {
		m.countDF(m.people[i].f, -1)
		m.unplace(m.people[i])
		m.people[i] = pp
	} else {
		i = len(m.people)
		m.pos[p.ID] = i
		m.people = append(m.people, pp)
		m.rows = append(m.rows, make([]float64, m.layout.width)...)
	}
	m.countDF(pp.f, +1)
	m.weigh(pp)
	d := m.layout.width
	row := m.rows[i*d : (i+1)*d]
	clear(row)
	m.place(pp, i, row, true)
}

// Reserve makes room for n more people, so that their Upserts copy no
// rows: an import taking 100,000 people in calls it first, outside the
// locks its Upserts run under (the matrix grows by a quarter at a time,
// a copy of up to 250 MB each, which held the door's scans for up to 2 s
// on a loaded machine when it came in the middle of the import).
func (m *Model) Reserve(n int) {
	m.writers.Lock()
	defer m.writers.Unlock()
	m.growRows(n)
}

// growRows makes room for n more rows before Upsert takes the write
// lock. At 100,000 people the matrix is 100–250 MB; growing it inside the
// write lock made every reader (a scan's Index.Arrive among them) wait for
// the copy. Here the copy runs under the read lock, beside readers, and
// only the swap takes the write lock; m.writers keeps any other writer out
// in between, so no row changes during the copy. m.writers must be held.
func (m *Model) growRows(n int) {
	m.mu.RLock()
	need := len(m.rows) + n*m.layout.width
	if need <= cap(m.rows) {
		m.mu.RUnlock()
		return
	}
	bigger := make([]float64, len(m.rows), need+need/4)
	copy(bigger, m.rows)
	m.mu.RUnlock()
	m.mu.Lock()
	m.rows = bigger
	m.mu.Unlock()
}

// Profile returns the profile registered under id.
func (m *Model) Profile(id uint64) (Profile, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	pp := m.get(id)
	if pp == nil {
		return Profile{}, false
	}
	return pp.p, true
}

// Len is the number of registered profiles.
func (m *Model) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.people)
}

// IDs returns the registered ids in registration order.
func (m *Model) IDs() []uint64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return mapped(m.people, func(pp *person) uint64 { return pp.p.ID })
}

// Weights returns the weights in use.
func (m *Model) Weights() Weights { return m.w }

// row returns the row of id in m.rows. m.mu must be held.
func (m *Model) row(id uint64) (int, bool) {
	i, ok := m.pos[id]
	return i, ok
}

// get must be called with m.mu held.
func (m *Model) get(id uint64) *person {
	if i, ok := m.pos[id]; ok {
		return m.people[i]
	}
	return nil
}

// Label returns the display label of a concept key in lang ("fr" or "en"):
// the vocabulary label, or an unknown tag as it was first written.
func (m *Model) Label(key, lang string) string {
	if l, ok := m.vocab.Label(key, lang); ok {
		return l
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if t, ok := m.display[key]; ok {
		return t
	}
	for _, p := range []string{tagPrefix, wordPrefix} {
		if len(key) > len(p) && key[:len(p)] == p {
			return key[len(p):]
		}
	}
	return key
}
