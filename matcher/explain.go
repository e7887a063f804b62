package matcher

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxConceptsShown caps how many concepts one reason names in a sentence.
const maxConceptsShown = 3

// Explain renders the suggestion as one sentence in lang ("fr"; anything
// else is English), addressed to the person who receives it:
//
//	fr: "Karim peut vous aider pour la levée de fonds, que vous recherchez ; vous vous intéressez tous deux à l'éducation"
//	en: "Karim can help with fundraising, which you are looking for; you both care about education"
//
// French concepts take their article and its contraction (« au climat »,
// « à l'IA », « aux RH », « de la levée de fonds »). Tags and words that no
// concept covers are quoted as the person wrote them. Reasons are rendered
// in their order (strongest first).
func (s Suggestion) Explain(m *Model, lang string) string {
	fr := lang == "fr"
	name := "?"
	p, _ := m.Profile(s.ID)
	if strings.TrimSpace(p.Name) != "" {
		name = strings.TrimSpace(p.Name)
	}
	ph := phraser{m: m, fr: fr, sessions: p.Sessions}
	var parts []string
	for _, r := range s.Reasons {
		if part := ph.reason(name, r); part != "" {
			parts = append(parts, part)
		}
	}
	if len(parts) == 0 {
		return pick(fr, name+" pourrait vous intéresser", name+" may be worth meeting")
	}
	return capitalise(strings.Join(parts, pick(fr, " ; ", "; ")))
}

// phraser renders reasons in one language.
type phraser struct {
	m        *Model
	fr       bool
	sessions []Session // the suggested person's, for ReasonSession
}

