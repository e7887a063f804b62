package kiosk

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// attendeeBySecret resolves a phone link; revoked or unknown links fail.
func (s *Server) attendeeBySecret(secret string) (data.Attendee, bool) {
	var a data.Attendee
	err := s.store.View(func(tx *data.Tx) error {
		id, state, ok := tx.LookupSecret(data.PhoneLink, secret)
		if !ok || state != data.Active {
			return data.ErrNotFound
		}
		var err error
		a, err = tx.Attendee(data.AttendeeID(id))
		return err
	})
	return a, err == nil && checkin.EqualCodes(a.Secret, secret)
}

func (s *Server) phoneAttendee(w http.ResponseWriter, r *http.Request) (data.Attendee, bool) {
	a, ok := s.attendeeBySecret(r.PathValue("secret"))
	if !ok {
		http.NotFound(w, r)
	}
	return a, ok
}

func (s *Server) handlePhonePage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	w.Header().Set("Cache-Control", "no-store") // the page carries the secret link and personal data
	p := s.page(r)
	p.Script = scriptText(p.Lang, append([]string{"me.arrived", "me.gone", "me.metok", "me.table", "me.with", "board.host",
		"me.metbtn", "me.declinebtn", "me.declined", "me.failed", "me.matchon", "me.matchoff", "me.boardon", "me.boardoff", "me.roundnow",
		"me.why.noconsent", "me.why.late", "me.why.odd", "me.why.absent",
		"me.f_needs", "me.f_offers", "me.f_interests", "me.youwrote", "me.byyou", "me.removebtn", "me.removed", "me.added", "me.choices", "me.nochoice"},
		slices.Concat(askScript, groupScript, confirmScript, sessionScript)...)...)
	s.render(w, "phone.html", phonePage{page: p, Me: a, State: s.day.Phone(a), PushMS: pushFor.Milliseconds()})
}

// phonePage is the data of phone.html.
type phonePage struct {
	page
	Me     data.Attendee
	State  live.PhoneSnapshot
	PushMS int64 // how long an arrival push stays (pushFor)
}

// pushFor is how long « X vient d'arriver » stays on a phone (the page's
// data-push-ms): long enough to read it and look around, short enough not
// to stay as stale news; its button closes it before.
const pushFor = 2 * time.Minute

func (s *Server) handlePhoneSnapshot(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.phoneAttendee(w, r); ok {
		writeJSON(w, http.StatusOK, s.day.Phone(a))
	}
}

func (s *Server) handlePhoneWS(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.phoneAttendee(w, r); ok {
		s.serveCapped(w, r, []string{live.PhoneTopic(a.ID)}, []*socketGate{s.sockets})
	}
}

func (s *Server) handlePhoneBadge(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.phoneAttendee(w, r); ok {
		s.writeQR(w, a.BadgeCode)
	}
}

func (s *Server) writeQR(w http.ResponseWriter, content string) {
	png, err := checkin.QRPNG(content, 320)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store") // a reissued badge or link must show at once, and none stays in a cache
	w.Write(png)
}

// phoneAction is the body of POST /api/me/{secret}/met and /decline: the
// other person, by the ID their suggestion carried or by their badge code
// (read with the phone's camera).
type phoneAction struct {
	With uint64 `json:"with"`
	Code string `json:"code"`
}

// maxActionBody bounds the JSON body of a phone's action.
const maxActionBody = 4 << 10

// phoneRequest resolves the phone link of a POST and decodes its JSON body
// into req; it has answered the request itself when ok is false.
func (s *Server) phoneRequest(w http.ResponseWriter, r *http.Request, req any) (me data.Attendee, ok bool) {
	if me, ok = s.phoneAttendee(w, r); ok {
		ok = s.decodeBody(w, r, maxActionBody, req)
	}
	return me, ok
}

func (s *Server) handlePhoneMet(w http.ResponseWriter, r *http.Request) {
	s.phoneIntro(w, r, s.day.Met)
}

func (s *Server) handlePhoneDecline(w http.ResponseWriter, r *http.Request) {
	s.phoneIntro(w, r, s.day.Decline)
}

