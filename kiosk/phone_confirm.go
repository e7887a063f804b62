package kiosk

import (
	"errors"
	"net/http"

	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// confirmScript are the labels of phone_confirm.js.
var confirmScript = []string{"peer.helpedq", "peer.notreally", "peer.saved", "peer.savednone", "peer.yoursaid"}

// confirmRequest is the body of POST /api/me/{secret}/confirm: the person
// met, and one of their offers as written ("" for "not really").
type confirmRequest struct {
	With  uint64 `json:"with"`
	Offer string `json:"offer"`
}

func (s *Server) handlePhoneConfirm(w http.ResponseWriter, r *http.Request) {
	var req confirmRequest
	me, ok := s.phoneRequest(w, r, &req)
	if !ok {
		return
	}
	helped, err := s.day.Confirm(r.Context(), me.ID, data.AttendeeID(req.With), req.Offer)
	switch {
	case errors.Is(err, live.ErrNotMet), errors.Is(err, data.ErrNotFound) && req.With != 0:
		// an unknown ID says no more than a person not met: IDs are sequential
		s.fail(w, "bad_request", Text{"Vous ne pouvez le dire que d'une personne rencontrée (« on s'est vus »).", "You can say it only of someone you met (“we met”)."})
	case errors.Is(err, live.ErrNotAnOffer):
		s.fail(w, "bad_request", Text{"Ce n'est pas l'une de ses propositions : rechargez la page.", "That is not one of their offers: reload the page."})
	case err != nil:
		s.failErr(w, r, err)
	default:
		writeJSON(w, http.StatusOK, map[string]any{"helped": helped})
	}
}

func init() {
	addLabels(map[string]Text{
		"peer.title":       {"Qui vous a aidé ?", "Who helped you?"},
		"peer.help":        {"Après une rencontre, dites en un geste ce que la personne vous a apporté. Seuls les totaux sont montrés (« confirmé par 3 »), jamais qui l'a dit.", "After a meeting, say in one tap what the person helped you with. Only totals are shown (“confirmed by 3”), never who said it."},
		"peer.none":        {"Quand vous aurez dit « on s'est vus » à quelqu'un, il apparaîtra ici.", "When you say “we met” to someone, they will appear here."},
		"peer.helpedq":     {"Ce qui vous a aidé :", "What helped you:"},
		"peer.notreally":   {"Pas vraiment", "Not really"},
		"peer.saved":       {"Merci : c'est noté.", "Thanks: noted."},
		"peer.savednone":   {"Noté : pas vraiment.", "Noted: not really."},
		"peer.yoursaid":    {"votre réponse", "your answer"},
		"peer.confirmed":   {"Confirmé par des pairs", "Confirmed by peers"},
		"peer.confirmedby": {"confirmé par", "confirmed by"},
	})
}
