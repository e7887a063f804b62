// Package kiosk is the HTTP layer of icebreaker: routes, authentication
// (kiosk keys, phone links, admin sessions), the embedded templates and
// static files, the WebSocket hub wiring, the door, board, phone and admin
// pages, and the JSON API.
//
// Handlers decode a request, call the day's owner (kiosk/live's Day: the
// writes, the live picture, the matcher and the pushes) and render its
// answer or read model; the package doc of kiosk/live has the lock order
// and the path of one scan. What stays here besides is what is not the
// day: throttles, sessions and passwords, kiosk keys, exports and backups.
//
// Topics of the hub and their messages are listed in kiosk/live
// (messages.go): "board" (public screen: consenting names only),
// "me:<id>" (one attendee's phone, opened with their secret link), "admin"
// (signed-in organisers).
//
// A page's language is its ?lang=, then the "lang" cookie the FR/EN switch
// sets (i18n_remember.go), then Accept-Language, then the event's; the
// board, a shared screen, takes its ?lang= or else the event's language
// from the admin's settings, and reloads when they change.
//
// Page scripts are ES modules under static/, loaded as embedded (no build
// step): live.js is what they share; each page's strings arrive as the
// JSON of <script id="page-text"> (scriptText).
//
// # Holding under attack
//
// What needs no sign-in is bounded (sockets.go, ratelimit.go): board and
// phone sockets have a global and a per-address cap, board sockets one of
// their own (each costs the door a write per scan), and an optional board
// key closes the board to anyone without its link; failed scans, logins
// (counted when they start, checked on at most half the cores), consent
// switches and camera frames are throttled. Every response has a
// Content-Security-Policy (scripts only from /static, no inline script or
// handler), text people typed is bidi-isolated where it is shown, and the
// server's log lines go through Redact. Scan nonces are per kiosk and per
// code. The drills are in attack_test.go, their figures in BENCHMARKS.md.
package kiosk
