package live

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"icebreaker/data"
	"icebreaker/internal/textfold"
	"icebreaker/matcher"
)

// The directory ("qui est qui, qui fait quoi"): everyone who consented to
// it (data.Attendee.DirectoryConsent), only the people inside or everyone
// registered as the organiser chooses (data.Settings.Directory), with
// their project sheet (sector, description, milestones reached, goals).
// A search is read twice: as words, found in names, organisations, titles
// and sheets; and as concepts of the event's vocabulary (Vocabulary.Concepts,
// in French or English), compared with what the matcher read in each
// profile (Model.Understood, corrections included), so that « levée de
// fonds » finds those who offer fundraising whatever words they used. A
// concept also finds its narrower ones (fundraising finds business angels).

// DirectoryEntry is one person as the directory lists them, with why
// they match the search (none for an empty search).
type DirectoryEntry struct {
	Who
	Title       string   `json:"title,omitempty"`
	Sector      string   `json:"sector,omitempty"`
	Description string   `json:"description,omitempty"`
	Milestones  []string `json:"milestones,omitempty"`
	Goals       []string `json:"goals,omitempty"`
	Offers      []Text   `json:"offers,omitempty"` // the concepts read in their offers
	// Confirmed are their offers that peers they met confirmed, with how
	// many (confirm.go): counts only, never who.
	Confirmed []ConfirmedOffer `json:"confirmed,omitempty"`
	Present   bool             `json:"present"`
	Why       []Text           `json:"why,omitempty"`
	score     int
	sortName  string // the name folded, for the order
}

// DirectoryResult is one search of the directory: at most MaxDirectory
// entries, best first, out of Total matching.
type DirectoryResult struct {
	Query    string           `json:"query"`
	Scope    string           `json:"scope"` // data.DirectoryPresent or data.DirectoryRegistered
	Entries  []DirectoryEntry `json:"entries"`
	Total    int              `json:"total"`
	Concepts []Text           `json:"concepts,omitempty"` // what the search was read as
}

// MaxDirectory is how many entries a search returns.
const MaxDirectory = 100

// MaxQuery bounds a search, in bytes.
const MaxQuery = 200

// How much each kind of match weighs in the directory's order: a name
// typed finds that person first; then the people who offer what was
// asked for.
const (
	scoreName      = 50
	scoreOrg       = 40
	scoreOffers    = 30
	scoreTitle     = 20
	scoreSector    = 15
	scoreNeeds     = 10
	scoreInterests = 10
	scoreWords     = 5
)

// Directory searches the directory (see above); an empty query lists
// everyone in it, by name.
func (d *Day) Directory(query string) (DirectoryResult, error) {
	query = strings.TrimSpace(query)
	if len(query) > MaxQuery {
		query = query[:MaxQuery]
		for !utf8.ValidString(query) {
			query = query[:len(query)-1]
		}
	}
	listed, err := d.dir.people(d)
	res := DirectoryResult{Query: query, Scope: listed.scope, Entries: []DirectoryEntry{}}
	if err != nil {
		return res, err
	}
	d.mu.Lock()
	inside := make(map[data.AttendeeID]bool, len(listed.people))
	confirmed := map[data.AttendeeID][]ConfirmedOffer{}
	for _, p := range listed.people {
		inside[p.entry.ID] = d.pic.inside[p.entry.ID]
		if c := d.confirmedOf(p.entry.ID); c != nil {
			confirmed[p.entry.ID] = c
		}
	}
	d.mu.Unlock()
	m, v := listed.model, listed.vocab
	concepts := v.Concepts(query)
	if len(concepts) == 0 && len([]rune(query)) >= 3 {
		concepts = v.Complete(query, "fr", 3) // a concept being typed: « levée de f »
	}
	for _, k := range concepts {
		res.Concepts = append(res.Concepts, label(m, k))
	}
	words := searchWords(query)
	for i := range listed.people {
		p := &listed.people[i]
		if res.Scope == data.DirectoryPresent && !inside[p.entry.ID] {
			continue
		}
		e := p.entry
		e.Present, e.Confirmed = inside[e.ID], confirmed[e.ID]
		if query != "" {
			e.Why, e.score = p.why(m, concepts, words)
			if e.score == 0 {
				continue
			}
		}
		res.Entries = append(res.Entries, e)
	}
	slices.SortFunc(res.Entries, func(x, y DirectoryEntry) int {
		return cmp.Or(y.score-x.score, cmp.Compare(x.sortName, y.sortName), cmp.Compare(x.ID, y.ID))
	})
	res.Total = len(res.Entries)
	res.Entries = res.Entries[:min(len(res.Entries), MaxDirectory)]
	return res, nil
}

// directoryCache holds the people who consented to the directory, read
// once and prepared for searches (their entry, folded words, what the
// matcher read in their profile), until an attendee changes (Day.upsert,
// Day.forget call changed), the model is rebuilt (MapPhrase, Reweigh) or
// the scope changes. Its lock is taken before Day.mu, never with it held;
// searches share the prepared list, which is never modified.
type directoryCache struct {
	gen    atomic.Uint64 // moved by changed
	mu     sync.Mutex
	cached *listedPeople
}

