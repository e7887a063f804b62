// Package checkin is the door's rules: the badge codes (their alphabet,
// generation, normalisation and constant-time comparison), the phone and
// kiosk secrets, the QR codes printed on badges and decoded from camera
// frames, the repairs of codes typed through the wrong keyboard layout, and
// Service.Scan, which decides what one badge scan does (entry, re-entry,
// already inside, exit, unknown or revoked badge) inside one group-commit
// transaction, replaying a kiosk's retried nonce.
//
// Here "scan" always means a badge scanned at the door; the matcher's
// column scans are another thing. kiosk/live's Day.CheckIn calls Scan and
// then updates the live picture.
package checkin
