package live

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"icebreaker/data"
)

// The asks wall. Anyone posts a short ask from their phone (PostAsk); it is
// read as a need by the matcher (matcher.Index.Answer: the help pass of
// suggestions, with its reasons) and pushed at once to the people inside
// who can answer it ("Karim demande : … — vous proposez les locaux
// professionnels"); it shows on the board when its author allows it. An
// ask is open until the end of the event's day (its date, in its time
// zone), unless its author closes it (CloseAsk) or an organiser hides it
// (HideAsk). Posting is bounded per person (AskLimitError): one ask every
// AskGap, MaxOpenAsks open at once, MaxAsksPerDay a day, checked in the
// store, so a phone link cannot flood the board and a restart forgets
// nothing.

// Kinds of message of the asks wall.
//
//	me:<id>: ask AskMsg (an ask I can answer)
//	board:   asks AsksMsg (the open asks the board shows, all of them)
const (
	KindAsk  = "ask"
	KindAsks = "asks"
)

// Bounds of the asks wall.
const (
	MinAskRunes   = 5
	MaxAskRunes   = 200
	MaxOpenAsks   = 3
	MaxAsksPerDay = 10
	AskGap        = 30 * time.Second
	// AskAnswers is how many people one ask is pushed to at most.
	AskAnswers = 10
)

// AskView is an ask as a phone, the board or the admin shows it. Author
// is the author's display name; the board leaves it empty for someone who
// did not consent to the board.
type AskView struct {
	ID           uint64    `json:"id"`
	Text         string    `json:"text"`
	Author       string    `json:"author,omitempty"`
	Organisation string    `json:"organisation,omitempty"`
	At           time.Time `json:"at"`
	Expires      time.Time `json:"expires"`
}

// MyAsk is one of my open asks, with how many people it was pushed to.
type MyAsk struct {
	AskView
	Board bool `json:"board"`
	Sent  int  `json:"sent"`
}

// AskForMe is an open ask I can answer, and why.
type AskForMe struct {
	AskView
	Why Text `json:"why"`
}

// PhoneAsks is the asks part of a phone's snapshot.
type PhoneAsks struct {
	Mine  []MyAsk    `json:"mine"`
	ForMe []AskForMe `json:"for_me"`
}

// AdminAsk is an ask of the day as the admin lists it.
type AdminAsk struct {
	AskView
	AuthorID data.AttendeeID `json:"author_id"`
	Board    bool            `json:"board"`
	Sent     int             `json:"sent"`
	Status   string          `json:"status"` // "open", "closed", "hidden" or "expired"
}

// AskMsg pushes an ask to someone who can answer it.
type AskMsg struct {
	Ask AskForMe `json:"ask"`
}

// AsksMsg is the board's list of open asks.
type AsksMsg struct {
	Asks []AskView `json:"asks"`
}

// AskLimitError is an ask refused by the posting bounds; RetryAfter is
// how long until the next one may be posted (0: not before an open one is
// closed, or tomorrow).
type AskLimitError struct {
	Text
	RetryAfter time.Duration
}

func (e *AskLimitError) Error() string { return e.EN }

// PostResult is what PostAsk answers: the ask and how many people it was
// pushed to.
type PostResult struct {
	Ask  MyAsk     `json:"ask"`
	Sent int       `json:"sent"`
	Asks PhoneAsks `json:"asks"`
}

