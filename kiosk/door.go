package kiosk

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// Request body limits of the door API. A scan is a few hundred bytes; a
// camera frame a JPEG of at most a few hundred kilobytes.
const (
	maxScanBody   = 4 << 10
	maxWalkInBody = 16 << 10
	maxFrameBody  = 2 << 20
)

// Invalid-code throttling: each kiosk and each remote address may fail
// failBurst scans in a row, then one more every failEvery. Valid badges
// pass regardless (see handleCheckIn).
const (
	failBurst = 20
	failEvery = 3 * time.Second
)

// door is the state of the door API: the throttles, the signer of manual
// check-in tokens and the slots of the server-side QR decoder.
type door struct {
	*Server
	byKiosk, byAddr *limiter
	tokens          *personTokens
	decodeSlots     chan struct{}
}

// newDoor is the door's handlers over s, with their own limits on failed
// scans (per kiosk and per address), person tokens and decode slots (one
// per CPU).
func newDoor(s *Server) *door {
	return &door{
		Server:      s,
		byKiosk:     newLimiter(failBurst, failEvery, s.now),
		byAddr:      newLimiter(failBurst, failEvery, s.now),
		tokens:      newPersonTokens(),
		decodeSlots: make(chan struct{}, max(1, runtime.GOMAXPROCS(0))),
	}
}

func (s *Server) handleDoorPage(w http.ResponseWriter, r *http.Request) {
	p := s.page(r)
	p.Script = doorScriptText(p.Lang)
	s.render(w, "door.html", doorPage{page: p, Gates: p.Event.Gates})
}

// doorPage is the data of door.html.
type doorPage struct {
	page
	Gates []string
}

// checkInRequest is the body of POST /api/checkins. Exactly one of Code (what
// the scanner read) and Token (a person picked in the name search, see
// GET /api/attendees) is set.
type checkInRequest struct {
	Code      string         `json:"code"`
	Token     string         `json:"token,omitempty"`
	Gate      string         `json:"gate"`
	Nonce     string         `json:"nonce"`
	ScannedAt time.Time      `json:"scanned_at"`
	Direction data.Direction `json:"direction"`
}

// checkInAnswer is the body of a scan's answer.
type checkInAnswer struct {
	Result       checkin.Result `json:"result"`
	Message      Text           `json:"message"`
	FirstName    string         `json:"first_name,omitempty"`
	Organisation string         `json:"organisation,omitempty"`
	Table        string         `json:"table,omitempty"`
	Meet         []live.Person  `json:"meet,omitempty"`
	PhoneURL     string         `json:"phone_url,omitempty"`  // the phone page's path
	PhoneLink    string         `json:"phone_link,omitempty"` // its absolute URL, as phones reach it (PublicBase)
	At           *time.Time     `json:"at,omitempty"`
	FirstIn      *time.Time     `json:"first_in,omitempty"`
	FirstGate    string         `json:"first_gate,omitempty"`
	Replayed     bool           `json:"replayed,omitempty"`
	Gate         string         `json:"gate,omitempty"`      // the gate the scan was recorded at
	Direction    string         `json:"direction,omitempty"` // "in" or "out", as recorded
	Session      *sessionAnswer `json:"session,omitempty"`   // a kiosk bound to a session (sessions.go)
}

// authKiosk returns the kiosk that the request's bearer key belongs to.
func (s *Server) authKiosk(r *http.Request) (data.Kiosk, bool) {
	key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(key) == "" {
		return data.Kiosk{}, false
	}
	var k data.Kiosk
	err := s.store.View(func(tx *data.Tx) error {
		var err error
		k, err = tx.KioskByKey(strings.TrimSpace(key))
		return err
	})
	return k, err == nil
}

var errUnauthorized = Text{"Borne non autorisée : clé absente ou révoquée.", "Kiosk not authorised: missing or revoked key."}

// requireKiosk answers 401 and returns false when the request carries no
// valid kiosk key.
func (s *Server) requireKiosk(w http.ResponseWriter, r *http.Request) (data.Kiosk, bool) {
	k, ok := s.authKiosk(r)
	if !ok {
		s.fail(w, "unauthorized", errUnauthorized)
	}
	return k, ok
}

// decodeBody reads a JSON body of at most limit bytes into v, answering 400
// itself when it cannot. Every JSON endpoint reads its body with it.
//
// The body must be one JSON value and nothing after it but spaces; errors
// name the field and the JSON type expected, never a Go type.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errTrailing
		}
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.fail(w, "bad_request", Text{fmt.Sprintf("Requête trop grande (plus de %d octets).", limit), fmt.Sprintf("Request too large (over %d bytes).", limit)})
	case err != nil:
		fr, en := jsonProblem(err)
		s.fail(w, "bad_request", Text{"Requête illisible : " + fr, "Unreadable request: " + en})
	}
	return err == nil
}

var errTrailing = errors.New("trailing data")

