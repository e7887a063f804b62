package kiosk

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"icebreaker/checkin"
	"icebreaker/checkin/badgepdf"
	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// walkInRequest is the body of POST /api/walkins: a person registering at
// the door. Consents are false unless the person ticked them.
type walkInRequest struct {
	Nonce        string   `json:"nonce"` // same on every retry: one person, however many clicks
	FirstName    string   `json:"first_name"`
	LastName     string   `json:"last_name"`
	Email        string   `json:"email"`
	Organisation string   `json:"organisation"`
	Tags         []string `json:"tags"` // interests, free text
	Offers       []string `json:"offers"`
	Needs        []string `json:"needs"`
	MatchConsent bool     `json:"matchmaking_consent"`
	BoardConsent bool     `json:"board_consent"`
	// SameNameOK registers the person even though someone of the same
	// name is registered (the staff answered "create anyway").
	SameNameOK bool `json:"same_name_ok,omitempty"`
}

// sameNameAnswer is the 409 answer to a walk-in without an e-mail whose
// name is registered already: People are who it may be, with the tokens
// that check them in (POST /api/checkins). Nothing was written.
type sameNameAnswer struct {
	apiError
	People []searchHit `json:"people"`
}

// walkInAnswer is the answer of POST /api/walkins: the new attendee's badge,
// as a QR image to show and a PDF to print. The kiosk then checks them in
// by posting BadgeCode to /api/checkins.
type walkInAnswer struct {
	ID        data.AttendeeID `json:"id"`
	FirstName string          `json:"first_name"`
	BadgeCode string          `json:"badge_code"`
	BadgeQR   string          `json:"badge_qr"`  // data: URL of a PNG
	BadgePDF  string          `json:"badge_pdf"` // kiosk-authenticated
	Replayed  bool            `json:"replayed,omitempty"`
}

// Limits of a walk-in form.
const (
	maxFieldRunes = 120
	maxTags       = 12
)

// validate trims the request and returns what is wrong with it, if anything.
func (w *walkInRequest) validate() (Text, bool) {
	if msg, ok := checkNames(&w.FirstName, &w.LastName, &w.Email, &w.Organisation); !ok {
		return msg, false
	}
	if w.Email != "" && !strings.Contains(w.Email, "@") {
		return Text{"Adresse e-mail invalide.", "Invalid email address."}, false
	}
	for _, list := range []*[]string{&w.Tags, &w.Offers, &w.Needs} {
		clean := (*list)[:0]
		for _, t := range *list {
			if t = strings.TrimSpace(t); t != "" && utf8.RuneCountInString(t) <= maxFieldRunes {
				clean = append(clean, t)
			}
		}
		if len(clean) > maxTags {
			return Text{fmt.Sprintf("%d mots-clés au plus.", maxTags), fmt.Sprintf("At most %d tags.", maxTags)}, false
		}
		*list = clean
	}
	return Text{}, true
}

// handleWalkIn serves POST /api/walkins (kiosk key required): the Day
// registers the attendee (Day.WalkIn) and the answer is their badge.
// Retrying with the same nonce answers the same person again.
func (d *door) handleWalkIn(w http.ResponseWriter, r *http.Request) {
	k, ok := d.requireKiosk(w, r)
	if !ok {
		return
	}
	var req walkInRequest
	if !d.decodeBody(w, r, maxWalkInBody, &req) {
		return
	}
	if msg, ok := req.validate(); !ok {
		d.fail(w, "bad_request", msg)
		return
	}
	if code, msg := d.scannedIntoForm(req); code != "" {
		writeJSON(w, http.StatusBadRequest, scannedAnswer{apiError: apiError{Code: "scanned_code", Message: msg}, Scanned: code})
		return
	}
	register := d.day.WalkInUnlessKnown
	if req.SameNameOK {
		register = d.day.WalkIn
	}
	a, replayed, err := register(r.Context(), data.Attendee{FirstName: req.FirstName, LastName: req.LastName, Email: req.Email,
		Organisation: req.Organisation, Interests: req.Tags, Offers: req.Offers, Needs: req.Needs,
		MatchConsent: req.MatchConsent, BoardConsent: req.BoardConsent}, req.Nonce, k.Name)
	var same *live.SameNameError
	if errors.As(err, &same) {
		d.answerSameName(w, r, same)
		return
	}
	if errors.Is(err, data.ErrDuplicate) {
		d.fail(w, "bad_request", Text{"Cette adresse e-mail est déjà inscrite : cherchez la personne par son nom.", "This email is already registered: search for the person by name."})
		return
	}
	if err != nil {
		d.failErr(w, r, err)
		return
	}
	png, err := checkin.QRPNG(a.BadgeCode, 320)
	if err != nil {
		d.failErr(w, r, err)
		return
	}
	status := http.StatusCreated
	if replayed {
		status = http.StatusOK
	}
	writeJSON(w, status, walkInAnswer{
		ID: a.ID, FirstName: a.FirstName, BadgeCode: a.BadgeCode, Replayed: replayed,
		BadgeQR:  "data:image/png;base64," + base64.StdEncoding.EncodeToString(png),
		BadgePDF: fmt.Sprintf("/api/walkins/%d/badge.pdf", a.ID),
	})
}

