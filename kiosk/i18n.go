package kiosk

import (
	"net/http"
	"strings"

	"icebreaker/kiosk/live"
)

// Text is a message in both languages of the product: live.Text (itself
// bilingual.Text), as a local type so that labels stay short literals.
type Text live.Text

// In returns the text in lang ("fr" or "en"; anything else means French).
func (t Text) In(lang string) string { return live.Text(t).In(lang) }

// lang picks the page language: the ?lang= parameter, then the "lang"
// cookie, then the browser's Accept-Language, then the event's default.
func lang(r *http.Request, fallback string) string {
	if l := r.URL.Query().Get("lang"); l == "fr" || l == "en" {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "fr" || c.Value == "en") {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "fr"):
			return "fr"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	if fallback == "en" {
		return "en"
	}
	return "fr"
}

// labels are the fixed strings of the pages, by key.
var labels = map[string]Text{
	"door.title":       {"Accueil", "Door"},
	"door.prompt":      {"Scannez votre badge", "Scan your badge"},
	"door.ready":       {"Prêt", "Ready"},
	"door.meet":        {"À rencontrer", "People to meet"},
	"door.phone":       {"Votre page sur mobile", "Your phone page"},
	"door.queue":       {"scans en attente de connexion", "scans waiting for the network"},
	"door.nokey":       {"Cette borne n'a pas de clé. Ouvrez le lien de borne donné par l'organisateur.", "This kiosk has no key. Open the kiosk link the organiser gave you."},
	"board.present":    {"présents", "here now"},
	"board.registered": {"inscrits", "registered"},
	"board.arrivals":   {"Arrivées", "Arrivals"},
	"board.curve":      {"Arrivées par quart d'heure", "Arrivals per quarter hour"},
	"board.someone":    {"Une personne de plus", "One more person"},
	"me.suggestions":   {"Les personnes à rencontrer maintenant", "People to meet now"},
	"me.badge":         {"Mon badge", "My badge"},
	"me.none":          {"Personne pour l'instant : vos suggestions arrivent dès que des personnes utiles sont là.", "Nobody yet: suggestions appear as soon as useful people are here."},
	"me.arrived":       {"vient d'arriver", "just arrived"},
	"me.consent":       {"Vous n'avez pas accepté les suggestions : personne ne vous est proposé et vous n'êtes proposé(e) à personne. Pour en recevoir, activez « Me suggérer des personnes » dans Mes choix, plus bas.", "You have not accepted suggestions: nobody is suggested to you and you are suggested to nobody. To get some, switch on “Suggest people to me” in My choices, below."},
	"admin.title":      {"Administration", "Admin"},
	"admin.attendees":  {"Participants", "Attendees"},
	"admin.present":    {"présents", "present"},
	"lang.switch":      {"English", "Français"},
}

// addLabels registers more labels; each page's file adds its own in init.
// A key registered twice is a programming error.
func addLabels(more map[string]Text) {
	for k, v := range more {
		if _, dup := labels[k]; dup {
			panic("kiosk: label " + k + " registered twice")
		}
		labels[k] = v
	}
}

// T returns the label for key in lang.
func T(key, lang string) string {
	if t, ok := labels[key]; ok {
		return t.In(lang)
	}
	return key
}

// scriptText is the labels a page's script needs, in the page's language,
// each named by what follows the first dot of its key ("board.left" →
// "left"). Pages carry them as JSON (<script id="page-text">, layout.html),
// which live.js reads: the one way strings reach the scripts.
func scriptText(lang string, keys ...string) map[string]string {
	out := make(map[string]string, len(keys))
	for _, k := range keys {
		_, name, _ := strings.Cut(k, ".")
		out[name] = T(k, lang)
	}
	return out
}
