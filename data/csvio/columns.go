package csvio

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"icebreaker/internal/bilingual"
)

// Msg is a sentence for the organiser in French and English: the
// product's bilingual.Text, with the English as its String (the command
// line's language).
type Msg bilingual.Text

// In returns the sentence in lang: English for "en", French otherwise.
func (m Msg) In(lang string) string { return bilingual.Text(m).In(lang) }

func (m Msg) String() string { return m.EN }

func msg(fr, en string, args ...any) Msg {
	return Msg{FR: fmt.Sprintf(fr, args...), EN: fmt.Sprintf(en, args...)}
}

// plus appends a clause to both sentences.
func (m Msg) plus(fr, en string, args ...any) Msg {
	return Msg{FR: m.FR + fmt.Sprintf(fr, args...), EN: m.EN + fmt.Sprintf(en, args...)}
}

// Where a column's field came from, in Column.Source.
const (
	SourceHeader     = "header"     // recognised from the header (and its values)
	SourceMap        = "map"        // Options.Map, what --map and the admin's choice give
	SourceRemembered = "remembered" // the mapping the last import of the same layout used
)

// Column says what a column of the file was read as and why. Field is ""
// for a column nothing is read from and "ignore" for a known column with
// nothing to import. Alternatives are the other fields the column could
// have held, each with why it was not chosen.
type Column struct {
	Header       string        `json:"header"`
	Field        string        `json:"field"`
	Source       string        `json:"source,omitempty"`
	Why          Msg           `json:"why"`
	Alternatives []Alternative `json:"alternatives,omitempty"`
}

// Alternative is a field a column could have held, or a column a field
// could have been read from, and why it was not.
type Alternative struct {
	Field  string `json:"field,omitempty"`
	Header string `json:"header,omitempty"`
	Why    Msg    `json:"why"`
}

// FieldChoice says which column a field is read from and which other
// columns could have held it. Report.Fields lists the fields some column
// of the file could hold.
type FieldChoice struct {
	Field  string        `json:"field"`
	Header string        `json:"header,omitempty"` // "" when no column was chosen
	Why    Msg           `json:"why"`
	Others []Alternative `json:"others,omitempty"`
}

// candidate is one field a header may hold, with how well it fits.
type candidate struct {
	field int
	score int
	why   Msg
}

// rule recognises headers that contain one of its keywords, each matched
// at the start of a word of the normalised header ("need" matches "needs";
// a trailing space demands the whole word).
type rule struct {
	field    int
	score    int
	keywords []string
}

// Scores: a canonical name beats an exact known header, which beats a
// strong keyword, which beats a weak one. Qualifiers move them: a buyer's
// column drops below any participant's; values that cannot be right drop
// a candidate altogether.
const (
	scoreCanonical = 100
	scoreExact     = 95
	scoreStrong    = 90
	scoreBuyer     = -50
	scoreOwner     = 10
)

// exactHeaders are whole normalised headers the keyword rules would get
// wrong or miss.
var exactHeaders = map[string]candidate{
	"nom":                {fLastName, scoreExact, Msg{}},
	"name":               {fFullName, 60, Msg{}}, // Microsoft Forms: the respondent, often "Anonymous"
	"full name":          {fFullName, scoreExact, Msg{}},
	"nom complet":        {fFullName, scoreExact, Msg{}},
	"nom et prenom":      {fFullName, scoreExact, Msg{}},
	"prenom et nom":      {fFullName, scoreExact, Msg{}},
	"prenom nom":         {fFullName, scoreExact, Msg{}},
	"participant":        {fFullName, scoreExact, Msg{}},
	"attendee name":      {fFullName, scoreExact, Msg{}},
	"nom du participant": {fFullName, scoreExact, Msg{}},
	"titre":              {fTitle, scoreExact, Msg{}},
	"mail":               {fEmail, scoreExact, Msg{}},
	"code":               {fTicket, 70, Msg{}},
	"attendee":           {fTicket, 60, msg("Eventbrite : « Attendee # », le numéro du participant", "Eventbrite: “Attendee #”, the attendee's number")},
	"secret":             {fTicket, scoreStrong, msg("pretix : le contenu du QR code du billet", "pretix: what the ticket's QR code holds")},
	"billet":             {fIgnore, 60, msg("HelloAsso : « Billet » est la catégorie du billet, pas son code", "HelloAsso: “Billet” is the ticket category, not its code")},
	"date":               {fIgnore, 60, Msg{}},
	"id":                 {fIgnore, 60, Msg{}},
	"badge code":         {fIgnore, 60, msg("le code de badge est attribué par icebreaker", "badge codes are given by icebreaker")},
	"code de badge":      {fIgnore, 60, msg("le code de badge est attribué par icebreaker", "badge codes are given by icebreaker")},
	"created at":         {fIgnore, 60, Msg{}},
	"updated at":         {fIgnore, 60, Msg{}},
}

