package kiosk

import (
	"net/http"
	"strings"

	"icebreaker/data"
	"icebreaker/matcher"
)

// The admin's vocabulary page: the phrases no concept covers, most written
// first, each mapped to an existing concept (typeahead) or to a new one.
// A change applies to the live event at once, is saved in the event file
// (data.Settings.Vocabulary, loaded on top of --vocabulary at the next
// start) and the whole vocabulary in use downloads as a TSV file that
// --vocabulary reads.

// maxUncovered is how many uncovered phrases the page lists.
const maxUncovered = 100

// vocabularyPage is the data of admin_vocabulary.html.
type vocabularyPage struct {
	page
	Uncovered []matcher.Uncovered
	Lines     []data.VocabularyLine // the event's own, oldest first
	Error     string                // why the last change was refused
}

func (s *Server) handleVocabularyPage(w http.ResponseWriter, r *http.Request) {
	s.renderVocabulary(w, r, http.StatusOK, "")
}

func (s *Server) renderVocabulary(w http.ResponseWriter, r *http.Request, status int, why string) {
	p := s.adminPage(r, "vocabulary")
	p.Script = scriptText(p.Lang, "me.choices", "me.nochoice", "admin.picked")
	w.WriteHeader(status)
	s.render(w, "admin_vocabulary.html", vocabularyPage{page: p, Uncovered: s.day.Uncovered(maxUncovered),
		Lines: p.Settings.Vocabulary, Error: why})
}

// handleVocabularyMap saves one line of the event's vocabulary from the
// form: phrase and key (a concept picked in the typeahead, or its key
// typed), plus fr and en to make a new concept. A refusal shows the page
// again with its reason (400).
func (s *Server) handleVocabularyMap(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimSpace(r.FormValue("key"))
	if key == "" {
		key = strings.TrimSpace(r.FormValue("concept"))
	}
	line := data.VocabularyLine{Phrase: r.FormValue("phrase"), Key: key}
	if r.FormValue("new") != "" {
		line.FR, line.EN = r.FormValue("fr"), r.FormValue("en")
		if strings.TrimSpace(line.FR) == "" || strings.TrimSpace(line.EN) == "" {
			p := s.page(r)
			s.renderVocabulary(w, r, http.StatusBadRequest, Text{"Un nouveau concept a besoin d'un libellé français et d'un libellé anglais.", "A new concept needs a French and an English label."}.In(p.Lang))
			return
		}
	}
	if err := s.day.MapPhrase(line); err != nil {
		if t, ok := liveRefusal(err); ok {
			s.renderVocabulary(w, r, http.StatusBadRequest, t.In(lang(r, s.page(r).Event.Language)))
			return
		}
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/vocabulary?done=vocab", http.StatusSeeOther)
}

// handleVocabularyTSV downloads the vocabulary in use (the server's and the
// event's own lines) as a file for --vocabulary.
func (s *Server) handleVocabularyTSV(w http.ResponseWriter, r *http.Request) {
	raw, err := s.day.VocabularyTSV()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/tab-separated-values; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="vocabulary.tsv"`)
	w.Write(raw)
}
