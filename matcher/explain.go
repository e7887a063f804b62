package matcher

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxConceptsShown caps how many concepts one reason names in a sentence.
const maxConceptsShown = 3

// Explain renders the suggestion as one sentence in lang ("fr"; anything
// else is English), addressed to the person who receives it:
//
//	fr: "Karim peut vous aider en levée de fonds, que vous recherchez ; vous vous intéressez tous deux à l'éducation"
//	en: "Karim can help with fundraising, which you are looking for; you both care about education"
//
// Reasons are rendered in their order (strongest first).
func (s Suggestion) Explain(m *Model, lang string) string {
	fr := lang == "fr"
	name := "?"
	if p, ok := m.Profile(s.ID); ok && strings.TrimSpace(p.Name) != "" {
		name = strings.TrimSpace(p.Name)
	}
	var parts []string
	for _, r := range s.Reasons {
		list := m.labelList(r.Concepts, lang)
		var part string
		switch r.Kind {
		case ReasonOffers:
			part = pick(fr, name+" peut vous aider en "+list+", que vous recherchez",
				name+" can help with "+list+", which you are looking for")
		case ReasonNeeds:
			part = pick(fr, name+" recherche "+list+", que vous proposez",
				name+" is looking for "+list+", which you offer")
		case ReasonInterest:
			part = pick(fr, "vous vous intéressez tous deux à "+list,
				"you both care about "+list)
		case ReasonProject:
			if list == "" {
				part = pick(fr, "vos projets se ressemblent", "your projects are similar")
			} else {
				part = pick(fr, "vos projets se rejoignent : "+list, "your projects overlap: "+list)
			}
		case ReasonSector:
			part = pick(fr, "même secteur : "+list, "same sector: "+list)
		default:
			continue
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return pick(fr, name+" pourrait vous intéresser", name+" may be worth meeting")
	}
	return capitalise(strings.Join(parts, pick(fr, " ; ", "; ")))
}

func pick(fr bool, french, english string) string {
	if fr {
		return french
	}
	return english
}

// labelList renders up to maxConceptsShown concepts: "a, b et c" / "a, b and c".
func (m *Model) labelList(keys []string, lang string) string {
	if len(keys) > maxConceptsShown {
		keys = keys[:maxConceptsShown]
	}
	labels := make([]string, len(keys))
	for i, k := range keys {
		labels[i] = m.Label(k, lang)
	}
	switch len(labels) {
	case 0:
		return ""
	case 1:
		return labels[0]
	}
	and := pick(lang == "fr", " et ", " and ")
	return strings.Join(labels[:len(labels)-1], ", ") + and + labels[len(labels)-1]
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