var rules = []rule{
	{fIgnore, 60, []string{"horodat", "timestamp", "date de ", "date d ", "order date", "start time", "completion time", "heure d", "last modified"}},
	// Ticket codes: what the door scans, one per person.
	{fTicket, scoreStrong, []string{"barcode", "bar code", "code barre", "codebarre", "code a barre", "numero de billet", "numero du billet", "n de billet",
		"no de billet", "num billet", "ticket number", "ticket code", "code billet", "code du billet", "ticket id", "ticket secret", "qr code", "code qr"}},
	{fTicket, 60, []string{"numero participant", "n participant", "participant id", "id participant", "identifiant participant", "attendee id", "attendee number"}},
	{fIgnore, 50, []string{"order code", "order ", "reference commande", "n de commande", "numero de commande", "commande", "reference"}}, // shared by the tickets of one order
	// A ticket's category, price or state: never its code.
	{fIgnore, 70, []string{"type de billet", "ticket type", "tarif", "categorie", "category", "formule", "product", "produit", "price", "prix", "montant",
		"amount", "quantity", "quantite", "status", "statut", "moyen de paiement", "payment", "paiement", "code promo", "voucher", "checked in", "checked out"}},
	{fEmail, 80, []string{"email", "e mail", "courriel", "mail ", "adresse electronique"}},
	{fFirstName, 80, []string{"prenom", "first name", "firstname", "given name", "forename"}},
	{fLastName, 80, []string{"nom de famille", "last name", "lastname", "surname", "family name"}},
	{fDescription, 70, []string{"description", "pitch", "presentation"}},
	{fStage, 70, []string{"stade", "stage", "maturite", "etape"}},
	{fSector, 70, []string{"secteur", "sector", "industry", "industrie", "domaine"}},
	{fTitle, 70, []string{"fonction", "poste", "job", "title", "role ", "intitule"}},
	{fOffers, 70, []string{"competence", "skill", "peux aider", "can help", "expertise", "propose", "offer", "apporter", "offre"}},
	{fNeeds, 70, []string{"besoin", "need", "cherche", "recherche", "looking for"}},
	{fInterests, 70, []string{"interet", "interest", "sujet", "topic", "thematique", "centre d"}},
	{fLanguages, 70, []string{"langue", "language", "idiom"}},
	{fHost, 70, []string{"host", "hote", "animat", "facilitat"}},
	// The organising team (« Équipe / Staff / Organisateur »): yes/no
	// cells only (sniff), so a hackathon's « Nom de l'équipe » stays out.
	{fTeam, 70, []string{"equipe", "staff", "organisateur", "organisatrice", "organizer", "organiser", "organising team", "organizing team", "team ", "crew"}},
	{fProject, 65, []string{"projet", "project", "startup"}},
	{fMilestones, 75, []string{"jalon", "milestone", "etapes franchies", "etapes cles", "realisations", "achievements", "traction"}},
	{fGoals, 65, []string{"objectif", "goal", "ambition", "prochaines etapes", "next steps"}},
	{fOrganisation, 70, []string{"entreprise", "societe", "organisation", "organization", "company", "structure", "employeur", "association", "etablissement", "affiliation"}},
	{fOrganisation, 55, []string{"raison sociale"}}, // HelloAsso: usually the paying company
	{fLastName, 60, []string{"nom "}},
	{fFullName, 55, []string{"name "}},
}

// Qualifiers that move person fields: the buyer's columns sit beside the
// participant's in every ticketing export.
var (
	buyerWords = []string{"payeur", "acheteur", "buyer", "payer", "purchaser", "billing", "facturation", "factur", "invoice",
		"commande", "order ", "commanditaire", "souscripteur", "titulaire de la carte", "respondent"}
	ownerWords   = []string{"participant", "attendee", "invite", "guest", "porteur", "beneficiaire", "titulaire du billet", "du billet"}
	personFields = []int{fFirstName, fLastName, fFullName, fEmail, fOrganisation, fTitle}
)

