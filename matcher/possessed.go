package matcher

import "strings"

// What a need names without seeking it. What the person already has
// (« j'ai que le bouche à oreille », « on a déjà un CTO », "we already
// have a designer": possessed), the people the sentence is about
// (« nos bénévoles ne savent pas… »: subjectOf), who is seeking
// (« traiteur cherche une cuisine »: namesTheSeeker), why (« marchés
// publics oblige »: isTheCause) and when something happens (« avant de
// coder »: afterTimeWord) state a situation, not
// something sought ("Jessica is looking for referral marketing" was a
// false reason). The reader (features.go) leaves such concepts out of
// needs; what the person does seek is usually said beside it in other
// words, which the text channel still reads.

// notSought reports whether the concept matched at ws[from:to] of a need
// (read from text) states the person's situation rather than what they
// seek: what they have, whom the sentence is about, who seeks, why, their
// own trade, or when. seeker says the need is a job search, whose small
// ad names the skills the person brings (targets.go) before « cherche ».
func notSought(text string, ws []word, from, to int, seeker bool) bool {
	return possessed(text, ws, from) || subjectOf(ws, from, to) || afterTimeWord(ws, from) ||
		!seeker && namesTheSeeker(text, ws, from, to) || isTheCause(ws, to) || ownActivity(ws, from) ||
		comesFrom(ws, from)
}

// comesFrom reports whether the words before ws[from] say the person
// comes out of it (« je sors du bootcamp », « diplômée d'une école de
// commerce », "fresh out of a coding bootcamp", "graduated from"): an
// origin word and « de », "from" or "of", up to originWindow words back.
// That is where they come from, not what they seek.
func comesFrom(ws []word, from int) bool {
	for i := from - 2; i >= 0 && i >= from-originWindow; i-- {
		if originWords[ws[i].key] && (ws[i+1].key == "de" || ws[i+1].key == "from" || ws[i+1].key == "of") {
			return true
		}
	}
	return false
}

const originWindow = 4

// originWords, before « de », "from" or "of", say where a person comes
// from.
var originWords = keySet("sors sort sortie sorti sortis sorties diplome diplomee diplomes diplomees issu issue issus graduated graduate out")

var (
	// haveVerbs say "have". « a » counts only after « on » (« on a »):
	// alone it is the folded « à »; and not in an English sentence, where
	// "on a" is a preposition and an article ("advice on a crowdfunding
	// campaign" seeks crowdfunding).
	haveVerbs = keySet("avoir avons avez possede possedons dispose disposons have has got")
	// haveFillers may stand between the verb and what is had: adverbs of
	// "already, only", possessives and determiners (« que le », « déjà
	// notre », "already got our").
	haveFillers = keySet("deja already que juste seulement only just still toujours de notre nos mon ma mes our my a some")
)

// haveWindow is how many words before a concept possessed reads.
const haveWindow = 5

// possessed reports whether the words before ws[at] (read from text)
// say that the person has it: a have-verb, then only fillers or figures
// (« on a déjà 2 devs »). A negation or any other word in between ends the
// search: « je n'ai pas de site » seeks a website, « j'ai besoin d'un
// CTO » a CTO, « on a 0 budget pub » advertising; after « n' » only « que »
// says they have it (« je n'ai que le bouche à oreille », but « je n'ai plus
// un sou »).
func possessed(text string, ws []word, at int) bool {
	for i := at - 1; i >= 0 && i >= at-haveWindow; i-- {
		k := ws[i].key
		switch {
		case k == "a" && i > 0 && ws[i-1].key == "on" && detectLanguage(ws) != "en", haveVerbs[k]:
			return !negated(text, ws[i]) || ws[i+1].key == "que"
		case k == "0" || k == "zero":
			return false
		case haveFillers[k], startsWithDigit(k):
			continue
		default:
			return false
		}
	}
	return false
}

// negated reports whether w is written right after « n' » (the reader
// drops the elision).
func negated(text string, w word) bool {
	before := strings.ToLower(strings.TrimRight(text[:w.start], " "))
	return strings.HasSuffix(before, "n'") || strings.HasSuffix(before, "n’")
}

// subjectOf reports whether the concept matched at ws[from:to] names the
// people a need's sentence is about, as its subject, followed by what they
// cannot do: « nos bénévoles ne savent pas utiliser l'ordinateur », "our
// volunteers don't know how to use a computer". They are who the person
// has, not what they seek; what they seek is in the rest of the sentence.
func subjectOf(ws []word, from, to int) bool {
	if from > 1 || from == 1 && !possessives[ws[0].key] || to >= len(ws) {
		return false
	}
	return groupNouns[ws[from].key] && subjectVerbs[ws[to].key]
}

