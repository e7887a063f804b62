package kiosk

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
)

// The phone page is opened with the attendee's secret link; every route
// below answers 404 for an unknown or revoked secret, and revoking a link
// (admin) drops its open WebSocket (hub.Drop).
func (s *Server) phoneRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /me/{secret}", s.handlePhonePage)
	mux.HandleFunc("GET /me/{secret}/badge.png", s.handlePhoneBadge)
	mux.HandleFunc("GET /api/me/{secret}", s.handlePhoneSnapshot)
	mux.HandleFunc("GET /ws/me/{secret}", s.handlePhoneWS)
	mux.HandleFunc("POST /api/me/{secret}/met", s.handlePhoneMet)
	mux.HandleFunc("POST /api/me/{secret}/decline", s.handlePhoneDecline)
	mux.HandleFunc("POST /api/me/{secret}/consent", s.handlePhoneConsent)
	mux.HandleFunc("POST /api/me/{secret}/scan", s.handlePhoneScan)
}

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

// phoneSnapshot is one attendee's phone page at one moment.
type phoneSnapshot struct {
	Epoch       string      `json:"epoch"`
	Seq         uint64      `json:"seq"`
	Now         time.Time   `json:"now"`
	FirstName   string      `json:"first_name"`
	Present     bool        `json:"present"`
	Consent     bool        `json:"consent"`
	Board       bool        `json:"board"`
	Suggestions []suggested `json:"suggestions"`
	Round       *myRound    `json:"round"`
}

func (s *Server) phoneState(a data.Attendee) phoneSnapshot {
	snap := phoneSnapshot{Epoch: s.hub.Epoch(), Seq: s.hub.Seq(meTopic(a.ID)), Now: s.now(), FirstName: a.FirstName,
		Present: s.live.index.Present(uint64(a.ID)), Consent: a.MatchConsent, Board: a.BoardConsent,
		Suggestions: []suggested{}, Round: s.roundFor(a.ID)}
	if a.MatchConsent {
		for _, sg := range s.live.index.Suggest(uint64(a.ID), s.top) {
			snap.Suggestions = append(snap.Suggestions, s.suggestionOf(sg))
		}
	}
	return snap
}

func (s *Server) handlePhonePage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	p := s.page(r)
	p["Me"], p["State"] = a, s.phoneState(a)
	s.render(w, "phone.html", p)
}

func (s *Server) handlePhoneSnapshot(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.phoneAttendee(w, r); ok {
		writeJSON(w, http.StatusOK, s.phoneState(a))
	}
}

func (s *Server) handlePhoneWS(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.phoneAttendee(w, r); ok {
		s.hub.Serve(w, r, []string{meTopic(a.ID)}, nil)
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
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(png)
}

// phoneAction is the body of POST /api/me/{secret}/met and /decline: the
// other person, by the ID their suggestion carried or by their badge code
// (read with the phone's camera).
type phoneAction struct {
	With uint64 `json:"with"`
	Code string `json:"code"`
}

// actionAnswer says what a "we met" or "not for me" did.
type actionAnswer struct {
	OK      bool   `json:"ok"`
	Already bool   `json:"already,omitempty"`
	Name    string `json:"name,omitempty"`
}

var (
	errNotSuggested = errors.New("not among your suggestions or your table")
	errSelf         = errors.New("that is your own badge")
)

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Code: "bad_request", Message: Text{"Requête illisible.", "Unreadable request."}})
		return false
	}
	return true
}

func (s *Server) handlePhoneMet(w http.ResponseWriter, r *http.Request) {
	s.phoneIntro(w, r, data.Met)
}

func (s *Server) handlePhoneDecline(w http.ResponseWriter, r *http.Request) {
	s.phoneIntro(w, r, data.Declined)
}

