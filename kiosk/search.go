package kiosk

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"icebreaker/data"
	"icebreaker/internal/textfold"
)

// maxSearchResults bounds the answer of GET /api/attendees.
const maxSearchResults = 12

// searchHit is one person in the kiosk's name search. The door is for
// staff (a kiosk key), so it shows what tells two namesakes apart: the
// full last name, the organisation and the role (the public board keeps
// to first names and initials). Token is what the kiosk posts to
// /api/checkins to check that person in.
type searchHit struct {
	Token        string `json:"token"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name,omitempty"`
	Organisation string `json:"organisation,omitempty"`
	Title        string `json:"title,omitempty"`
	Inside       bool   `json:"inside"`
}

// searchAnswer is the body of GET /api/attendees: More is true when more
// people matched than are listed.
type searchAnswer struct {
	People []searchHit `json:"people"`
	More   bool        `json:"more,omitempty"`
}

// handleSearch serves GET /api/attendees?q=NAME for kiosks: people whose
// first name, last name or organisation contain every word of q, ignoring
// case and accents ("eloise coeur" finds "Éloïse Cœur-Dupré"). q needs at
// least two letters; at most maxSearchResults people are returned, sorted
// by first name, last name and organisation.
func (d *door) handleSearch(w http.ResponseWriter, r *http.Request) {
	if _, ok := d.requireKiosk(w, r); !ok {
		return
	}
	words := strings.Fields(searchKey(r.URL.Query().Get("q")))
	hits := []searchHit{}
	if len(strings.Join(words, "")) < 2 {
		writeJSON(w, http.StatusOK, searchAnswer{People: hits})
		return
	}
	err := d.store.View(func(tx *data.Tx) error {
		return tx.ForEachAttendee(func(a data.Attendee) error {
			if !matchesAll(searchKey(a.FirstName+" "+a.LastName+" "+a.Organisation), words) {
				return nil
			}
			hits = append(hits, d.hitOf(a))
			return nil
		})
	})
	if err != nil {
		d.failErr(w, r, err)
		return
	}
	slices.SortStableFunc(hits, func(a, b searchHit) int {
		return strings.Compare(searchKey(a.FirstName+" "+a.LastName+" "+a.Organisation), searchKey(b.FirstName+" "+b.LastName+" "+b.Organisation))
	})
	more := len(hits) > maxSearchResults
	hits = hits[:min(len(hits), maxSearchResults)]
	writeJSON(w, http.StatusOK, searchAnswer{People: hits, More: more})
}

func matchesAll(haystack string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(haystack, w) {
			return false
		}
	}
	return true
}

// hitOf is a as the door's search (and its "this may be…" question) shows
// them.
func (d *door) hitOf(a data.Attendee) searchHit {
	return searchHit{Token: d.tokens.sign(a.ID), FirstName: a.FirstName, LastName: a.LastName,
		Organisation: a.Organisation, Title: a.Title, Inside: d.day.Inside(a.ID)}
}

// searchKey folds s for the name search (textfold.Fold: case, accents,
// ligatures) and turns punctuation into single spaces, so names compare
// the way people type them on a kiosk.
func searchKey(s string) string {
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	return strings.Join(strings.FieldsFunc(textfold.Fold(s), notWord), " ")
}

// personTokens signs attendee IDs for the name search: a token names one
// attendee, cannot be forged or altered, and dies with the server process
// (its key is random at start), so a kiosk never holds a badge code it did
// not scan.
type personTokens struct{ key []byte }

func newPersonTokens() *personTokens {
	key := make([]byte, 32)
	rand.Read(key) // never fails (crypto/rand panics instead)
	return &personTokens{key: key}
}

const tokenMACLen = 16

func (p *personTokens) mac(id []byte) []byte {
	h := hmac.New(sha256.New, p.key)
	h.Write([]byte("icebreaker person token|"))
	h.Write(id)
	return h.Sum(nil)[:tokenMACLen]
}

func (p *personTokens) sign(id data.AttendeeID) string {
	raw := binary.BigEndian.AppendUint64(nil, uint64(id))
	return base64.RawURLEncoding.EncodeToString(append(raw, p.mac(raw)...))
}

// verify returns the attendee a token names, if the token is genuine.
func (p *personTokens) verify(token string) (data.AttendeeID, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 8+tokenMACLen || !hmac.Equal(raw[8:], p.mac(raw[:8])) {
		return 0, false
	}
	return data.AttendeeID(binary.BigEndian.Uint64(raw[:8])), true
}

// badgeCode resolves a token to the person's current badge code, which the
// scan then uses: a person checked in by name goes through the same rules
// (and the same nonce idempotency) as one who scanned.
func (p *personTokens) badgeCode(store *data.Store, token string) (string, bool) {
	id, ok := p.verify(token)
	if !ok {
		return "", false
	}
	var a data.Attendee
	err := store.View(func(tx *data.Tx) (err error) { a, err = tx.Attendee(id); return })
	return a.BadgeCode, err == nil && a.BadgeCode != ""
}
