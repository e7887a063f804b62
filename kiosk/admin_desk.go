package kiosk

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/data/csvio"
	"icebreaker/kiosk/live"
)

// The organiser's desk (/admin/desk): who has not arrived (filter, sort,
// export), check-in and its undo from the admin, and the correction of a
// name or an organisation. The verbs are the Day's (kiosk/live desk.go).

// deskQuery reads the desk's filter from the URL or the form: q (text),
// status (absent by default; "all" for everyone) and sort.
func deskQuery(r *http.Request) live.DeskQuery {
	q := live.DeskQuery{Text: strings.TrimSpace(r.FormValue("q")), Status: live.NotArrived, Sort: r.FormValue("sort")}
	switch st := r.FormValue("status"); st {
	case live.Inside, live.Left, live.NotArrived:
		q.Status = st
	case "all":
		q.Status = ""
	}
	return q
}

// deskBack is the desk with the filter of the request, and a flash.
func deskBack(r *http.Request, done string) string {
	v := url.Values{}
	if done != "" {
		v.Set("done", done)
	}
	for _, k := range []string{"q", "status", "sort"} {
		if x := r.FormValue(k); x != "" {
			v.Set(k, x)
		}
	}
	return "/admin/desk?" + v.Encode()
}

// deskPage is the data of admin_desk.html.
type deskPage struct {
	page
	List   live.DeskList
	Rows   []live.DeskRow // the first maxRows of List.Rows
	Query  live.DeskQuery
	Status string // the status field as sent ("all" for everyone)
	Export string // the query string of the export links
	Nonce  string // the check-in buttons' nonce: a form sent twice is one check-in
}

