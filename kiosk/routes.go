package kiosk

import (
	"io/fs"
	"net/http"
	"strings"

	"icebreaker/kiosk/hub"
	"icebreaker/kiosk/live"
)

// routes is every route the server answers, by page. Admin pages redirect
// to the sign-in page without a session; the admin API, its WebSocket and
// every admin POST answer 401 (requireAdmin). Every phone route answers
// 404 for an unknown or revoked secret, and revoking a link (admin) drops
// its open WebSocket (hub.Drop). A board route asks for the board key when
// one is set (requireBoardKey). POSTs are also covered by
// http.CrossOriginProtection (New).
func (s *Server) routes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	mux.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") { // a folder: no listing
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	mux.HandleFunc("GET /{$}", s.handleHome)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

	// The door (door.go, walkin.go): the kiosk page, scans, search, walk-ins
	// and badges.
	d := newDoor(s)
	mux.HandleFunc("GET /kiosk", s.handleDoorPage)
	mux.HandleFunc("POST /api/checkins", d.handleCheckIn)
	mux.HandleFunc("GET /api/qr", s.handleQR)
	mux.HandleFunc("POST /api/decode", d.handleDecode)
	mux.HandleFunc("GET /api/attendees", d.handleSearch)
	mux.HandleFunc("POST /api/walkins", d.handleWalkIn)
	mux.HandleFunc("GET /api/walkins/{id}/badge.pdf", d.handleWalkInBadge)
	mux.HandleFunc("GET /api/attendees/{token}/badge.pdf", d.handleReprint)

	// The board (board.go).
	mux.HandleFunc("GET /board", s.requireBoardKey(s.handleBoardPage))
	mux.HandleFunc("GET /api/board", s.requireBoardKey(s.handleBoardSnapshot))
	mux.HandleFunc("GET /branding/logo", s.handleLogo)
	mux.HandleFunc("GET /ws/board", s.requireBoardKey(func(w http.ResponseWriter, r *http.Request) {
		s.serveCapped(w, r, []string{live.TopicBoard}, []*socketGate{s.boards, s.sockets}, hub.WithSendBuffer(screenQueue))
	}))

	// The phone (phone.go) and what the matcher understood (phone_understood.go).
	mux.HandleFunc("GET /me/{secret}", s.handlePhonePage)
	mux.HandleFunc("GET /me/{secret}/badge.png", s.handlePhoneBadge)
	mux.HandleFunc("GET /api/me/{secret}", s.handlePhoneSnapshot)
	mux.HandleFunc("GET /ws/me/{secret}", s.handlePhoneWS)
	mux.HandleFunc("POST /api/me/{secret}/met", s.handlePhoneMet)
	mux.HandleFunc("POST /api/me/{secret}/decline", s.handlePhoneDecline)
	mux.HandleFunc("POST /api/me/{secret}/consent", s.handlePhoneConsent)
	mux.HandleFunc("POST /api/me/{secret}/scan", s.handlePhoneScan)
	mux.HandleFunc("GET /api/me/{secret}/concepts", s.handlePhoneConcepts)
	mux.HandleFunc("POST /api/me/{secret}/corrections", s.handlePhoneCorrections)

	// The admin: sign-in (admin_auth.go), the round, attendees (admin.go).
	mux.HandleFunc("GET /admin/setup", s.handleSetupPage)
	mux.HandleFunc("POST /admin/setup", s.handleSetup)
	mux.HandleFunc("GET /admin/login", s.handleLoginPage)
	mux.HandleFunc("POST /admin/login", s.handleLogin)
	mux.HandleFunc("POST /admin/logout", s.handleLogout)
	mux.HandleFunc("GET /admin", s.requireAdmin(s.handleAdminPage))
	mux.HandleFunc("GET /api/admin/state", s.requireAdmin(s.handleAdminState))
	mux.HandleFunc("GET /ws/admin", s.requireAdmin(func(w http.ResponseWriter, r *http.Request) {
		s.hub.Serve(w, r, []string{live.TopicAdmin}, nil, hub.WithSendBuffer(screenQueue))
	}))
	mux.HandleFunc("POST /admin/rounds", s.requireAdmin(s.handleRoundStart))
	mux.HandleFunc("POST /admin/rounds/stop", s.requireAdmin(s.confirmFirst(stopQuestion, "/admin", s.handleRoundStop)))
	mux.HandleFunc("GET /admin/attendees", s.requireAdmin(s.handleAttendees))
	mux.HandleFunc("POST /admin/attendees/{id}/badge", s.requireAdmin(s.confirmFirst(s.attendeeQuestion(
		"Émettre un nouveau badge pour %s ? L'ancien sera refusé à la porte.", "Issue a new badge for %s? The old one is refused at the door."),
		"/admin/attendees", s.handleReissueBadge)))
	mux.HandleFunc("POST /admin/attendees/{id}/link", s.requireAdmin(s.handleReissueLink))
	mux.HandleFunc("POST /admin/attendees/{id}/erase", s.requireAdmin(s.confirmFirst(s.attendeeQuestion(
		"Effacer %s partout, pour de bon ? Profil, badge, entrées et mises en relation disparaissent.", "Erase %s everywhere, for good? Profile, badge, check-ins and introductions are gone."),
		"/admin/attendees", s.handleErase)))
	mux.HandleFunc("GET /badge/{code}", s.requireAdmin(s.handleBadgePNG))

	// Import, export and backup (admin_io.go, admin_import.go).
	mux.HandleFunc("GET /admin/import", s.requireAdmin(s.handleImportPage))
	mux.HandleFunc("POST /admin/import", s.requireAdmin(s.handleImport))
	mux.HandleFunc("GET /admin/export/{file}", s.requireAdmin(s.handleExport))
	mux.HandleFunc("GET /admin/backup", s.requireAdmin(s.handleBackup))
	mux.HandleFunc("GET /admin/badges.pdf", s.requireAdmin(s.handleBadgesPDF))
	mux.HandleFunc("POST /admin/public-url", s.requireAdmin(s.handlePublicURL))

	// The desk (admin_desk.go).
	mux.HandleFunc("GET /admin/desk", s.requireAdmin(s.handleDesk))
	mux.HandleFunc("GET /admin/desk/people.csv", s.requireAdmin(s.handleDeskCSV))
	mux.HandleFunc("POST /admin/desk/{id}/checkin", s.requireAdmin(s.handleDeskCheckIn))
	mux.HandleFunc("POST /admin/desk/{id}/undo", s.requireAdmin(s.confirmFirst(s.attendeeQuestion(
		"Annuler l'entrée de %s ? Elle est retirée du journal et des compteurs : la personne n'est plus comptée comme arrivée (ou redevient sortie après une ré-entrée).",
		"Undo the entry of %s? It is taken out of the log and the counts: the person no longer counts as arrived (or is outside again after a re-entry)."),
		"/admin/desk", s.handleDeskUndo)))
	mux.HandleFunc("GET /admin/attendees/{id}/edit", s.requireAdmin(s.handleEditPage))
	mux.HandleFunc("POST /admin/attendees/{id}/edit", s.requireAdmin(s.handleEdit))

	// Settings, kiosks, the board key and the session (admin_settings.go).
	mux.HandleFunc("GET /admin/settings", s.requireAdmin(s.handleSettingsPage))
	mux.HandleFunc("POST /admin/settings", s.requireAdmin(s.handleSettings))
	mux.HandleFunc("GET /admin/kiosks", s.requireAdmin(s.handleKiosksPage))
	mux.HandleFunc("POST /admin/kiosks", s.requireAdmin(s.handleKioskCreate))
	mux.HandleFunc("POST /admin/kiosks/{id}/revoke", s.requireAdmin(s.confirmFirst(s.kioskQuestion, "/admin/kiosks", s.handleKioskRevoke)))
	mux.HandleFunc("POST /admin/boardkey", s.requireAdmin(s.handleBoardKey))
	mux.HandleFunc("GET /api/admin/session", s.requireAdmin(s.handleSessionInfo))
	mux.HandleFunc("POST /api/admin/session/extend", s.requireAdmin(s.handleSessionExtend))

	// The vocabulary (admin_vocab.go).
	mux.HandleFunc("GET /admin/vocabulary", s.requireAdmin(s.handleVocabularyPage))
	mux.HandleFunc("POST /admin/vocabulary", s.requireAdmin(s.handleVocabularyMap))
	mux.HandleFunc("GET /admin/vocabulary.tsv", s.requireAdmin(s.handleVocabularyTSV))
	mux.HandleFunc("GET /api/admin/concepts", s.requireAdmin(s.writeChoices))

	// Personal data: access and the purge (admin_privacy.go).
	mux.HandleFunc("GET /admin/attendees/{id}/data.json", s.requireAdmin(s.handlePersonalData))
	mux.HandleFunc("POST /admin/purge", s.requireAdmin(s.handlePurge))

	// The directory and the project sheet (directory.go), phone and admin.
	mux.HandleFunc("GET /me/{secret}/directory", s.handlePhoneDirectory)
	mux.HandleFunc("GET /me/{secret}/sheet", s.handleSheetPage)
	mux.HandleFunc("POST /me/{secret}/sheet", s.handleSheet)
	mux.HandleFunc("GET /admin/directory", s.requireAdmin(s.handleAdminDirectory))
	mux.HandleFunc("POST /admin/directory/scope", s.requireAdmin(s.handleDirectoryScope))

	// The asks wall (asks.go).
	mux.HandleFunc("POST /api/me/{secret}/asks", s.handlePostAsk)
	mux.HandleFunc("POST /api/me/{secret}/asks/{ask}/close", s.handleCloseAsk)
	mux.HandleFunc("GET /admin/asks", s.requireAdmin(s.handleAdminAsks))
	mux.HandleFunc("POST /admin/asks/{ask}/hide", s.requireAdmin(s.handleHideAsk))

	// Peers confirm each other's skills (phone_confirm.go); after the day,
	// my day and the organiser's indicators (afterday.go, admin_indicators.go).
	mux.HandleFunc("POST /api/me/{secret}/confirm", s.handlePhoneConfirm)
	mux.HandleFunc("GET /me/{secret}/day", s.handlePhoneDay)
	mux.HandleFunc("GET /admin/indicators", s.requireAdmin(s.handleAdminIndicators))
	mux.HandleFunc("GET /admin/indicators.csv", s.requireAdmin(s.handleIndicatorsCSV))
	mux.HandleFunc("GET /admin/afterday.csv", s.requireAdmin(s.handleAfterDayCSV))

	// Workshops and sessions (sessions.go): the programme, a kiosk bound to
	// a session, and the phone's « Je suis là ».
	mux.HandleFunc("GET /admin/sessions", s.requireAdmin(s.handleAdminSessions))
	mux.HandleFunc("GET /api/admin/sessions", s.requireAdmin(s.handleAdminSessionsState))
	mux.HandleFunc("POST /admin/sessions", s.requireAdmin(s.handleSaveSession))
	mux.HandleFunc("POST /admin/sessions/{session}/delete", s.requireAdmin(s.confirmFirst(s.deleteSessionQuestion, "/admin/sessions", s.handleDeleteSession)))
	mux.HandleFunc("POST /admin/kiosks/{kiosk}/session", s.requireAdmin(s.handleBindKiosk))
	mux.HandleFunc("POST /api/me/{secret}/sessions/{session}/here", s.handleImHere)

	// Groups formed before the day (admin_groups.go): its admin page and
	// the forms that build, adjust and publish them.
	s.groupsRoutes(mux)
}