// Consent is read only from a column that asks for it: matchmaking from a
// question about introductions, the board from one about the screen, the
// directory from one about the directory (« annuaire », « trombinoscope »,
// "who's who"). Terms, privacy, newsletters, photos and marketing never
// grant any; a question that mixes the directory with introductions
// grants neither.
var (
	introWords = []string{"mis en relation", "mise en relation", "mis e en relation", "mise e en relation", "mettre en relation", "etre mis",
		"mis en contact", "mise en contact", "introduc", "matchmaking", "match making", "networking", "be matched", "etre presente",
		"rencontrer d autres", "suggest", "suggere", "propose a d autres"}
	boardWords = []string{"ecran", "public board", "board", "screen", "affich", "appara", "appear", "tableau", "display", "show me",
		"show my", "montrer mon", "mur ", "wall"}
	trapWords = []string{"condition", "cgu", "cgv", "terms", "privacy", "confidentialite", "politique", "policy", "newsletter", "lettre d",
		"photo", "image", "video", "film", "marketing", "commercial", "partenaire", "partner", "sponsor", "offres", "publicit",
		"reglement", "rules", "cookie", "mailing", "communications commerciales", "prospection"}
	directoryWords = []string{"annuaire", "directory", "trombinoscope", "trombi ", "who s who", "qui est qui", "liste des participants",
		"attendee list", "participant list", "list of attendees", "list of participants"}
	consentWords = []string{"consent", "j accepte", "i agree", "i accept", "accepte", "agree", "autoris", "authori", "rgpd", "gdpr",
		"opt in", "d accord", "ok pour", "je souhaite", "i want", "i would like"}
)

func hasWord(padded string, words []string) (string, bool) {
	for _, w := range words {
		if strings.Contains(padded, " "+w) {
			return w, true
		}
	}
	return "", false
}

// headerCandidates lists what a header may hold, best first.
func headerCandidates(header string) []candidate {
	h := normalise(header)
	if h == "" {
		return nil
	}
	if f := fieldByName(h); f != fUnknown {
		return []candidate{{f, scoreCanonical, msg("le nom exact du champ", "the field's own name")}}
	}
	padded := " " + h + " "
	best := map[int]candidate{}
	add := func(c candidate) {
		if old, ok := best[c.field]; !ok || c.score > old.score {
			best[c.field] = c
		}
	}
	if c, ok := consentCandidate(header, padded); ok {
		add(c)
	}
	if c, ok := exactHeaders[h]; ok {
		if c.why == (Msg{}) {
			c.why = msg("l'en-tête « %s » est connu", "the header “%s” is a known one", header)
		}
		add(c)
	}
	for _, r := range rules {
		if kw, ok := hasWord(padded, r.keywords); ok {
			add(candidate{r.field, r.score, msg("l'en-tête parle de « %s »", "the header says “%s”", strings.TrimSpace(kw))})
		}
	}
	buyer, isBuyer := hasWord(padded, buyerWords)
	_, isOwner := hasWord(padded, ownerWords)
	var out []candidate
	for _, c := range best {
		if slices.Contains(personFields, c.field) {
			switch {
			case isBuyer && !isOwner:
				c.score += scoreBuyer
				c.why = c.why.plus(", mais c'est l'acheteur (« %s »), pas le participant", ", but it is the buyer's (“%s”), not the participant's", strings.TrimSpace(buyer))
			case isOwner:
				c.score += scoreOwner
				c.why = c.why.plus(", et c'est le participant", ", and it is the participant's")
			}
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b candidate) int { return cmp.Or(b.score-a.score, a.field-b.field) })
	return out
}

