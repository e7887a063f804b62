package matcher

import (
	"slices"
	"strings"
)

// Prefixes of feature keys that are not vocabulary concepts.
const (
	tagPrefix  = "tag:" // a short tag outside the vocabulary, by its phraseKey
	wordPrefix = "w:"   // a word that no concept covers (text channel)
)

// features is the raw (unweighted) view of one profile.
//
// Each list item is read as text (readWords) and split into parts at the
// separators people use inside one form field (" / ", ";", "•", new lines).
// The concepts a part names go into the field's bag. A short part (up to
// maxTagWords content words) that names none becomes a "tag:" key, so that
// two people who typed the same unknown tag still meet. The content words
// that no concept covers go into the field's word bag, the text channel,
// compared needs ↔ offers like the concepts, so that what no concept covers
// still counts.
type features struct {
	interests, offers, needs, project bag
	offerWords, needWords             bag
	roles                             bag // concepts named by the job title ("business angel", "CTO")
	// targets are the concepts of needs that name whom the person wants
	// to meet ("startups sport & santé", see targets.go); identity is what
	// their sector and project are about, which others' targets meet.
	targets, identity bag
	sector            string // concept or tag key
	orgs              []string
	// shown is how this person wrote each key they hold (the words of
	// their text that named it), for reasons that quote people.
	shown map[string]string
	// uncovered are the parts of needs, offers and interests in which no
	// concept was found, as written (for the admin's "phrases no concept
	// covers").
	uncovered []uncoveredPart
	added     map[string]bool // concepts added by a correction ("field\x00key")
	// boost multiplies the offer terms that peers confirmed (endorsed.go).
	boost map[string]float64
	// loose holds, by looseKey(bag, concept), the concepts that a bag
	// holds only through loose aliases ("~bois"): they score, but no reason
	// names them (sureOnly in score.go).
	loose map[looseKey]bool
	// looseShown is how the person wrote each loose concept: a reason
	// that cannot name the concept quotes these words.
	looseShown map[looseKey]string
	// offerScope and needScope are the scope groups of the offered and
	// sought concepts that have one (scope.go); nil for most people.
	offerScope, needScope scopes
}

// uncoveredPart is a part of a list field that names no concept.
type uncoveredPart struct {
	field Field
	text  string
}

// maxTagWords is the longest part, in content words, that is kept whole as
// an unknown tag; a longer one is a sentence, read by the text channel.
const maxTagWords = 4

