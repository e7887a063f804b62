package kiosk

import (
	"encoding/json"
	"errors"
	"net/http"
	"syscall"

	"icebreaker/checkin"
	"icebreaker/data"
)

// apiError is the JSON body of every API error: a stable code for programs
// and a message in both languages for people.
type apiError struct {
	Code    string `json:"error"`
	Message Text   `json:"message"`
}

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[string]int{
	"bad_request":  http.StatusBadRequest,
	"unauthorized": http.StatusUnauthorized,
	"not_found":    http.StatusNotFound,
	"conflict":     http.StatusConflict,
	"rate_limited": http.StatusTooManyRequests,
	"disk_full":    http.StatusInsufficientStorage,
	"unavailable":  http.StatusServiceUnavailable,
	"internal":     http.StatusInternalServerError,
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *Server) fail(w http.ResponseWriter, code string, msg Text) {
	writeJSON(w, statusOf[code], apiError{Code: code, Message: msg})
}

// failErr maps an internal error to its code; only internal errors are logged.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, checkin.ErrRequest):
		s.fail(w, "bad_request", Text{err.Error(), err.Error()})
	case errors.Is(err, checkin.ErrNonceReused):
		s.fail(w, "conflict", Text{"Identifiant de scan déjà utilisé par cette borne pour un autre badge : rien n'a été enregistré. Rechargez la page de la borne, puis scannez à nouveau.",
			"Scan id already used by this kiosk for another badge: nothing was recorded. Reload the kiosk page, then scan again."})
	case errors.Is(err, data.ErrNotFound):
		s.fail(w, "not_found", Text{"Introuvable.", "Not found."})
	case errors.Is(err, syscall.ENOSPC):
		s.log.Error("disk full: request refused, nothing recorded", "method", r.Method, "path", r.URL.Path)
		s.fail(w, "disk_full", Text{
			"Disque plein sur le serveur : rien n'a été enregistré. Libérez de la place, puis réessayez.",
			"The server's disk is full: nothing was recorded. Free some space, then try again."})
	case errors.Is(err, data.ErrClosed):
		s.fail(w, "unavailable", Text{"Le serveur s'arrête.", "The server is shutting down."})
	default:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		s.fail(w, "internal", Text{"Erreur interne : rien n'a été enregistré. Réessayez.", "Internal error: nothing was recorded. Try again."})
	}
}
