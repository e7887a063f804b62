package main

import (
	"fmt"
	"os"

	"icebreaker/checkin"
	"icebreaker/data"
)

// openStore opens an event file with the production badge-code generator.
func openStore(path string) (*data.Store, error) {
	return data.Open(path, data.Options{Codes: checkin.Codes{}})
}

// openExisting opens the event file at path, which must exist already:
// commands that only read or edit it must not create an empty one.
func openExisting(path string) (*data.Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("event file: %w", err)
	}
	return openStore(path)
}
