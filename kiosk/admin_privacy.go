package kiosk

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"icebreaker/data"
)

// The personal-data rights of the admin, beside erase (admin.go): one
// person's data as JSON (GDPR access), and the purge after the event.

func init() {
	addLabels(map[string]Text{
		"admin.personaldata":  {"Données", "Data"},
		"admin.privacy":       {"Données personnelles", "Personal data"},
		"admin.purgehelp":     {"Après l'événement : efface toutes les données personnelles (participants, passages, rencontres, tables) et garde seulement des comptes anonymes. Irréversible.", "After the event: erases all personal data (attendees, check-ins, introductions, tables) and keeps only anonymous counts. Cannot be undone."},
		"admin.purgeconfirm":  {"Tapez EFFACER pour confirmer", "Type PURGE to confirm"},
		"admin.purge":         {"Tout effacer", "Purge everything"},
		"admin.purgemismatch": {"Confirmation incorrecte : rien n'a été effacé.", "Wrong confirmation: nothing was erased."},
		"flash.erasedpending": {"Personne effacée : plus personne ne peut lire ses données et aucun écran ne la montre. Mais leurs octets sont encore dans le fichier de l'événement (l'effacement sur le disque a échoué) : ils seront effacés au prochain démarrage d'icebreaker.",
			"Person erased: nobody can read their data any more and no screen shows them. But its bytes are still in the event file (wiping the disk failed): they are wiped at icebreaker's next start."},
		"flash.purgedpending": {"Tout est effacé : plus personne ne peut lire ces données. Mais leurs octets sont encore dans le fichier de l'événement (l'effacement sur le disque a échoué) : ils seront effacés au prochain démarrage d'icebreaker.",
			"Everything is erased: nobody can read that data any more. But its bytes are still in the event file (wiping the disk failed): they are wiped at icebreaker's next start."},
	})
}

// handlePersonalData serves one person's data as a JSON download: the same
// document as `icebreaker export --email ADDR`.
func (s *Server) handlePersonalData(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	var buf bytes.Buffer
	err = s.store.View(func(tx *data.Tx) error {
		pd, err := tx.PersonalData(id)
		if err != nil {
			return err
		}
		return pd.WriteJSON(&buf)
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="personal-data-%d.json"`, id))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// handlePurge erases every person (after the event), keeps anonymous counts,
// compacts the file so the bytes are gone, and clears the screens. The form
// must carry the confirmation word of either language.
func (s *Server) handlePurge(w http.ResponseWriter, r *http.Request) {
	word := strings.ToUpper(strings.TrimSpace(r.PostFormValue("confirm")))
	if word != "EFFACER" && word != "PURGE" {
		s.fail(w, "bad_request", labels["admin.purgemismatch"])
		return
	}
	s.erased(w, r, s.day.Purge(), "/admin?done=purged")
}
