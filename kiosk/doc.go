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
// Page scripts are ES modules under static/, loaded as embedded (no build
// step): live.js is what they share; each page's strings arrive as the
// JSON of <script id="page-text"> (scriptText).
package kiosk
