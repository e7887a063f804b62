package matcher

import (
	"cmp"
	"slices"
)

// ReasonKind says why two people should meet.
type ReasonKind string

const (
	ReasonOffers   ReasonKind = "offers"  // the suggested person offers what you need
	ReasonNeeds    ReasonKind = "needs"   // you offer what the suggested person needs
	ReasonRole     ReasonKind = "role"    // the suggested person's title answers your need ("business angel")
	ReasonMyRole   ReasonKind = "my_role" // your title answers the suggested person's need
	ReasonText     ReasonKind = "text"    // what they offer and what you need use the same words
	ReasonTextBack ReasonKind = "text_back"
	ReasonInterest ReasonKind = "interest" // shared interests
	ReasonProject  ReasonKind = "project"  // similar projects
	ReasonSector   ReasonKind = "sector"   // same sector
	// ReasonTarget: the suggested person is the kind of person you are
	// looking for (your need "startups sport" and their project in sport);
	// ReasonTargetBack: you are the kind they are looking for.
	ReasonTarget     ReasonKind = "target"
	ReasonTargetBack ReasonKind = "target_back"
	// ReasonProjectWords: your projects share a loose concept in other
	// words; Quote: their words, then yours.
	ReasonProjectWords ReasonKind = "project_words"
	// ReasonSession: you both attended the same session of the day;
	// Concepts are the sessions' keys (Session.Key), not concepts.
	ReasonSession ReasonKind = "session"
)

// Reason is one reason for a suggestion, as data: always a fact about the
// two profiles.
//
// Concepts are canonical keys (vocabulary concepts, "tag:…" for short tags
// outside the vocabulary, "w:…" for words of the text channel), strongest
// first; Model.Label renders them. Near, for a concept reason, is the
// other person's concepts that the Concepts are only neighbours of (a
// broader or narrower concept of the vocabulary): "Karim offers venture
// capital, close to business angels, which you are looking for". Quote is
// what the suggested person wrote that the reason rests on, when that is
// not a concept label: their title for a role reason, their words for a
// text reason.
type Reason struct {
	Kind     ReasonKind
	Concepts []string
	Near     []string `json:",omitempty"`
	// Setting, for a ReasonOffers or ReasonNeeds reason, says that its
	// concepts are only broad fields (broadField), the setting of what is
	// sought or offered: the reason says both texts touch on them, not
	// that one helps with them.
	Setting bool     `json:",omitempty"`
	Quote   []string `json:",omitempty"`
}

// Suggestion is a person (ID) suggested to someone, with its score and its
// reasons, strongest first.
type Suggestion struct {
	ID      uint64
	Score   float64
	Reasons []Reason
}

// Thresholds under which a weak match is not given as a reason: the score
// still counts, but a sentence built on one faint shared word would read
// as a claim.
const (
	minProjectReason = 0.12 // project similarity, without a concept in common
	minTextReason    = 0.15 // text channel, per direction
)

// suggest scores pb for pa exactly, with reasons. m.mu must be held.
func (m *Model) suggest(pa, pb *person) Suggestion {
	t := m.terms(pa, pb)
	return m.withReasons(pa, pb, t)
}

// pairTerms are the parts of pb's exact score for pa.
type pairTerms struct {
	offers, needs      float64 // concepts: pa's needs × pb's offers, and back
	roleHelp, roleGive float64 // pa's needs × pb's title concepts, and back
	textHelp, textGive float64 // text channel, both directions
	targetHelp         float64 // pa's targets × pb's identity: pb is whom pa looks for
	targetGive         float64 // pb's targets × pa's identity
	interest, project  float64
	sector, colleague  float64
	session            float64 // sessions both attended
	score              float64
}

// colleagueExclusion is the penalty for colleagues when the event does not
// allow them: far below any score, so that they are never suggested.
const colleagueExclusion = 1000

// terms computes pb's exact score for pa without its reasons (no
// allocation): callers that only compare scores use it, and build reasons
// with withReasons for the few suggestions they keep. The score is
// symmetric (terms(a, b).score == terms(b, a).score), which the live index
// relies on. m.mu must be held.
func (m *Model) terms(pa, pb *person) pairTerms { return m.keyedTerms(pa, pb, nil) }

