package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// noEventFileHelp is what serve says, in English then French, when its
// --db names no file and --create was not given: which file is missing and
// the three ways to go on (fix the path, start an empty event, or import
// the attendees first).
func noEventFileHelp(path string) string {
	return fmt.Sprintf(`serve: no event file at %[1]s.
  Check the path (a typo in --db?). To start a new event: icebreaker serve --create --db %[1]s
  or import the attendees first: icebreaker import --db %[1]s attendees.csv (to try it out: icebreaker demo).
serve : aucun fichier d'événement à %[1]s.
  Vérifiez le chemin (une faute dans --db ?). Pour créer un nouvel événement : icebreaker serve --create --db %[1]s
  ou importez d'abord les participants : icebreaker import --db %[1]s participants.csv (pour essayer : icebreaker demo).
`, path)
}

// missingEventFile reports whether path names no file at all (another
// error, such as a permission, is left for data.Open to explain).
func missingEventFile(path string) bool {
	_, err := os.Stat(path)
	return errors.Is(err, fs.ErrNotExist)
}
