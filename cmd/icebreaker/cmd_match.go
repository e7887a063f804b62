package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"icebreaker/data"
	"icebreaker/kiosk/live"
	"icebreaker/matcher"
)

// matchFlags are the flags the three matching commands share.
type matchFlags struct {
	db, vocabulary string
	presentOnly    bool
	asJSON         bool
}

func (f *matchFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.db, "db", "", "event file")
	fs.StringVar(&f.vocabulary, "vocabulary", "", "extra vocabulary (TSV: key, French label, English label, aliases separated by |)")
	fs.BoolVar(&f.presentOnly, "present-only", false, "only people checked in and inside now")
	fs.BoolVar(&f.asJSON, "json", false, "print JSON")
}

// loadVocabulary reads an organiser's extra vocabulary on top of the
// built-in one; an empty path means the built-in one alone (nil).
func loadVocabulary(path string) (*matcher.Vocabulary, error) {
	return readVocabulary(path, func(p string) (io.ReadCloser, error) { return os.Open(p) })
}

// readVocabulary is loadVocabulary with the file opened by open.
func readVocabulary(path string, open func(string) (io.ReadCloser, error)) (*matcher.Vocabulary, error) {
	if path == "" {
		return nil, nil
	}
	file, err := open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	extra, err := matcher.ParseVocabulary(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	v := matcher.DefaultVocabulary()
	v.Extend(extra)
	return v, nil
}

// matchInput is an event file's attendees prepared for the matcher: the
// read-only part of the live day (live.Roster), the same profiles, weights
// and pairs kept apart as the server's.
type matchInput struct {
	*live.Roster
}

// loadMatchInput reads the event file of f (met and declined pairs, and
// pairs already seated together, never come back) and builds the model.
func loadMatchInput(s *session, f matchFlags) (*matchInput, error) {
	if f.db == "" {
		return nil, errors.New("--db FILE is required")
	}
	vocabulary, err := readVocabulary(f.vocabulary, s.open)
	if err != nil {
		return nil, err
	}
	ev, err := s.openEvent(f.db, false)
	if err != nil {
		return nil, err
	}
	defer ev.Close()
	r, err := live.ReadRoster(ev.Store, vocabulary, f.presentOnly)
	if err != nil {
		return nil, err
	}
	return &matchInput{r}, nil
}

// personJSON is one person in the matching commands' JSON.
type personJSON struct {
	Email        string `json:"email"`
	Name         string `json:"name"`
	Organisation string `json:"organisation,omitempty"`
}

func (in *matchInput) person(id uint64) personJSON {
	a := in.People[id]
	return personJSON{Email: a.Email, Name: a.FullName(), Organisation: a.Organisation}
}

// tableJSON is one pair, trio or group in the matching commands' JSON.
type tableJSON struct {
	Table   int          `json:"table"`
	Emails  []string     `json:"emails"`
	Members []personJSON `json:"members"`
	Host    string       `json:"host,omitempty"` // email of the group's host
	Score   float64      `json:"score"`
}

func (in *matchInput) table(n int, members []uint64, host uint64, score float64) tableJSON {
	t := tableJSON{Table: n, Score: score}
	if host != 0 {
		t.Host = in.People[host].Email
	}
	for _, id := range members {
		t.Members = append(t.Members, in.person(id))
		t.Emails = append(t.Emails, in.People[id].Email)
	}
	return t
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func runSuggest(s *session, c *cli, args []string) int {
	stdout := s.stdout
	fs := c.flags
	var f matchFlags
	f.register(fs)
	email := fs.String("email", "", "the attendee's email")
	top := fs.Int("top", 5, "how many suggestions")
	lang := fs.String("lang", "fr", "language of the explanations: fr or en")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *email == "" {
		return c.misuse("--email ADDR is required")
	}
	in, err := loadMatchInput(s, f)
	if err != nil {
		return c.fail(err)
	}
	var me data.Attendee
	for _, a := range in.People {
		if data.NormalEmail(a.Email) == data.NormalEmail(*email) {
			me = a
		}
	}
	if me.ID == 0 {
		return c.fail(fmt.Errorf("nobody has the email %q in %s", *email, f.db))
	}
	if !me.MatchConsent {
		return c.fail(fmt.Errorf("%s has not consented to matchmaking: no suggestions are made for or about them", me.FullName()))
	}
	candidates := map[uint64]bool{}
	for _, id := range in.Candidates {
		candidates[id] = true
	}
	self := uint64(me.ID)
	sugg := in.Model.Rank(self, *top, func(id uint64) bool {
		return candidates[id] && id != self && !in.Apart.Has(self, id)
	})
	if f.asJSON {
		type suggestionJSON struct {
			personJSON
			Score       float64           `json:"score"`
			Reasons     []matcher.Reason  `json:"reasons"`
			Explanation map[string]string `json:"explanation"`
		}
		out := []suggestionJSON{}
		for _, s := range sugg {
			out = append(out, suggestionJSON{personJSON: in.person(s.ID), Score: s.Score, Reasons: s.Reasons,
				Explanation: map[string]string{"fr": s.Explain(in.Model, "fr"), "en": s.Explain(in.Model, "en")}})
		}
		writeJSON(stdout, out)
		return 0
	}
	scope := "everyone registered"
	if f.presentOnly {
		scope = "the people inside now"
	}
	fmt.Fprintf(stdout, "Suggestions for %s (%s), among %s:\n", me.FullName(), me.Email, scope)
	if len(sugg) == 0 {
		fmt.Fprintln(stdout, "  nobody with something in common yet")
	}
	for i, s := range sugg {
		p := in.person(s.ID)
		fmt.Fprintf(stdout, "%2d. %s — %s  (score %.2f)\n    %s\n", i+1, p.Name, p.Organisation, s.Score, s.Explain(in.Model, *lang))
	}
	return 0
}

// seating is one table of a pairs or groups run.
type seating struct {
	members []uint64
	host    uint64 // 0: none
	score   float64
	missing string // teams: the roles no member fills ("manque : design")
}

// seatJob is what pairs and groups do differently; seatCommand does the
// rest.
type seatJob struct {
	check   func() error                   // the command's own flags (nil: nothing to check)
	seat    func(in *matchInput) []seating // the tables
	print   func(w io.Writer, in *matchInput, n int, t seating)
	summary func(in *matchInput, tables []seating) string
	placed  string // "paired", "placed": for the note on people without consent
}

// seatCommand is the body that pairs and groups share: the matching flags
// (on top of the command's own, declared on c.flags), the event file, the
// tables printed as JSON or as text, and the note on people without
// consent.
func seatCommand(s *session, c *cli, args []string, job seatJob) int {
	stdout := s.stdout
	var f matchFlags
	f.register(c.flags)
	if err := c.flags.Parse(args); err != nil {
		return 2
	}
	if job.check != nil {
		if err := job.check(); err != nil {
			return c.misuse("%v", err)
		}
	}
	in, err := loadMatchInput(s, f)
	if err != nil {
		return c.fail(err)
	}
	tables := job.seat(in)
	if f.asJSON {
		out := []tableJSON{}
		for i, t := range tables {
			out = append(out, in.table(i+1, t.members, t.host, t.score))
		}
		writeJSON(stdout, out)
		return 0
	}
	for i, t := range tables {
		job.print(stdout, in, i+1, t)
	}
	fmt.Fprintln(stdout, job.summary(in, tables))
	if in.NoConsent > 0 {
		fmt.Fprintf(stdout, "%d people without matchmaking consent are not %s: seat them yourself\n", in.NoConsent, job.placed)
	}
	return 0
}

func runPairs(s *session, c *cli, args []string) int {
	topK := c.flags.Int("top-k", 12, "candidates per person given to the matching")
	return seatCommand(s, c, args, seatJob{
		seat: func(in *matchInput) []seating {
			var out []seating
			for _, p := range matcher.Pairs(in.Model, in.Candidates, in.Apart.Has, *topK) {
				out = append(out, seating{members: p.Members, score: p.Score})
			}
			return out
		},
		print: func(w io.Writer, in *matchInput, n int, t seating) {
			var names []string
			for _, id := range t.members {
				names = append(names, in.person(id).Name)
			}
			fmt.Fprintf(w, "table %3d  %-60s score %.2f\n", n, strings.Join(names, " ↔ "), t.score)
		},
		summary: func(in *matchInput, tables []seating) string {
			total := 0.0
			for _, t := range tables {
				total += t.score
			}
			return fmt.Sprintf("%d pairs or trios for %d people, total score %.2f", len(tables), len(in.Candidates), total)
		},
		placed: "paired",
	})
}

func runGroups(s *session, c *cli, args []string) int {
	size := c.flags.Int("size", 6, "people per group (sizes differ by at most one)")
	mode := c.flags.String("mode", "affinity", "affinity (people with most in common), mix (diverse organisations and sectors) or teams (hackathon teams covering tech, design and business)")
	lang := c.flags.String("lang", "fr", "language of the missing-roles line: fr or en")
	seed := c.flags.Int64("seed", 1, "seed: the same seed gives the same groups")
	modes := map[string]matcher.GroupMode{"affinity": matcher.Affinity, "mix": matcher.Mix, "teams": matcher.Teams}
	return seatCommand(s, c, args, seatJob{
		check: func() error {
			if *size < 2 {
				return errors.New("--size must be at least 2")
			}
			if _, ok := modes[*mode]; !ok {
				return fmt.Errorf("--mode %q: use affinity, mix or teams", *mode)
			}
			return nil
		},
		seat: func(in *matchInput) []seating {
			var out []seating
			for _, g := range matcher.Groups(in.Model, in.Candidates, *size, modes[*mode], *seed, in.Apart.Has) {
				out = append(out, seating{members: g.Members, host: g.Host, score: g.Score, missing: g.MissingText(matcher.DefaultRoles(), *lang)})
			}
			return out
		},
		print: func(w io.Writer, in *matchInput, n int, t seating) {
			fmt.Fprintf(w, "table %d (score %.2f)\n", n, t.score)
			for _, id := range t.members {
				p := in.person(id)
				host := ""
				if id == t.host {
					host = "  [host]"
				}
				fmt.Fprintf(w, "  %s — %s%s\n", p.Name, p.Organisation, host)
			}
			if t.missing != "" {
				fmt.Fprintf(w, "  (%s)\n", t.missing)
			}
		},
		summary: func(in *matchInput, tables []seating) string {
			return fmt.Sprintf("%d groups for %d people (mode %s)", len(tables), len(in.Candidates), *mode)
		},
		placed: "placed",
	})
}
