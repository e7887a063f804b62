package data

import (
	"encoding/json"
	"fmt"
	"time"
)

// Settings are the organiser's settings of one event, edited in the admin
// and stored in the meta bucket (key "settings"). The event's name and
// default language stay in Event.
type Settings struct {
	// Weights of the matcher's score; nil means the matcher's defaults.
	Weights *Weights `json:"weights,omitempty"`
	// GroupSize is the size of a group round's tables (default 4).
	GroupSize int `json:"group_size,omitempty"`
	// RoundMinutes is a round's default length (default 10).
	RoundMinutes int      `json:"round_minutes,omitempty"`
	Branding     Branding `json:"branding"`
	// PublicURL is the address phones and kiosks reach the server at
	// ("https://accueil.example.org", "http://192.168.1.20:8080"): links
	// and QR codes use it. Empty: guessed from the request (kiosk).
	PublicURL string `json:"public_url,omitempty"`
	// Vocabulary is the event's own vocabulary, made in the admin on top of
	// the server's (--vocabulary): applied in order when the event opens.
	Vocabulary []VocabularyLine `json:"vocabulary,omitempty"`
	// Directory is who the directory lists among those who consented to
	// it: DirectoryPresent (the default) or DirectoryRegistered.
	Directory string `json:"directory,omitempty"`
}

// VocabularyLine is one change of the event's vocabulary: Phrase (what
// people wrote) names the concept Key. With FR and EN set, the line makes
// the concept (FR may carry its article: "la levée de fonds"); otherwise
// the concept must exist already.
type VocabularyLine struct {
	Phrase string    `json:"phrase"`
	Key    string    `json:"key"`
	FR     string    `json:"fr,omitempty"`
	EN     string    `json:"en,omitempty"`
	At     time.Time `json:"at"`
}

// Weights mirror the matcher's score weights (data does not import the
// matcher; kiosk converts).
type Weights struct {
	Interest   float64 `json:"interest"`
	Complement float64 `json:"complement"`
	Project    float64 `json:"project"`
	Sector     float64 `json:"sector"`
	SameOrg    float64 `json:"same_org"`
	// Text, Role and Target are nil in files saved before they existed
	// (the matcher's defaults apply).
	Text   *float64 `json:"text,omitempty"`
	Role   *float64 `json:"role,omitempty"`
	Target *float64 `json:"target,omitempty"`
	// AllowColleagues lets colleagues be suggested to each other and sit
	// at one table; by default they never are.
	AllowColleagues bool `json:"allow_colleagues,omitempty"`
}

// Branding is how the screens look: a logo (an https URL, or an image
// uploaded into the file, see PutLogo) and three colours as #rrggbb.
type Branding struct {
	LogoURL    string `json:"logo_url,omitempty"`
	Accent     string `json:"accent,omitempty"`
	Background string `json:"background,omitempty"`
	Ink        string `json:"ink,omitempty"`
}

// Defaults of Settings fields left at zero.
const (
	DefaultGroupSize    = 4
	DefaultRoundMinutes = 10
)

// WithDefaults fills the zero fields with their defaults.
func (s Settings) WithDefaults() Settings {
	if s.GroupSize <= 1 {
		s.GroupSize = DefaultGroupSize
	}
	if s.RoundMinutes <= 0 {
		s.RoundMinutes = DefaultRoundMinutes
	}
	return s
}

var (
	metaSettings      = []byte("settings")
	metaLogo          = []byte("logo")           // content type, '\n', image bytes
	metaAdminPassword = []byte("admin_password") // AdminPassword JSON
)

// Settings returns the event's settings with defaults filled in.
func (t *Tx) Settings() (Settings, error) {
	var s Settings
	_, err := getJSON(t.tx.Bucket(bucketMeta), metaSettings, &s)
	return s.WithDefaults(), err
}

// PutSettings replaces the event's settings.
func (t *Tx) PutSettings(s Settings) error {
	return putJSON(t.tx.Bucket(bucketMeta), metaSettings, s)
}

// MaxLogoBytes bounds an uploaded logo.
const MaxLogoBytes = 512 << 10

