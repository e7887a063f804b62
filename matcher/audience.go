package matcher

// Whom an offer or a need is for: « je fais des sites pour les
// associations » offers web development, not non-profit knowledge. The
// reader (features.go) leaves such audience concepts out of offers and
// needs.

// audience are concepts that name people or occasions: in an offer or a
// need, "pour les indépendants", "for founders", "j'aide les startups",
// "bières pour vos events" say who it is for, not what is offered or
// wanted, and are not read as the concept (forSomeone).
var audience = map[string]bool{"entrepreneurship": true, "startup": true, "freelance": true, "children": true,
	"ageing": true, "events": true, "nonprofit": true}

// forWords introduce who something is for; determiners between them and
// the concept are skipped.
var (
	forWords     = keySet("pour for aux au a to aupres destination aide aider aidons helping help helps accompagne accompagner accompagnons coach coache forme former conseille conseiller")
	conjunctions = keySet("et and ou or")
	// audienceWords are kinds of people and firms that a list of whom
	// something is for may name before the concept.
	audienceWords = keySet("pme tpe eti artisans artisan commerçants commercants entreprises entreprise dirigeants dirigeantes independants indépendants professions liberales libérales startups smes founders freelancers makers small businesses")
	determiners   = keySet("vos nos mes tes ses leur your our my their de ces these those tous toutes all tout les jeunes petites petits un une des la le l a an the")
)

// forWindow is how many words before a concept forSomeone reads.
const forWindow = 6

// forSomeone reports whether the words before ws[at] say who something is
// for ("pour (les) indépendants", "for (our) founders", « pour PME et
// indépendants wallons »): a for-word, then only determiners, conjunctions
// and other kinds of people, up to forWindow words back.
func forSomeone(ws []word, at int) bool {
	for i := at - 1; i >= 0 && i >= at-forWindow; i-- {
		switch k := ws[i].key; {
		case determiners[k], conjunctions[k], audienceWords[k]:
			continue // « pour (les) PME et indépendants »
		case forWords[k]:
			return true
		default:
			return false
		}
	}
	return false
}
