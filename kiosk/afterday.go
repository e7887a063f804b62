package kiosk

import (
	"net/http"

	"icebreaker/kiosk/live"
)

// phoneDayPage is the data of phone_day.html: one list after the other.
type phoneDayPage struct {
	page
	Secret string
	Lists  []dayList
}

// dayList is one list of the "my day" page.
type dayList struct {
	ID, Title, Empty string // label keys for the title and the empty line
	People           []live.Contact
}

func (s *Server) handlePhoneDay(w http.ResponseWriter, r *http.Request) {
	a, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	day, err := s.day.MyDay(a.ID)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store") // the page carries the secret link and others' contacts
	s.render(w, "phone_day.html", phoneDayPage{page: s.page(r), Secret: a.Secret, Lists: []dayList{
		{ID: "met", Title: "day.met", Empty: "day.metnone", People: day.Met},
		{ID: "notmet", Title: "day.notmet", Empty: "day.notmetnone", People: day.NotMet},
	}})
}

func init() {
	addLabels(map[string]Text{
		"day.link":         {"Ma journée : les personnes rencontrées et celles à recontacter", "My day: the people I met and those to contact"},
		"day.title":        {"Ma journée", "My day"},
		"day.help":         {"Les coordonnées ne figurent que pour les personnes qui ont accepté d'être dans l'annuaire.", "Contact details appear only for people who agreed to be in the directory."},
		"day.met":          {"Personnes rencontrées", "People I met"},
		"day.metnone":      {"Personne pour l'instant : dites « on s'est vus » sur la page du téléphone.", "Nobody yet: say “we met” on the phone page."},
		"day.notmet":       {"Suggérées, pas encore rencontrées", "Suggested, not met yet"},
		"day.notmetnone":   {"Aucune suggestion en attente.", "No suggestion left."},
		"day.topic":        {"Sujet :", "Topic:"},
		"day.nocontact":    {"Pas de coordonnées : cette personne n'est pas dans l'annuaire.", "No contact details: this person is not in the directory."},
		"day.back":         {"← Retour à ma page", "← Back to my page"},
		"day.email":        {"E-mail :", "E-mail:"},
		"admin.indicators": {"Bilan", "Indicators"},
	})
}