// jsonKinds names, in French and English, the JSON value a Go kind is
// decoded from (numbers are the rest).
var jsonKinds = map[reflect.Kind][2]string{
	reflect.String: {"un texte", "a text"}, reflect.Bool: {"true ou false", "true or false"},
	reflect.Slice: {"une liste", "a list"}, reflect.Struct: {"un objet", "an object"}, reflect.Map: {"un objet", "an object"},
}

// jsonProblem says in both languages what is wrong with a JSON body, in
// the words of JSON (field, number, text), not of Go.
func jsonProblem(err error) (fr, en string) {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.Is(err, errTrailing):
		return "du texte suit l'objet JSON ; envoyez un seul objet.", "text follows the JSON object; send one object only."
	case errors.As(err, &typeErr):
		want, ok := jsonKinds[typeErr.Type.Kind()]
		if !ok {
			want = [2]string{"un nombre", "a number"}
		}
		return fmt.Sprintf("le champ « %s » doit être %s (reçu : %s).", typeErr.Field, want[0], typeErr.Value),
			fmt.Sprintf("field %q must be %s (got %s).", typeErr.Field, want[1], typeErr.Value)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("JSON invalide à l'octet %d.", syntaxErr.Offset), fmt.Sprintf("invalid JSON at byte %d.", syntaxErr.Offset)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "corps vide ou tronqué : envoyez un objet JSON.", "empty or cut body: send a JSON object."
	default:
		return "ce n'est pas l'objet JSON attendu.", "this is not the JSON object expected."
	}
}