// keyedTerms is terms with the dot products of sp's person (sp nil, or
// pa or pb keyed) read as gathers: the same terms, bit for bit.
func (m *Model) keyedTerms(pa, pb *person, sp *keyed) pairTerms {
	w := m.w
	t := pairTerms{
		offers:     sp.dot(pa, pb, vecNeeds, vecOffers) - clashWeight(pa.needs, pb.offers, pa.f.needScope, pb.f.offerScope),
		needs:      sp.dot(pa, pb, vecOffers, vecNeeds) - clashWeight(pa.offers, pb.needs, pa.f.offerScope, pb.f.needScope),
		roleHelp:   sp.dot(pa, pb, vecNeeds, vecRoles),
		roleGive:   sp.dot(pa, pb, vecRoles, vecNeeds),
		textHelp:   sp.dot(pa, pb, vecNeedWords, vecOfferWords),
		textGive:   sp.dot(pa, pb, vecOfferWords, vecNeedWords),
		interest:   sp.dot(pa, pb, vecInterests, vecInterests),
		project:    sp.dot(pa, pb, vecProject, vecProject),
		targetHelp: sp.dot(pa, pb, vecTargets, vecIdentity),
		targetGive: sp.dot(pa, pb, vecIdentity, vecTargets),
	}
	if pa.f.sector != "" && pa.f.sector == pb.f.sector {
		t.sector = 1
	}
	t.colleague = sharedCount(pa.f.orgs, pb.f.orgs)
	t.session = sharedSessions(pa.p.Sessions, pb.p.Sessions)
	t.score = w.Complement*(t.offers+t.needs) + w.Complement*w.Role*(t.roleHelp+t.roleGive) +
		w.Text*(t.textHelp+t.textGive) + w.Target*(t.targetHelp+t.targetGive) +
		w.Interest*t.interest + w.Project*t.project + w.Sector*t.sector -
		w.colleaguePenalty()*t.colleague + w.Session*t.session
	return t
}

// colleaguePenalty is what one shared colleague key costs.
func (w Weights) colleaguePenalty() float64 {
	if w.AllowColleagues {
		return w.SameOrg
	}
	return colleagueExclusion
}

func sharedCount(a, b []string) float64 {
	var n float64
	for _, x := range a {
		if slices.Contains(b, x) {
			n++
		}
	}
	return n
}