// consentCandidate decides a header that asks about consent. ok is false
// for headers that are not about consent at all.
func consentCandidate(header, padded string) (candidate, bool) {
	intro, isIntro := hasWord(padded, introWords)
	_, isBoard := hasWord(padded, boardWords)
	trap, isTrap := hasWord(padded, trapWords)
	_, isConsent := hasWord(padded, consentWords)
	dir, isDir := hasWord(padded, directoryWords)
	switch {
	case isDir && isTrap:
		return candidate{fIgnore, scoreExact, msg("« %s » mêle l'annuaire à « %s » : ne donne aucun consentement (choisissez directory_consent si elle demande vraiment l'annuaire)",
			"“%s” mixes the directory with “%s”: it grants no consent (choose directory_consent if it really asks about the directory)", header, trap)}, true
	case isDir && isIntro:
		return candidate{fIgnore, scoreExact, msg("« %s » demande à la fois la mise en relation (« %s ») et l'annuaire (« %s ») : ne donne aucun consentement (choisissez le champ qu'elle demande)",
			"“%s” asks about introductions (“%s”) and the directory (“%s”) at once: it grants no consent (choose the field it asks about)", header, intro, dir)}, true
	case isDir && (isConsent || isBoard || strings.Contains(padded, " consent")):
		return candidate{fDirectory, scoreStrong, msg("la question porte sur l'annuaire des participants (« %s »)", "the question asks about the attendee directory (“%s”)", strings.TrimSpace(dir))}, true
	case isDir:
		return candidate{fDirectory, 50, msg("l'en-tête parle de l'annuaire (« %s »)", "the header is about the directory (“%s”)", strings.TrimSpace(dir))}, true
	case (isIntro || isBoard) && isTrap:
		return candidate{fIgnore, scoreExact, msg("« %s » mêle la mise en relation ou l'écran à « %s » : ne donne aucun consentement (choisissez le champ si elle demande vraiment la mise en relation)",
			"“%s” mixes introductions or the screen with “%s”: it grants no consent (choose the field if it really asks about introductions)", header, trap)}, true
	case isIntro:
		return candidate{fMatch, scoreStrong, msg("la question porte sur la mise en relation (« %s »)", "the question asks about introductions (“%s”)", intro)}, true
	case isBoard && (isConsent || strings.Contains(padded, " consent")):
		return candidate{fBoard, scoreStrong, msg("la question porte sur l'affichage à l'écran public", "the question asks about being shown on the public screen")}, true
	case isTrap && isConsent:
		return candidate{fIgnore, scoreExact, msg("« %s » est un consentement qui ne porte pas sur la mise en relation (« %s ») : il ne donne aucun consentement",
			"“%s” is a consent that is not about introductions (“%s”): it grants no consent", header, trap)}, true
	case isConsent && !isBoard:
		return candidate{fIgnore, scoreExact, msg("« %s » ne dit pas à quoi il consent : il ne donne aucun consentement (choisissez matchmaking_consent s'il demande la mise en relation)",
			"“%s” does not say what it consents to: it grants no consent (choose matchmaking_consent if it asks about introductions)", header)}, true
	case isBoard:
		return candidate{fBoard, 50, msg("l'en-tête parle de l'écran public", "the header is about the public screen")}, true
	}
	return candidate{}, false
}

// sniff adjusts candidates to what the column holds, from a sample of its
// cells: yes/no fields need yes/no cells, an email column e-mail
// addresses, a ticket column one distinct code per row.
func sniff(cands []candidate, values []string) []candidate {
	var nonEmpty []string
	for _, v := range values {
		if v = strings.TrimSpace(unneutralise(v)); v != "" {
			nonEmpty = append(nonEmpty, v)
		}
	}
	if len(nonEmpty) == 0 {
		return cands
	}
	out := cands[:0:0]
	for _, c := range cands {
		switch {
		case c.field < len(fields) && fields[c.field].kind == kindBool:
			isBool := func(s string) bool { _, ok := parseBool(s); return ok }
			if v, bad := firstBad(nonEmpty, isBool); bad && countBad(nonEmpty, isBool)*2 > len(nonEmpty) {
				c.score = 0
				c.why = msg("les cellules ne sont pas oui/non (« %s »)", "the cells are not yes/no (“%s”)", preview(v))
			}
		case c.field == fEmail:
			if v, bad := firstBad(nonEmpty, validEmail); bad && countBad(nonEmpty, validEmail)*2 > len(nonEmpty) {
				c.score = 0
				c.why = msg("les cellules ne sont pas des adresses e-mail (« %s »)", "the cells are not e-mail addresses (“%s”)", preview(v))
			}
		case c.field == fTicket:
			seen := map[string]bool{}
			dups, words := 0, 0
			for _, v := range nonEmpty {
				if seen[v] {
					dups++
				}
				seen[v] = true
				if strings.ContainsAny(v, " \t") {
					words++
				}
			}
			if dups > 0 {
				c.score -= 60
				c.why = c.why.plus(", mais des lignes partagent la même valeur : c'est une commande ou une catégorie, pas un billet par personne",
					", but rows share a value: an order or a category, not one ticket per person")
			} else if words*2 > len(nonEmpty) {
				c.score -= 30
				c.why = c.why.plus(", mais les cellules sont des mots, pas des codes", ", but the cells are words, not codes")
			}
		}
		if c.score > 0 || c.field == fIgnore {
			out = append(out, c)
		} else {
			out = append(out, candidate{c.field, 0, c.why}) // kept to explain why not
		}
	}
	slices.SortStableFunc(out, func(a, b candidate) int { return b.score - a.score })
	return out
}