// remoteHost is the client's IP address (the port is dropped: a client
// opens many connections).
func remoteHost(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// handleCheckIn serves POST /api/checkins.
//
// Throttling contract: unknown, revoked and malformed scans spend a token of
// both the kiosk's and the address's bucket; valid scans spend nothing. When
// either bucket is empty, a scan still goes through if the text can be one
// of our badge codes (130-bit codes, so the lookup teaches a guesser
// nothing), so the queue at the door never waits; anything else (ticket
// barcodes, which may be short, and garbage) gets 429 without a lookup.
func (d *door) handleCheckIn(w http.ResponseWriter, r *http.Request) {
	addr := remoteHost(r)
	k, ok := d.authKiosk(r)
	if !ok {
		d.byAddr.Spend(addr)
		d.fail(w, "unauthorized", errUnauthorized)
		return
	}
	kioskKey := strconv.FormatUint(k.ID, 10)
	throttled := func() bool { return !d.byKiosk.Allowed(kioskKey) || !d.byAddr.Allowed(addr) }
	failed := func() {
		d.byKiosk.Spend(kioskKey)
		d.byAddr.Spend(addr)
	}
	var req checkInRequest
	if !d.decodeBody(w, r, maxScanBody, &req) {
		failed()
		return
	}
	if req.Token != "" && req.Code == "" {
		code, ok := d.tokens.badgeCode(d.store, req.Token)
		if !ok {
			failed()
			d.fail(w, "bad_request", Text{"Jeton de recherche invalide : cherchez à nouveau la personne.", "Invalid search token: search for the person again."})
			return
		}
		req.Code = code
	}
	if throttled() && !couldBeOurBadge(req.Code) {
		d.tooManyFailures(w, kioskKey, addr)
		return
	}
	if k.Session != 0 {
		req.Direction = data.In // a session kiosk records entries only (sessions.go)
	}
	res, err := d.day.CheckIn(r.Context(), checkin.Scan{Code: req.Code, Gate: req.Gate, Kiosk: k.Name, KioskID: k.ID,
		Nonce: req.Nonce, ScannedAt: req.ScannedAt, Direction: req.Direction})
	if err != nil {
		if errors.Is(err, checkin.ErrRequest) || errors.Is(err, checkin.ErrNonceReused) {
			failed()
		}
		d.failErr(w, r, err)
		return
	}
	if res.Result == checkin.Unknown || res.Result == checkin.Revoked {
		wasThrottled := throttled()
		failed()
		if wasThrottled {
			d.tooManyFailures(w, kioskKey, addr)
			return
		}
	}
	ans := d.answerOf(res)
	if k.Session != 0 {
		d.attendAt(r, k, res, &ans)
	}
	if ans.PhoneURL != "" {
		ans.PhoneLink = d.PublicBase(r) + ans.PhoneURL
	}
	writeJSON(w, http.StatusOK, ans)
}

// couldBeOurBadge reports whether raw, or one of its keyboard repairs, has
// the format of our badge codes.
func couldBeOurBadge(raw string) bool {
	for _, c := range checkin.Candidates(raw) {
		if checkin.ValidCode(c) {
			return true
		}
	}
	return false
}

func (d *door) tooManyFailures(w http.ResponseWriter, kioskKey, addr string) {
	wait := max(d.byKiosk.RetryAfter(kioskKey), d.byAddr.RetryAfter(addr), time.Second)
	secs := int((wait + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	d.fail(w, "rate_limited", Text{
		fmt.Sprintf("Trop de codes invalides depuis cette borne : les badges valides passent toujours, les autres codes attendent %d s.", secs),
		fmt.Sprintf("Too many invalid codes from this kiosk: valid badges still pass, other codes wait %d s.", secs),
	})
}

// answerOf is the kiosk's answer to a scan the Day applied.
func (s *Server) answerOf(res live.ScanResult) checkInAnswer {
	a := res.Attendee
	ans := checkInAnswer{Result: res.Result, Replayed: res.Replayed, Message: resultMessage(res.Outcome, a, s.event),
		FirstName: a.FirstName, Organisation: a.Organisation, Table: res.Table, Meet: res.Meet}
	if res.CheckIn != nil {
		ans.At = &res.CheckIn.At
		ans.Gate, ans.Direction = res.CheckIn.Gate, string(res.CheckIn.Direction)
	}
	if !res.FirstIn.IsZero() {
		ans.FirstIn, ans.FirstGate = &res.FirstIn, res.FirstGate
	}
	if res.Result == checkin.OK {
		ans.PhoneURL = "/me/" + a.Secret
	}
	return ans
}

// resultMessage is the operator's message for an outcome.
// Times are shown in the event's zone (data.Event.Location); event is
// read only for the answers that show a time ("already checked in at
// 08:52"), not on every scan.
func resultMessage(out checkin.Outcome, a data.Attendee, event func() data.Event) Text {
	name := isolate(a.FirstName) // a U+202E in it must not reverse the sentence
	switch out.Result {
	case checkin.OK:
		if out.Reentry {
			return Text{"Re-bonjour " + name + " !", "Welcome back, " + name + "!"}
		}
		return Text{"Bienvenue " + name + " !", "Welcome, " + name + "!"}
	case checkin.Already:
		at := out.FirstIn.In(event().Location()).Format("15:04")
		return Text{
			fmt.Sprintf("%s est déjà entré(e) à %s (porte %s).", name, at, out.FirstGate),
			fmt.Sprintf("%s already checked in at %s (gate %s).", name, at, out.FirstGate),
		}
	case checkin.Exit:
		return Text{"À bientôt " + name + " : sortie enregistrée.", "See you, " + name + ": exit recorded."}
	case checkin.NotInside:
		return Text{name + " n'est pas à l'intérieur : rien n'est enregistré.", name + " is not inside: nothing recorded."}
	case checkin.Revoked:
		return Text{"Badge révoqué : ce badge a été remplacé ou annulé. Orientez la personne vers l'accueil.", "Revoked badge: this badge was replaced or cancelled. Send the person to the help desk."}
	default:
		return Text{"Badge inconnu : ce code ne correspond à aucun participant.", "Unknown badge: this code matches no attendee."}
	}
}

// handleQR serves GET /api/qr?path=/me/...: a QR code of this server's
// absolute URL for a phone page, shown by the kiosk after a scan.
func (s *Server) handleQR(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Query().Get("path")
	if !strings.HasPrefix(path, "/me/") || strings.ContainsAny(path, "?#") {
		http.NotFound(w, r)
		return
	}
	s.writeQR(w, s.PublicBase(r)+path)
}

// decodeAnswer is the body of POST /api/decode's answer: found is false for
// a frame with no readable QR code (the common case, not an error).
type decodeAnswer struct {
	Found bool   `json:"found"`
	Code  string `json:"code,omitempty"`
}

// handleDecode serves POST /api/decode: the body is one camera frame (JPEG,
// PNG or WebP, at most maxFrameBody bytes) from a browser without
// BarcodeDetector; the answer holds the QR code's text, which the page then
// posts to /api/checkins like a scanner's. Decoding runs on at most one
// frame per core; a frame that finds every slot busy gets 429 at once (the
// page just sends the next one).
func (d *door) handleDecode(w http.ResponseWriter, r *http.Request) {
	if _, ok := d.requireKiosk(w, r); !ok {
		return
	}
	frame, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFrameBody))
	if err != nil {
		d.fail(w, "bad_request", Text{fmt.Sprintf("Image illisible ou trop grande (plus de %d octets).", maxFrameBody), fmt.Sprintf("Unreadable or too large image (over %d bytes).", maxFrameBody)})
		return
	}
	select {
	case d.decodeSlots <- struct{}{}:
		defer func() { <-d.decodeSlots }()
	default:
		w.Header().Set("Retry-After", "1")
		d.fail(w, "rate_limited", Text{"Décodeur occupé : image ignorée.", "Decoder busy: frame skipped."})
		return
	}
	code, err := checkin.DecodeQRBytes(frame)
	switch {
	case errors.Is(err, checkin.ErrNoQRCode):
		writeJSON(w, http.StatusOK, decodeAnswer{})
	case err != nil:
		d.fail(w, "bad_request", Text{"Image refusée : " + err.Error(), "Image refused: " + err.Error()})
	default:
		writeJSON(w, http.StatusOK, decodeAnswer{Found: true, Code: code})
	}
}