// withReasons is the suggestion of pb to pa with score terms t (from
// m.terms(pa, pb)) and its reasons. Every reason states a fact: a concept
// both profiles name (or a neighbour of it, said as such), a title, words
// both texts use; weak text overlaps are not put into words.
func (m *Model) withReasons(pa, pb *person, t pairTerms) Suggestion {
	s := Suggestion{ID: pb.p.ID, Score: t.score}
	add := func(r Reason) {
		if len(r.Concepts) > 0 {
			s.Reasons = append(s.Reasons, r)
		}
	}
	// Both directions, "they can help you" first: concepts, title, words.
	for _, d := range [2]direction{
		{ReasonOffers, ReasonRole, ReasonText, t.offers, t.roleHelp, t.textHelp,
			pa.f.needs, pb.f.offers, pa.f.needs, pb.f.roles, pb.p.Title, pa.needWords, pb.offerWords, pa.f.needScope, pb.f.offerScope,
			looseNeeds, looseOffers, looseNeeds, ""},
		{ReasonNeeds, ReasonMyRole, ReasonTextBack, t.needs, t.roleGive, t.textGive,
			pa.f.offers, pb.f.needs, pa.f.roles, pb.f.needs, pa.p.Title, pa.offerWords, pb.needWords, pa.f.offerScope, pb.f.needScope,
			looseOffers, looseNeeds, "", looseNeeds},
	} {
		if d.concept > minConceptTerm {
			all := withoutClashes(m.conceptReason(d.conceptKind, d.mine, d.theirs), d.scopeMine, d.scopeTheirs)
			all.Setting = onlyBroadFields(all.Concepts)
			if !all.Setting && len(all.Near) == 0 { // "can help with first customers", not "with first customers and industry"
				all.Concepts = slices.DeleteFunc(all.Concepts, func(k string) bool { return broadField[k] })
			}
			if !onlyBroadFields(all.Near) { // "childcare, a part of the children you are looking for" is said of no one
				add(m.sureOnly(all, &pa.f, &pb.f, d.looseMine, d.looseTheirs))
			}
		}
		if d.role > 0 {
			// A title answers a need in its own concept, or in a narrower
			// one (a « Business Angel » for fundraising); a broader title
			// says too little (an « ex-DRH » is no answer to remote work).
			// A title in a field offers no help with the field itself
			// (a « Coiffeuse » to an angel hunt in cosmetics).
			r := m.sureOnly(m.conceptReason(d.roleKind, d.roleMine, d.roleTheirs), &pa.f, &pb.f, d.roleLooseMine, d.roleLooseTheirs)
			if (len(r.Near) == 0 || m.titleNarrower(r)) && !onlyBroadFields(r.Concepts) && !onlyBroadFields(r.Near) {
				r.Quote = []string{d.title}
				add(withoutRepeats(r, s.Reasons))
			}
		}
		if d.text >= minTextReason {
			add(m.textReason(d.textKind, d.wordsMine, d.wordsTheirs, pb))
		}
	}
	if t.targetHelp > 0 {
		add(m.sureOnly(m.conceptReason(ReasonTarget, pa.f.targets, pb.f.identity), &pa.f, &pb.f, looseTargets, looseIdentity))
	}
	if t.targetGive > 0 { // their search, your field
		add(m.sureOnly(m.conceptReason(ReasonTargetBack, pb.f.targets, pa.f.identity), &pb.f, &pa.f, looseTargets, looseIdentity))
	}
	if t.interest > 0 {
		add(m.conceptReason(ReasonInterest, pa.f.interests, pb.f.interests)) // interests are never loose
	}
	if t.project > 0 {
		direct := shared(pa.project, pb.project, isDirect(pa.f.project, pb.f.project))
		sure, same := projectConcepts(&pa.f, &pb.f, direct)
		var r Reason
		switch {
		case len(sure) > 0:
			r = Reason{Kind: ReasonProject, Concepts: sure}
		case len(same.Concepts) > 0:
			r = same
		case t.project >= minProjectReason:
			r = m.textReason(ReasonProject, pa.project, pb.project, pb)
		}
		if len(r.Concepts) == 0 {
			r = projectWords(&pa.f, &pb.f, direct) // only loose concepts, in other words
		}
		add(r)
	}
	if t.sector > 0 {
		add(Reason{Kind: ReasonSector, Concepts: []string{pa.f.sector}})
	}
	if t.session > 0 {
		add(Reason{Kind: ReasonSession, Concepts: sessionKeys(pa.p.Sessions, pb.p.Sessions)})
	}
	return s
}

// projectConcepts splits the concepts two projects share into those both
// name with sure aliases, and a reason quoting the loose ones that both
// wrote with the same word (« vos projets parlent tous deux de
// « culture » » is true whatever « culture » means to each).
func projectConcepts(fa, fb *features, direct []string) (sure []string, same Reason) {
	same.Kind = ReasonProject
	for _, k := range direct {
		if !fa.isLoose(looseProject, k) && !fb.isLoose(looseProject, k) {
			sure = append(sure, k)
			continue
		}
		theirs := fb.shownIn(looseProject, k)
		if phraseKey(theirs) == phraseKey(fa.shownIn(looseProject, k)) && len(same.Quote) < maxConceptsShown {
			same.Concepts = append(same.Concepts, k)
			same.Quote = append(same.Quote, theirs)
		}
	}
	return sure, same
}

// projectWords is the reason of two projects that share only loose
// concepts written in other words: what each wrote, side by side (« votre
// projet parle de « élevage », celui de Jan de « farms » »), which is true
// whatever the words mean.
func projectWords(fa, fb *features, direct []string) Reason {
	for _, k := range direct {
		theirs, yours := fb.shownIn(looseProject, k), fa.shownIn(looseProject, k)
		if theirs != "" && yours != "" {
			return Reason{Kind: ReasonProjectWords, Concepts: []string{k}, Quote: []string{theirs, yours}}
		}
	}
	return Reason{Kind: ReasonProjectWords}
}

