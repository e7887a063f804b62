package kiosk

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"icebreaker/data"
)

// confirmPage is the data of admin_confirm.html: the question before a
// destructive action, and a form that posts the same values again with
// confirm=yes. It needs no script: Enter or a click confirms (the button
// has the focus), the link goes back. With no Action it shows an error.
type confirmPage struct {
	page
	Question string
	Action   string      // the form's target: the action's own URL
	Fields   [][2]string // the values posted first, sent again
	Back     string      // where "cancel" goes
}

// confirmFirst asks before next runs: a POST without confirm=yes gets the
// question page, whose button posts again with it. question says what is
// about to happen, in the page's language.
func (s *Server) confirmFirst(question func(r *http.Request, lang string) string, back string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("confirm") == "yes" {
			next(w, r)
			return
		}
		p := confirmPage{page: s.adminPage(r, ""), Action: r.URL.Path, Back: back}
		p.Question = question(r, p.Lang)
		for k, vs := range r.PostForm {
			for _, v := range vs {
				if k != "confirm" {
					p.Fields = append(p.Fields, [2]string{k, v})
				}
			}
		}
		if q := r.FormValue("q"); q != "" && back == "/admin/attendees" {
			p.Back += "?q=" + url.QueryEscape(q)
		}
		s.render(w, "admin_confirm.html", p)
	}
}

// attendeeQuestion is a confirmation question about the attendee of the
// path: fr and en take the person's name.
func (s *Server) attendeeQuestion(fr, en string) func(*http.Request, string) string {
	return func(r *http.Request, lang string) string {
		name := "?"
		if id, err := pathID(r); err == nil {
			s.store.View(func(tx *data.Tx) error {
				if a, err := tx.Attendee(id); err == nil {
					name = a.FullName()
				}
				return nil
			})
		}
		return fmt.Sprintf(Text{fr, en}.In(lang), name)
	}
}

// kioskQuestion asks before a kiosk's key is revoked.
func (s *Server) kioskQuestion(r *http.Request, lang string) string {
	name := r.PathValue("id")
	if id, err := strconv.ParseUint(name, 10, 64); err == nil {
		s.store.View(func(tx *data.Tx) error {
			return tx.ForEachKiosk(func(k data.Kiosk) error {
				if k.ID == id {
					name = k.Name
				}
				return nil
			})
		})
	}
	return fmt.Sprintf(Text{"Révoquer la borne « %s » ? Sa clé sera refusée dès maintenant.", "Revoke the kiosk “%s”? Its key is refused from now on."}.In(lang), name)
}

func stopQuestion(_ *http.Request, lang string) string {
	return Text{"Arrêter le tour en cours ? Les tables disparaissent de l'écran et des mobiles.", "Stop the current round? Its tables leave the board and the phones."}.In(lang)
}

func init() {
	addLabels(map[string]Text{
		"admin.confirmgo": {"Confirmer", "Confirm"},
		"admin.cancel":    {"Annuler", "Cancel"},
		"admin.confirmq":  {"Confirmation", "Confirmation"},
	})
}
