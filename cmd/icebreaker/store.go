package main

import (
	"icebreaker/checkin"
	"icebreaker/data"
)

// openStore opens an event file with the production badge-code generator.
func openStore(path string) (*data.Store, error) {
	return data.Open(path, data.Options{Codes: checkin.Codes{}})
}