// listedPeople is one preparation of the directory.
type listedPeople struct {
	gen    uint64
	model  *matcher.Model
	vocab  *matcher.Vocabulary
	scope  string
	people []listedPerson
}

// listedPerson is one person of the directory, prepared for searches.
type listedPerson struct {
	entry          DirectoryEntry // Present and Why are per search
	name, org, all []string       // folded words: name, organisation, profile and sheet
	concepts       map[matcher.Field][]string
	broader        map[string][]string // each concept's broader ones: a search for those finds it
}

// changed marks the cache stale.
func (c *directoryCache) changed() { c.gen.Add(1) }

// people returns the prepared directory, preparing it again when stale.
func (c *directoryCache) people(d *Day) (*listedPeople, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	gen := c.gen.Load() // read before the store: a change during the read leaves the result stale
	d.mu.Lock()
	m, v := d.model, d.opts.Vocabulary
	d.mu.Unlock()
	if l := c.cached; l != nil && l.gen == gen && l.model == m {
		return l, nil
	}
	l := &listedPeople{gen: gen, model: m, vocab: v}
	err := d.store.View(func(tx *data.Tx) error {
		set, err := tx.Settings()
		if err != nil {
			return err
		}
		l.scope = set.DirectoryScope()
		return tx.ForEachAttendee(func(a data.Attendee) error {
			if a.DirectoryConsent {
				l.people = append(l.people, prepare(a, m, v))
			}
			return nil
		})
	})
	if err != nil {
		return l, err
	}
	c.cached = l
	return l, nil
}

// prepare is a's entry and what searches compare with it.
func prepare(a data.Attendee, m *matcher.Model, v *matcher.Vocabulary) listedPerson {
	p := listedPerson{entry: DirectoryEntry{Who: Who{ID: a.ID, Name: a.FullName(), Organisation: a.Organisation}, Title: a.Title,
		Sector: a.Project.Sector, Description: a.Project.Description, Milestones: a.Project.Milestones, Goals: a.Project.Goals,
		sortName: data.FoldName(a.FullName())},
		name: searchWords(a.FullName()), org: searchWords(a.Organisation), concepts: map[matcher.Field][]string{}, broader: map[string][]string{}}
	for _, u := range m.Understood(uint64(a.ID)) {
		p.concepts[u.Field] = append(p.concepts[u.Field], u.Key)
		if u.Field == matcher.FieldOffers {
			p.entry.Offers = append(p.entry.Offers, label(m, u.Key))
		}
	}
	p.concepts["sector"] = v.Concepts(a.Project.Sector)
	for _, keys := range p.concepts {
		for _, k := range keys {
			if _, ok := p.broader[k]; !ok {
				p.broader[k] = v.Broader(k)
			}
		}
	}
	texts := append([]string{a.Title, a.Project.Sector, a.Project.Name, a.Project.Description}, a.Project.Milestones...)
	texts = append(append(append(append(texts, a.Project.Goals...), a.Offers...), a.Needs...), a.Interests...)
	p.all = searchWords(strings.Join(texts, " "))
	return p
}

func label(m *matcher.Model, key string) Text {
	return Text{FR: m.Label(key, "fr"), EN: m.Label(key, "en")}
}

// why says how p matches a search, and how well (0: it does not).
func (p *listedPerson) why(m *matcher.Model, concepts, words []string) ([]Text, int) {
	var out []Text
	score := 0
	hit := func(s int, t Text) {
		score += s
		out = append(out, t)
	}
	if len(words) > 0 {
		switch {
		case hasAll(p.name, words):
			hit(scoreName, Text{"nom", "name"})
		case hasAll(p.org, words):
			hit(scoreOrg, Text{"organisation", "organisation"})
		}
	}
	for _, f := range []struct {
		field  matcher.Field
		score  int
		fr, en string
	}{
		{matcher.FieldOffers, scoreOffers, "propose : ", "offers: "},
		{matcher.FieldTitle, scoreTitle, "fonction : ", "role: "},
		{"sector", scoreSector, "secteur : ", "sector: "},
		{matcher.FieldNeeds, scoreNeeds, "cherche : ", "looking for: "},
		{matcher.FieldInterests, scoreInterests, "s'intéresse à : ", "interested in: "},
	} {
		var fr, en []string
		for _, k := range p.concepts[f.field] {
			if slices.ContainsFunc(concepts, func(c string) bool { return c == k || slices.Contains(p.broader[k], c) }) {
				fr, en = append(fr, m.Label(k, "fr")), append(en, m.Label(k, "en"))
			}
		}
		if len(fr) > 0 {
			hit(f.score, Text{f.fr + strings.Join(fr, ", "), f.en + strings.Join(en, ", ")})
		}
	}
	if score == 0 && len(words) > 0 && hasAll(p.all, words) {
		hit(scoreWords, Text{"fiche projet", "project sheet"})
	}
	return out, score
}

