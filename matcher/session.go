package matcher

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Session is one session of the day that a person attended (a workshop,
// a talk), as the matcher reads it. Two people who attended the same
// session (same Key) get Weights.Session added to their score for it,
// and a ReasonSession that names it:
//
//	fr: "vous étiez tous deux à l'atelier « Python » de 14 h"
//	en: "you were both at the 2 pm workshop “Python”"
type Session struct {
	Key   string    // the session's identity in the event; compared exactly
	Title string    // as the organiser wrote it, quoted in the reason
	Kind  string    // SessionWorkshop, SessionTalk, or anything else for "session"
	Start time.Time // wall clock in the event's zone (only the hour and minute are read); zero: not said
}

// The kinds of session the reasons name ("l'atelier", "la conférence");
// any other kind reads "la session" / "session".
const (
	SessionWorkshop = "workshop"
	SessionTalk     = "talk"
)

// sharedSessions counts the sessions a and b share: every pair of equal
// keys, as the sketch's product counts them (so that a key written twice
// scores the same in both), without allocating.
func sharedSessions(a, b []Session) float64 {
	var n float64
	for _, x := range a {
		for _, y := range b {
			if x.Key == y.Key {
				n++
			}
		}
	}
	return n
}

// sessionKeys lists the keys of a's sessions that b attended too, each
// once, in a's order.
func sessionKeys(a, b []Session) []string {
	var keys []string
	for _, x := range a {
		for _, y := range b {
			if x.Key == y.Key && !slices.Contains(keys, x.Key) {
				keys = append(keys, x.Key)
			}
		}
	}
	return keys
}

// sessionReason renders a ReasonSession: "vous étiez tous deux à
// l'atelier « Python » de 14 h et à la conférence « IA » de 16 h 30" /
// "you were both at the 2 pm workshop “Python” and the 4:30 pm talk “IA”".
// Keys the suggested person's profile does not describe are left out.
func (ph phraser) sessionReason(keys []string) string {
	var items []string
	for _, k := range keys {
		for _, s := range ph.sessions {
			if s.Key == k {
				items = append(items, s.phrase(ph.fr))
				break
			}
		}
		if len(items) == maxConceptsShown {
			break
		}
	}
	if len(items) == 0 {
		return ""
	}
	and := pick(ph.fr, " et ", " and ")
	list := items[len(items)-1]
	if len(items) > 1 {
		list = strings.Join(items[:len(items)-1], ", ") + and + list
	}
	return pick(ph.fr, "vous étiez tous deux ", "you were both at ") + list
}

// phrase names one session: in French with its preposition and article
// ("à l'atelier « Python » de 14 h"), in English after "at" ("the 2 pm
// workshop “Python”").
func (s Session) phrase(fr bool) string {
	title := quote(fr, []string{s.Title})
	if fr {
		noun := map[string]string{SessionWorkshop: "à l'atelier", SessionTalk: "à la conférence"}[s.Kind]
		if noun == "" {
			noun = "à la session"
		}
		out := noun + " " + title
		if !s.Start.IsZero() {
			out += " de " + frenchHour(s.Start)
		}
		return out
	}
	noun := map[string]string{SessionWorkshop: "workshop", SessionTalk: "talk"}[s.Kind]
	if noun == "" {
		noun = "session"
	}
	if !s.Start.IsZero() {
		noun = englishHour(s.Start) + " " + noun
	}
	return "the " + noun + " " + title
}

// frenchHour writes a time the French way: "14 h", "9 h 05".
func frenchHour(t time.Time) string {
	if t.Minute() == 0 {
		return fmt.Sprintf("%d h", t.Hour())
	}
	return fmt.Sprintf("%d h %02d", t.Hour(), t.Minute())
}

// englishHour writes a time on the 12-hour clock: "2 pm", "9:05 am",
// "12 pm" for noon.
func englishHour(t time.Time) string {
	h, half := t.Hour()%12, "am"
	if t.Hour() >= 12 {
		half = "pm"
	}
	if h == 0 {
		h = 12
	}
	if t.Minute() == 0 {
		return fmt.Sprintf("%d %s", h, half)
	}
	return fmt.Sprintf("%d:%02d %s", h, t.Minute(), half)
}