// direction is what one direction of a pair rests on, for withReasons:
// the receiver's side (mine) against the suggested person's (theirs).
type direction struct {
	conceptKind, roleKind, textKind ReasonKind
	concept, role, text             float64 // the score terms
	mine, theirs                    bag     // needs against offers
	roleMine, roleTheirs            bag     // needs against a title's concepts
	title                           string  // the title quoted
	wordsMine, wordsTheirs          sparse  // the text channel
	scopeMine, scopeTheirs          scopes  // the scopes of mine and theirs (scope.go)
	// looseMine and looseTheirs name the bags of mine and theirs for
	// sureOnly, roleLooseMine and roleLooseTheirs those of the role
	// reason ("" for a title, which is never loose).
	looseMine, looseTheirs, roleLooseMine, roleLooseTheirs string
}

// sureOnly keeps, of a concept reason between mine (the bag mineBag of
// the receiver's features) and theirs, only what rests on sure aliases:
// a concept either side holds only through loose aliases (« fenêtres en
// bois », « small brands ») may be right for the score but is not said,
// since the words may mean something else. A neighbour reason keeps the
// concepts whose remaining Near still back them. An empty bag name is
// never loose. A pair left with no reason at all is not suggested
// (answer.go): the seventh event's audit found seven false reasons of
// thirty when such pairs were said in both people's words instead.
func (m *Model) sureOnly(r Reason, mine, theirs *features, mineBag, theirsBag string) Reason {
	if mine.loose == nil && theirs.loose == nil {
		return r // most pairs: nothing loose, nothing to copy
	}
	loose := func(f *features, bag, k string) bool { return bag != "" && f.isLoose(bag, k) }
	if len(r.Near) == 0 {
		r.Concepts = slices.DeleteFunc(slices.Clone(r.Concepts), func(k string) bool {
			return loose(theirs, theirsBag, k) || loose(mine, mineBag, k)
		})
		return r
	}
	r.Near = slices.DeleteFunc(slices.Clone(r.Near), func(n string) bool { return loose(mine, mineBag, n) })
	r.Concepts = slices.DeleteFunc(slices.Clone(r.Concepts), func(c string) bool {
		return loose(theirs, theirsBag, c) || !slices.ContainsFunc(r.Near, func(n string) bool { return m.vocab.near(c, n) })
	})
	if len(r.Concepts) == 0 {
		r.Near = nil
	}
	return r
}

// minConceptTerm is the concept term under which a pair shares no concept
// worth a reason: what is left, by rounding, once scope clashes are taken
// out of the score.
const minConceptTerm = 1e-9

// withoutRepeats drops from a role reason the concepts an earlier reason
// already gives ("Bruno can help with investors" said once, not twice).
func withoutRepeats(r Reason, earlier []Reason) Reason {
	said := map[string]bool{}
	for _, e := range earlier {
		for _, k := range e.Concepts {
			said[k] = true
		}
	}
	keep := r.Concepts[:0:0]
	for _, k := range r.Concepts {
		if !said[k] {
			keep = append(keep, k)
		}
	}
	r.Concepts = keep
	if len(r.Near) > 0 && len(keep) == 0 {
		r.Near = nil
	}
	return r
}

// isDirect keeps the concept keys (not words) that both raw bags name.
func isDirect(a, b bag) func(string) bool {
	return func(k string) bool {
		_, inA := a[k]
		_, inB := b[k]
		return inA && inB && isConcept(k)
	}
}

