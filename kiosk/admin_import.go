package kiosk

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"icebreaker/data/csvio"
)

// The admin's import in two steps. "Preview" uploads the file, which is
// kept here under a random token, and shows how each column is read (a
// choice per column, as `import --map` gives on the command line) with
// the first rows as they would import; the organiser changes a column and
// previews again, then imports the same file with that mapping. csvio
// remembers the mapping of a successful import for the next file of the
// same layout, which then previews with it (Source "remembered").

func init() {
	addLabels(map[string]Text{
		"admin.previewbtn":   {"Aperçu avant import", "Preview before importing"},
		"admin.importnow":    {"Importer sans aperçu", "Import without a preview"},
		"admin.preview":      {"Aperçu", "Preview"},
		"admin.mappinghelp":  {"Chaque colonne du fichier et ce qui en est lu. Changez un choix, puis « Mettre à jour l'aperçu » ; le choix est mémorisé pour les prochains imports de ce format.", "Each column of the file and what is read from it. Change a choice, then “Update the preview”; the choice is remembered for the next imports of this layout."},
		"admin.mapping":      {"Choix des colonnes", "Column choice"},
		"admin.column":       {"Colonne du fichier", "Column of the file"},
		"admin.readas":       {"Lue comme", "Read as"},
		"admin.why":          {"Pourquoi", "Why"},
		"admin.firstrows":    {"Les premières lignes telles qu'elles seront importées", "The first rows as they will import"},
		"admin.row":          {"Ligne", "Row"},
		"admin.action":       {"Résultat", "Result"},
		"admin.previewagain": {"Mettre à jour l'aperçu", "Update the preview"},
		"admin.importthis":   {"Importer ce fichier", "Import this file"},
		"admin.remembered":   {"Le choix des colonnes est mémorisé : le prochain fichier de ce format sera lu de la même façon.", "The column choice is remembered: the next file of this layout will be read the same way."},
	})
}

// pendingImport is an uploaded file waiting for its import.
type pendingImport struct {
	name string
	body []byte
	at   time.Time
}

// pendingImports are the uploads between their preview and their import:
// at most pendingImportMax (the oldest goes first), each for pendingImportFor.
type pendingImports struct {
	mu    sync.Mutex
	files map[string]pendingImport
}

const (
	pendingImportMax = 4
	pendingImportFor = time.Hour
)

func (p *pendingImports) put(name string, body []byte, now time.Time) string {
	b := make([]byte, 16)
	rand.Read(b)
	token := hex.EncodeToString(b)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.files == nil {
		p.files = map[string]pendingImport{}
	}
	for len(p.files) >= pendingImportMax {
		oldest := ""
		for k, f := range p.files {
			if oldest == "" || f.at.Before(p.files[oldest].at) {
				oldest = k
			}
		}
		delete(p.files, oldest)
	}
	p.files[token] = pendingImport{name: name, body: body, at: now}
	return token
}

func (p *pendingImports) get(token string, now time.Time) (pendingImport, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f, ok := p.files[token]
	if ok && now.Sub(f.at) > pendingImportFor {
		delete(p.files, token)
		return pendingImport{}, false
	}
	return f, ok
}

func (p *pendingImports) drop(token string) {
	p.mu.Lock()
	delete(p.files, token)
	p.mu.Unlock()
}

// importPreview is what admin_import.html shows of a previewed file: its
// token, the column choices and the first rows.
type importPreview struct {
	Token, Name string
	SkipInvalid bool
	Consent     bool
	Columns     []columnChoice
	Heads       []string // the preview rows' columns, previewHeads named for people
	Rows        []previewLine
}

// columnChoice is one column of the file with the field it is read as
// (a select of every field) and why.
type columnChoice struct {
	Index         int
	Header, Field string // Field "ignore" also for a column nothing is read from
	Source, Why   string
	FromMap       bool // the organiser's own choice: kept on the next preview
	Options       []fieldOption
	SampleValues  string
}

type fieldOption struct {
	Name, Label string
	Selected    bool
}

// previewLine is one row of the preview, in the columns previewHeads names.
type previewLine struct {
	Row    int
	Cells  []string
	Action string
	Errors []string
}