// splitParts cuts one form field item at the separators people type inside
// a field: "ia / climat / vélo", "SEO; ads", bullet lists, new lines. A
// slash between two words of three letters or more separates them
// ("IA/climat"); one beside a short token is part of the text ("2 j/semaine",
// "B2B/B2C" stays cut: both sides are words, "km/h" is not).
func splitParts(item string) []string {
	var parts []string
	start := 0
	cut := func(at, width int) {
		parts = append(parts, item[start:at])
		start = at + width
	}
	for i, r := range item {
		switch r {
		case ';', '|', '•', '·', '\n', '\r', '\t', '●', '▪', '–', '—':
			cut(i, len(string(r)))
		case '/':
			if slashSeparates(item[start:i], item[i+1:]) {
				cut(i, 1)
			}
		}
	}
	parts = append(parts, item[start:])
	out := parts[:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// slashSeparates reports whether a slash between before and after separates
// two items: it has a space beside it, or the words on both sides are three
// letters or more.
func slashSeparates(before, after string) bool {
	if strings.HasSuffix(before, " ") || strings.HasPrefix(after, " ") {
		return true
	}
	left, right := readWords(before), readWords(after)
	if len(left) == 0 || len(right) == 0 {
		return false
	}
	l, r := left[len(left)-1], right[0]
	return l.end == len(before) && r.start == 0 && l.end-l.start >= 3 && r.end-r.start >= 3
}

// reader extracts the features of one profile with a vocabulary; display
// records the first spelling of unknown tags for Model.Label.
type reader struct {
	v       *Vocabulary
	display func(key, text string)
	f       features
	// offerScopes and needScopes gather the scopes of what the parts of
	// offers and needs name (scope.go).
	offerScopes, needScopes scopeReading
	// sectorFields are the broad fields of the person's sector, the scope
	// of a need that names none.
	sectorFields []string
	// seenLoose and seenSure are, by looseKey, the concepts each bag got
	// from a loose alias and from a sure one; loose is the first minus the
	// second (finishLoose).
	seenLoose map[looseKey]bool
	seenSure  []looseKey
}

// The bags whose concepts can be loose, as named in looseKey.
const (
	looseOffers   = "offers"
	looseNeeds    = "needs"
	looseTargets  = "targets"
	looseProject  = "project"
	looseIdentity = "identity"
)

// looseKey is a concept in one bag (a struct, so that noting one
// allocates nothing on the arrival path).
type looseKey struct{ bag, key string }

// note records how a bag got a concept: by a loose alias (written text)
// or a sure one.
func (r *reader) note(bag, key string, loose bool, text string) {
	k := looseKey{bag, key}
	if !loose {
		r.seenSure = append(r.seenSure, k)
		return
	}
	if r.seenLoose == nil {
		r.seenLoose, r.f.looseShown = map[looseKey]bool{}, map[looseKey]string{}
	}
	if _, ok := r.f.looseShown[k]; !ok {
		r.f.looseShown[k] = strings.TrimSpace(text)
	}
	r.seenLoose[k] = true
}

// finishLoose keeps, of the concepts seen through loose aliases, those no
// sure alias of the same bag named too.
func (r *reader) finishLoose() {
	for k := range r.seenLoose {
		if !slices.Contains(r.seenSure, k) {
			if r.f.loose == nil {
				r.f.loose = map[looseKey]bool{}
			}
			r.f.loose[k] = true
		}
	}
}

// shownIn is how the person wrote key in bag: the loose words, or else
// the first spelling of the key anywhere (shown).
func (f *features) shownIn(bag, key string) string {
	if w := f.looseShown[looseKey{bag, key}]; w != "" {
		return w
	}
	return f.shown[key]
}

// isLoose reports whether bag holds key only through loose aliases.
func (f *features) isLoose(bag, key string) bool { return f.loose[looseKey{bag, key}] }

func (r *reader) show(key, text string) {
	if _, ok := r.f.shown[key]; !ok {
		r.f.shown[key] = strings.TrimSpace(text)
	}
}

// list reads the items of one list field into concepts (and tags), and
// into words when words is not nil.
func (r *reader) list(field Field, items []string, concepts, words bag) {
	for _, item := range items {
		for _, part := range splitParts(item) {
			if !r.part(field, part, concepts, words) && field != "" {
				r.f.uncovered = append(r.f.uncovered, uncoveredPart{field, strings.TrimSpace(part)})
			}
		}
	}
}

// part reads one part of a field and reports whether it named a concept
// (a blocker phrase counts as understood: it says what it is not).
func (r *reader) part(field Field, part string, concepts, words bag) bool {
	ws := readWords(part)
	if len(ws) == 0 {
		return true
	}
	target := field == FieldNeeds && targetHead(ws, part)
	bagName := string(field)
	if target {
		concepts, words = r.f.targets, nil // whom they want to meet, not a skill they need
		bagName = looseTargets
	}
	var place func(int) jobPlace
	seeker := false
	if field == FieldNeeds && !target {
		if place, seeker = jobSearch(ws, part); seeker {
			words = nil // a job search, not a skill sought (targets.go)
		}
	}
	whole := strings.Join(keysOf(ws), " ")
	if key, ok := r.v.whole[whole]; ok {
		concepts[key] = 1 // a word that names the concept only when typed alone
		r.show(key, part)
		r.noteScope(field, target, []string{key}, nil)
		return true
	}
	if key, ok := r.v.aliases[whole]; ok && key == "" {
		return true // the whole part is a blocker phrase
	}
	found, rest := r.v.scan(ws)
	candidate := field == FieldOffers && candidateOffer(ws)
	// What the need works on is dropped when it seeks something else
	// (possessed.go); most parts have none, and no allocation is made.
	dropOwned := false
	if field == FieldNeeds && !target {
		owned := 0
		for _, m := range found {
			if ownedObject(ws, m.from, m.to) {
				owned++
			}
		}
		dropOwned = owned > 0 && owned < len(found)
	}
	var named, fields []string // what this part offers or seeks, and its scope
	for _, m := range found {
		if dropOwned && ownedObject(ws, m.from, m.to) {
			continue // « notre appli » in « mettre notre appli en conformité RGPD »
		}
		if placeOf(ws, m) {
			continue // « près de la VUB » is where, not what
		}
		if (field == FieldOffers || field == FieldNeeds) && audience[m.key] && forSomeone(ws, m.from) {
			continue // "I write posts for founders" offers no entrepreneurship
		}
		if field == FieldNeeds && !target && notSought(part, ws, m.from, m.to, seeker) {
			continue // « on a déjà un CTO » states what they have (possessed.go)
		}
		if m.key == "startup" && (field == FieldOffers || field == FieldNeeds) && !target {
			continue // nobody offers or needs "startups": they are whom something is for (targets.go)
		}
		if m.key == "suppliers" && field == FieldOffers {
			continue // « référencement fournisseurs »: a buyer's offer names suppliers, supplies none
		}
		if target && m.from > 0 && ws[m.from-1].key == "a" && infinitive(ws[m.from].key) {
			continue // « des projets à financer » need funding: funders are not whom they seek
		}
		if target && audience[m.key] {
			continue // "startups sport": the sport is the subject, startups the audience
		}
		if m.key == "freelance" && field == FieldNeeds && m.from > 0 && customerNouns[ws[m.from-1].key] {
			continue // « des clients freelances »: whom they sell to, not help with freelancing
		}
		into, intoName, key := concepts, bagName, m.key
		if seeker && key == "employment-contracts" {
			key = "jobs-hiring" // "un premier CDI" seeks a job, not advice on contracts
		}
		if seeker && !jobConcepts[key] {
			switch place(m.from) {
			case jobSkill:
				into, intoName = r.f.offers, looseOffers // the skills a job seeker brings
			case jobEmployer:
				if audience[m.key] {
					continue
				}
				into, intoName = r.f.targets, looseTargets // the kind of employer sought
			default:
				continue
			}
		}
		// « Dispo pour un stage de 6 mois » is a candidate's: it meets a
		// recruiter but offers no internship, so it never makes a reason
		// (loose) and alone never makes a suggestion (targets.go).
		loose := m.loose && field != FieldInterests || candidate && jobConcepts[key] // an interest is a tag: « climat » is the climate
		r.note(intoName, key, loose, part[ws[m.from].start:ws[m.to-1].end])
		into[key] = 1                    // a list names a concept once, however often
		if !seeker || jobConcepts[key] { // into is the field's own bag
			if broadField[key] {
				if !(field == FieldOffers && m.from > 0 && possessives[ws[m.from-1].key]) {
					fields = append(fields, key) // « les alternants de notre école »: where they come from, not a scope
				}
			} else {
				named = append(named, key)
			}
		}
		r.show(key, part[ws[m.from].start:ws[m.to-1].end])
	}
	r.noteScope(field, target, named, fields)
	var content []word
	for _, i := range rest {
		if !isStopWord(ws[i].key) {
			content = append(content, ws[i])
		}
	}
	if len(found) == 0 && len(content) > 0 && len(content) <= maxTagWords {
		key := tagPrefix + strings.Join(keysOf(content), " ")
		concepts[key] = 1
		r.display(key, strings.TrimSpace(part))
		r.show(key, part)
	}
	if words != nil {
		lang := detectLanguage(ws)
		for _, w := range content {
			if len(w.key) >= 3 || meaningfulShort[w.key] {
				key := wordPrefix + r.v.textKey(w.key, lang)
				words[key] = 1
				r.show(key, part[w.start:w.end])
			}
		}
	}
	return len(found) > 0 || len(content) == 0
}

// noteScope records the scope of what one part of an offer or a need
// names (scope.go); targets have none.
func (r *reader) noteScope(field Field, target bool, named, fields []string) {
	var s *scopeReading
	switch {
	case target || len(named) == 0:
		return
	case field == FieldOffers:
		s = &r.offerScopes
	case field == FieldNeeds:
		s = &r.needScopes
		if len(fields) == 0 {
			fields = r.sectorFields // « un comptable », written by a bakery, is sought in food
		}
	default:
		return
	}
	if *s == nil {
		*s = scopeReading{}
	}
	s.note(r.v, named, fields)
}

// correct applies a person's corrections: a removed concept leaves the
// field (its broader concepts then come only from what remains), an added
// one enters it. Unknown concept keys are ignored.
func (r *reader) correct(cs []Correction) {
	for _, c := range cs {
		var b bag
		switch c.Field {
		case FieldOffers:
			b = r.f.offers
		case FieldNeeds:
			b = r.f.needs
			if c.Remove {
				delete(r.f.targets, c.Key) // a need read as a target is removed the same way
			}
		case FieldInterests:
			b = r.f.interests
		default:
			continue
		}
		if c.Remove {
			delete(b, c.Key)
			delete(r.f.added, string(c.Field)+"\x00"+c.Key)
			continue
		}
		if _, ok := r.v.concepts[c.Key]; ok {
			b[c.Key] = 1
			r.note(string(c.Field), c.Key, false, "") // the person said so: sure
			if r.f.added == nil {
				r.f.added = map[string]bool{}
			}
			r.f.added[string(c.Field)+"\x00"+c.Key] = true
		}
	}
}

// text reads free text (a project) into concepts (counted double: they
// are the strongest evidence that two projects are about the same thing)
// and the content words left over.
func (r *reader) text(s string, b bag) {
	ws := readWords(s)
	lang := detectLanguage(ws)
	found, rest := r.v.scan(ws)
	for _, m := range found {
		b[m.key] += 2
		r.note(looseProject, m.key, m.loose, s[ws[m.from].start:ws[m.to-1].end])
		if !(audience[m.key] || servedKinds[m.key]) || !servesThem(ws, m.from) {
			r.f.identity[m.key] = 1 // « une appli pour les artisans » makes no one an artisan
			r.note(looseIdentity, m.key, m.loose, s[ws[m.from].start:ws[m.to-1].end])
		}
		r.show(m.key, s[ws[m.from].start:ws[m.to-1].end])
	}
	for _, i := range rest {
		if w := ws[i]; !isStopWord(w.key) && len(w.key) > 2 && !hasDigit(w.key) {
			key := wordPrefix + r.v.textKey(w.key, lang)
			b[key]++
			r.show(key, s[w.start:w.end])
		}
	}
}

// sector reads the sector field: its first concept is the sector key (or,
// naming none, the field as a tag), and, when the person described a
// project (withProject), every concept it names also says what that
// project's domain is ("Agroalimentaire" beside a project about bread
// meets "Food & drink" beside one about beer). Without a project text the
// sector stays out of the project vector: a lone sector concept would make
// a one-term vector whose cosine with every project of that sector is
// high, and everyone who only ticked "SaaS" would outrank the one real
// project twin. Same sectors still count through Weights.Sector.
func (r *reader) sector(s string, withProject bool) {
	ws := readWords(s)
	found, _ := r.v.scan(ws)
	if key, ok := r.v.whole[strings.Join(keysOf(ws), " ")]; ok && len(found) == 0 {
		found = []match{{key: key, from: 0, to: len(ws)}} // "Commerce" alone names retail
	}
	for _, m := range found {
		if withProject {
			r.f.project[m.key]++
			r.note(looseProject, m.key, false, "") // a sector field names a sector
		}
		r.f.identity[m.key] = 1
		r.note(looseIdentity, m.key, false, "")
		r.show(m.key, s)
		r.sectorFields = append(r.sectorFields, fieldsOf(r.v, m.key)...)
	}
	if len(found) > 0 {
		r.f.sector = found[0].key
		return
	}
	b := bag{}
	_ = r.part("", s, b, nil)
	for k := range b { // at most one tag
		r.f.sector = k
	}
}

func (v *Vocabulary) extract(p Profile, display func(key, text string)) features {
	r := &reader{v: v, display: display, f: features{
		interests: bag{}, offers: bag{}, needs: bag{}, project: bag{},
		offerWords: bag{}, needWords: bag{}, roles: bag{}, targets: bag{}, identity: bag{},
		shown: map[string]string{},
	}}
	if p.Sector != "" { // first: a need that names no field is in the sector's (scope.go)
		r.sector(p.Sector, strings.TrimSpace(p.Project) != "")
	}
	r.list(FieldInterests, p.Interests, r.f.interests, nil)
	r.list(FieldOffers, p.Offers, r.f.offers, r.f.offerWords)
	r.list(FieldNeeds, p.Needs, r.f.needs, r.f.needWords)
	r.correct(p.Corrections)
	r.f.offerScope, r.f.needScope = r.offerScopes.scopes(false), r.needScopes.scopes(true)
	r.text(p.Project, r.f.project)
	r.finishLoose()
	if strings.TrimSpace(p.Title) != "" && !learnerTitle(p.Title) {
		ws := readWords(p.Title)
		found, _ := v.scan(ws)
		for _, m := range found {
			if !notRoles[m.key] {
				r.f.roles[m.key] = 1
			}
		}
	}
	r.f.orgs = colleagueKeys(p.Organisation, p.Email)
	r.f.boost = v.endorsements(p)
	return r.f
}

// notRoles are concepts a job title names that say what someone is, not
// what they can help with: a "co-founder" or a "fondatrice" is not
// offering to be anyone's co-founder, a « Responsable partenariats » runs
// their own organisation's partnerships.
var notRoles = map[string]bool{"partnerships": true, "entrepreneurship": true, "cofounder": true, "startup": true, "founder": true, "freelance": true, "belgian-self-employed": true,
	"apprenticeship": true, "internships": true} // « Juriste (alternance) » is an apprentice, offering no apprenticeship

// isConcept reports whether a feature key can be shown as a concept
// (vocabulary concept or unknown tag, not a bare word).
func isConcept(key string) bool { return !strings.HasPrefix(key, wordPrefix) }

// hasDigit reports whether a word holds a digit: figures ("150", "2027",
// "48h", "000") say how much or when, not what a project is about, and
// only dilute the text channel.
func hasDigit(w string) bool {
	return strings.ContainsAny(w, "0123456789")
}

// learnerWords in a job title say that the person is learning the trade:
// an « étudiante » or a « stagiaire développeur » offers no education and
// no development as a title would ("Inès (« étudiante ») can help with
// education" was a false reason). Their offers still say what they can do.
var learnerWords = keySet(`etudiant etudiante student stagiaire intern alternant alternante apprenti apprentie
	eleve pupil trainee apprenant apprenante`)

func learnerTitle(title string) bool {
	for _, w := range readWords(title) {
		if learnerWords[w.key] {
			return true
		}
	}
	return false
}

// placeOf reports whether m is a place named after "près de",
// "à côté de", "near" in a list field (« chambres près de la VUB »:
// no higher education offered). Naming a concept after "de" that follows
// another (« nettoyage de données de ventes ») was tried as a qualifier
// rule too and cost recall on every event: not kept.
func placeOf(ws []word, m match) bool {
	for j := max(0, m.from-3); j < m.from; j++ { // « près de la gare du Midi », "near the university campus"
		place := j+1 < len(ws) && nearWords[ws[j].key] && ws[j+1].key == "de" || ws[j].key == "near"
		if place && !startsWithDigit(ws[min(j+2, len(ws)-1)].key) && (ws[j].key != "near" || !startsWithDigit(ws[j+1].key)) {
			return true // « près de 300 clients » counts, it names no place
		}
	}
	return false
}

// infinitive reports whether a French word looks like an infinitive
// (« financer », « accompagner », « recruter », « choisir »).
func infinitive(w string) bool {
	return len(w) > 4 && (strings.HasSuffix(w, "er") || strings.HasSuffix(w, "ir"))
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

var nearWords = keySet(`près pres proximite cote`)