// searchWords are the folded words of a text.
func searchWords(q string) []string {
	return strings.FieldsFunc(textfold.Fold(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// hasAll reports whether every word starts one of have (folded words):
// « kar » finds Karim, « ben » Benali.
func hasAll(have, words []string) bool {
	for _, w := range words {
		if !slices.ContainsFunc(have, func(h string) bool { return strings.HasPrefix(h, w) }) {
			return false
		}
	}
	return true
}

// Sheet is what a person edits of their directory entry on their phone:
// the consent, and the project sheet.
type Sheet struct {
	Directory   bool     `json:"directory"`
	Sector      string   `json:"sector"`
	Description string   `json:"description"`
	Milestones  []string `json:"milestones"`
	Goals       []string `json:"goals"`
}

// Bounds of a sheet.
const (
	MaxSectorRunes      = 80
	MaxDescriptionRunes = 600
	MaxSheetItems       = 8
	MaxItemRunes        = 120
)

// SheetOf is a's sheet as stored.
func SheetOf(a data.Attendee) Sheet {
	return Sheet{Directory: a.DirectoryConsent, Sector: a.Project.Sector, Description: a.Project.Description,
		Milestones: a.Project.Milestones, Goals: a.Project.Goals}
}

// SaveSheet records a person's directory consent and project sheet,
// trimmed (empty items dropped), and applies it at once: the matcher
// re-reads the sector and the description, the directory lists (or stops
// listing) them, and their phone reloads. A sheet over its bounds is
// refused (RequestError) and nothing is written; one that changes nothing
// writes nothing.
func (d *Day) SaveSheet(id data.AttendeeID, s Sheet) (data.Attendee, error) {
	s.Sector = strings.Join(strings.Fields(s.Sector), " ")
	s.Description = strings.TrimSpace(s.Description)
	s.Milestones, s.Goals = items(s.Milestones), items(s.Goals)
	switch {
	case utf8.RuneCountInString(s.Sector) > MaxSectorRunes:
		return data.Attendee{}, refuse("Le secteur fait plus de %d caractères.", "The sector is over %d characters.", MaxSectorRunes)
	case utf8.RuneCountInString(s.Description) > MaxDescriptionRunes:
		return data.Attendee{}, refuse("La description fait plus de %d caractères : raccourcissez-la.", "The description is over %d characters: shorten it.", MaxDescriptionRunes)
	case len(s.Milestones) > MaxSheetItems || len(s.Goals) > MaxSheetItems:
		return data.Attendee{}, refuse("%d jalons et %d objectifs au plus, un par ligne.", "%d milestones and %d goals at most, one per line.", MaxSheetItems, MaxSheetItems)
	}
	for _, it := range append(slices.Clone(s.Milestones), s.Goals...) {
		if utf8.RuneCountInString(it) > MaxItemRunes {
			return data.Attendee{}, refuse("« %s… » fait plus de %d caractères : une ligne par jalon ou objectif.",
				"“%s…” is over %d characters: one line per milestone or goal.", string([]rune(it)[:20]), MaxItemRunes)
		}
	}
	a, err := d.edit(id, func(a *data.Attendee) error {
		before := SheetOf(*a)
		a.DirectoryConsent, a.Project.Sector, a.Project.Description = s.Directory, s.Sector, s.Description
		a.Project.Milestones, a.Project.Goals = s.Milestones, s.Goals
		if sameSheet(before, SheetOf(*a)) {
			return errUnchanged
		}
		return nil
	})
	if errors.Is(err, errUnchanged) {
		return a, nil
	}
	if err == nil {
		d.pub.Publish(PhoneTopic(id), KindRefresh, nil)
	}
	return a, err
}

// items trims a list and drops its empty items (nil when none is left).
func items(list []string) []string {
	var out []string
	for _, it := range list {
		if it = strings.Join(strings.Fields(it), " "); it != "" {
			out = append(out, it)
		}
	}
	return out
}

func sameSheet(a, b Sheet) bool {
	return a.Directory == b.Directory && a.Sector == b.Sector && a.Description == b.Description &&
		slices.Equal(a.Milestones, b.Milestones) && slices.Equal(a.Goals, b.Goals)
}

// SetDirectoryScope records who the directory lists: data.DirectoryPresent
// or data.DirectoryRegistered (anything else is refused).
func (d *Day) SetDirectoryScope(scope string) error {
	if scope != data.DirectoryPresent && scope != data.DirectoryRegistered {
		return refuse("Choix inconnu %q : present ou registered.", "Unknown choice %q: present or registered.", scope)
	}
	err := d.store.Update(func(tx *data.Tx) error {
		set, err := tx.Settings()
		if err != nil {
			return err
		}
		set.Directory = scope
		return tx.PutSettings(set)
	})
	d.dir.changed()
	return err
}
