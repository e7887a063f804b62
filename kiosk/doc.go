// Package kiosk is everything HTTP in icebreaker: routes, authentication,
// the embedded templates and static files, the WebSocket hub wiring, the
// door, board, phone and admin pages, and the JSON API.
//
// The path of one scan is kept short: the door page POSTs /api/checkins;
// checkin applies the rules and data commits them (fsync); only then does the
// handler ask the matcher's live index for this person's introductions and
// publish to the board and to the phones concerned; then the kiosk gets its
// answer. A screen therefore never shows a check-in that was rolled back.
//
// Topics of the hub: "board" (public screen: consenting names only),
// "me:<id>" (one attendee's phone, opened with their secret link),
// "admin" (signed-in organisers).
package kiosk
