package csvio

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"icebreaker/data"
)

// kind says how a cell is parsed, validated and written.
type kind int

const (
	kindText  kind = iota // one line of text, whitespace collapsed
	kindLong              // free text, line breaks kept
	kindEmail             // an email address
	kindList              // items split on ';' (or ',' when there is no ';')
	kindBool              // yes/no, oui/non, true/false, 1/0, x
)

// field is one attendee property a column can hold.
type field struct {
	name string // canonical header and JSON key
	kind kind
	text func(*data.Attendee) *string // kindText, kindLong, kindEmail
	list func(*data.Attendee) *[]string
	flag func(*data.Attendee) *bool
}

// fields are the importable and exportable properties, in the canonical
// column order: the 14 canonical headers, then languages and the project's
// stage and description.
var fields = []field{
	{name: "first_name", kind: kindText, text: func(a *data.Attendee) *string { return &a.FirstName }},
	{name: "last_name", kind: kindText, text: func(a *data.Attendee) *string { return &a.LastName }},
	{name: "email", kind: kindEmail, text: func(a *data.Attendee) *string { return &a.Email }},
	{name: "organisation", kind: kindText, text: func(a *data.Attendee) *string { return &a.Organisation }},
	{name: "title", kind: kindText, text: func(a *data.Attendee) *string { return &a.Title }},
	{name: "sector", kind: kindText, text: func(a *data.Attendee) *string { return &a.Project.Sector }},
	{name: "project", kind: kindText, text: func(a *data.Attendee) *string { return &a.Project.Name }},
	{name: "offers", kind: kindList, list: func(a *data.Attendee) *[]string { return &a.Offers }},
	{name: "needs", kind: kindList, list: func(a *data.Attendee) *[]string { return &a.Needs }},
	{name: "interests", kind: kindList, list: func(a *data.Attendee) *[]string { return &a.Interests }},
	{name: "matchmaking_consent", kind: kindBool, flag: func(a *data.Attendee) *bool { return &a.MatchConsent }},
	{name: "board_consent", kind: kindBool, flag: func(a *data.Attendee) *bool { return &a.BoardConsent }},
	{name: "host", kind: kindBool, flag: func(a *data.Attendee) *bool { return &a.Host }},
	{name: "ticket_code", kind: kindText, text: func(a *data.Attendee) *string { return &a.TicketCode }},
	{name: "languages", kind: kindList, list: func(a *data.Attendee) *[]string { return &a.Languages }},
	{name: "project_stage", kind: kindText, text: func(a *data.Attendee) *string { return &a.Project.Stage }},
	{name: "project_description", kind: kindLong, text: func(a *data.Attendee) *string { return &a.Project.Description }},
}

// Indexes into fields, in the same order, then the pseudo-fields a column
// may map to on import only.
const (
	fFirstName = iota
	fLastName
	fEmail
	fOrganisation
	fTitle
	fSector
	fProject
	fOffers
	fNeeds
	fInterests
	fMatch
	fBoard
	fHost
	fTicket
	fLanguages
	fStage
	fDescription
	fFullName // "Nom complet", split into first and last name on the first space
	fIgnore   // known columns with nothing to import (timestamps, IDs, badge codes)
	fUnknown  = -1
)

// FieldNames lists the names --map accepts: the canonical fields, then
// full_name (split on the first space) and ignore.
func FieldNames() []string {
	names := make([]string, 0, len(fields)+2)
	for _, f := range fields {
		names = append(names, f.name)
	}
	return append(names, "full_name", "ignore")
}

func fieldByName(name string) int {
	name = strings.ReplaceAll(normalise(name), " ", "_")
	for i, n := range FieldNames() {
		if n == name {
			return i
		}
	}
	return fUnknown
}

func fieldName(i int) string { return FieldNames()[i] }