var (
	possessives = keySet("nos notre mes mon ma our my")
	// groupNouns are the people a sentence may be about (singular keys).
	groupNouns = keySet(`benevole volunteer client cliente customer salarie salariee employe employee membre member
		adherent adherente usager usagere user resident residente apprenant apprenante learner etudiant etudiante
		student jeune stagiaire intern famille parent patient patiente beneficiaire`)
	// subjectVerbs say what the people cannot do or do not know (« ne
	// savent pas », "don't understand"): the need is about that skill.
	// Verbs of leaving or tiring (« nos bénévoles partent ») are not
	// there: keeping them is the need.
	subjectVerbs = keySet(`ne savent comprennent connaissent utilisent maitrisent don dont doesn cannot can`)
)

// afterTimeWord reports whether ws[at] follows « avant de », « après »,
// "before" or "after": « valider notre idée avant de coder »
// says when, and seeks no software development.
func afterTimeWord(ws []word, at int) bool {
	switch {
	case at >= 1 && (ws[at-1].key == "before" || ws[at-1].key == "after" || ws[at-1].key == "apres"):
		return true
	case at >= 2 && ws[at-1].key == "de" && ws[at-2].key == "avant":
		return true
	}
	return false
}

// namesTheSeeker reports whether the concept matched at ws[from:to] opens
// a need of the small-ad form « traiteur cherche une cuisine à louer »,
// "Edtech startup seeks a CTO": it is who seeks, right before the verb,
// and what is sought comes after it. A colon or a subject pronoun in
// between (« Levée de fonds : on cherche des BA ») makes it the topic
// again, so the verb must follow the concept directly.
func namesTheSeeker(text string, ws []word, from, to int) bool {
	if from > 2 || to >= len(ws) || !seekVerbs[ws[to].key] {
		return false
	}
	between := text[ws[to-1].end:ws[to].start]
	return !strings.ContainsAny(between, ":;-–—,()")
}

// seekVerbs are the third-person forms of "seek" that follow whoever
// seeks in a small ad (not « recherché », which follows what is sought).
var seekVerbs = keySet("cherche recherche seeks seeking")

// isTheCause reports whether the concept matched before ws[to] is the
// cause of the need, not the need: « audit RGAA pour notre plateforme
// (marchés publics oblige) » seeks an audit because of public buyers.
func isTheCause(ws []word, to int) bool {
	return to < len(ws) && ws[to].key == "oblige"
}

// ownActivity reports whether the concept at ws[from] is the person's own
// trade, named after « mon activité de », « notre métier de », "my …
// business": « une assurance RC pro pour mon activité de coach » seeks
// insurance, not coaching.
func ownActivity(ws []word, from int) bool {
	i := from - 1
	if i >= 0 && (ws[i].key == "de" || ws[i].key == "as") {
		i--
	}
	return i >= 1 && activityNouns[ws[i].key] && possessives[ws[i-1].key]
}

// activityNouns name one's trade after a possessive.
var activityNouns = keySet("activite metier entreprise boite cabinet societe business practice job")

// ownedObject reports whether the concept matched at ws[from:to] is the
// person's own thing that the need says something about, not what it
// seeks: written right after a possessive, and either the subject of a
// state (« notre e-shop est invisible sur Google » seeks SEO, not
// e-commerce) or what « mettre », « rendre », "make" or "get" bring into
// another state (« mettre notre appli santé en conformité RGPD » seeks GDPR
// help, not an app). What a verb works on is sought: « rédiger notre pacte
// d'associés », « relire mon plan financier », « animer notre Insta ». The
// reader drops such a concept only when the same part seeks another one
// (features.go).
func ownedObject(ws []word, from, to int) bool {
	if from == 0 || !possessives[ws[from-1].key] {
		return false
	}
	return to < len(ws) && stateVerbs[ws[to].key] || from >= 2 && bringVerbs[ws[from-2].key]
}

var (
	// stateVerbs after a possessive's concept make it the subject of a state.
	stateVerbs = keySet("est sont etait se ont reste restent semble is are was were got remains looks")
	// bringVerbs bring what follows into another state.
	bringVerbs = keySet("mettre mettons remettre rendre make get")
)
