package kiosk

import "net/http"

func (s *Server) boardRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /board", s.handleBoardPage)
	mux.HandleFunc("GET /api/board", s.handleBoardSnapshot)
	mux.HandleFunc("GET /ws/board", func(w http.ResponseWriter, r *http.Request) {
		s.hub.Serve(w, r, []string{"board"}, nil)
	})
}

func (s *Server) handleBoardPage(w http.ResponseWriter, r *http.Request) {
	ev := s.event()
	s.render(w, "board.html", map[string]any{"Event": ev, "Lang": lang(r, ev.Language)})
}

// boardSnapshot is the whole board at one moment, for first paint and for
// resynchronising after a gap. Seq is the board topic's sequence number read
// before the state, so messages after it may already be included: pages
// apply messages idempotently.
type boardSnapshot struct {
	Epoch    string         `json:"epoch"`
	Seq      uint64         `json:"seq"`
	Event    string         `json:"event"`
	Counts   counts         `json:"counts"`
	Arrivals []boardArrival `json:"arrivals"`
	Curve    []curvePoint   `json:"curve"`
}

func (s *Server) handleBoardSnapshot(w http.ResponseWriter, r *http.Request) {
	snap := boardSnapshot{Epoch: s.hub.Epoch(), Seq: s.hub.Seq("board"), Event: s.event().Name}
	snap.Counts, snap.Arrivals, snap.Curve = s.live.snapshot()
	writeJSON(w, http.StatusOK, snap)
}