// Logo returns the uploaded logo; ok is false when there is none.
func (t *Tx) Logo() (contentType string, image []byte, ok bool) {
	raw := t.tx.Bucket(bucketMeta).Get(metaLogo)
	for i, b := range raw {
		if b == '\n' {
			return string(raw[:i]), append([]byte(nil), raw[i+1:]...), true
		}
	}
	return "", nil, false
}

// PutLogo stores an uploaded logo; an empty image removes it.
func (t *Tx) PutLogo(contentType string, image []byte) error {
	b := t.tx.Bucket(bucketMeta)
	if len(image) == 0 {
		return b.Delete(metaLogo)
	}
	if len(image) > MaxLogoBytes {
		return fmt.Errorf("logo of %d bytes is over the %d bytes allowed", len(image), MaxLogoBytes)
	}
	return b.Put(metaLogo, append([]byte(contentType+"\n"), image...))
}

// AdminPassword is the stored form of the admin password: a PBKDF2 hash
// with its salt and parameters, never the password itself.
type AdminPassword struct {
	Algorithm  string `json:"alg"` // "pbkdf2-sha256"
	Iterations int    `json:"iter"`
	Salt       []byte `json:"salt"`
	Hash       []byte `json:"hash"`
}

// AdminPassword returns the stored admin password hash; ok is false before
// the first-run setup.
func (t *Tx) AdminPassword() (p AdminPassword, ok bool, err error) {
	raw := t.tx.Bucket(bucketMeta).Get(metaAdminPassword)
	if raw == nil {
		return p, false, nil
	}
	return p, true, json.Unmarshal(raw, &p)
}

// PutAdminPassword replaces the stored admin password hash.
func (t *Tx) PutAdminPassword(p AdminPassword) error {
	return putJSON(t.tx.Bucket(bucketMeta), metaAdminPassword, p)
}

// ImportMapping is the column mapping an import used for one file layout
// (its headers, in order), remembered so that the next export of the same
// tool imports the same way without choosing the columns again.
type ImportMapping struct {
	// Layout identifies the header layout (csvio.Report.Layout).
	Layout string `json:"layout"`
	// Headers are the file's headers as written, for display.
	Headers []string `json:"headers"`
	// Fields maps a header as written to the field read from it ("ignore"
	// for a column skipped on purpose).
	Fields  map[string]string `json:"fields"`
	SavedAt time.Time         `json:"saved_at"`
}

// MaxImportMappings bounds how many layouts are remembered; the oldest is
// forgotten first.
const MaxImportMappings = 20

var metaImportMappings = []byte("import_mappings") // []ImportMapping JSON, newest first

// ImportMappings returns the remembered mappings, newest first.
func (t *Tx) ImportMappings() ([]ImportMapping, error) {
	var ms []ImportMapping
	_, err := getJSON(t.tx.Bucket(bucketMeta), metaImportMappings, &ms)
	return ms, err
}

// ImportMapping returns the mapping remembered for a layout; ok is false
// when there is none.
func (t *Tx) ImportMapping(layout string) (m ImportMapping, ok bool, err error) {
	ms, err := t.ImportMappings()
	for _, m := range ms {
		if m.Layout == layout {
			return m, true, err
		}
	}
	return ImportMapping{}, false, err
}

// PutImportMapping remembers m for its layout, replacing an older one, and
// sets SavedAt.
func (t *Tx) PutImportMapping(m ImportMapping) error {
	ms, err := t.ImportMappings()
	if err != nil {
		return err
	}
	m.SavedAt = t.s.now()
	out := []ImportMapping{m}
	for _, old := range ms {
		if old.Layout != m.Layout && len(out) < MaxImportMappings {
			out = append(out, old)
		}
	}
	return putJSON(t.tx.Bucket(bucketMeta), metaImportMappings, out)
}

var metaBoardKey = []byte("board_key")

// BoardKey returns the board's display key; "" means the board is open to
// anyone on the network (the default).
func (t *Tx) BoardKey() string {
	return string(t.tx.Bucket(bucketMeta).Get(metaBoardKey))
}

// PutBoardKey sets the key the board's pages and socket require ("" removes
// it). It is kept as is, not hashed: the admin shows the board's link again
// whenever asked, and it opens only the public board.
func (t *Tx) PutBoardKey(key string) error {
	b := t.tx.Bucket(bucketMeta)
	if key == "" {
		return b.Delete(metaBoardKey)
	}
	return b.Put(metaBoardKey, []byte(key))
}