func firstBad(values []string, ok func(string) bool) (string, bool) {
	for _, v := range values {
		if !ok(v) {
			return v, true
		}
	}
	return "", false
}

func countBad(values []string, ok func(string) bool) int {
	n := 0
	for _, v := range values {
		if !ok(v) {
			n++
		}
	}
	return n
}

// mapping is what each column of a file holds, decided.
type mapping struct {
	cols    []int    // field per column; fUnknown or fIgnore
	columns []Column // for the report
	fields  []FieldChoice
}

// sampleRows is how many data rows the mapping looks at.
const sampleRows = 200

// decideColumns maps headers to fields: first the columns the caller
// chose (Options.Map), then the remembered mapping of this layout, then,
// for the rest, the best-scoring (column, field) pairs: each field from
// one column, each column for one field. sample holds the first rows.
func decideColumns(headers []string, sample [][]string, overrides, remembered map[string]int) mapping {
	m := mapping{cols: make([]int, len(headers)), columns: make([]Column, len(headers))}
	cands := make([][]candidate, len(headers))
	taken := map[int]int{} // field → column
	for i, h := range headers {
		m.cols[i] = fUnknown
		m.columns[i] = Column{Header: h}
		var values []string
		for _, rec := range sample {
			if i < len(rec) {
				values = append(values, rec[i])
			}
		}
		cands[i] = sniff(headerCandidates(h), values)
	}
	// Chosen columns first: the caller's, then the remembered ones, each
	// in file order.
	for _, pass := range []struct {
		src string
		m   map[string]int
	}{{SourceMap, overrides}, {SourceRemembered, remembered}} {
		for i, h := range headers {
			f, ok := pass.m[normalise(h)]
			if !ok || m.columns[i].Source != "" {
				continue
			}
			src := pass.src
			if prev, dup := taken[f]; dup && f != fIgnore {
				m.columns[i].Why = msg("%s est déjà lu depuis « %s »", "%s is already read from “%s”", fieldName(f), headers[prev])
				m.cols[i] = fIgnore
				m.columns[i].Field, m.columns[i].Source = "ignore", src
				continue
			}
			m.cols[i] = f
			m.columns[i].Field, m.columns[i].Source = fieldName(f), src
			if src == SourceMap {
				m.columns[i].Why = msg("choisi par vous (--map ou l'écran d'import)", "chosen by you (--map or the import screen)")
			} else {
				m.columns[i].Why = msg("repris de la dernière importation de ce même format de fichier", "remembered from the last import of this same file layout")
			}
			if f != fIgnore {
				taken[f] = i
			}
		}
	}
	// Then the best pairs.
	type pair struct {
		col int
		c   candidate
	}
	var pairs []pair
	for i, cs := range cands {
		if m.columns[i].Source != "" {
			continue
		}
		for _, c := range cs {
			if c.score > 0 {
				pairs = append(pairs, pair{i, c})
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Or(b.c.score-a.c.score, a.col-b.col) })
	for _, p := range pairs {
		col := &m.columns[p.col]
		if col.Source != "" {
			continue
		}
		if _, dup := taken[p.c.field]; dup && p.c.field != fIgnore {
			continue
		}
		m.cols[p.col] = p.c.field
		col.Field, col.Source, col.Why = fieldName(p.c.field), SourceHeader, p.c.why
		if p.c.field != fIgnore {
			taken[p.c.field] = p.col
		}
	}
	// Explain the alternatives, per column and per field.
	byField := map[int]*FieldChoice{}
	choice := func(f int) *FieldChoice {
		if fc, ok := byField[f]; ok {
			return fc
		}
		fc := &FieldChoice{Field: fieldName(f)}
		if col, ok := taken[f]; ok {
			fc.Header, fc.Why = headers[col], m.columns[col].Why
		}
		byField[f] = fc
		return fc
	}
	for f := range taken {
		choice(f)
	}
	for i, cs := range cands {
		for _, c := range cs {
			if c.field == fIgnore || m.cols[i] == c.field {
				continue
			}
			why := c.why
			if c.score > 0 {
				if col, ok := taken[c.field]; ok {
					why = c.why.plus(" ; « %s » convient mieux", "; “%s” fits better", headers[col])
				} else if m.cols[i] != fUnknown {
					why = c.why.plus(" ; la colonne sert déjà à %s", "; the column is already %s", fieldName(m.cols[i]))
				}
			}
			m.columns[i].Alternatives = append(m.columns[i].Alternatives, Alternative{Field: fieldName(c.field), Why: why})
			fc := choice(c.field)
			fc.Others = append(fc.Others, Alternative{Header: headers[i], Why: why})
		}
	}
	for i := range m.columns {
		if m.cols[i] == fUnknown && len(m.columns[i].Alternatives) > 0 {
			m.columns[i].Why = msg("non lue : une autre colonne convient mieux à chaque champ qu'elle pourrait contenir (voir les alternatives)",
				"not read: another column fits each field it could hold better (see the alternatives)")
		} else if m.cols[i] == fUnknown && headers[i] != "" && m.columns[i].Why == (Msg{}) {
			m.columns[i].Why = msg("en-tête inconnu : rien n'est lu de cette colonne (choisissez un champ pour la lire)",
				"unknown header: nothing is read from this column (choose a field to read it)")
		}
	}
	for f := range len(fields) + 1 { // canonical order, then full_name
		if fc, ok := byField[f]; ok {
			m.fields = append(m.fields, *fc)
		}
	}
	return m
}

// consentNotes say what the file grants, so that the organiser knows who
// will be introduced or shown before anything is written.
func consentNotes(cols []int, granted bool) []Msg {
	missing := []struct {
		field          int
		plain, granted Msg
	}{
		{fMatch,
			msg("Aucune colonne ne demande le consentement à la mise en relation : personne n'est présenté à d'autres tant qu'il n'a pas accepté sur son téléphone.",
				"No column asks for matchmaking consent: nobody gets introduced until they opt in on their phone."),
			msg("Aucune colonne ne demande la mise en relation : avec --consent=granted, tout le monde dans ce fichier y consent. À n'utiliser que si votre formulaire l'a demandé.",
				"No column asks for matchmaking consent: with --consent=granted everyone in this file consents. Only right if your registration form asked.")},
		{fDirectory,
			msg("Aucune colonne ne demande l'annuaire : personne n'y figure tant qu'il ne l'a pas accepté sur son téléphone.",
				"No column asks about the directory: nobody is listed in it until they opt in on their phone."),
			msg("Aucune colonne ne demande l'annuaire : même avec --consent=granted, personne n'y figure tant qu'il ne l'a pas accepté sur son téléphone.",
				"No column asks about the directory: even with --consent=granted, nobody is listed in it until they opt in on their phone.")},
		{fBoard,
			msg("Aucune colonne ne demande l'affichage à l'écran public : aucun nom n'y apparaît tant que la personne n'a pas accepté sur son téléphone.",
				"No column asks about the public board: nobody's name appears on it until they opt in on their phone."),
			msg("Aucune colonne ne demande l'affichage à l'écran public : avec --consent=granted, tout le monde dans ce fichier y consent.",
				"No column asks about the public board: with --consent=granted everyone in this file consents.")},
	}
	var notes []Msg
	for _, m := range missing {
		switch {
		case slices.Contains(cols, m.field):
		case granted:
			notes = append(notes, m.granted)
		default:
			notes = append(notes, m.plain)
		}
	}
	return notes
}

// layoutSignature identifies a file layout (its headers, folded, in order)
// for the remembered mapping: the same tool's export has the same one.
func layoutSignature(headers []string) string {
	h := sha256.New()
	for _, s := range headers {
		h.Write([]byte(normalise(s)))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}