func (ph phraser) reason(name string, r Reason) string {
	fr := ph.fr
	switch r.Kind {
	case ReasonOffers, ReasonNeeds:
		// Their side and mine of the reason, as the sentences name them.
		frVerb, enVerb, frEnd, enEnd := " peut vous aider pour ", " can help with ", " que vous recherchez", ", which you are looking for"
		frTheirs, enTheirs, frMine, enMine := "ce que propose "+name, "what "+name+" offers", "ce que vous cherchez", "what you are looking for"
		if r.Kind == ReasonNeeds {
			frVerb, enVerb, frEnd, enEnd = " cherche de l'aide pour ", " is looking for ", " que vous proposez", ", which you offer"
			frTheirs, enTheirs, frMine, enMine = "ce que cherche "+name, "what "+name+" is looking for", "ce que vous proposez", "what you offer"
		}
		what := ph.list(r.Concepts, "")
		switch {
		case r.Setting && len(r.Near) > 0:
			return pick(fr, frTheirs+" touche "+ph.list(r.Concepts, "à")+ph.nearLink(r, "")+frEnd,
				enTheirs+" touches on "+what+ph.nearLink(r, enMine))
		case r.Setting: // my side first when they offer, theirs first when they look
			frFirst, frSecond, enFirst, enSecond := frMine, frTheirs, enMine, enTheirs
			if r.Kind == ReasonNeeds {
				frFirst, frSecond, enFirst, enSecond = frTheirs, frMine, enTheirs, enMine
			}
			return pick(fr, frFirst+" et "+frSecond+" touchent tous deux "+ph.list(r.Concepts, "à"),
				enFirst+" and "+enSecond+" both touch on "+what)
		case len(r.Near) > 0:
			return pick(fr, name+frVerb+what+ph.nearLink(r, "")+frEnd, name+enVerb+what+ph.nearLink(r, enMine))
		}
		return pick(fr, name+frVerb+what+","+frEnd, name+enVerb+what+enEnd)
	case ReasonRole:
		what := ph.needList(r)
		return pick(fr, name+" ("+quote(true, r.Quote)+") peut vous aider pour "+what+", que vous recherchez",
			name+" ("+quote(false, r.Quote)+") can help with "+what+", which you are looking for")
	case ReasonMyRole: // Concepts are their needs; Near, your title's concepts
		what := ph.list(r.Concepts, "")
		return pick(fr, name+" cherche de l'aide pour "+what+", ce que votre profil ("+quote(true, r.Quote)+") laisse penser que vous pouvez apporter",
			name+" is looking for "+what+", which your profile ("+quote(false, r.Quote)+") suggests you can offer")
	case ReasonText:
		return pick(fr, "ce que propose "+name+" parle de "+quote(true, r.Quote)+", comme ce que vous recherchez",
			"what "+name+" offers mentions "+quote(false, r.Quote)+", like what you are looking for")
	case ReasonTextBack:
		return pick(fr, "ce que recherche "+name+" parle de "+quote(true, r.Quote)+", comme ce que vous proposez",
			"what "+name+" is looking for mentions "+quote(false, r.Quote)+", like what you offer")
	case ReasonProjectWords: // Quote: their words, then yours
		return pick(fr, "votre projet parle de "+quote(true, r.Quote[1:])+", celui de "+name+" de "+quote(true, r.Quote[:1]),
			"your project mentions "+quote(false, r.Quote[1:])+", "+name+"'s "+quote(false, r.Quote[:1]))
	case ReasonTarget: // Concepts: their field; Near: your target it is close to
		if len(r.Near) > 0 {
			return pick(fr, name+" travaille dans "+ph.list(r.Concepts, "")+", proche "+ph.list(r.Near, "de")+" que vous recherchez",
				name+" works in "+ph.list(r.Concepts, "")+", close to "+ph.list(r.Near, "")+", the field you are looking for")
		}
		return pick(fr, name+" travaille dans "+ph.list(r.Concepts, "")+", le domaine que vous recherchez",
			name+" works in "+ph.list(r.Concepts, "")+", the field you are looking for")
	case ReasonTargetBack: // Concepts: your field; Near: their target it is close to
		if len(r.Near) > 0 {
			return pick(fr, name+" cherche à rencontrer des acteurs "+ph.list(r.Near, "de")+", proche de votre domaine ("+ph.list(r.Concepts, "bare")+")",
				name+" wants to meet people in "+ph.list(r.Near, "")+", close to your field ("+ph.list(r.Concepts, "")+")")
		}
		return pick(fr, name+" cherche à rencontrer des acteurs "+ph.list(r.Concepts, "de")+", comme vous",
			name+" wants to meet people in "+ph.list(r.Concepts, "")+", like you")
	case ReasonInterest:
		return pick(fr, "vous vous intéressez tous deux "+ph.list(r.Concepts, "à"),
			"you both care about "+ph.list(r.Concepts, ""))
	case ReasonProject:
		if len(r.Quote) > 0 {
			return pick(fr, "vos projets parlent tous deux de "+quote(true, r.Quote),
				"both your projects mention "+quote(false, r.Quote))
		}
		return pick(fr, "vos projets portent tous deux sur "+ph.list(r.Concepts, ""),
			"both your projects are about "+ph.list(r.Concepts, ""))
	case ReasonSector:
		return pick(fr, "même secteur : "+ph.list(r.Concepts, "bare"), "same sector: "+ph.list(r.Concepts, "bare"))
	case ReasonSession:
		return ph.sessionReason(r.Concepts)
	}
	return ""
}

