package kiosk

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"icebreaker/checkin"
	"icebreaker/checkin/badgepdf"
	"icebreaker/data"
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
	for _, f := range []*string{&w.FirstName, &w.LastName, &w.Email, &w.Organisation} {
		*f = strings.TrimSpace(*f)
		if utf8.RuneCountInString(*f) > maxFieldRunes {
			return Text{fmt.Sprintf("Champ trop long (%d caractères au plus).", maxFieldRunes), fmt.Sprintf("Field too long (at most %d characters).", maxFieldRunes)}, false
		}
	}
	if w.FirstName == "" {
		return Text{"Le prénom est obligatoire.", "The first name is required."}, false
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
	a, replayed, err := d.day.WalkIn(r.Context(), data.Attendee{FirstName: req.FirstName, LastName: req.LastName, Email: req.Email,
		Organisation: req.Organisation, Interests: req.Tags, Offers: req.Offers, Needs: req.Needs,
		MatchConsent: req.MatchConsent, BoardConsent: req.BoardConsent}, req.Nonce, k.Name)
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
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		d.fail(w, "not_found", Text{"Introuvable.", "Not found."})
		return
	}
	a, err := d.day.WalkInAt(data.AttendeeID(id))
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