// conceptReason names what mine (the receiver's field) and theirs (the
// suggested person's) have in common: the concepts both name, or else the
// suggested person's concepts that are neighbours of the receiver's, with
// those in Near.
func (m *Model) conceptReason(kind ReasonKind, mine, theirs bag) Reason {
	r := Reason{Kind: kind}
	for k := range theirs {
		if _, ok := mine[k]; ok {
			r.Concepts = append(r.Concepts, k)
		}
	}
	if len(r.Concepts) > 0 {
		slices.Sort(r.Concepts)
		return r
	}
	for k := range theirs {
		for mk := range mine {
			if m.vocab.near(k, mk) {
				if !slices.Contains(r.Concepts, k) {
					r.Concepts = append(r.Concepts, k)
				}
				if !slices.Contains(r.Near, mk) {
					r.Near = append(r.Near, mk)
				}
			}
		}
	}
	slices.Sort(r.Concepts)
	slices.Sort(r.Near)
	return r
}

// textReason quotes the words that two texts share, as the suggested
// person pb wrote them. One shared word is not a reason: "pilote" of a
// drone and "pilote" of a pilot project share a word, not a subject. So a
// text reason needs two shared words at least.
func (m *Model) textReason(kind ReasonKind, mine, theirs sparse, pb *person) Reason {
	r := Reason{Kind: kind}
	for _, k := range shared(mine, theirs, func(k string) bool { return !isConcept(k) }) {
		if q := pb.f.shown[k]; q != "" && len(r.Quote) < maxConceptsShown {
			r.Concepts = append(r.Concepts, k)
			r.Quote = append(r.Quote, q)
		}
	}
	if len(r.Concepts) < minTextWords {
		return Reason{Kind: kind}
	}
	return r
}

// minTextWords is how many words two texts must share to be given as a
// reason.
const minTextWords = 2

// bestFirst is the order of every suggestion list: higher score first,
// then lower ID, so that lists are a function of the scores alone.
func bestFirst(a, b Suggestion) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// better reports whether a comes before b in bestFirst order.
func better(a, b Suggestion) bool { return bestFirst(a, b) < 0 }

// sortSuggestions orders s best first (bestFirst).
func sortSuggestions(s []Suggestion) { slices.SortFunc(s, bestFirst) }

// titleNarrower reports whether, in a role reason built on neighbours,
// each concept of the title is narrower than the need it answers: for
// ReasonRole the title's concepts are Concepts and the needs Near; for
// ReasonMyRole the other way round.
func (m *Model) titleNarrower(r Reason) bool {
	titles, needs := r.Concepts, r.Near
	if r.Kind == ReasonMyRole {
		titles, needs = r.Near, r.Concepts
	}
	for _, n := range needs {
		ok := false
		for _, c := range titles {
			if slices.Contains(m.vocab.Broader(c), n) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// broadField holds the broad fields of activity that a need or an offer
// names as the setting of what is sought or offered rather than as the
// thing itself: in « un kiné pour notre équipe de rugby » the need is a
// physiotherapist and the sport is where; "Access to our energy startup
// programme" offers a programme; « Des cuisines centrales » are customers
// in food. A reason that rests only on such fields says that both texts
// touch on them (Reason.Setting), never that one person "can help with
// energy": that would claim a skill no one wrote.
var broadField = map[string]bool{
	"food": true, "agriculture": true, "energy": true, "mobility": true, "health": true,
	"sport": true, "education": true, "construction": true, "culture": true, "tourism": true,
	"crafts": true, "industry": true, "environment": true, "social-economy": true,
	"children": true, "music": true, "fashion": true, "gastronomy": true, "retail": true, "events": true,
	"cosmetics": true, "higher-education": true, "real-estate": true, "media": true, "cinema": true,
	// Tech sectors and markets: « tickets série A, SaaS B2B » invests in
	// SaaS, and "SaaS" in a need is whom or where, never a skill sought.
	"saas": true, "b2b": true, "b2c": true, "hardware": true, "fintech": true, "edtech": true,
	"healthtech": true, "biotech": true, "legaltech": true, "hrtech": true, "martech": true,
	"proptech": true, "regtech": true, "foodtech": true, "mobility-tech": true, "civic-tech": true,
	"smart-city": true, "retail-tech": true,
}

// onlyBroadFields reports whether every key is a broad field.
func onlyBroadFields(keys []string) bool {
	for _, k := range keys {
		if !broadField[k] {
			return false
		}
	}
	return len(keys) > 0
}