// answerSameName answers a walk-in whose name is registered already: who
// it may be, to check in instead, or to register a namesake anyway.
func (d *door) answerSameName(w http.ResponseWriter, r *http.Request, same *live.SameNameError) {
	ans := sameNameAnswer{apiError: apiError{Code: "same_name", Message: Text{
		"Une personne de ce nom est déjà inscrite : est-ce elle ? Faites-la entrer, ou créez quand même un nouveau badge.",
		"Someone of this name is registered already: is it them? Check them in, or create a new badge anyway."}}, People: []searchHit{}}
	err := d.store.View(func(tx *data.Tx) error {
		for _, id := range same.People {
			if a, err := tx.Attendee(id); err == nil {
				ans.People = append(ans.People, d.hitOf(a))
			}
		}
		return nil
	})
	if err != nil {
		d.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusConflict, ans)
}

// scannedAnswer is the 400 answer to a walk-in named after a code: Scanned
// is the code, which the page removes from the form and sends as a scan.
type scannedAnswer struct {
	apiError
	Scanned string `json:"code"`
}

// scannedIntoForm returns a name of the form that is a badge or ticket
// code, and what to say: a scanner typed into the form while it was open.
// Such a walk-in is refused (a person named after a code helps nobody);
// the door's page sends a scanner's burst as a scan before it gets here,
// this is the server's guard.
func (d *door) scannedIntoForm(req walkInRequest) (string, Text) {
	var maybe []string // the fields, their words, and the code-long tail of each (typed after a name)
	for _, v := range []string{req.FirstName, req.LastName, req.Organisation} {
		maybe = append(maybe, v)
		maybe = append(maybe, strings.Fields(v)...)
		if len(v) > checkin.CodeLength {
			maybe = append(maybe, v[len(v)-checkin.CodeLength:])
		}
	}
	for _, v := range maybe {
		known := false
		d.store.View(func(tx *data.Tx) error {
			_, _, known = tx.LookupSecret(data.TicketCode, v)
			return nil
		})
		if known || couldBeOurBadge(v) {
			return v, Text{fmt.Sprintf("« %s » est un code de badge ou de billet, pas un nom : il est envoyé comme un scan.", isolate(v)),
				fmt.Sprintf("“%s” is a badge or ticket code, not a name: it is sent as a scan.", isolate(v))}
		}
	}
	return "", Text{}
}

// handleWalkInBadge serves GET /api/walkins/{id}/badge.pdf?layout=NAME
// (kiosk key required): a one-badge PDF for an attendee registered at a
// kiosk, in an A4 layout of badgepdf (default A6). Kiosks cannot print
// the badges of people registered elsewhere.
func (d *door) handleWalkInBadge(w http.ResponseWriter, r *http.Request) {
	if _, ok := d.requireKiosk(w, r); !ok {
		return
	}
	layout := badgepdf.A6
	if name := r.URL.Query().Get("layout"); name != "" {
		var err error
		if layout, err = badgepdf.LayoutByName(name); err != nil {
			d.fail(w, "bad_request", Text{err.Error(), err.Error()})
			return
		}
	}
	id, err := pathID(r)
	if err != nil {
		d.fail(w, "not_found", Text{"Introuvable.", "Not found."})
		return
	}
	a, err := d.day.WalkInAt(id)
	if err != nil {
		d.failErr(w, r, err)
		return
	}
	var pdf bytes.Buffer
	err = badgepdf.Write(&pdf, []badgepdf.Badge{{FirstName: a.FirstName, LastName: a.LastName, Organisation: a.Organisation, Code: a.BadgeCode}}, layout)
	if err != nil {
		d.failErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="badge-%d.pdf"`, a.ID))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf.Bytes())
}