// previewHeads are the fields the preview rows show.
var previewHeads = []string{"first_name", "last_name", "email", "organisation", "title", "sector", "ticket_code", "matchmaking_consent", "board_consent"}

// handleImportStep serves the two steps of the admin's import (step
// "preview" or "import"): a new upload, or the token of one, with the
// organiser's column choices (map.N, against was.N, the field shown).
func (s *Server) handleImportStep(w http.ResponseWriter, r *http.Request, step string) {
	p := importPage{page: s.adminPage(r, "import")}
	opts := csvio.Options{SkipInvalid: r.FormValue("skip_invalid") != "", ConsentGranted: r.FormValue("consent_granted") != ""}
	now := s.now()
	token := r.FormValue("token")
	var up pendingImport
	if token == "" {
		f, hdr, err := r.FormFile("file")
		if err == nil {
			defer f.Close()
			var body []byte
			if body, err = io.ReadAll(f); err == nil {
				up = pendingImport{name: hdr.Filename, body: body, at: now}
				token = s.uploads.put(up.name, body, now)
			}
		}
		if err != nil {
			p.Error = Text{"Choisissez un fichier CSV ou JSON (64 Mo au plus).", "Choose a CSV or JSON file (64 MB at most)."}.In(p.Lang)
			w.WriteHeader(http.StatusBadRequest)
			s.render(w, "admin_import.html", p)
			return
		}
	} else {
		var ok bool
		if up, ok = s.uploads.get(token, now); !ok {
			p.Error = Text{"Cet aperçu a expiré (ou le serveur a redémarré) : choisissez le fichier à nouveau.",
				"This preview has expired (or the server restarted): choose the file again."}.In(p.Lang)
			w.WriteHeader(http.StatusGone)
			s.render(w, "admin_import.html", p)
			return
		}
	}
	opts.Map = columnMap(r)
	var rep csvio.Report
	var err error
	if step == "import" {
		started := s.store.Now()
		rep, err = csvio.Import(s.store, bytes.NewReader(up.body), opts)
		if err == nil {
			err = s.day.Imported(started)
		}
		if err == nil {
			s.uploads.drop(token)
			p.Report, p.Remembered = &rep, rep.Format == "csv"
			s.render(w, "admin_import.html", p)
			return
		}
		// Nothing written: the same preview again, with what went wrong.
		if prev, perr := csvio.Preview(s.store, bytes.NewReader(up.body), opts); perr == nil || errors.Is(perr, csvio.ErrInvalidRows) {
			rep.Preview = prev.Preview
		}
	} else {
		rep, err = csvio.Preview(s.store, bytes.NewReader(up.body), opts)
		p.DryRun = true
	}
	p.Report = &rep
	p.Preview = previewOf(rep, token, up.name, opts, p.Lang)
	if err != nil {
		p.Error = importErrorText(err, rep).In(p.Lang)
		if !errors.Is(err, csvio.ErrInvalidRows) {
			w.WriteHeader(http.StatusUnprocessableEntity)
		}
	}
	s.render(w, "admin_import.html", p)
}