func (s *Server) handleDesk(w http.ResponseWriter, r *http.Request) {
	q := deskQuery(r)
	l, err := s.day.Desk(q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	nonce, err := checkin.NewSecret()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p := deskPage{page: s.adminPage(r, "desk"), List: l, Rows: l.Rows[:min(len(l.Rows), maxRows)], Query: q, Nonce: nonce,
		Status: cmpOr(q.Status, "all")}
	p.Export = url.Values{"q": {q.Text}, "status": {p.Status}, "sort": {q.Sort}}.Encode()
	s.render(w, "admin_desk.html", p)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// handleDeskCSV serves the desk's list as the attendees export does
// (csvio.WriteAttendees; ?excel=1 for French Excel): who has not arrived,
// to call or e-mail them.
func (s *Server) handleDeskCSV(w http.ResponseWriter, r *http.Request) {
	l, err := s.day.Desk(deskQuery(r))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	people := make([]data.Attendee, len(l.Rows))
	for i, row := range l.Rows {
		people[i] = row.Attendee
	}
	name := "people"
	if st := deskQuery(r).Status; st != "" {
		name = st
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", s.store.Now().Format("20060102-1504-")+name+".csv"))
	if err := csvio.WriteAttendees(w, people, csvio.ExportOptions{Excel: r.URL.Query().Get("excel") == "1", Location: s.event().Location()}); err != nil {
		s.log.Error("desk export", "err", err)
	}
}

// handleDeskCheckIn checks a person in from the desk, as a scan of their
// badge would (Day.CheckInFromDesk).
func (s *Server) handleDeskCheckIn(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	res, err := s.day.CheckInFromDesk(r.Context(), id, live.AdminKiosk, r.FormValue("nonce")+":"+r.PathValue("id"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	done := "checkedin"
	if res.Result != checkin.OK {
		done = "already"
	}
	http.Redirect(w, r, deskBack(r, done), http.StatusSeeOther)
}

// handleDeskUndo takes back a person's last entry (Day.UndoEntry), after
// the confirmation.
func (s *Server) handleDeskUndo(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		_, err = s.day.UndoEntry(id)
	}
	switch {
	case errors.Is(err, data.ErrNotInside):
		http.Redirect(w, r, deskBack(r, "notinside"), http.StatusSeeOther)
	case err != nil:
		s.failErr(w, r, err)
	default:
		http.Redirect(w, r, deskBack(r, "undone"), http.StatusSeeOther)
	}
}

// editPage is the data of admin_edit.html.
type editPage struct {
	page
	Person data.Attendee
	Error  string
	Action string // the form's target, with the desk's filter to come back to
	Back   string
}

// editPageOf is the edit page of a, for request r.
func (s *Server) editPageOf(r *http.Request, a data.Attendee) editPage {
	action := fmt.Sprintf("/admin/attendees/%d/edit", a.ID)
	if r.URL.RawQuery != "" {
		action += "?" + r.URL.RawQuery
	}
	return editPage{page: s.adminPage(r, "desk"), Person: a, Action: action, Back: deskBack(r, "")}
}

func (s *Server) handleEditPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var a data.Attendee
	if err == nil {
		err = s.store.View(func(tx *data.Tx) (err error) { a, err = tx.Attendee(id); return })
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.render(w, "admin_edit.html", s.editPageOf(r, a))
}

// handleEdit corrects a person's first name, last name and organisation
// (Day.Rename: the matcher and the screens follow), and whether they are
// in the organising team (Day.SetTeam).
func (s *Server) handleEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	n := live.Names{FirstName: r.PostFormValue("first_name"), LastName: r.PostFormValue("last_name"), Organisation: r.PostFormValue("organisation")}
	if msg, ok := checkNames(&n.FirstName, &n.LastName, &n.Organisation); !ok {
		p := s.editPageOf(r, data.Attendee{ID: id, FirstName: n.FirstName, LastName: n.LastName, Organisation: n.Organisation, Team: r.PostFormValue("team") == "1"})
		p.Error = msg.In(p.Lang)
		w.WriteHeader(http.StatusBadRequest)
		s.render(w, "admin_edit.html", p)
		return
	}
	if _, err := s.day.Rename(id, n); err != nil {
		s.failErr(w, r, err)
		return
	}
	if _, err := s.day.SetTeam(id, r.PostFormValue("team") == "1"); err != nil { // may lead a group (admin_groups.go)
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, deskBack(r, "renamed"), http.StatusSeeOther)
}

// checkNames trims a first name (required), then the other fields, and
// says what is wrong with them, if anything (the walk-in form's rules).
func checkNames(first *string, others ...*string) (Text, bool) {
	for _, f := range append([]*string{first}, others...) {
		*f = strings.TrimSpace(*f)
		if utf8.RuneCountInString(*f) > maxFieldRunes {
			return Text{fmt.Sprintf("Champ trop long (%d caractères au plus).", maxFieldRunes), fmt.Sprintf("Field too long (at most %d characters).", maxFieldRunes)}, false
		}
	}
	if *first == "" {
		return Text{"Le prénom est obligatoire.", "The first name is required."}, false
	}
	return Text{}, true
}

func init() {
	addLabels(map[string]Text{
		"admin.desk":          {"Accueil", "Desk"},
		"admin.desk.h":        {"Accueil des participants", "Attendee desk"},
		"admin.desk.filter":   {"Filtrer (nom, organisation, e-mail)", "Filter (name, organisation, email)"},
		"admin.desk.status":   {"Qui", "Who"},
		"admin.desk.absent":   {"Pas encore arrivés", "Not arrived yet"},
		"admin.desk.inside":   {"Sur place", "Inside"},
		"admin.desk.left":     {"Venus puis sortis", "Came, then left"},
		"admin.desk.all":      {"Tout le monde", "Everyone"},
		"admin.desk.sort":     {"Trier par", "Sort by"},
		"admin.desk.bylast":   {"Nom", "Last name"},
		"admin.desk.byfirst":  {"Prénom", "First name"},
		"admin.desk.byorg":    {"Organisation", "Organisation"},
		"admin.desk.apply":    {"Afficher", "Show"},
		"admin.desk.export":   {"Exporter cette liste", "Export this list"},
		"admin.desk.name":     {"Nom", "Name"},
		"admin.desk.state":    {"État", "Status"},
		"admin.desk.actions":  {"Actions", "Actions"},
		"admin.desk.checkin":  {"Faire entrer", "Check in"},
		"admin.desk.undo":     {"Annuler l'entrée", "Undo the entry"},
		"admin.desk.edit":     {"Corriger", "Correct"},
		"admin.desk.none":     {"Personne dans cette liste.", "No one in this list."},
		"admin.desk.shown":    {"affichés sur", "shown of"},
		"admin.edit.h":        {"Corriger le nom ou l'organisation", "Correct the name or the organisation"},
		"admin.edit.help":     {"La correction s'applique aussitôt : écran, mobiles, suggestions (les collègues d'une même organisation ne sont pas proposés entre eux).", "The correction applies at once: board, phones, suggestions (colleagues of one organisation are not suggested to each other)."},
		"admin.edit.first":    {"Prénom", "First name"},
		"admin.edit.last":     {"Nom", "Last name"},
		"admin.edit.org":      {"Organisation", "Organisation"},
		"flash.checkedin":     {"Entrée enregistrée.", "Check-in recorded."},
		"flash.already":       {"Cette personne est déjà sur place : rien n'a changé.", "This person is inside already: nothing changed."},
		"flash.undone":        {"Entrée annulée : les compteurs, l'écran et les mobiles sont à jour.", "Entry undone: the counts, the board and the phones are up to date."},
		"flash.notinside":     {"Cette personne n'est pas sur place : aucune entrée à annuler.", "This person is not inside: no entry to undo."},
		"flash.renamed":       {"Correction enregistrée : l'écran, les mobiles et les suggestions en tiennent compte.", "Correction saved: the board, the phones and the suggestions use it."},
		"admin.status.absent": {"pas encore arrivé(e)", "not arrived yet"},
		"admin.status.inside": {"sur place", "inside"},
		"admin.status.left":   {"sorti(e)", "left"},
	})
}

// Labels of the rounds as the organisers and the phones see them: who has
// no table, and why (live.Why* keys).
func init() {
	addLabels(map[string]Text{
		"admin.away":          {"sorti(e) depuis", "left since"},
		"admin.leftout":       {"Présents sans table", "Present without a table"},
		"admin.noneleft":      {"Toutes les personnes présentes ont une table.", "Everyone present has a table."},
		"admin.why.noconsent": {"sans accord pour les mises en relation", "without consent to introductions"},
		"admin.why.late":      {"arrivé(e) ou inscrit(e) après le début du tour", "arrived or joined after the round started"},
		"admin.why.odd":       {"sans partenaire disponible (nombre impair, ou déjà rencontré(e)s)", "no partner left (odd number, or already met)"},
		"me.why.noconsent":    {"Vous n'avez pas de table à ce tour : vous n'avez pas accepté les suggestions de rencontres (voir « Mes choix » plus bas).", "You have no table in this round: you have not accepted suggestions of people to meet (see “My choices” below)."},
		"me.why.late":         {"Vous n'avez pas de table à ce tour : les tables ont été faites avant votre arrivée. Vous pourrez être placé(e) au prochain tour.", "You have no table in this round: the tables were made before you arrived. You can be seated in the next round."},
		"me.why.odd":          {"Vous n'avez pas de table à ce tour : il ne restait personne que vous n'ayez déjà rencontré (ou le nombre était impair).", "You have no table in this round: no one was left whom you had not met already (or the number was odd)."},
		"me.why.absent":       {"Un tour de rencontres est en cours parmi les personnes présentes : faites scanner votre badge à l'accueil pour participer au prochain.", "A networking round is running among the people present: have your badge scanned at the door to join the next one."},
	})
}
