package kiosk

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// The asks wall (live/asks.go): phones post and close their asks over
// the JSON API (phone_asks.js), the board shows the open ones its authors
// allowed (board_asks.js), the admin lists the day's asks and hides one.

// askScript are the labels of phone_asks.js, added to the phone page's.
var askScript = []string{"ask.asks", "ask.sentto", "ask.told", "ask.sentnone", "ask.closebtn", "ask.closed", "ask.onboard", "ask.offboard", "ask.youoffer", "ask.until"}

// askRequest is the body of POST /api/me/{secret}/asks.
type askRequest struct {
	Text  string `json:"text"`
	Board bool   `json:"board"`
}

// handlePostAsk posts an ask and answers live.PostResult (how many people
// it reached, and my asks now). Over the posting bounds it answers 429
// with the reason, and Retry-After when waiting is enough.
func (s *Server) handlePostAsk(w http.ResponseWriter, r *http.Request) {
	var req askRequest
	me, ok := s.phoneRequest(w, r, &req)
	if !ok {
		return
	}
	res, err := s.day.PostAsk(r.Context(), me.ID, req.Text, req.Board)
	var limit *live.AskLimitError
	switch {
	case errors.As(err, &limit):
		if limit.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((limit.RetryAfter+time.Second-1)/time.Second)))
		}
		s.fail(w, "rate_limited", Text(limit.Text))
	case err != nil:
		s.failRequest(w, r, err)
	default:
		writeJSON(w, http.StatusOK, res)
	}
}

// handleCloseAsk closes one of my asks and answers my asks now.
func (s *Server) handleCloseAsk(w http.ResponseWriter, r *http.Request) {
	me, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	id, err := pathUint(r, "ask")
	if err == nil {
		err = s.day.CloseAsk(me.ID, id)
	}
	if errors.Is(err, live.ErrNotYourAsk) {
		err = data.ErrNotFound // someone else's ask is none of this link's business
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	asks, err := s.day.PhoneAsks(me.ID)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, asks)
}

// adminAsksPage is the data of admin_asks.html.
type adminAsksPage struct {
	page
	Asks []live.AdminAsk
}

func (s *Server) handleAdminAsks(w http.ResponseWriter, r *http.Request) {
	asks, err := s.day.Asks()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p := s.adminPage(r, "asks")
	for i := range asks {
		asks[i].At = asks[i].At.In(p.Event.Location()) // the venue's time
	}
	s.render(w, "admin_asks.html", adminAsksPage{page: p, Asks: asks})
}

// handleHideAsk hides an ask (hidden=1) or shows it again (hidden=0).
func (s *Server) handleHideAsk(w http.ResponseWriter, r *http.Request) {
	id, err := pathUint(r, "ask")
	if err == nil {
		err = s.day.HideAsk(id, r.FormValue("hidden") != "0")
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/asks?done=asks", http.StatusSeeOther)
}