// columnMap reads the organiser's column choices: header.N is column N's
// header, map.N the field chosen for it, was.N the field the preview
// showed and from.N "map" when that was already the organiser's choice.
// A choice is sent to csvio (Options.Map) when it changed or was the
// organiser's before, so recognition keeps explaining the others.
func columnMap(r *http.Request) map[string]string {
	m := map[string]string{}
	for i := 0; ; i++ {
		n := strconv.Itoa(i)
		header, ok := r.Form["header."+n]
		if !ok || len(header) == 0 {
			break
		}
		field := r.FormValue("map." + n)
		if field == "" {
			continue
		}
		if field != r.FormValue("was."+n) || r.FormValue("from."+n) == csvio.SourceMap {
			m[header[0]] = field
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// previewOf turns a previewed report into the page's column choices and
// rows.
func previewOf(rep csvio.Report, token, name string, opts csvio.Options, lang string) *importPreview {
	pv := &importPreview{Token: token, Name: name, SkipInvalid: opts.SkipInvalid, Consent: opts.ConsentGranted}
	for i, c := range rep.Columns {
		if rep.Format != "csv" { // a JSON file names its fields: nothing to choose
			break
		}
		field := c.Field
		if field == "" {
			field = "ignore"
		}
		cc := columnChoice{Index: i, Header: c.Header, Field: field, Source: sourceText(c.Source).In(lang), Why: c.Why.In(lang), FromMap: c.Source == csvio.SourceMap}
		for _, f := range csvio.FieldNames() {
			cc.Options = append(cc.Options, fieldOption{Name: f, Label: csvio.FieldLabel(f).In(lang), Selected: f == field})
		}
		pv.Columns = append(pv.Columns, cc)
	}
	for _, f := range previewHeads {
		pv.Heads = append(pv.Heads, csvio.FieldLabel(f).In(lang))
	}
	for _, pr := range rep.Preview {
		a := pr.Attendee
		yes := func(b bool) string {
			if b {
				return Text{"oui", "yes"}.In(lang)
			}
			return Text{"non", "no"}.In(lang)
		}
		line := previewLine{Row: pr.Row, Action: actionText(pr.Action).In(lang),
			Cells: []string{a.FirstName, a.LastName, a.Email, a.Organisation, a.Title, a.Project.Sector, a.TicketCode, yes(a.MatchConsent), yes(a.BoardConsent)}}
		for _, e := range pr.Errors {
			line.Errors = append(line.Errors, e.In(lang))
		}
		pv.Rows = append(pv.Rows, line)
	}
	return pv
}

func sourceText(src string) Text {
	switch src {
	case csvio.SourceMap:
		return Text{"votre choix", "your choice"}
	case csvio.SourceRemembered:
		return Text{"mémorisé au dernier import de ce format", "remembered from the last import of this layout"}
	default:
		return Text{"reconnu", "recognised"}
	}
}

func actionText(action string) Text {
	switch action {
	case "create":
		return Text{"nouvelle personne", "new person"}
	case "update":
		return Text{"mise à jour", "update"}
	case "unchanged":
		return Text{"inchangée", "unchanged"}
	default:
		return Text{"rejetée", "rejected"}
	}
}

// importErrorText says in both languages why a file was not imported; the
// row errors themselves (row and column named) are listed with the report.
func importErrorText(err error, rep csvio.Report) Text {
	detail := err.Error()
	switch {
	case errors.Is(err, csvio.ErrInvalidRows):
		return Text{strconv.Itoa(rep.Rejected) + " ligne(s) sur " + strconv.Itoa(rep.Rows) + " invalide(s) : rien n'a été importé. Corrigez-les (ligne et colonne ci-dessous), changez le choix des colonnes, ou cochez « Importer les lignes valides malgré les erreurs ».",
			strconv.Itoa(rep.Rejected) + " of " + strconv.Itoa(rep.Rows) + " row(s) invalid: nothing was imported. Fix them (row and column below), change the column choice, or tick “Import the valid rows despite errors”."}
	case errors.Is(err, csvio.ErrNoColumns):
		return Text{"Les colonnes nécessaires (un nom, et un e-mail ou un code de billet) ne sont pas reconnues : choisissez-les ci-dessous, puis « Mettre à jour l'aperçu ». (" + detail + ")",
			"The columns needed (a name, and an e-mail or a ticket code) are not recognised: choose them below, then “Update the preview”. (" + detail + ")"}
	case errors.Is(err, csvio.ErrEmpty):
		return Text{"Le fichier est vide.", "The file is empty."}
	case errors.Is(err, csvio.ErrNotText):
		return Text{"Ce n'est pas un fichier texte : enregistrez-le depuis votre tableur au format CSV. (" + detail + ")", "This is not a text file: save it from your spreadsheet as CSV. (" + detail + ")"}
	case errors.Is(err, csvio.ErrBadMap):
		return Text{"Choix de colonne invalide : " + detail, "Invalid column choice: " + detail}
	}
	return Text{"Le fichier n'a pas pu être lu : " + detail, "The file could not be read: " + detail}
}

// isImportStep reports the step of an import form ("preview", "import"),
// "" for the one-step upload.
func isImportStep(r *http.Request) string {
	switch step := strings.TrimSpace(r.FormValue("step")); step {
	case "preview", "import":
		return step
	}
	return ""
}
