package kiosk

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/matcher"
)

func (s *Server) doorRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /kiosk", s.handleDoorPage)
	mux.HandleFunc("POST /api/checkins", s.handleCheckIn)
	mux.HandleFunc("GET /api/qr", s.handleQR)
}

func (s *Server) handleDoorPage(w http.ResponseWriter, r *http.Request) {
	ev := s.event()
	s.render(w, "door.html", map[string]any{"Event": ev, "Lang": lang(r, ev.Language)})
}

// checkInRequest is the body of POST /api/checkins.
type checkInRequest struct {
	Code      string         `json:"code"`
	Gate      string         `json:"gate"`
	Nonce     string         `json:"nonce"`
	ScannedAt time.Time      `json:"scanned_at"`
	Direction data.Direction `json:"direction"`
}

// person is someone as a kiosk or a phone may show them.
type person struct {
	Name         string `json:"name"`
	Organisation string `json:"organisation,omitempty"`
	Reasons      *Text  `json:"reasons,omitempty"`
}

// checkInAnswer is the body of a scan's answer.
type checkInAnswer struct {
	Result       checkin.Result `json:"result"`
	Message      Text           `json:"message"`
	FirstName    string         `json:"first_name,omitempty"`
	Organisation string         `json:"organisation,omitempty"`
	Table        string         `json:"table,omitempty"`
	Meet         []person       `json:"meet,omitempty"`
	PhoneURL     string         `json:"phone_url,omitempty"`
	At           *time.Time     `json:"at,omitempty"`
	FirstIn      *time.Time     `json:"first_in,omitempty"`
	FirstGate    string         `json:"first_gate,omitempty"`
	Replayed     bool           `json:"replayed,omitempty"`
}

// authKiosk returns the kiosk that the request's bearer key belongs to.
func (s *Server) authKiosk(r *http.Request) (data.Kiosk, bool) {
	key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || key == "" {
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

func (s *Server) handleCheckIn(w http.ResponseWriter, r *http.Request) {
	k, ok := s.authKiosk(r)
	if !ok {
		s.fail(w, "unauthorized", Text{"Borne non autorisée : clé absente ou révoquée.", "Kiosk not authorised: missing or revoked key."})
		return
	}
	var req checkInRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&req); err != nil {
		s.fail(w, "bad_request", Text{"Requête illisible : " + err.Error(), "Unreadable request: " + err.Error()})
		return
	}
	out, err := s.scans.Scan(r.Context(), checkin.Scan{Code: req.Code, Gate: req.Gate, Kiosk: k.Name,
		Nonce: req.Nonce, ScannedAt: req.ScannedAt, Direction: req.Direction})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ans, err := s.afterScan(out)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// afterScan runs once the scan is committed: it updates the live picture,
// publishes to the screens (never for a replayed nonce, which was published
// the first time) and builds the kiosk's answer.
func (s *Server) afterScan(out checkin.Outcome) (checkInAnswer, error) {
	ans := checkInAnswer{Result: out.Result, Replayed: out.Replayed}
	if out.Attendee == 0 {
		ans.Message = resultMessage(out, data.Attendee{})
		return ans, nil
	}
	var a data.Attendee
	if err := s.store.View(func(tx *data.Tx) (err error) { a, err = tx.Attendee(out.Attendee); return }); err != nil {
		return ans, err
	}
	ans.Message = resultMessage(out, a)
	ans.FirstName, ans.Organisation = a.FirstName, a.Organisation
	if out.CheckIn != nil {
		ans.At = &out.CheckIn.At
	}
	if !out.FirstIn.IsZero() {
		ans.FirstIn, ans.FirstGate = &out.FirstIn, out.FirstGate
	}
	switch out.Result {
	case checkin.OK:
		ans.PhoneURL = "/me/" + a.Secret
		var mine []matcher.Suggestion
		if out.Replayed {
			mine = s.live.index.Suggest(uint64(a.ID), s.top)
		} else {
			mine = s.arrive(a, *out.CheckIn)
		}
		for i, sg := range mine {
			if i == 3 {
				break
			}
			ans.Meet = append(ans.Meet, s.personOf(sg, "fr"))
		}
	case checkin.Exit:
		if !out.Replayed {
			s.leave(a, *out.CheckIn)
		}
	}
	return ans, nil
}

// resultMessage is the operator's message for an outcome.
func resultMessage(out checkin.Outcome, a data.Attendee) Text {
	name := a.FirstName
	switch out.Result {
	case checkin.OK:
		if out.Reentry {
			return Text{"Re-bonjour " + name + " !", "Welcome back, " + name + "!"}
		}
		return Text{"Bienvenue " + name + " !", "Welcome, " + name + "!"}
	case checkin.Already:
		at := out.FirstIn.Local().Format("15:04")
		return Text{
			fmt.Sprintf("%s est déjà entré(e) à %s (porte %s).", name, at, out.FirstGate),
			fmt.Sprintf("%s already checked in at %s (gate %s).", name, at, out.FirstGate),
		}
	case checkin.Exit:
		return Text{"À bientôt " + name + " : sortie enregistrée.", "See you, " + name + ": exit recorded."}
	case checkin.NotInside:
		return Text{name + " n'est pas à l'intérieur : rien n'est enregistré.", name + " is not inside: nothing recorded."}
	case checkin.RevokedRes:
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
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	s.writeQR(w, scheme+"://"+r.Host+path)
}
