package matcher

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"icebreaker/internal/textfold"
)

// Colleagues are people of the same organisation: they already know each
// other, so they are left out of each other's suggestions and rounds unless
// the event allows them (Weights.AllowColleagues).
//
// Two people are colleagues when they share a colleague key:
//
//   - "d:" + their e-mail domain, outside public webmail (gmail.com,
//     orange.fr, skynet.be…);
//   - "o:" + their organisation's normalised name: folded, punctuation,
//     legal forms and function words dropped ("Miettes SAS", "MIETTES",
//     "Miettes s.a.s." are one; so are « Les Disques du Grenier » and
//     « Disques du Grenier (les) »); without a company e-mail, also "d:" +
//     the name glued, which a colleague's domain may be (« AF Lille »,
//     hdupuis@aflille.fr); a name typed as a web address (« Quizzy.be »)
//     is its domain's name. The name counts only when it names an employer (not
//     "freelance", "étudiant", "Station F" or another shared place) and,
//     when the person has a company e-mail, only if that domain looks like
//     the name: three startups that all wrote "Station F" or "Euratech"
//     with their own domains are not colleagues.
//
// Keys are computed per person, so that the rule is a dot product like the
// rest of the score (see sketch.go).

// colleagueKeys returns the colleague keys of a person.
//
// The domain counts by its registrable name (ulb.be and ulb.ac.be are
// one university, lab.cnrs.fr and cnrs.fr one employer), and an
// organisation written under two names (« ULB - Université libre de
// Bruxelles ») gives a key for each.
func colleagueKeys(org, email string) []string {
	var keys []string
	domain := companyDomain(email)
	if domain != "" {
		keys = append(keys, "d:"+registrableLabel(domain))
	}
	add := func(k string) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, part := range orgSeparators.Split(org, -1) {
		name := orgName(part)
		if d := webAddress(part); d != "" {
			name = registrableLabel(d) // « Quizzy.be » is Quizzy, of quizzy.be
		}
		if name == "" || (domain != "" && !domainLooksLike(domain, name)) {
			continue
		}
		content := contentWords(name)
		add("o:" + strings.Join(content, " "))
		if domain == "" {
			// Without a company address, the name glued is the domain a
			// colleague's address may carry: « AF Lille » and
			// hdupuis@aflille.fr.
			add("d:" + strings.ReplaceAll(name, " ", ""))
			add("d:" + strings.Join(content, ""))
		}
	}
	return keys
}

// webAddressPattern is an organisation typed as its web address
// ("Quizzy.be", "www.trouvaille.fr", "https://kelp.io/").
var webAddressPattern = regexp.MustCompile(`^(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})/?$`)

// webAddress returns the domain an organisation field names when it is a
// web address, or "".
func webAddress(org string) string {
	m := webAddressPattern.FindStringSubmatch(strings.ToLower(strings.TrimSpace(org)))
	if m == nil {
		return ""
	}
	return m[1]
}

// contentWords are a normalised name's words without its function words:
// « Les Disques du Grenier », « Disques du Grenier (les) » and « Brasserie
// du Mont-Pilat », « Brasserie Mont Pilat » are one name each. A name made
// of function words only keeps them.
func contentWords(name string) []string {
	var out []string
	for _, w := range strings.Fields(name) {
		if !orgFunctionWords[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return strings.Fields(name)
	}
	return out
}

// orgFunctionWords are left out of a name's content words: articles and
// prepositions, "&" beside « et » and "and" (« Pêche & Go », « Peche and
// Go »), and the family suffixes of a firm's name (« Menuiserie Lefranc &
// fils », "Smith & Sons", « Dupont et Cie »).
var orgFunctionWords = setOf("de du des la le les et d l of the and & fils sons cie compagnie freres brothers")

// orgSeparators cut an organisation field that gives two names.
var orgSeparators = regexp.MustCompile(` [-–—/|] `)

// orgName normalises an organisation's name, or returns "" when the text
// names no employer.
func orgName(org string) string {
	if bare := withoutBrackets(org); strings.TrimSpace(bare) != "" {
		org = bare // « Code Garonne (école) » is Code Garonne
	}
	var words []string
	for _, w := range strings.FieldsFunc(textfold.Fold(org), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '&'
	}) {
		if !legalForms[w] {
			words = append(words, w)
		}
	}
	// Legal forms written with dots ("s.a.s.", "s.r.l.") leave single
	// letters behind: glue them back and drop the form.
	name := strings.Join(words, " ")
	if legalForms[strings.ReplaceAll(name, " ", "")] {
		return ""
	}
	for form := range legalForms {
		if len(form) >= 2 {
			spaced := strings.Join(strings.Split(form, ""), " ")
			name = strings.TrimSpace(strings.TrimSuffix(name, " "+spaced))
		}
	}
	if name == "" || notEmployers[name] {
		return ""
	}
	return name
}