// PostAsk posts an ask by author: text is trimmed (MinAskRunes to
// MaxAskRunes characters, else RequestError), the posting bounds are
// checked (AskLimitError), the people inside who can answer are found,
// and the ask is written with them; then each gets an AskMsg, the board
// its new list (when board is true) and the author's phone a refresh.
// Nothing is pushed before the write is durable.
func (d *Day) PostAsk(ctx context.Context, author data.AttendeeID, text string, board bool) (PostResult, error) {
	text = strings.Join(strings.Fields(text), " ")
	if n := utf8.RuneCountInString(text); n < MinAskRunes || n > MaxAskRunes {
		return PostResult{}, refuse("Une demande fait de %d à %d caractères.", "An ask is %d to %d characters long.", MinAskRunes, MaxAskRunes)
	}
	now := d.now()
	var ev data.Event
	if err := d.store.View(func(tx *data.Tx) error {
		var err error
		if _, err = tx.Attendee(author); err != nil {
			return err
		}
		if ev, err = tx.Event(); err != nil {
			return err
		}
		return askLimits(tx, author, now, ev)
	}); err != nil {
		return PostResult{}, err
	}
	d.mu.Lock()
	ix, m := d.index, d.model
	d.mu.Unlock()
	answers := ix.Answer(uint64(author), text, AskAnswers)
	ask := data.Ask{Author: author, Text: text, Board: board, At: now, Expires: EndOfDay(ev, now)}
	for _, sg := range answers {
		ask.To = append(ask.To, data.AskTo{ID: data.AttendeeID(sg.ID), FR: sg.ExplainAnswer(m, "fr"), EN: sg.ExplainAnswer(m, "en")})
	}
	err := d.store.Commit(ctx, func(tx *data.Tx) error {
		ask.ID = 0
		if err := askLimits(tx, author, now, ev); err != nil { // a second post raced the first
			return err
		}
		return tx.PutAsk(&ask)
	})
	if err != nil {
		return PostResult{}, err
	}
	view := d.askView(ask, true)
	for _, to := range ask.To {
		d.pub.Publish(PhoneTopic(to.ID), KindAsk, AskMsg{Ask: AskForMe{AskView: view, Why: Text{FR: to.FR, EN: to.EN}}})
	}
	if board {
		d.publishBoardAsks()
	}
	d.pub.Publish(PhoneTopic(author), KindRefresh, nil)
	res := PostResult{Ask: MyAsk{AskView: view, Board: board, Sent: len(ask.To)}, Sent: len(ask.To)}
	res.Asks, err = d.PhoneAsks(author)
	return res, err
}

// askLimits refuses a post over the bounds (AskLimitError).
func askLimits(tx *data.Tx, author data.AttendeeID, now time.Time, ev data.Event) error {
	open, today := 0, 0
	var last time.Time
	dayStart := EndOfDay(ev, now).AddDate(0, 0, -1)
	err := tx.ForEachAsk(func(a data.Ask) error {
		if a.Author != author {
			return nil
		}
		if a.Open(now) {
			open++
		}
		if !a.At.Before(dayStart) {
			today++
		}
		if a.At.After(last) {
			last = a.At
		}
		return nil
	})
	switch {
	case err != nil:
		return err
	case now.Sub(last) < AskGap:
		wait := AskGap - now.Sub(last)
		return &AskLimitError{Text{FR: fmt.Sprintf("Une demande toutes les %d secondes : réessayez dans %d s.", int(AskGap/time.Second), int(wait.Seconds()+0.999)),
			EN: fmt.Sprintf("One ask every %d seconds: try again in %d s.", int(AskGap/time.Second), int(wait.Seconds()+0.999))}, wait}
	case open >= MaxOpenAsks:
		return &AskLimitError{Text{FR: fmt.Sprintf("Vous avez déjà %d demandes ouvertes : fermez-en une avant d'en poster une autre.", MaxOpenAsks),
			EN: fmt.Sprintf("You already have %d open asks: close one before posting another.", MaxOpenAsks)}, 0}
	case today >= MaxAsksPerDay:
		return &AskLimitError{Text{FR: fmt.Sprintf("%d demandes par jour au plus : c'est tout pour aujourd'hui.", MaxAsksPerDay),
			EN: fmt.Sprintf("%d asks a day at most: that is all for today.", MaxAsksPerDay)}, 0}
	}
	return nil
}

// EndOfDay is when the event's day ends, in its time zone: midnight after
// its date, or after today when the date is unset or past.
func EndOfDay(ev data.Event, now time.Time) time.Time {
	loc := ev.Location()
	local := now.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	if d, err := time.ParseInLocation("2006-01-02", ev.Date, loc); err == nil && d.After(day) {
		day = d
	}
	return day.AddDate(0, 0, 1)
}

// askView renders an ask; named says whether the author's name may show
// (a phone: always; the board: with the author's board consent). It
// takes Day.mu.
func (d *Day) askView(a data.Ask, named bool) AskView {
	v := AskView{ID: a.ID, Text: a.Text, At: a.At, Expires: a.Expires}
	d.mu.Lock()
	info := d.pic.people[a.Author]
	d.mu.Unlock()
	if named || info.Board {
		v.Author, v.Organisation = info.Display, info.Organisation
	}
	return v
}

