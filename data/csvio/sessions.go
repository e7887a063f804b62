package csvio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"icebreaker/data"
	"icebreaker/internal/textfold"
)

// ReadSessions reads the programme of the day from a small CSV file (as
// Excel writes it in either locale: any encoding decodeText reads, ';',
// ',' or tab), one session per row, with a header naming its columns in
// French or English:
//
//	titre / title (required)       début / start (required)   fin / end (required)
//	salle / room                   animateur, intervenant / host, speaker
//	type / kind: atelier, workshop, conférence, talk (empty: a session)
//
// Times are "14:00", "14h", "14 h 30" or "9.30" on day (the event's date,
// in loc), or a full "2026-12-01 14:00". Every bad row is reported, with
// its number, column and what to write instead; any error means no
// session is returned.
func ReadSessions(r io.Reader, day time.Time, loc *time.Location) ([]data.Session, []RowError, error) {
	raw, err := io.ReadAll(io.LimitReader(r, 1<<20+1))
	if err != nil {
		return nil, nil, err
	}
	if len(raw) > 1<<20 {
		return nil, nil, errors.New("the programme is over 1 MB: is it the right file? / le programme dépasse 1 Mo : est-ce le bon fichier ?")
	}
	text, _, err := decodeText(raw)
	if err != nil {
		return nil, nil, err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = detectDelimiter(text)
	cr.FieldsPerRecord = -1
	records, err := cr.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("unreadable CSV / CSV illisible: %w", err)
	}
	if len(records) < 2 {
		return nil, nil, errors.New("no session: the file needs a header line and one line per session / aucune session : il faut une ligne d'en-tête et une ligne par session")
	}
	cols := map[string]int{}
	for i, h := range records[0] {
		if f, ok := sessionHeaders[textfold.Fold(strings.TrimSpace(h))]; ok {
			if _, dup := cols[f]; !dup {
				cols[f] = i
			}
		}
	}
	for _, need := range []string{"title", "start", "end"} {
		if _, ok := cols[need]; !ok {
			return nil, nil, fmt.Errorf("no %q column (French: %q): the header must name title, start and end / colonne %q absente : l'en-tête doit nommer titre, début et fin",
				need, sessionFrench[need], sessionFrench[need])
		}
	}
	var out []data.Session
	var bad []RowError
	for n, rec := range records[1:] {
		row := n + 2
		get := func(f string) string {
			if i, ok := cols[f]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // blank lines Excel leaves at the end
		}
		fail := func(col, value, en, fr string) {
			bad = append(bad, RowError{Row: row, Column: records[0][cols[col]], Value: value, Msg: en, FR: fr})
		}
		s := data.Session{Title: get("title"), Room: get("room"), Host: get("host")}
		if s.Title == "" {
			fail("title", "", "the title is empty", "le titre est vide")
		}
		kind, ok := sessionKinds[textfold.Fold(get("kind"))]
		if !ok {
			fail("kind", get("kind"), "unknown kind: write atelier/workshop, conférence/talk, or leave it empty", "type inconnu : écrivez atelier/workshop, conférence/talk, ou laissez vide")
		}
		s.Kind = kind
		for _, f := range []string{"start", "end"} {
			at, err := sessionTime(get(f), day, loc)
			if err != nil {
				fail(f, get(f), "not a time: write 14:00, 14h30 or 2026-12-01 14:00", "heure illisible : écrivez 14:00, 14h30 ou 2026-12-01 14:00")
			}
			if f == "start" {
				s.Start = at
			} else {
				s.End = at
			}
		}
		if !s.Start.IsZero() && !s.End.IsZero() && !s.End.After(s.Start) {
			fail("end", get("end"), "the end must come after the start", "la fin doit suivre le début")
		}
		out = append(out, s)
	}
	if len(bad) > 0 {
		return nil, bad, nil
	}
	return out, nil, nil
}

// sessionHeaders maps folded header names to fields.
var sessionHeaders = map[string]string{
	"titre": "title", "title": "title", "session": "title", "atelier": "title", "nom": "title", "name": "title",
	"salle": "room", "room": "room", "lieu": "room", "place": "room",
	"debut": "start", "start": "start", "heure": "start", "heure de debut": "start", "start time": "start", "from": "start",
	"fin": "end", "end": "end", "heure de fin": "end", "end time": "end", "to": "end",
	"animateur": "host", "animatrice": "host", "intervenant": "host", "intervenante": "host", "host": "host", "speaker": "host",
	"type": "kind", "kind": "kind", "format": "kind",
}

var sessionFrench = map[string]string{"title": "titre", "start": "début", "end": "fin"}

var sessionKinds = map[string]string{
	"": "", "session": "", "atelier": data.SessionWorkshop, "workshop": data.SessionWorkshop,
	"conference": data.SessionTalk, "talk": data.SessionTalk, "keynote": data.SessionTalk, "pleniere": data.SessionTalk,
}

// clockTime reads "14:00", "14h", "14 h 30", "14H30", "9.30".
var clockTime = regexp.MustCompile(`^(\d{1,2})\s*(?:[:h.]\s*(\d{2})?)?$`)

// sessionTime reads a time of the day on day in loc, or a full date and
// time.
func sessionTime(v string, day time.Time, loc *time.Location) (time.Time, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "02/01/2006 15:04"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, nil
		}
	}
	m := clockTime.FindStringSubmatch(v)
	if m == nil {
		return time.Time{}, errors.New("not a time")
	}
	h, _ := strconv.Atoi(m[1])
	mins := 0
	if m[2] != "" {
		mins, _ = strconv.Atoi(m[2])
	}
	if h > 23 || mins > 59 {
		return time.Time{}, errors.New("not a time")
	}
	y, mo, d := day.In(loc).Date()
	return time.Date(y, mo, d, h, mins, 0, 0, loc), nil
}