// phoneIntro serves "we met" and "not for me": verb is the Day's Met or
// Decline.
func (s *Server) phoneIntro(w http.ResponseWriter, r *http.Request, verb func(context.Context, data.AttendeeID, live.Other) (live.IntroResult, error)) {
	var req phoneAction
	me, ok := s.phoneRequest(w, r, &req)
	if !ok {
		return
	}
	ans, err := verb(r.Context(), me.ID, live.Other{ID: req.With, Code: req.Code})
	if err != nil {
		s.failPhone(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

func (s *Server) failPhone(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, live.ErrNotShown):
		s.fail(w, "bad_request", Text{"Cette personne ne fait pas partie de vos suggestions : scannez son badge.", "This person is not among your suggestions: scan their badge."})
	case errors.Is(err, live.ErrSelf):
		s.fail(w, "bad_request", Text{"C'est votre propre badge.", "That is your own badge."})
	case errors.Is(err, data.ErrNotFound):
		s.fail(w, "not_found", Text{"Badge inconnu ou révoqué.", "Unknown or revoked badge."})
	case errors.Is(err, checkin.ErrNoQRCode):
		s.fail(w, "not_found", Text{"Aucun QR code lisible sur l'image.", "No readable QR code in the picture."})
	default:
		s.failErr(w, r, err)
	}
}

// consentRequest is the body of POST /api/me/{secret}/consent; a missing
// field leaves that consent as it is.
type consentRequest struct {
	Suggestions *bool `json:"suggestions"`
	Board       *bool `json:"board"`
}

// handlePhoneConsent switches the person's consents. It takes effect at
// once: the matcher stops (or starts) suggesting them, and the board hides
// (or shows) their name, including on arrivals already shown.
//
// Each attendee may switch consentBurst times in a row, then once every
// consentEvery (429 with Retry-After beyond): every switch that changes
// something reloads every board.
func (s *Server) handlePhoneConsent(w http.ResponseWriter, r *http.Request) {
	var req consentRequest
	a, ok := s.phoneRequest(w, r, &req)
	if !ok {
		return
	}
	key := strconv.FormatUint(uint64(a.ID), 10)
	if !s.consents.Allowed(key) {
		w.Header().Set("Retry-After", strconv.Itoa(int(max(time.Second, s.consents.RetryAfter(key))/time.Second)))
		s.fail(w, "rate_limited", Text{"Trop de changements d'un coup : patientez une seconde.", "Too many changes at once: wait a second."})
		return
	}
	s.consents.Spend(key)
	a, err := s.day.SetConsent(a.ID, live.Consent{Suggestions: req.Suggestions, Board: req.Board})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.day.Phone(a))
}

// Consent switches: consentBurst in a row, then one every consentEvery.
const (
	consentBurst = 10
	consentEvery = time.Second
)

// frameGap is the least time between two camera frames of one phone: a QR
// decode costs tens of milliseconds of CPU.
const frameGap = 250 * time.Millisecond

// frameLimiter remembers each attendee's last decoded frame.
type frameLimiter struct {
	mu   sync.Mutex
	last map[data.AttendeeID]time.Time
}

func (f *frameLimiter) allow(id data.AttendeeID, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.last == nil {
		f.last = map[data.AttendeeID]time.Time{}
	}
	if now.Sub(f.last[id]) < frameGap {
		return false
	}
	f.last[id] = now
	return true
}

// handlePhoneScan takes one camera frame (PNG, JPEG or WebP body) from a
// phone without BarcodeDetector, decodes the badge QR in it and records
// "we met" with its owner. One phone sends a frame every frameGap at most,
// and all phones together decode on half the cores (a frame that finds
// no slot gets 429 at once: the page sends the next); the other half stay
// with the door. 404 with error "not_found" means no QR code was
// readable: the page sends the next frame.
func (s *Server) handlePhoneScan(w http.ResponseWriter, r *http.Request) {
	me, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	if !s.frames.allow(me.ID, s.now()) {
		s.fail(w, "rate_limited", Text{"Trop d'images : patientez.", "Too many frames: slow down."})
		return
	}
	img, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFrameBody))
	if err != nil {
		s.fail(w, "bad_request", Text{"Image trop grande.", "Image too large."})
		return
	}
	select {
	case s.phoneDecodes <- struct{}{}:
	default:
		w.Header().Set("Retry-After", "1")
		s.fail(w, "rate_limited", Text{"Décodeur occupé : image ignorée.", "Decoder busy: frame skipped."})
		return
	}
	code, err := checkin.DecodeQRBytes(img)
	<-s.phoneDecodes
	if err != nil {
		if errors.Is(err, checkin.ErrNoQRCode) {
			s.failPhone(w, r, err)
			return
		}
		s.fail(w, "bad_request", Text{"Image illisible.", "Unreadable image."})
		return
	}
	ans, err := s.day.Met(r.Context(), me.ID, live.Other{Code: code})
	if err != nil {
		s.failPhone(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}