// nearLink says how a concept reason's concepts (the suggested person's)
// stand to its Near ones (the receiver's): wider (« un domaine plus large
// que la première embauche »: a recruiter may not know the first hire's
// questions, so the reason does not pretend they do), a part of (« une
// partie de la levée de fonds »), or close to when they are mixed.
//
// In English the link ends with enWhat and the receiver's concepts in
// brackets ("a wider field than what you are looking for (first hire)").
func (ph phraser) nearLink(r Reason, enWhat string) string {
	wider, part := true, true
	for _, c := range r.Concepts {
		for _, n := range r.Near {
			if !ph.m.vocab.near(c, n) {
				continue
			}
			if !slices.Contains(ph.m.vocab.Broader(n), c) {
				wider = false
			}
			if !slices.Contains(ph.m.vocab.Broader(c), n) {
				part = false
			}
		}
	}
	near := ph.list(r.Near, "")
	if !ph.fr {
		switch {
		case wider:
			return ", a wider field than " + enWhat + " (" + near + ")"
		case part:
			return ", part of " + enWhat + " (" + near + ")"
		}
		return ", close to " + enWhat + " (" + near + ")"
	}
	switch {
	case wider:
		if startsWithVowel(near) {
			return ", un domaine plus large qu'" + near
		}
		return ", un domaine plus large que " + near
	case part:
		return ", une partie " + ph.list(r.Near, "de")
	}
	return ", proche " + ph.list(r.Near, "de")
}

// needList names the concepts of a role reason: the receiver's need the
// title answers (Near, when the title's concept is only a neighbour).
func (ph phraser) needList(r Reason) string {
	if len(r.Near) > 0 {
		return ph.list(r.Near, "")
	}
	return ph.list(r.Concepts, "")
}

func pick(fr bool, french, english string) string {
	if fr {
		return french
	}
	return english
}

// list renders up to maxConceptsShown concepts joined with commas and
// "et"/"and". In French each one takes its article, contracted with prep:
// "" (« la levée de fonds »), "à" (« au climat »), "de" (« du SEO »), or
// "bare" for none. Tags outside the vocabulary are quoted.
func (ph phraser) list(keys []string, prep string) string {
	if len(keys) > maxConceptsShown {
		keys = keys[:maxConceptsShown]
	}
	lang := pick(ph.fr, "fr", "en")
	items := make([]string, len(keys))
	for i, k := range keys {
		label := ph.m.Label(k, lang)
		switch {
		case !isVocabKey(k):
			items[i] = withPrep(prep, "", quote(ph.fr, []string{label}), ph.fr)
		case !ph.fr || prep == "bare":
			items[i] = label
		default:
			items[i] = withPrep(prep, ph.m.vocab.article(k), label, true)
		}
	}
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	and := pick(ph.fr, " et ", " and ")
	return strings.Join(items[:len(items)-1], ", ") + and + items[len(items)-1]
}

// withPrep joins a French preposition, an article and a label the way
// French contracts them: à + le = au, à + les = aux, de + le = du,
// de + les = des; « l' » takes no space. Without an article the
// preposition stands alone ("à « jardinage »", "de Python").
func withPrep(prep, article, label string, fr bool) string {
	if !fr || prep == "bare" {
		return label
	}
	var head string
	switch prep + "|" + article {
	case "|":
		return label
	case "|l'":
		return "l'" + label
	case "à|le":
		head = "au"
	case "à|les":
		head = "aux"
	case "de|le":
		head = "du"
	case "de|les":
		head = "des"
	case "à|l'", "de|l'":
		return prep + " l'" + label
	case "à|", "de|":
		if prep == "de" && startsWithVowel(label) {
			return "d'" + label
		}
		return prep + " " + label
	default:
		if prep == "" {
			head = article
		} else {
			head = prep + " " + article
		}
	}
	return head + " " + label
}

func startsWithVowel(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("aeiouyàâäéèêëîïôöûüœAEIOUYÀÂÉÈÊÎÔÛŒ", r)
}

// quote puts people's own words between French or English quotation
// marks: « épiceries fines », « vrac » / “épiceries fines”, “vrac”.
func quote(fr bool, texts []string) string {
	parts := make([]string, 0, len(texts))
	for _, t := range texts {
		if t = strings.TrimSpace(t); t != "" {
			parts = append(parts, pick(fr, "« "+t+" »", "“"+t+"”"))
		}
	}
	return strings.Join(parts, ", ")
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