func (s *Server) phoneIntro(w http.ResponseWriter, r *http.Request, kind data.IntroKind) {
	me, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	var req phoneAction
	if !decodeBody(w, r, &req) {
		return
	}
	other, err := s.otherOf(me, req, kind)
	if err != nil {
		s.failPhone(w, r, err)
		return
	}
	ans, err := s.recordIntro(me.ID, other, kind)
	if err != nil {
		s.failPhone(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// otherOf resolves the other person of a phone action. By ID, only people
// the phone was shown (suggestions, round table) are accepted: IDs are
// sequential and must not let a phone log introductions with anyone. By
// badge code (only for "we met"), anyone whose active badge was scanned.
func (s *Server) otherOf(me data.Attendee, req phoneAction, kind data.IntroKind) (data.AttendeeID, error) {
	if req.Code != "" && kind == data.Met {
		code := checkin.NormalizeCode(req.Code)
		var id uint64
		err := s.store.View(func(tx *data.Tx) error {
			got, state, ok := tx.LookupSecret(data.BadgeCode, code)
			if !ok || state != data.Active {
				return data.ErrNotFound
			}
			id = got
			return nil
		})
		if err != nil {
			return 0, err
		}
		if data.AttendeeID(id) == me.ID {
			return 0, errSelf
		}
		return data.AttendeeID(id), nil
	}
	if req.With == 0 || req.With == uint64(me.ID) {
		return 0, errNotSuggested
	}
	if s.live.index.Excluded(uint64(me.ID), req.With) {
		return data.AttendeeID(req.With), nil // already recorded: answered as such
	}
	shown := slices.ContainsFunc(s.live.index.Suggest(uint64(me.ID), 50), func(sg matcherSuggestion) bool { return sg.ID == req.With })
	if !shown {
		if t, ok := s.live.currentRound().TableOf(me.ID); ok && slices.Contains(t.Members, data.AttendeeID(req.With)) {
			shown = true
		}
	}
	if !shown {
		return 0, errNotSuggested
	}
	return data.AttendeeID(req.With), nil
}

// recordIntro logs "we met" or "not for me" between me and other, excludes
// the pair from every later suggestion and round, and pushes it. A pair
// already excluded is answered Already, and not logged twice.
func (s *Server) recordIntro(me, other data.AttendeeID, kind data.IntroKind) (actionAnswer, error) {
	ans := actionAnswer{OK: true, Name: s.live.info(other).Display}
	if s.live.index.Excluded(uint64(me), uint64(other)) {
		ans.Already = true
		return ans, nil
	}
	in := data.Introduction{A: me, B: other, Kind: kind, At: s.now(),
		Reasons: conceptsOf(s.live.index.Model().Score(uint64(me), uint64(other)))}
	err := s.store.Update(func(tx *data.Tx) error {
		if _, err := tx.Attendee(other); err != nil {
			return err
		}
		return tx.AppendIntroduction(&in)
	})
	if err != nil {
		return actionAnswer{}, err
	}
	s.live.index.Exclude(uint64(me), uint64(other))
	s.live.noteIntro(in)
	s.publishIntro(in)
	return ans, nil
}

func (s *Server) failPhone(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errNotSuggested):
		s.fail(w, "bad_request", Text{"Cette personne ne fait pas partie de vos suggestions : scannez son badge.", "This person is not among your suggestions: scan their badge."})
	case errors.Is(err, errSelf):
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
func (s *Server) handlePhoneConsent(w http.ResponseWriter, r *http.Request) {
	a, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	var req consentRequest
	if !decodeBody(w, r, &req) {
		return
	}
	err := s.store.Update(func(tx *data.Tx) error {
		cur, err := tx.Attendee(a.ID)
		if err != nil {
			return err
		}
		if req.Suggestions != nil {
			cur.MatchConsent = *req.Suggestions
		}
		if req.Board != nil {
			cur.BoardConsent = *req.Board
		}
		a = cur
		return tx.PutAttendee(&cur)
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.profileChanged(a)
	writeJSON(w, http.StatusOK, s.phoneState(a))
}

// profileChanged makes a changed attendee effective on every screen.
func (s *Server) profileChanged(a data.Attendee) {
	s.live.upsertPerson(a)
	s.hub.Publish("board", "reload", nil)
	s.hub.Publish(meTopic(a.ID), "refresh", nil)
}

// frameGap is the least time between two camera frames of one phone: a QR
// decode costs tens of milliseconds of CPU.
const frameGap = 250 * time.Millisecond

// maxFrameBytes bounds one posted camera frame.
const maxFrameBytes = 2 << 20

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
// "we met" with its owner. 404 with error "not_found" means no QR code was
// readable: the page sends the next frame.
func (s *Server) handlePhoneScan(w http.ResponseWriter, r *http.Request) {
	me, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	if !s.live.frames.allow(me.ID, s.now()) {
		s.fail(w, "rate_limited", Text{"Trop d'images : patientez.", "Too many frames: slow down."})
		return
	}
	img, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFrameBytes))
	if err != nil {
		s.fail(w, "bad_request", Text{"Image trop grande.", "Image too large."})
		return
	}
	code, err := checkin.DecodeQRBytes(img)
	if err != nil {
		if errors.Is(err, checkin.ErrNoQRCode) {
			s.failPhone(w, r, err)
			return
		}
		s.fail(w, "bad_request", Text{"Image illisible.", "Unreadable image."})
		return
	}
	other, err := s.otherOf(me, phoneAction{Code: code}, data.Met)
	if err != nil {
		s.failPhone(w, r, err)
		return
	}
	ans, err := s.recordIntro(me.ID, other, data.Met)
	if err != nil {
		s.failPhone(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}
