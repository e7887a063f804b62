package kiosk

import (
	"net/http"
	"strconv"

	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// "What we understood" on the phone: the concepts the matcher read in my
// offers, needs and interests (in the snapshot, PhoneSnapshot.Understood),
// corrected by removing one or adding one from a typeahead.

// maxChoices is how many concepts a typeahead offers.
const maxChoices = 8

// handlePhoneConcepts answers the typeahead: GET ...?q=leve&lang=fr gives
// up to 8 concepts [{key, label: {fr, en}}] whose label or alias starts
// with the words typed ([] for none).
func (s *Server) handlePhoneConcepts(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.phoneAttendee(w, r); ok {
		s.writeChoices(w, r)
	}
}

// writeChoices writes the typeahead's answer for ?q= and ?lang= (the
// page's language by default).
func (s *Server) writeChoices(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if len(q) > 100 {
		q = q[:100]
	}
	l := r.URL.Query().Get("lang")
	if l != "fr" && l != "en" {
		l = lang(r, "fr")
	}
	n := maxChoices
	if v, err := strconv.Atoi(r.URL.Query().Get("n")); err == nil && v > 0 && v < n {
		n = v
	}
	writeJSON(w, http.StatusOK, s.day.Complete(q, l, n))
}

// correctionsRequest is the body of POST /api/me/{secret}/corrections:
// {"corrections": [{"field": "needs", "key": "fundraising", "remove": true}]}.
type correctionsRequest struct {
	Corrections []data.Correction `json:"corrections"`
}

// handlePhoneCorrections records the person's corrections and answers the
// new phone snapshot (suggestions and what we understood, changed at once).
func (s *Server) handlePhoneCorrections(w http.ResponseWriter, r *http.Request) {
	var req correctionsRequest
	me, ok := s.phoneRequest(w, r, &req)
	if !ok {
		return
	}
	if len(req.Corrections) == 0 {
		s.fail(w, "bad_request", Text{"Aucune correction : envoyez {\"corrections\": [{\"field\", \"key\", \"remove\"}]}.", "No correction: send {\"corrections\": [{\"field\", \"key\", \"remove\"}]}."})
		return
	}
	a, err := s.day.Correct(me.ID, req.Corrections)
	if err != nil {
		s.failRequest(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.day.Phone(a))
}

// failRequest answers a request the Day refused with its reason (400), and
// any other error as failErr does.
func (s *Server) failRequest(w http.ResponseWriter, r *http.Request, err error) {
	if t, ok := liveRefusal(err); ok {
		s.fail(w, "bad_request", t)
		return
	}
	s.failErr(w, r, err)
}

// liveRefusal is the reason of a request the Day refused (live.RequestError).
func liveRefusal(err error) (Text, bool) {
	t, ok := live.IsRequestError(err)
	return Text(t), ok
}