// PhoneAsks is the asks part of id's phone: their open asks, and the open
// asks pushed to them.
func (d *Day) PhoneAsks(id data.AttendeeID) (PhoneAsks, error) {
	out := PhoneAsks{Mine: []MyAsk{}, ForMe: []AskForMe{}}
	now := d.now()
	var asks []data.Ask
	err := d.store.View(func(tx *data.Tx) error {
		return tx.ForEachAsk(func(a data.Ask) error {
			if a.Open(now) {
				asks = append(asks, a)
			}
			return nil
		})
	})
	for _, a := range slices.Backward(asks) { // newest first
		if a.Author == id {
			out.Mine = append(out.Mine, MyAsk{AskView: d.askView(a, true), Board: a.Board, Sent: len(a.To)})
			continue
		}
		for _, to := range a.To {
			if to.ID == id {
				out.ForMe = append(out.ForMe, AskForMe{AskView: d.askView(a, true), Why: Text{FR: to.FR, EN: to.EN}})
			}
		}
	}
	return out, err
}

// BoardAsks are the open asks whose authors allowed the board, newest
// first.
func (d *Day) BoardAsks() []AskView {
	now := d.now()
	out := []AskView{}
	var asks []data.Ask
	d.store.View(func(tx *data.Tx) error {
		return tx.ForEachAsk(func(a data.Ask) error {
			if a.Board && a.Open(now) {
				asks = append(asks, a)
			}
			return nil
		})
	})
	for _, a := range slices.Backward(asks) {
		out = append(out, d.askView(a, false))
	}
	return out
}

func (d *Day) publishBoardAsks() {
	d.pub.PublishFunc(TopicBoard, KindAsks, func() any { return AsksMsg{Asks: d.BoardAsks()} })
}

// Asks lists every ask of the file for the admin, newest first, with its
// status at now.
func (d *Day) Asks() ([]AdminAsk, error) {
	now := d.now()
	asks, err := data.ReadAll(d.store, (*data.Tx).ForEachAsk)
	out := []AdminAsk{}
	for _, a := range slices.Backward(asks) {
		st := "open"
		switch {
		case a.Hidden:
			st = "hidden"
		case !a.ClosedAt.IsZero():
			st = "closed"
		case !now.Before(a.Expires):
			st = "expired"
		}
		out = append(out, AdminAsk{AskView: d.askView(a, true), AuthorID: a.Author, Board: a.Board, Sent: len(a.To), Status: st})
	}
	return out, err
}

// ErrNotYourAsk is returned when someone closes an ask that is not theirs.
var ErrNotYourAsk = errors.New("live: not the author's ask")

// CloseAsk closes one of author's asks: it leaves the board and the
// phones it was pushed to. Closing it again changes nothing; someone
// else's ask is ErrNotYourAsk (and an unknown one data.ErrNotFound).
func (d *Day) CloseAsk(author data.AttendeeID, id uint64) error {
	return d.changeAsk(id, func(a *data.Ask) error {
		if a.Author != author {
			return ErrNotYourAsk
		}
		if !a.ClosedAt.IsZero() {
			return errUnchanged
		}
		a.ClosedAt = d.now()
		return nil
	})
}

// HideAsk hides (or shows again) an ask: the organisers' moderation. A
// hidden ask leaves the board and every phone.
func (d *Day) HideAsk(id uint64, hidden bool) error {
	return d.changeAsk(id, func(a *data.Ask) error {
		if a.Hidden == hidden {
			return errUnchanged
		}
		a.Hidden = hidden
		return nil
	})
}

// changeAsk applies change to one ask in one transaction, then tells the
// board, the author and the people it was pushed to.
func (d *Day) changeAsk(id uint64, change func(*data.Ask) error) error {
	a, err := updateRecord(d.store, id, (*data.Tx).Ask, (*data.Tx).PutAsk, change)
	if errors.Is(err, errUnchanged) {
		return nil
	}
	if err != nil {
		return err
	}
	if a.Board {
		d.publishBoardAsks()
	}
	d.pub.Publish(PhoneTopic(a.Author), KindRefresh, nil)
	for _, to := range a.To {
		d.pub.Publish(PhoneTopic(to.ID), KindRefresh, nil)
	}
	return nil
}