// withoutBrackets drops what an organisation's name says between
// brackets: a note on the place, not part of the name.
func withoutBrackets(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// legalForms are the French, Belgian and common foreign legal forms that
// people add or leave out of a company's name.
var legalForms = setOf(`sas sasu sarl eurl sa sarl sci scop scic snc sca selarl selas gie
	srl sprl sprlu bv bvba nv scrl sc scs asbl vzw gmbh ag ltd limited inc llc llp plc corp co`)

// notEmployers are organisation fields that say where or how someone works
// but not for whom: they never make two people colleagues.
var notEmployers = phrasesOf(`freelance, free lance, freelancer, independant, independante,
	self employed, auto entrepreneur, autoentrepreneur, auto entrepreneuse, micro entrepreneur,
	consultant, consultante, consultant independant, consultante independante, etudiant, etudiante,
	student, etudiants, students, none, aucune, aucun, n a, na, nc, moi, moi meme, perso, personnel,
	particulier, retraite, retraitee, retired, demandeur emploi, demandeuse emploi,
	en recherche emploi, en recherche, job seeker, sans emploi, chomage, en reconversion,
	station f, euratechnologies, euratech, becentral, be central, le wagon, wagon, 42, ecole 42,
	the family, village by ca, le village by ca, wework, regus, morning, coworking, incubateur,
	incubator, accelerateur, accelerator, pepiniere, french tech, la french tech, bpi, bpifrance,
	universite, university, ecole, school, startup, start up, projet, project, en creation`)

// setOf makes a set of the words of a list (white space separated).
func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// keySet makes a set of words as readWords keys them (folded, singular):
// a set that word keys are looked up in must hold "dan" for « dans ».
func keySet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[singular(textfold.Fold(w))] = true
	}
	return m
}

// phrasesOf makes a set of the comma-separated phrases of a list.
func phrasesOf(list string) map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Split(list, ",") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			m[p] = true
		}
	}
	return m
}

// companyDomain returns the lower-case domain of an e-mail address, or ""
// for public webmail and malformed addresses.
func companyDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	d := strings.Trim(strings.ToLower(strings.TrimSpace(email[at+1:])), ". >")
	if !strings.Contains(d, ".") {
		return ""
	}
	label := registrableLabel(d)
	if webmail[d] || webmailNames[label] {
		return ""
	}
	return d
}

// registrableLabel is the label of a domain just before its public suffix:
// "miettes" for "mail.miettes.fr" and "miettes.co.uk".
func registrableLabel(d string) string {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return d
	}
	i := len(labels) - 2
	if i > 0 && secondLevel[labels[i]] {
		i--
	}
	return labels[i]
}

var secondLevel = setOf(`co com org net gouv gov ac edu asso`)

// webmail are public mail providers: sharing one says nothing.
var webmail = setOf(`gmail.com googlemail.com icloud.com me.com mac.com aol.com msn.com
	free.fr orange.fr wanadoo.fr sfr.fr neuf.fr laposte.net bbox.fr numericable.fr club-internet.fr
	skynet.be telenet.be proximus.be voo.be scarlet.be pandora.be
	protonmail.com proton.me pm.me tutanota.com gmx.com gmx.fr gmx.net gmx.de web.de mail.com
	hey.com fastmail.com zoho.com posteo.net`)

// webmailNames are providers whose every country domain is webmail
// (hotmail.fr, outlook.be, yahoo.co.uk…).
var webmailNames = setOf(`hotmail outlook live yahoo ymail gmail gmx yandex`)

// domainLooksLike reports whether a company domain plausibly belongs to the
// organisation name: one contains the other once spaces are removed, or the
// domain is the name's initials ("bnpparibas", "bnp" for "BNP Paribas").
func domainLooksLike(domain, name string) bool {
	label := strings.ReplaceAll(registrableLabel(domain), "-", "")
	if label == "" || strings.TrimSpace(name) == "" {
		return false
	}
	// The whole name glued, or its content words glued (« CHU de Lyon »
	// and chu-lyon.fr), inside the label or the label inside it; or the
	// initials.
	var initials strings.Builder
	for _, w := range strings.Fields(name) {
		initials.WriteByte(w[0])
	}
	for _, g := range []string{strings.ReplaceAll(name, " ", ""), strings.Join(contentWords(name), "")} {
		if g != "" && (strings.Contains(label, g) || strings.Contains(g, label)) {
			return true
		}
	}
	return len(label) >= 2 && label == initials.String()
}
