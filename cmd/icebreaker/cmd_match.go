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

func init() {
	commands["suggest"] = command{summary: "who one attendee should meet, and why", run: runSuggest}
	commands["pairs"] = command{summary: "a 1:1 introduction round (maximum-weight matching)", run: runPairs}
	commands["groups"] = command{summary: "small groups: round tables, hackathon teams", run: runGroups}
}

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
	if path == "" {
		return nil, nil
	}
	file, err := os.Open(path)
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
func loadMatchInput(f matchFlags) (*matchInput, error) {
	if f.db == "" {
		return nil, errors.New("--db FILE is required")
	}
	if _, err := os.Stat(f.db); err != nil {
		return nil, fmt.Errorf("event file: %w", err)
	}
	vocabulary, err := loadVocabulary(f.vocabulary)
	if err != nil {
		return nil, err
	}
	store, err := openStore(f.db)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	r, err := live.ReadRoster(store, vocabulary, f.presentOnly)
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

func runSuggest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("suggest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f matchFlags
	f.register(fs)
	email := fs.String("email", "", "the attendee's email")
	top := fs.Int("top", 5, "how many suggestions")
	lang := fs.String("lang", "fr", "language of the explanations: fr or en")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *email == "" {
		fmt.Fprintln(stderr, "suggest: --email ADDR is required")
		return 2
	}
	in, err := loadMatchInput(f)
	if err != nil {
		fmt.Fprintln(stderr, "suggest:", err)
		return 1
	}
	var me data.Attendee
	for _, a := range in.People {
		if data.NormalEmail(a.Email) == data.NormalEmail(*email) {
			me = a
		}
	}
	if me.ID == 0 {
		fmt.Fprintf(stderr, "suggest: nobody has the email %q in %s\n", *email, f.db)
		return 1
	}
	if !me.MatchConsent {
		fmt.Fprintf(stderr, "suggest: %s has not consented to matchmaking: no suggestions are made for or about them\n", me.FullName())
		return 1
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

func runPairs(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pairs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f matchFlags
	f.register(fs)
	topK := fs.Int("top-k", 10, "candidates per person given to the matching")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	in, err := loadMatchInput(f)
	if err != nil {
		fmt.Fprintln(stderr, "pairs:", err)
		return 1
	}
	pairs := matcher.Pairs(in.Model, in.Candidates, in.Apart.Has, *topK)
	if f.asJSON {
		out := []tableJSON{}
		for i, p := range pairs {
			out = append(out, in.table(i+1, p.Members, 0, p.Score))
		}
		writeJSON(stdout, out)
		return 0
	}
	total := 0.0
	for i, p := range pairs {
		var names []string
		for _, id := range p.Members {
			names = append(names, in.person(id).Name)
		}
		total += p.Score
		fmt.Fprintf(stdout, "table %3d  %-60s score %.2f\n", i+1, strings.Join(names, " ↔ "), p.Score)
	}
	fmt.Fprintf(stdout, "%d pairs or trios for %d people, total score %.2f\n", len(pairs), len(in.Candidates), total)
	if in.NoConsent > 0 {
		fmt.Fprintf(stdout, "%d people without matchmaking consent are not paired: seat them yourself\n", in.NoConsent)
	}
	return 0
}

func runGroups(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("groups", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f matchFlags
	f.register(fs)
	size := fs.Int("size", 6, "people per group (sizes differ by at most one)")
	mode := fs.String("mode", "affinity", "affinity (people with most in common) or mix (diverse organisations and sectors)")
	seed := fs.Int64("seed", 1, "seed: the same seed gives the same groups")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *size < 2 {
		fmt.Fprintln(stderr, "groups: --size must be at least 2")
		return 2
	}
	var gm matcher.GroupMode
	switch *mode {
	case "affinity":
		gm = matcher.Affinity
	case "mix":
		gm = matcher.Mix
	default:
		fmt.Fprintf(stderr, "groups: --mode %q: use affinity or mix\n", *mode)
		return 2
	}
	in, err := loadMatchInput(f)
	if err != nil {
		fmt.Fprintln(stderr, "groups:", err)
		return 1
	}
	groups := matcher.Groups(in.Model, in.Candidates, *size, gm, *seed, in.Apart.Has)
	if f.asJSON {
		out := []tableJSON{}
		for i, g := range groups {
			out = append(out, in.table(i+1, g.Members, g.Host, g.Score))
		}
		writeJSON(stdout, out)
		return 0
	}
	for i, g := range groups {
		fmt.Fprintf(stdout, "table %d (score %.2f)\n", i+1, g.Score)
		for _, id := range g.Members {
			p := in.person(id)
			host := ""
			if id == g.Host {
				host = "  [host]"
			}
			fmt.Fprintf(stdout, "  %s — %s%s\n", p.Name, p.Organisation, host)
		}
	}
	fmt.Fprintf(stdout, "%d groups for %d people (mode %s)\n", len(groups), len(in.Candidates), *mode)
	if in.NoConsent > 0 {
		fmt.Fprintf(stdout, "%d people without matchmaking consent are not placed: seat them yourself\n", in.NoConsent)
	}
	return 0
}
