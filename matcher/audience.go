package matcher

// Whom an offer or a need is for: « je fais des sites pour les
// associations » offers web development, not non-profit knowledge. The
// reader (features.go) leaves such audience concepts out of offers and
// needs.

// audience are concepts that name people or occasions: in an offer or a
// need, "pour les indépendants", "for founders", "j'aide les startups",
// "bières pour vos events", « premier rendez-vous gratuit pour les
// incubés » say who it is for, not what is offered or
// wanted, and are not read as the concept (forSomeone).
var audience = map[string]bool{"entrepreneurship": true, "startup": true, "freelance": true, "children": true,
	"ageing": true, "events": true, "nonprofit": true, "incubation": true}

// servedKinds are concepts that also name kinds of people a project
// serves (« la rénovation des utilitaires des artisans », « une appli
// pour les aidants »): after a for-word, a project names them as its
// market, which is not the person's own field (identity), though the
// project is still about them.
var servedKinds = map[string]bool{"crafts": true, "retail": true, "agriculture": true, "care": true,
	"disability": true, "local-producers": true, "health": true}

// forWords introduce who something is for; determiners between them and
// the concept are skipped.
var (
	forWords     = keySet("pour for aux au a to aupres destination aide aider aidons helping help helps accompagne accompagner accompagnons coach coache forme former conseille conseiller")
	conjunctions = keySet("et and ou or")
	// audienceWords are kinds of people and firms that a list of whom
	// something is for may name before the concept.
	audienceWords = keySet("pme tpe eti artisans artisan commerçants commercants entreprises entreprise dirigeants dirigeantes independants indépendants professions liberales libérales startups smes founders freelancers makers small businesses " +
		"epiceries epicerie boutiques boutique magasins magasin commerces commerce restaurants restaurant ecoles ecole " +
		"structures structure collectivites collectivite communes commune shops shop stores store schools")
	determiners = keySet("vos nos mes tes ses leur your our my their de ces these those tous toutes all tout les jeunes petites petits un une des la le l a an the")
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

// servesThem reports whether a project text names the kind of people at
// ws[at] as those it works for or with: after a for-word (forSomeone),
// « avec », "with", or as the owners of what it works on (« les
// utilitaires des artisans »: « de » after a noun).
func servesThem(ws []word, at int) bool {
	if forSomeone(ws, at) {
		return true
	}
	for i := at - 1; i >= 0 && i >= at-forWindow; i-- {
		switch k := ws[i].key; {
		case k == "avec" || k == "with":
			return true
		case k == "de": // « les utilitaires des artisans », not « un atelier de céramique »
			return peopleNouns[ws[at].key] && i > 0 && !determiners[ws[i-1].key] && !forWords[ws[i-1].key] && !notOwners[ws[i-1].key]
		case determiners[k], conjunctions[k], audienceWords[k]:
			continue
		default:
			return false
		}
	}
	return false
}

// peopleNouns name people (singular, folded), for servesThem's « de ».
var peopleNouns = keySet(`artisan artisane commercant commercante agriculteur agricultrice producteur productrice
	paysan paysanne eleveur eleveuse soignant soignante aidant aidante infirmier infirmiere medecin patient patiente
	senior personne famille parent restaurateur restauratrice craftsman craftsmen farmer producer carer caregiver nurse`)

// notOwners are the nouns before « de » that name a field, not a thing
// owned: « le secteur de l'artisanat », « le monde de la santé ».
var notOwners = keySet("secteur secteurs monde milieu domaine filiere univers metier metiers industrie branche")
