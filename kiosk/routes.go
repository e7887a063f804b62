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
	// admin registers a route of the organiser's: requireAdmin guards
	// every one of them.
	admin := func(pattern string, h http.HandlerFunc) { mux.HandleFunc(pattern, s.requireAdmin(h)) }
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
	admin("GET /admin", s.handleAdminPage)
	admin("GET /api/admin/state", s.handleAdminState)
	admin("GET /ws/admin", func(w http.ResponseWriter, r *http.Request) {
		s.hub.Serve(w, r, []string{live.TopicAdmin}, nil, hub.WithSendBuffer(screenQueue))
	})
	admin("POST /admin/rounds", s.handleRoundStart)
	admin("POST /admin/rounds/stop", s.confirmFirst(stopQuestion, "/admin", s.handleRoundStop))
	admin("GET /admin/attendees", s.handleAttendees)
	admin("POST /admin/attendees/{id}/badge", s.confirmFirst(s.attendeeQuestion(
		"Émettre un nouveau badge pour %s ? L'ancien sera refusé à la porte.", "Issue a new badge for %s? The old one is refused at the door."),
		"/admin/attendees", s.handleReissueBadge))
	admin("POST /admin/attendees/{id}/link", s.handleReissueLink)
	admin("POST /admin/attendees/{id}/erase", s.confirmFirst(s.attendeeQuestion(
		"Effacer %s partout, pour de bon ? Profil, badge, entrées et mises en relation disparaissent.", "Erase %s everywhere, for good? Profile, badge, check-ins and introductions are gone."),
		"/admin/attendees", s.handleErase))
	admin("GET /badge/{code}", s.handleBadgePNG)

	// Import, export and backup (admin_io.go, admin_import.go).
	admin("GET /admin/import", s.handleImportPage)
	admin("POST /admin/import", s.handleImport)
	admin("GET /admin/export/{file}", s.handleExport)
	admin("GET /admin/backup", s.handleBackup)
	admin("GET /admin/badges.pdf", s.handleBadgesPDF)
	admin("POST /admin/public-url", s.handlePublicURL)

	// The desk (admin_desk.go).
	admin("GET /admin/desk", s.handleDesk)
	admin("GET /admin/desk/people.csv", s.handleDeskCSV)
	admin("POST /admin/desk/{id}/checkin", s.handleDeskCheckIn)
	admin("POST /admin/desk/{id}/undo", s.confirmFirst(s.attendeeQuestion(
		"Annuler l'entrée de %s ? Elle est retirée du journal et des compteurs : la personne n'est plus comptée comme arrivée (ou redevient sortie après une ré-entrée).",
		"Undo the entry of %s? It is taken out of the log and the counts: the person no longer counts as arrived (or is outside again after a re-entry)."),
		"/admin/desk", s.handleDeskUndo))
	admin("GET /admin/attendees/{id}/edit", s.handleEditPage)
	admin("POST /admin/attendees/{id}/edit", s.handleEdit)

	// Settings, kiosks, the board key and the session (admin_settings.go).
	admin("GET /admin/settings", s.handleSettingsPage)
	admin("POST /admin/settings", s.handleSettings)
	admin("GET /admin/kiosks", s.handleKiosksPage)
	admin("POST /admin/kiosks", s.handleKioskCreate)
	admin("POST /admin/kiosks/{id}/revoke", s.confirmFirst(s.kioskQuestion, "/admin/kiosks", s.handleKioskRevoke))
	admin("POST /admin/boardkey", s.handleBoardKey)
	admin("GET /api/admin/session", s.handleSessionInfo)
	admin("POST /api/admin/session/extend", s.handleSessionExtend)

	// The vocabulary (admin_vocab.go).
	admin("GET /admin/vocabulary", s.handleVocabularyPage)
	admin("POST /admin/vocabulary", s.handleVocabularyMap)
	admin("GET /admin/vocabulary.tsv", s.handleVocabularyTSV)
	admin("GET /api/admin/concepts", s.writeChoices)

	// Personal data: access and the purge (admin_privacy.go).
	admin("GET /admin/attendees/{id}/data.json", s.handlePersonalData)
	admin("POST /admin/purge", s.handlePurge)

	// The directory and the project sheet (directory.go), phone and admin.
	mux.HandleFunc("GET /me/{secret}/directory", s.handlePhoneDirectory)
	mux.HandleFunc("GET /me/{secret}/sheet", s.handleSheetPage)
	mux.HandleFunc("POST /me/{secret}/sheet", s.handleSheet)
	admin("GET /admin/directory", s.handleAdminDirectory)
	admin("POST /admin/directory/scope", s.handleDirectoryScope)

	// The asks wall (asks.go).
	mux.HandleFunc("POST /api/me/{secret}/asks", s.handlePostAsk)
	mux.HandleFunc("POST /api/me/{secret}/asks/{ask}/close", s.handleCloseAsk)
	admin("GET /admin/asks", s.handleAdminAsks)
	admin("POST /admin/asks/{ask}/hide", s.handleHideAsk)

	// Peers confirm each other's skills (phone_confirm.go); after the day,
	// my day and the organiser's indicators (afterday.go, admin_indicators.go).
	mux.HandleFunc("POST /api/me/{secret}/confirm", s.handlePhoneConfirm)
	mux.HandleFunc("GET /me/{secret}/day", s.handlePhoneDay)
	admin("GET /admin/indicators", s.handleAdminIndicators)
	admin("GET /admin/indicators.csv", s.handleIndicatorsCSV)
	admin("GET /admin/afterday.csv", s.handleAfterDayCSV)

	// Workshops and sessions (sessions.go): the programme, a kiosk bound to
	// a session, and the phone's « Je suis là ».
	admin("GET /admin/sessions", s.handleAdminSessions)
	admin("GET /api/admin/sessions", s.handleAdminSessionsState)
	admin("POST /admin/sessions", s.handleSaveSession)
	admin("POST /admin/sessions/{session}/delete", s.confirmFirst(s.deleteSessionQuestion, "/admin/sessions", s.handleDeleteSession))
	admin("POST /admin/kiosks/{kiosk}/session", s.handleBindKiosk)
	mux.HandleFunc("POST /api/me/{secret}/sessions/{session}/here", s.handleImHere)

	// Groups formed before the day (admin_groups.go): its admin page and
	// the forms that build, adjust and publish them.
	s.groupsRoutes(admin)
}
