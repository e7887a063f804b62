package live

import (
	"fmt"
	"time"

	"icebreaker/data"
	"icebreaker/internal/bilingual"
)

// Topics of the hub.
const (
	TopicBoard = "board" // the public screen: consenting names only
	TopicAdmin = "admin" // signed-in organisers
)

// PhoneTopic is the topic of one attendee's phone ("me:<id>"), opened with
// their secret link.
func PhoneTopic(id data.AttendeeID) string { return fmt.Sprintf("me:%d", id) }

// Kinds of message, and the payload each carries. Every page applies the
// counts of any message that has them.
//
//	board: arrival ArrivalMsg, exit CountsMsg, registered CountsMsg,
//	       intro IntroMsg, round RoundMsg, reload (names changed: reload
//	       the snapshot), brand (settings changed: reload the page)
//	admin: arrival ArrivalMsg, exit CountsMsg, registered CountsMsg,
//	       stats StatsMsg, round AdminRoundMsg (every name, with Stats),
//	       left_out LeftOutMsg (adminround.go)
//	me:<id>: arrived ArrivedMsg, refresh (suggestions changed: reload the
//	       snapshot), round PhoneRoundMsg (my table, or why I have none)
//
// The asks wall adds ask AskMsg to me:<id> and asks AsksMsg to board
// (asks.go); the groups formed before the day add group GroupMsg to
// me:<id> and groups BoardGroupsMsg to board (pregroups.go).
// (asks.go); the sessions add session SessionMsg and sessions to admin
// (sessions.go).
const (
	KindArrival    = "arrival"
	KindExit       = "exit"
	KindRegistered = "registered"
	KindIntro      = "intro"
	KindStats      = "stats"
	KindRound      = "round"
	KindReload     = "reload"
	KindBrand      = "brand"
	KindArrived    = "arrived"
	KindRefresh    = "refresh"
)

// ArrivalMsg is a first entry or a re-entry: the board's feed line and the
// counters.
type ArrivalMsg struct {
	Arrival BoardArrival `json:"arrival"`
	First   bool         `json:"first"` // the person's first entry of the day
	Counts  Counts       `json:"counts"`
}

// CountsMsg carries the counters alone (an exit, a registration).
type CountsMsg struct {
	Counts Counts `json:"counts"`
}

// IntroMsg is one "we met" for the board.
type IntroMsg struct {
	Intro BoardIntro `json:"intro"`
}

// StatsMsg is the admin's statistics block.
type StatsMsg struct {
	Stats Stats `json:"stats"`
}

// RoundMsg is the round as the board and the admin show it; Round is null
// when no round runs. Stats is sent to the admin only.
type RoundMsg struct {
	Round *RoundView `json:"round"`
	Stats *Stats     `json:"stats,omitempty"`
}

// PhoneRoundMsg is one person's seat in the round, null when not seated;
// NoTable then says why, while a round runs.
type PhoneRoundMsg struct {
	Round   *MyRound `json:"round"`
	NoTable *NoTable `json:"no_table,omitempty"`
}

// ArrivedMsg tells a phone that someone worth meeting just arrived.
type ArrivedMsg struct {
	Person Suggested `json:"person"`
	Score  float64   `json:"score"`
}

// Text is a message in both languages of the product: bilingual.Text, as
// a local type so that the Day's texts stay short literals.
type Text bilingual.Text

// In returns the text in lang: English for "en", French otherwise.
func (t Text) In(lang string) string { return bilingual.Text(t).In(lang) }

// Who names one person in a view of people (a table's seat, a group's
// member, a contact): their id, their name as that screen shows it and
// their organisation. The views embed it, so its fields stand at the top
// level of their JSON, beside the view's own.
type Who struct {
	ID           data.AttendeeID `json:"id"`
	Name         string          `json:"name"`
	Organisation string          `json:"organisation,omitempty"`
}

// Person is someone as a kiosk or a phone may show them, with the reasons
// to meet them in both languages (pages pick theirs).
type Person struct {
	Name         string `json:"name"`
	Organisation string `json:"organisation,omitempty"`
	Reasons      *Text  `json:"reasons,omitempty"`
}

// Suggested is a suggestion as the phone shows it: with the ID that its
// "we met" and "not for me" buttons send back.
type Suggested struct {
	ID uint64 `json:"id"`
	Person
}

// BoardArrival is one arrival as the public board may show it: a name only
// with board consent.
type BoardArrival struct {
	Seq          uint64    `json:"seq"`
	Name         string    `json:"name,omitempty"`
	Organisation string    `json:"organisation,omitempty"`
	Gate         string    `json:"gate"`
	At           time.Time `json:"at"`
}

// BoardIntro is one "we met" as the board shows it: only between two
// people who both consented to the board.
type BoardIntro struct {
	Seq   uint64 `json:"seq"`
	A     string `json:"a"`
	B     string `json:"b"`
	Topic *Text  `json:"topic,omitempty"`
}

// Counts are the board's and the admin's counters at one moment. Arrived is
// the number of people who entered today; it always equals the sum of Gates
// (first entries per gate).
type Counts struct {
	Present    int            `json:"present"`
	Registered int            `json:"registered"`
	Arrived    int            `json:"arrived"`
	Gates      map[string]int `json:"gates"`
	Sectors    []Tally        `json:"sectors"`
	Roles      []Tally        `json:"roles"`
}

// Tally is one line of a breakdown: a label and a number of people. The
// last line of a long breakdown sums the rest: its Label is "" and Other
// is how many lines it folds (the board writes "Others (Other)").
type Tally struct {
	Label string `json:"label"`
	Count int    `json:"count"`
	Other int    `json:"other,omitempty"`
}

// CurvePoint is the number of first entries in one quarter hour.
type CurvePoint struct {
	Start time.Time `json:"start"`
	Count int       `json:"count"`
}

// IntroStats count the introduction log by kind, for the admin.
type IntroStats struct {
	Suggested int `json:"suggested"`
	Met       int `json:"met"`
	Declined  int `json:"declined"`
}

// Stats is the live statistics block of the admin.
type Stats struct {
	Counts Counts     `json:"counts"`
	Intros IntroStats `json:"intros"`
}
