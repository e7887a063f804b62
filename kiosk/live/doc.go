// Package live owns everything that happens after a commit: one Day holds
// the store (data), the scan rules (checkin), the live picture (who is in,
// counts per gate, sector and role, the arrival curve, the feeds, the
// current round), the matcher's model and live index, the pairs that must
// not meet again (matcher.PairSet), and a Publisher (kiosk/hub satisfies
// it) for the pushes to screens.
//
// Its methods are the day's verbs: CheckIn (a badge scan), WalkIn (and
// WalkInUnlessKnown, which asks first about a namesake), Met, Decline,
// SetConsent, Correct (a person corrects what the matcher read in their
// profile), ReissueBadge, ReissueLink, Erase, Purge, Imported, StartRound,
// StopRound, SaveSettings (Reweigh), MapPhrase (the event's own
// vocabulary: the model is rebuilt on it), the organiser's desk
// (desk.go): CheckInFromDesk, UndoEntry (a mistaken entry leaves the log
// and every count) and Rename (a typo in a name or an organisation),
// SaveSheet and SetDirectoryScope (the directory, directory.go), PostAsk,
// CloseAsk and HideAsk (the asks wall, asks.go), BuildGroups,
// MoveToGroup, SetGroupLeader, SetGroupDetails, AddGroup, PublishGroups,
// ShowGroupsOnBoard and SetTeam (groups formed before the day,
// pregroups.go). Each does the write, the
// CloseAsk and HideAsk (the asks wall, asks.go), SaveSession,
// DeleteSession, BindKiosk and Attend (workshops and sessions,
// sessions.go). Each does the write, the
// live update and the pushes in one place; duplicate checks (a replayed
// scan nonce, a walk-in's nonce, a pair already met) are made inside the
// write transaction. Its read models are Board, Phone and Admin (the
// snapshots the pages start from), Stats, RoundView, AdminRound (every
// name, and who has no table and why), MyRound, NoTableFor, Desk,
// Directory, PhoneAsks, BoardAsks, Asks, MyGroup, BoardGroups and
// AdminGroups; messages
// Directory, PhoneAsks, BoardAsks, Asks, Sessions, PhoneSessions and
// SessionCounts; messages
// to screens are the typed structs of messages.go, one per kind. The
// package kiosk is the HTTP layer over it; the command line's matching
// commands read a Roster, the read-only part.
//
// # Locks
//
// One lock of its own, Day.mu, guards the picture and the model and index
// pointers (Reweigh and MapPhrase swap them; Day.vocab, taken before it,
// only serialises MapPhrase, and Day.rebuilding, taken after Day.vocab,
// serialises rebuilds). A rebuild builds the new model and index without
// Day.mu (the door keeps scanning on the old ones) and takes it only to
// catch up with what changed meanwhile and swap. The order is
//
//	Day.vocab → Day.rebuilding → Day.mu → matcher.Index.mu → matcher.Model.mu
//
// and nothing takes them the other way: the matcher never calls back. The
// directory's prepared list (directoryCache, directory.go) has a lock of
// its own, taken before Day.mu and never with it held; the cached group
// plan (groupsCache, pregroups.go) has one that is a leaf. The
// Publisher is never called with Day.mu held; the payload functions it
// runs later (only for topics someone watches) take Day.mu themselves. The
// store's locks (bbolt's writer, the group committer) are never taken with
// Day.mu held either, so a slow fsync never stalls a screen's read.
//
// # The path of one scan
//
//  1. The door page (static/door.js) POSTs /api/checkins with the kiosk's
//     bearer key.
//  2. kiosk (door.go) authenticates the kiosk (a store read), decodes the
//     body, applies the invalid-code throttle, and calls Day.CheckIn.
//  3. checkin.Service.Scan applies the rules inside one group-commit
//     transaction (data.Store.Commit: nonce replay, presence, direction)
//     and returns once it is fsynced. No Day lock is held.
//  4. Day.CheckIn reads the attendee, then under Day.mu: the picture
//     applies the check-in (ignored if a later check-in of the same person
//     was applied already: handlers of one batch may run in any order), and
//     the matcher's index is asked in the same hold (Index.Arrive or
//     Leave, which take Index.mu and Model.mu), so the index follows the
//     commit order; the counts and the board's line are taken, with the
//     answer's "people to meet" (their explanations are written after
//     Day.mu is released, so one scan's text does not hold back the next).
//  5. The hub publishes: the arrival to "board" and "admin", and "arrived"
//     to each phone whose top list the newcomer entered (payloads built
//     only for phones that are open, each under a short Day.mu).
//  6. kiosk writes the answer (the message, the table, the people to meet).
//
// A screen therefore never shows a check-in that was rolled back.
//
// # Erase, Purge, Imported
//
// These touch many people; none holds the door back for more than a
// short step: the store's side is data.Store.Erase, Purge and the
// batched csvio.Import, and the Day updates its picture in holds of
// forgetBatch people, each followed by a rest as long (inPacedBatches). Erase and Purge update the picture and the screens
// as soon as the store has committed, then wipe the erased bytes
// (data.Store.Scrub); if only the wipe fails they say so with a
// *data.ScrubPendingError, the erasure standing.
package live
