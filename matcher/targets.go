package matcher

import "strings"

// Needs that say whom someone wants to meet.
//
// "Des restaurateurs pour tester la V2", "startups sport & santé
// connectée", "entreprises en croissance qui déménagent", "porteurs de
// projets commerciaux", "dealflow série A": such a need names the kind of
// people or organisations sought (customers, dealflow, partners to serve),
// not a skill sought. Read as an ordinary need it meets the wrong people
// with a false reason: "Dylan can help with sport" to an investor looking
// for sport startups, because Dylan coaches sport. So a need part whose
// head is such a noun is a target: its concepts go into the targets bag,
// compared with the other person's identity (what their sector and
// project are about), never with their offers, and the reason says so
// (« Frédéric cherche des startups du sport : c'est le domaine de votre
// projet »). The head noun's own concept (startups, entrepreneurship) is
// the audience, not the subject, and is left out (see audience).
//
// A word is a target head only as the first content word of the part,
// after the words people put before it ("des", "quelques", "nouveaux",
// "je cherche", "intros to"). Some nouns are targets only in the plural:
// "un fondateur qui a déjà levé" is someone who can help, "des fondateurs
// qui lèvent" is an investor's dealflow; "une entreprise de nettoyage" is a
// supplier, "des entreprises en croissance" are customers.

// targetAlways are head nouns that name sought people in any number.
// Customers ("des clients", "premiers clients", "leads") are not among
// them: "trouver mes premiers clients" asks for help with selling, which a
// sales coach answers.
var targetAlways = keySet(`startup startups scaleup scaleups pme tpe eti sme smes dealflow ehpad ccas`)

// targetPlural are head nouns that name sought people only in the plural.
var targetPlural = keySet(`entreprise societe boite company companie marque brand
	restaurant restaurateur restauratrice commercant commercante artisan artisane shop boutique magasin
	ecole school association structure organisation organization projet project
	fondateur fondatrice founder entrepreneur entrepreneuse porteur porteuse
	collectivite mairie commune municipality hopital hospital labo laboratoire lab
	independant independante agriculteur agricultrice farmer producteur productrice
	industriel manufacturer pharmacie pharmacy musee museum club hotel cafe bar creche ehpad clinique clinic
	cabinet agence agency cooperative asbl ong ngo fondation foundation universite university lycee
	mutuelle banque bank donateur donor mecene patron incube incubee laureat laureate adherent adherente
	invite invitee guest speaker intervenant intervenante temoin paneliste panelist`)

// targetLead are words that may come before the head noun.
var targetLead = keySet(`de des d du la le les l un une quelques plusieurs nouveaux nouvelles nouveau nouvelle
	plus premier premiers premiere premieres autre autres d'autres more new some other a an few first
	cherche cherchons recherche recherchons trouver rencontrer rencontre looking for find meet meeting
	je on nous we i m am are to contact contacts avec with e
	mise relation en vue idealement ideally potential potentiel potentiels potentielle potentielles
	futurs futur futures future jeunes young petites petits small grandes grands large big`)

// introWords ask for introductions: whatever follows is whom.
var introWords = keySet(`intro intros introduction introductions`)

// targetHead reports whether a need part is a target (see above): its
// first content word, after targetLead words and at most one name, is a
// target noun.
func targetHead(ws []word, part string) bool {
	named := false // one place or name may come first ("Meet Brussels founders", "French farmers")
	for i, w := range ws {
		if introWords[w.key] && i == 0 {
			return true // "intros to ops managers in mid-size warehouses"
		}
		if targetLead[w.key] {
			continue
		}
		if targetNoun(ws, i, part) || customerIn(ws, i) {
			return true
		}
		raw := part[w.start:w.end]
		capital := raw[0] >= 'A' && raw[0] <= 'Z' && strings.ToUpper(raw) != raw
		if capital && !named && !positionNouns[w.key] && i+1 < len(ws) && (i > 0 || targetNoun(ws, i+1, part)) {
			named = true
			continue
		}
		return false
	}
	return false
}

// customerIn reports whether ws[i] names customers in a field (« Clients
// dans la tech ou l'ESS », "customers in retail"): whom they want to meet.
// Customers alone are a need for selling (see targetAlways).
func customerIn(ws []word, i int) bool {
	return customerNouns[ws[i].key] && i+1 < len(ws) && customerPlaces[ws[i+1].key]
}

var (
	customerNouns  = keySet(`client cliente customer`)
	customerPlaces = keySet(`dans in chez among parmi`)
)

// targetNoun reports whether ws[i] is a target head noun (targetAlways,
// or targetPlural written in the plural: its raw text ends in s or x,
// which readWords' singular key no longer shows).
func targetNoun(ws []word, i int, part string) bool {
	w := ws[i]
	if targetAlways[w.key] || w.key == "start" && i+1 < len(ws) && (ws[i+1].key == "up" || ws[i+1].key == "ups") {
		return true // "start-ups" is read as two words
	}
	return targetPlural[w.key] && plural(part[w.start:w.end])
}

// plural reports whether a word as written ends like a plural (s or x),
// which readWords' singular key no longer shows.
func plural(raw string) bool {
	last := raw[len(raw)-1]
	return last == 's' || last == 'S' || last == 'x' || last == 'X'
}

