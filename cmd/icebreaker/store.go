package main

import (
	"icebreaker/checkin"
	"icebreaker/data"
)

// openStore opens an event file with the production badge-code generator.
// Only the commands that start an event (import, serve, demo) pass create:
// every other command refuses a missing file with data.ErrNoEventFile, so
// that a mistyped --db never answers "purged" on an empty new event.
func openStore(path string, create bool) (*data.Store, error) {
	return data.Open(path, data.Options{Codes: checkin.Codes{}, Create: create})
}