var foldAccents = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// normalise folds a header or a yes/no cell for comparison: lower case, no
// accents, œ → oe, every run of non-letters and non-digits one space.
func normalise(s string) string {
	folded, _, err := transform.String(foldAccents, s)
	if err != nil {
		folded = s
	}
	folded = strings.NewReplacer("œ", "oe", "Œ", "oe", "æ", "ae", "Æ", "ae").Replace(folded)
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(folded) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// exactHeaders maps whole normalised headers that the keyword rules would
// get wrong or miss.
var exactHeaders = map[string]int{
	"nom": fLastName, "name": fFullName, "full name": fFullName, "nom complet": fFullName,
	"nom et prenom": fFullName, "prenom et nom": fFullName, "prenom nom": fFullName,
	"participant": fFullName, "attendee name": fFullName, "nom du participant": fFullName,
	"titre": fTitle, "date": fIgnore, "id": fIgnore, "badge code": fIgnore, "created at": fIgnore,
	"updated at": fIgnore, "mail": fEmail, "code": fTicket,
}

// headerRule maps a header that contains one of the keywords, each matched
// at the start of a word ("need" matches "needs"; a trailing space demands
// the whole word). Rules are tried in order; the order settles headers that
// name two things ("Nom de l'entreprise" is an organisation, "Secteur du
// projet" a sector).
type headerRule struct {
	field    int
	keywords []string
}

var headerRules = []headerRule{
	{fIgnore, []string{"horodat", "timestamp", "date de ", "order date", "date d "}},
	{fBoard, []string{"public board", "board consent", "apparaitre", "appear on", "show me on", "affichage"}},
	{fMatch, []string{"consent", "j accepte", "i agree", "i accept", "rgpd", "gdpr", "autoris", "mise en relation", "matchmaking", "mis en relation", "networking"}},
	{fEmail, []string{"email", "e mail", "courriel", "mail ", "adresse electronique"}},
	{fTicket, []string{"barcode", "code barre", "codebarre", "ticket code", "code billet", "code du billet", "numero de billet", "ticket number", "ticket secret", "secret ", "ticket id", "billet "}},
	{fFirstName, []string{"prenom", "first name", "firstname", "given name", "forename"}},
	{fLastName, []string{"nom de famille", "last name", "lastname", "surname", "family name"}},
	{fDescription, []string{"description", "pitch", "presentation"}},
	{fStage, []string{"stade", "stage", "maturite", "etape"}},
	{fSector, []string{"secteur", "sector", "industry", "industrie", "domaine"}},
	{fTitle, []string{"fonction", "poste", "job", "title", "role ", "intitule"}},
	{fOffers, []string{"competence", "skill", "peux aider", "can help", "expertise", "propose", "offer", "apporter", "offre"}},
	{fNeeds, []string{"besoin", "need", "cherche", "recherche", "looking for"}},
	{fInterests, []string{"interet", "interest", "sujet", "topic", "thematique", "centre d"}},
	{fLanguages, []string{"langue", "language", "idiom"}},
	{fHost, []string{"host", "hote", "animat", "facilitat"}},
	{fProject, []string{"projet", "project", "startup"}},
	{fOrganisation, []string{"entreprise", "societe", "organisation", "organization", "company", "structure", "employeur", "raison sociale", "association", "etablissement", "affiliation"}},
	{fLastName, []string{"nom "}},
	{fFullName, []string{"name "}},
}

// boardWords turn a consent column into the public-board consent.
var boardWords = []string{"board", "ecran", "affich", "public", "tableau", "screen", "display"}

// fieldForHeader recognises a header (as written in the file).
func fieldForHeader(header string) int {
	h := normalise(header)
	if h == "" {
		return fUnknown
	}
	if f, ok := exactHeaders[h]; ok {
		return f
	}
	if f := fieldByName(h); f != fUnknown {
		return f
	}
	padded := " " + h + " "
	for _, rule := range headerRules {
		for _, kw := range rule.keywords {
			if strings.Contains(padded, " "+kw) {
				if rule.field == fMatch && containsAny(padded, boardWords) {
					return fBoard
				}
				return rule.field
			}
		}
	}
	return fUnknown
}

func containsAny(padded string, words []string) bool {
	for _, w := range words {
		if strings.Contains(padded, " "+w) {
			return true
		}
	}
	return false
}
