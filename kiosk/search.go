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

// searchHit is one person in the kiosk's name search. It shows what the
// operator needs to tell two people apart and nothing more; Token is what
// the kiosk posts to /api/checkins to check that person in.
type searchHit struct {
	Token        string `json:"token"`
	FirstName    string `json:"first_name"`
	LastInitial  string `json:"last_initial,omitempty"`
	Organisation string `json:"organisation,omitempty"`
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
// by first name.
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
			hits = append(hits, searchHit{
				Token:        d.tokens.sign(a.ID),
				FirstName:    a.FirstName,
				LastInitial:  initial(a.LastName),
				Organisation: a.Organisation,
				Inside:       d.day.Inside(a.ID),
			})
			return nil
		})
	})
	if err != nil {
		d.failErr(w, r, err)
		return
	}
	slices.SortStableFunc(hits, func(a, b searchHit) int {
		return strings.Compare(searchKey(a.FirstName+" "+a.LastInitial), searchKey(b.FirstName+" "+b.LastInitial))
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

func initial(name string) string {
	for _, r := range strings.TrimSpace(name) {
		return string(r) + "."
	}
	return ""
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