// Needs that look for a job.
//
// "Je cherche une alternance en développement web", "premier job de dev
// junior, idéalement dans une boîte à impact", "un poste de juriste en
// start-up": the person seeks an employer, not help with web development
// or law. Read as ordinary needs they meet developers and lawyers with a
// false reason ("Kevin can help with software development"). So in a need
// part whose head is a position (stage, alternance, CDI, job, poste…) the
// job concepts stay needs (they meet "on prend un alternant"), the skills
// named before "dans"/"chez"/"in"/"at" are what the person brings (their
// offers: a recruiter looking for a junior developer meets them), and the
// domain named after is the kind of employer sought (targets).
var positionNouns = keySet(`stage stages alternance alternances cdi cdd emploi job jobs poste postes boulot
	internship internships apprenticeship position positions contrat rejoindre integrer join`)

// employerWords start the part of a job search that says where; asWords
// the part that says as what ("rejoindre une startup comme stagiaire
// marketing").
var (
	employerWords = keySet(`dans chez in at within sein`)
	asWords       = keySet(`comme as en tant que`)
	joinWords     = keySet(`rejoindre integrer join`)
)

// collectiveOwners before a position noun make it an organisation's, not
// a job someone seeks (« notre contrat », "our apprenticeships").
var collectiveOwners = keySet("notre nos leur leurs votre vos our their your")

// jobSearch tells, for a need part that looks for a job (see above), what
// each word says (jobPlace); ok is false for any other part. "alternance en développement web dans une boîte à impact": where
// from "dans" on; "rejoindre une startup à impact comme stagiaire": where
// from the verb to "comme".
func jobSearch(ws []word, part string) (place func(i int) jobPlace, ok bool) {
	at := -1 // the position noun: the head in French, often last in English ("a data analyst internship")
	for i, w := range ws {
		if employerVerbs[w.key] {
			return nil, false // "recruter en alternance" is the employer
		}
		if positionNouns[w.key] && !aPhase(ws, i) || freelanceMission(ws, i) {
			at = i
			break
		}
		if i >= 5 {
			break // "looking for a 6 month internship": the head comes early
		}
	}
	if at < 0 || at > 0 && collectiveOwners[ws[at-1].key] {
		return nil, false // « notre contrat d'électricité arrive à échéance » is the company's
	}
	from, to := len(ws), len(ws)
	for j := at + 1; j < len(ws); j++ {
		if sentenceEnds(part, ws[j-1], ws[j]) {
			to = min(to, j) // the rest of a long answer is not the job sought
			from = min(from, j)
			break
		}
		if employerWords[ws[j].key] && from == len(ws) && !(ws[j].key == "in" && j == at+1) {
			// "an internship in data analysis" names the field, like « un stage en data »
			// (the price: "an internship in a fintech" reads fintech as a skill).
			from = j
		}
		if asWords[ws[j].key] && joinWords[ws[at].key] {
			to = j
			break
		}
	}
	if joinWords[ws[at].key] {
		from = at + 1
	}
	end := len(ws)
	for j := at + 1; j < len(ws); j++ {
		if sentenceEnds(part, ws[j-1], ws[j]) {
			end = j
			break
		}
	}
	return func(k int) jobPlace {
		switch {
		case k >= end:
			return jobElsewhere
		case k >= from && k < to:
			return jobEmployer
		}
		return jobSkill
	}, true
}

// aPhase reports whether ws[i] is the English "stage" of a phase, not the
// French « stage » of an internship: "early-stage public grants", "at this
// stage", "seed stage".
func aPhase(ws []word, i int) bool {
	return (ws[i].key == "stage" || ws[i].key == "stages") && i > 0 && phaseWords[ws[i-1].key]
}

var phaseWords = keySet("early late later seed growth next this that any each every final pre post mid same")

// freelanceMission reports whether ws[i] is the mission of a freelance
// looking for work (« une mission freelance longue durée », "freelance
// missions"): alone, « mission » is any assignment (« notre mission RSE »).
func freelanceMission(ws []word, i int) bool {
	if ws[i].key != "mission" {
		return false
	}
	next := i+1 < len(ws) && (ws[i+1].key == "freelance" || ws[i+1].key == "free" || ws[i+1].key == "en" && i+2 < len(ws) && ws[i+2].key == "freelance")
	return next || i > 0 && ws[i-1].key == "freelance"
}

// jobPlace is what a concept of a job search says.
type jobPlace int

const (
	jobSkill     jobPlace = iota // what the person brings (offers)
	jobEmployer                  // the kind of employer sought (targets)
	jobElsewhere                 // another sentence of a long answer (left out)
)

// employerVerbs say that the part is an employer's, not a job seeker's.
var employerVerbs = keySet(`recruter recrute recrutons recrutez embaucher embauche embauchons hire hiring recruit
	recruiting accueillir accueille accueillons prend prenons prendre offre offrons propose proposons`)

// sentenceEnds reports whether a sentence ends between two words.
func sentenceEnds(part string, a, b word) bool {
	return strings.ContainsAny(part[a.end:b.start], ".!?")
}

// availableWords say that an offer part is a candidate's: « Motivée, dispo
// pour un stage de 6 mois », "available for a summer internship", "open to
// a freelance mission".
var availableWords = keySet(`dispo dispos disponible disponibles available open ouvert ouverte motive motivee
	cherche recherche looking seeking`)

// candidateOffer reports whether an offer part offers the person
// themselves for a position (availableWords before a position noun): it
// offers no internship or job, it seeks one.
func candidateOffer(ws []word) bool {
	for i, w := range ws {
		if positionNouns[w.key] || w.key == "mission" {
			return false
		}
		if availableWords[w.key] {
			for _, x := range ws[i+1:] {
				if positionNouns[x.key] || x.key == "mission" {
					return true
				}
			}
			return false
		}
	}
	return false
}

// jobConcepts are the concepts of a job search that stay needs.
var jobConcepts = map[string]bool{"jobs-hiring": true, "internships": true, "apprenticeship": true,
	"employment-contracts": true, "recruitment": true}
