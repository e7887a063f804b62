package csvio

import (
	"strings"
	"unicode"

	"icebreaker/data"
	"icebreaker/internal/textfold"
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
// stage and description, then the directory's consent and the project
// sheet's milestones and goals.
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
	// The directory: its consent and the project sheet's lists.
	{name: "directory_consent", kind: kindBool, flag: func(a *data.Attendee) *bool { return &a.DirectoryConsent }},
	{name: "project_milestones", kind: kindList, list: func(a *data.Attendee) *[]string { return &a.Project.Milestones }},
	{name: "project_goals", kind: kindList, list: func(a *data.Attendee) *[]string { return &a.Project.Goals }},
	// The organising team: who may lead a group formed before the day.
	{name: "team", kind: kindBool, flag: func(a *data.Attendee) *bool { return &a.Team }},
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
	fDirectory
	fMilestones
	fGoals
	fTeam
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

// normalise folds a header or a yes/no cell for comparison: textfold's
// folding (lower case, no accents, œ → oe), then every run of characters
// other than letters and digits as one space.
func normalise(s string) string {
	var b strings.Builder
	space := false
	for _, r := range textfold.Fold(s) {
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

// fieldNames name the fields: FR is a column's header in the Excel export
// (import recognises every one, see TestWriteAttendees_ExcelReimports), EN
// its label for people. full_name and ignore are choices of the admin's
// column form, never exported; badge_code is exported only (no label).
var fieldNames = map[string]Msg{
	"first_name":          {FR: "Prénom", EN: "First name"},
	"last_name":           {FR: "Nom", EN: "Last name"},
	"email":               {FR: "E-mail", EN: "E-mail"},
	"organisation":        {FR: "Organisation", EN: "Organisation"},
	"title":               {FR: "Fonction", EN: "Job title"},
	"sector":              {FR: "Secteur", EN: "Sector"},
	"project":             {FR: "Projet", EN: "Project"},
	"offers":              {FR: "Propose", EN: "Can help with"},
	"needs":               {FR: "Cherche", EN: "Looking for"},
	"interests":           {FR: "Centres d'intérêt", EN: "Interests"},
	"matchmaking_consent": {FR: "Consentement mise en relation", EN: "Consent to introductions"},
	"board_consent":       {FR: "Consentement écran public", EN: "Consent to the public screen"},
	"host":                {FR: "Hôte de table", EN: "Table host"},
	"ticket_code":         {FR: "Code billet", EN: "Ticket code"},
	"languages":           {FR: "Langues", EN: "Languages"},
	"project_stage":       {FR: "Stade du projet", EN: "Project stage"},
	"project_description": {FR: "Description du projet", EN: "Project description"},
	"directory_consent":   {FR: "Consentement annuaire", EN: "Consent to the directory"},
	"project_milestones":  {FR: "Jalons franchis", EN: "Milestones reached"},
	"project_goals":       {FR: "Objectifs", EN: "Goals"},
	"team":                {FR: "Équipe organisatrice", EN: "Organising team"},
	"badge_code":          {FR: "Code de badge"},
	"full_name":           {FR: "Nom complet (coupé au premier espace)", EN: "Full name (split on the first space)"},
	"ignore":              {FR: "Ignorer cette colonne", EN: "Ignore this column"},
}

// FieldLabel names a field of FieldNames() for the organiser, in French
// and English (for the admin's column choice); an unknown name is returned
// as is.
func FieldLabel(name string) Msg {
	l := fieldNames[name]
	if l.FR == "" || l.EN == "" {
		return Msg{FR: name, EN: name}
	}
	return l
}
