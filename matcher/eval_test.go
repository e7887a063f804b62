package matcher

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The evaluation events (testdata/eval/*/event.json) are realistic sign-up
// profiles written by hand, the way forms are really filled in, with
// planted pairs (a need and the offer that meets it in other words or
// another language; two projects of one domain) and traps (people with the
// same need, false friends, colleagues under another spelling, perfect
// answers who did not consent). The format is in testdata/eval/README.md.
//
// "tune" is the half the matcher was tuned on; "heldout" was written
// separately and never looked at while tuning: its figures are the ones
// reported. Run
//
//	go test ./matcher -run TestEval -v
//
// to print recall@3/5/10 and MRR per kind and direction, the traps that
// fired, and (with ICEBREAKER_EVAL_SAMPLE=N) N random top-3 suggestions with
// their explanations, for a hand audit.

type evalPerson struct {
	ID           uint64   `json:"id"`
	FirstName    string   `json:"first_name"`
	LastName     string   `json:"last_name"`
	Email        string   `json:"email"`
	Organisation string   `json:"organisation"`
	Title        string   `json:"title"`
	Sector       string   `json:"sector"`
	Offers       []string `json:"offers"`
	Needs        []string `json:"needs"`
	Interests    []string `json:"interests"`
	Project      string   `json:"project"`
	Consent      bool     `json:"consent"`
}

type evalPair struct {
	Kind       string `json:"kind"`
	Seeker     uint64 `json:"seeker"`
	Helper     uint64 `json:"helper"`
	A          uint64 `json:"a"`
	B          uint64 `json:"b"`
	Need       string `json:"need"`
	Offer      string `json:"offer"`
	Difficulty string `json:"difficulty"`
}

type evalDistractor struct {
	ID   uint64 `json:"id"`
	Kind string `json:"kind"`
	Of   uint64 `json:"of"`
}

type evalEvent struct {
	Event       string           `json:"event"`
	People      []evalPerson     `json:"people"`
	Pairs       []evalPair       `json:"pairs"`
	Distractors []evalDistractor `json:"distractors"`
}

func loadEvalEvent(t testing.TB, name string) *evalEvent {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "eval", name, "event.json"))
	if err != nil {
		t.Skipf("evaluation event %s: %v", name, err)
	}
	var ev evalEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatalf("evaluation event %s: %v", name, err)
	}
	return &ev
}

func (ev *evalEvent) profiles() []Profile {
	ps := make([]Profile, len(ev.People))
	for i, p := range ev.People {
		ps[i] = Profile{ID: p.ID, Name: p.FirstName, Organisation: p.Organisation, Email: p.Email, Title: p.Title,
			Sector: p.Sector, Offers: p.Offers, Needs: p.Needs, Interests: p.Interests, Project: p.Project, Consent: p.Consent}
	}
	return ps
}

// evalQuery is one question asked of the matcher: is want in from's list?
type evalQuery struct {
	group string // kind, direction and difficulty, e.g. "need→offer / seeker sees helper / paraphrase"
	from  uint64
	want  uint64
	rank  int // 1-based rank of want in from's top 10; 0 when absent
}

// evalResult is the outcome of one evaluation run.
type evalResult struct {
	queries    []evalQuery
	violations []string // colleagues or non-consenting people suggested
	outranked  int      // same-need distractors above the planted helper
	falseFired int      // false-friend distractors in the top 3 of the person they trap
	lists      map[uint64][]Suggestion
}

func runEval(ev *evalEvent, opts Options) evalResult {
	return runEvalWith(ev, NewModel(ev.profiles(), opts))
}

// runEvalWith is runEval on a model already built from ev's people.
func runEvalWith(ev *evalEvent, m *Model) evalResult {
	res := evalResult{lists: map[uint64][]Suggestion{}}
	list := func(id uint64) []Suggestion {
		if l, ok := res.lists[id]; ok {
			return l
		}
		l := m.Rank(id, 10, nil)
		res.lists[id] = l
		return l
	}
	rankOf := func(from, want uint64) int {
		for i, s := range list(from) {
			if s.ID == want {
				return i + 1
			}
		}
		return 0
	}
	for _, p := range ev.Pairs {
		switch p.Kind {
		case "need_offer":
			res.queries = append(res.queries,
				evalQuery{"need→offer: seeker finds helper", p.Seeker, p.Helper, rankOf(p.Seeker, p.Helper)},
				evalQuery{"need→offer: helper finds seeker", p.Helper, p.Seeker, rankOf(p.Helper, p.Seeker)},
				evalQuery{"need→offer, " + p.Difficulty + ": seeker finds helper", p.Seeker, p.Helper, rankOf(p.Seeker, p.Helper)})
		case "project":
			res.queries = append(res.queries,
				evalQuery{"project: both ways", p.A, p.B, rankOf(p.A, p.B)},
				evalQuery{"project: both ways", p.B, p.A, rankOf(p.B, p.A)},
				evalQuery{"project, " + p.Difficulty, p.A, p.B, rankOf(p.A, p.B)})
		}
	}
	helperOf := map[uint64]uint64{}
	for _, p := range ev.Pairs {
		if p.Kind == "need_offer" {
			helperOf[p.Seeker] = p.Helper
		}
	}
	for _, d := range ev.Distractors {
		switch d.Kind {
		case "colleague":
			if r := rankOf(d.Of, d.ID); r > 0 {
				res.violations = append(res.violations, fmt.Sprintf("colleague %d suggested to %d at rank %d", d.ID, d.Of, r))
			}
		case "false_friend":
			if r := rankOf(d.Of, d.ID); r > 0 && r <= 3 {
				res.falseFired++
			}
		case "same_need":
			if h, ok := helperOf[d.Of]; ok {
				if rd, rh := rankOf(d.Of, d.ID), rankOf(d.Of, h); rd > 0 && (rh == 0 || rd < rh) {
					res.outranked++
				}
			}
		}
	}
	consent := map[uint64]bool{}
	for _, p := range ev.People {
		consent[p.ID] = p.Consent
	}
	for _, p := range ev.People {
		for _, s := range list(p.ID) {
			if !consent[s.ID] {
				res.violations = append(res.violations, fmt.Sprintf("%d suggested to %d without consent", s.ID, p.ID))
			}
		}
	}
	return res
}

// recall is the share of a group's queries answered within the top k.
func (r evalResult) recall(group string, k int) (float64, int) {
	hit, n := 0, 0
	for _, q := range r.queries {
		if q.group == group {
			n++
			if q.rank > 0 && q.rank <= k {
				hit++
			}
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(hit) / float64(n), n
}

func (r evalResult) mrr(group string) float64 {
	var s float64
	n := 0
	for _, q := range r.queries {
		if q.group == group {
			n++
			if q.rank > 0 {
				s += 1 / float64(q.rank)
			}
		}
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

func (r evalResult) groups() []string {
	seen := map[string]bool{}
	var out []string
	for _, q := range r.queries {
		if !seen[q.group] {
			seen[q.group] = true
			out = append(out, q.group)
		}
	}
	sort.Strings(out)
	return out
}

func (r evalResult) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-48s %4s %6s %6s %6s %6s\n", "queries", "n", "R@3", "R@5", "R@10", "MRR")
	for _, g := range r.groups() {
		r3, n := r.recall(g, 3)
		r5, _ := r.recall(g, 5)
		r10, _ := r.recall(g, 10)
		fmt.Fprintf(&b, "%-48s %4d %6.2f %6.2f %6.2f %6.2f\n", g, n, r3, r5, r10, r.mrr(g))
	}
	fmt.Fprintf(&b, "same-need distractors above the helper: %d; false friends in a top 3: %d; violations: %d\n", r.outranked, r.falseFired, len(r.violations))
	for _, v := range r.violations {
		fmt.Fprintf(&b, "  violation: %s\n", v)
	}
	return b.String()
}

// sample prints n random top-3 suggestions with their explanations, for a
// hand audit of the reasons.
func (r evalResult) sample(ev *evalEvent, opts Options, n int, seed int64) string {
	m := NewModel(ev.profiles(), opts)
	byID := map[uint64]evalPerson{}
	for _, p := range ev.People {
		byID[p.ID] = p
	}
	type pick struct {
		from uint64
		s    Suggestion
	}
	var all []pick
	for _, p := range ev.People {
		for i, s := range m.Rank(p.ID, 3, nil) {
			_ = i
			all = append(all, pick{p.ID, s})
		}
	}
	rng := rand.New(rand.NewSource(seed))
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	var b strings.Builder
	for i, pk := range all[:min(n, len(all))] {
		a, c := byID[pk.from], byID[pk.s.ID]
		fmt.Fprintf(&b, "\n#%d to %d %s (%s): needs %q offers %q title %q\n   got %d %s (%s): needs %q offers %q title %q\n   FR: %s\n   EN: %s\n",
			i+1, a.ID, a.FirstName, a.Organisation, a.Needs, a.Offers, a.Title,
			c.ID, c.FirstName, c.Organisation, c.Needs, c.Offers, c.Title,
			pk.s.Explain(m, "fr"), pk.s.Explain(m, "en"))
	}
	return b.String()
}

func TestEval_TuningHalf(t *testing.T) {
	evaluate(t, "tune", 1)
}

// evaluate runs the evaluation of one half, logs its table (and, with
// ICEBREAKER_EVAL_SAMPLE, a sample drawn with seed), and fails if a
// colleague or a non-consenting person was suggested.
func evaluate(t *testing.T, half string, seed int64) evalResult {
	t.Helper()
	ev := loadEvalEvent(t, half)
	res := runEval(ev, Options{})
	t.Logf("%s (%d people)\n%s", ev.Event, len(ev.People), res.table())
	if n := evalSampleSize(); n > 0 {
		if s := os.Getenv("ICEBREAKER_EVAL_SEED"); s != "" {
			fmt.Sscan(s, &seed) // another draw, for a second reading
		}
		t.Log(res.sample(ev, Options{}, n, seed))
	}
	if len(res.violations) > 0 {
		t.Errorf("%d colleagues or non-consenting people suggested", len(res.violations))
	}
	return res
}

func evalSampleSize() int {
	var n int
	fmt.Sscan(os.Getenv("ICEBREAKER_EVAL_SAMPLE"), &n)
	return n
}

// TestEval_TuningMisses prints every planted pair the matcher misses in
// the top 5 with the concepts it read on each side: the worklist for
// vocabulary and tuning. ICEBREAKER_EVAL_MISSES names the event (1 for the
// tuning half); never run it on an event before its one blind reading.
func TestEval_TuningMisses(t *testing.T) {
	name := os.Getenv("ICEBREAKER_EVAL_MISSES")
	switch name {
	case "":
		t.Skip("set ICEBREAKER_EVAL_MISSES=1 (or an event's name) to list its misses")
	case "1":
		name = "tune"
	}
	ev := loadEvalEvent(t, name)
	res := runEval(ev, Options{})
	m := NewModel(ev.profiles(), Options{})
	byID := map[uint64]evalPerson{}
	for _, p := range ev.People {
		byID[p.ID] = p
	}
	for _, p := range ev.Pairs {
		from, want := p.Seeker, p.Helper
		if p.Kind == "project" {
			from, want = p.A, p.B
		}
		rank := 0
		for i, s := range res.lists[from] {
			if s.ID == want {
				rank = i + 1
			}
		}
		if rank > 0 && rank <= 5 {
			continue
		}
		a, b := byID[from], byID[want]
		t.Logf("\n[%s %s] rank %d  %d→%d  score %.3f", p.Kind, p.Difficulty, rank, from, want, m.Score(from, want).Score)
		if p.Kind == "need_offer" {
			t.Logf("  need : %q\n    read %v\n  offer: %q\n    read %v  title %q %v", p.Need, conceptsIn(m.vocab, p.Need), p.Offer, conceptsIn(m.vocab, p.Offer), b.Title, conceptsIn(m.vocab, b.Title))
		} else {
			t.Logf("  A: %q\n  sector %q %v\n  B: %q\n  sector %q %v", a.Project, a.Sector, conceptsIn(m.vocab, a.Sector), b.Project, b.Sector, conceptsIn(m.vocab, b.Sector))
		}
		for i, s := range res.lists[from][:min(3, len(res.lists[from]))] {
			t.Logf("  top%d: %d %.3f %s", i+1, s.ID, s.Score, s.Explain(m, "en"))
		}
	}
}

// TestEval_TuningGrid prints the tuning half's recall@5 over a grid of
// weights (ICEBREAKER_EVAL_GRID=1): how DefaultWeights were chosen.
func TestEval_TuningGrid(t *testing.T) {
	if os.Getenv("ICEBREAKER_EVAL_GRID") == "" {
		t.Skip("set ICEBREAKER_EVAL_GRID=1 to search weights on the tuning half")
	}
	ev := loadEvalEvent(t, "tune")
	for _, project := range []float64{0.25, 0.5, 0.75} {
		for _, text := range []float64{0.25, 0.5, 1} {
			for _, interest := range []float64{0.15, 0.3} {
				for _, role := range []float64{0.3, 0.6, 1} {
					w := DefaultWeights()
					w.Project, w.Text, w.Interest, w.Role = project, text, interest, role
					res := runEval(ev, Options{Weights: w})
					s, _ := res.recall("need→offer: seeker finds helper", 5)
					h, _ := res.recall("need→offer: helper finds seeker", 5)
					p, _ := res.recall("project: both ways", 5)
					t.Logf("project %.2f text %.2f interest %.2f role %.2f: seeker %.2f helper %.2f project %.2f mean %.3f", project, text, interest, role, s, h, p, (s+h+p)/3)
				}
			}
		}
	}
}

// TestEval_HeldOutHalf reports on the half never tuned on. Its floors are
// the targets where they were met, and guard against regressions;
// the figures it logs are the ones quoted in BENCHMARKS.md.
func TestEval_HeldOutHalf(t *testing.T) { evaluateWithFloors(t, "heldout", 2, heldOutFloors) }

// evaluateWithFloors evaluates an event other than the tuning one
// (skipped while tuning) and fails under the floors of recall@5.
// floors are the recall@5 floors of one event: seeker finds helper,
// helper finds seeker, and project pairs both ways.
func floors(seeker, helper, project float64) map[string]float64 {
	return map[string]float64{
		"need→offer: seeker finds helper": seeker,
		"need→offer: helper finds seeker": helper,
		"project: both ways":              project,
	}
}

func evaluateWithFloors(t *testing.T, event string, seed int64, want map[string]float64) {
	t.Helper()
	if os.Getenv("ICEBREAKER_EVAL_TUNING") != "" {
		t.Skip("tuning: only the tuning event is read")
	}
	res := evaluate(t, event, seed)
	for group, floor := range want {
		if got, n := res.recall(group, 5); n == 0 || got < floor {
			t.Errorf("%s recall@5 for %q = %.2f (n=%d); want ≥ %.2f", event, group, got, n, floor)
		}
	}
}

// heldOutFloors are the recall@5 floors of TestEval_HeldOutHalf, a little
// under the figures measured (BENCHMARKS.md). The half was held out until
// the third session's audits read it; since then it is a second tuning
// set, and the fresh event is the held-out one: need→offer 0.65 and 0.62,
// projects 0.80 after the third session (0.73 after session 7's health
// vocabulary: a cosmetics pair sold in pharmacies met new neighbours).
var heldOutFloors = floors(0.6, 0.6, 0.7)

// TestEval_FreshEvent runs the third event, written by an author who saw
// neither the matcher, its vocabulary nor the other two events, and read
// by us only once all tuning on the other two was over: the figures the
// notes report as held-out. Its floors sit a little under what that one
// reading measured (BENCHMARKS.md), to catch regressions.
func TestEval_FreshEvent(t *testing.T) { evaluateWithFloors(t, "fresh", 3, freshFloors) }

// TestEval_FourthEvent runs the fourth event (Brussels and Lille demo day,
// 230 people), written in the fifth session by an author who saw neither
// the matcher nor the other events, and read once all of that session's
// tuning was over: the held-out figures from then on. Its floors sit a
// little under that one reading (BENCHMARKS.md).
func TestEval_FourthEvent(t *testing.T) { evaluateWithFloors(t, "fourth", 4, fourthFloors) }

// TestEval_FifthEvent runs the fifth event (a Nantes entrepreneurs' fair
// with a Liège delegation, 250 people: artisans, shops, freelancers,
// support networks), written in the sixth session by an author who saw
// neither the matcher nor the other events, and read once when that
// session's tuning was over.
func TestEval_FifthEvent(t *testing.T) { evaluateWithFloors(t, "fifth", 5, fifthFloors) }

// TestEval_SixthEvent runs the sixth event (a Lyon day for small
// businesses and artisans with guests from Charleroi and Namur, 220
// people), written in the sixth session by an author who saw neither the
// matcher nor the other events, and read once after that session's tuning,
// the fifth event's included: the held-out figures from then on.
func TestEval_SixthEvent(t *testing.T) { evaluateWithFloors(t, "sixth", 6, sixthFloors) }

// sixthFloors sit under the first reading of the sixth event (18:19 UTC,
// session 6): seeker finds helper 0.58, helper finds seeker 0.47, projects
// 0.92. The code of the session's start read 0.58, 0.44 and 0.92 on it.
var sixthFloors = floors(0.55, 0.44, 0.88)

// fifthFloors guard the fifth event after the sixth session tuned on it:
// its one blind reading gave seeker finds helper 0.42, helper finds seeker
// 0.40, projects 0.64 (the vocabulary knew little of how artisans and
// shopkeepers write); trades.tsv then brought 0.76, 0.72 and 0.64.
var fifthFloors = floors(0.65, 0.65, 0.6)

// fourthFloors sit under the first reading of the fourth event: seeker
// finds helper 0.64, helper finds seeker 0.78, projects 0.74.
var fourthFloors = floors(0.6, 0.72, 0.7)

// freshFloors sit under the first (and only pre-floor) reading of the
// fresh event: seeker finds helper 0.68, helper finds seeker 0.68,
// projects 0.88 (BENCHMARKS.md). Projects 0.8 since session 8: a far
// stronger help or give now takes a weak one's turn (outweighs), which
// moved one project twin of this event out of a top 5 (0.86 → 0.84) and
// brought helpers their seekers more often on average over the nine events.
var freshFloors = floors(0.65, 0.65, 0.8)

// TestEval_SeventhEvent runs the seventh event (a Bordeaux coding school's
// hackathon and job dating with BeCode Liège and Brussels, 214 people),
// written in the seventh session by an author who saw neither the matcher
// nor the other events, read once after the session's first changes and
// tuned on since.
func TestEval_SeventhEvent(t *testing.T) { evaluateWithFloors(t, "seventh", 7, seventhFloors) }

// seventhFloors guard the seventh event after this session tuned on it:
// its one blind reading (20:26 UTC) gave seeker finds helper 0.54, helper
// finds seeker 0.50, projects 0.66; tech.tsv (each programming language
// its own concept, problem phrases of learners and juniors) then brought
// 0.81, 0.85 and 0.66, and the project vocabulary of social.tsv 0.91.
var seventhFloors = floors(0.75, 0.8, 0.85)

// TestEval_EighthEvent runs the eighth event (a Toulouse conference of the
// social and solidarity economy with guests from Brussels and Namur, 210
// people), written in the seventh session by an author who saw neither the
// matcher nor the other events, and read once at the end of that session's
// tuning (its figures are the held-out ones of session 7); tuned on since,
// so the next session needs a new blind event.
func TestEval_EighthEvent(t *testing.T) { evaluateWithFloors(t, "eighth", 8, eighthFloors) }

// eighthFloors guard the eighth event after its one blind reading
// (20:53 UTC, session 7): seeker finds helper 0.58, helper finds seeker
// 0.56, projects 0.82 (the session's starting code read 0.58, 0.52 and
// 0.82 on the same file). Its audit's fixes and social.tsv's additions
// then brought 0.77, 0.75 and 0.82.
var eighthFloors = floors(0.7, 0.7, 0.75)

// TestEval_NinthEvent runs the ninth event (a Lyon health-innovation
// incubator day with a delegation from Liège and Brussels, 202 people),
// written in the seventh session by an author who saw neither the
// matcher nor the other events, and read once after all of that session's
// tuning: the held-out figures from then on.
func TestEval_NinthEvent(t *testing.T) { evaluateWithFloors(t, "ninth", 9, ninthFloors) }

// ninthFloors sit under the one blind reading of the ninth event (21:07
// UTC, session 7, after all of that session's tuning): seeker finds
// helper 0.40, helper finds seeker 0.47, projects 0.40; the session's
// starting code read 0.38, 0.47 and 0.42 on the same file. Health
// innovation is a domain the vocabulary barely knew.
var ninthFloors = floors(0.35, 0.42, 0.35)

// TestEval_TenthEvent runs the tenth event (a Lille day of the cultural
// and creative industries with a Wallonia-Brussels delegation, 215
// people), written in session 8 by an author who saw neither the matcher
// nor the other events.
func TestEval_TenthEvent(t *testing.T) { evaluateWithFloors(t, "tenth", 10, tenthFloors) }

// TestEval_EleventhEvent runs the eleventh event (a Valenciennes day of
// industry and decarbonisation with guests from Hainaut and Liège, 212
// people), written in session 8 the same way.
func TestEval_EleventhEvent(t *testing.T) { evaluateWithFloors(t, "eleventh", 11, eleventhFloors) }

// TestEval_TwelfthEvent runs the twelfth event (a Lille day of
// education, training and edtech with a Wallonia-Brussels delegation, 207
// people), written in session 8 the same way.
func TestEval_TwelfthEvent(t *testing.T) { evaluateWithFloors(t, "twelfth", 12, twelfthFloors) }

// TestEval_ThirteenthEvent runs the thirteenth event (a regional
// entrepreneurs' conference in Amiens, 231 profiles of 300 registered),
// written in session 8 the same way: the kind of event our users run most.
func TestEval_ThirteenthEvent(t *testing.T) { evaluateWithFloors(t, "thirteenth", 13, floors13) }

// TestEval_FourteenthEvent runs the fourteenth event (an incubator's open
// day in Metz with guests from Luxembourg and Liège, 210 people), written
// in session 8 the same way.
func TestEval_FourteenthEvent(t *testing.T) { evaluateWithFloors(t, "fourteenth", 14, floors14) }

// Floors of the session 8 events, each a little under its figures. The
// tenth to twelfth were read first with the session's starting code
// (4dd983b), then once after the two domain packs (culture.tsv,
// industry.tsv) were merged and before any tuning on them, then tuned on:
// tenth 0.45/0.38/0.80 → 0.55/0.62/0.80 → 0.60/0.64/0.82; eleventh
// 0.39/0.33/0.53 → 0.41/0.46/0.55 → 0.50/0.57/0.55; twelfth (no pack)
// 0.57/0.43/0.65 → 0.50/0.43/0.65 → 0.59/0.52/0.65 (seeker finds helper,
// helper finds seeker, projects). The thirteenth and fourteenth were
// read once after that tuning: 0.73/0.77/0.82 and 0.62/0.67/0.75 (the
// starting code: 0.73/0.73/0.82 and 0.60/0.67/0.80); their audits were
// tuned on afterwards.
var (
	tenthFloors    = floors(0.55, 0.58, 0.75)
	eleventhFloors = floors(0.45, 0.52, 0.5)
	twelfthFloors  = floors(0.52, 0.45, 0.6)
	floors13       = floors(0.72, 0.76, 0.77)
	floors14       = floors(0.82, 0.84, 0.67)
)

// TestEval_FifteenthEvent runs the fifteenth event (a business-creation
// fair in Liège with visitors from Lille and Luxembourg, 205 people),
// written in session 8 by an author who saw neither the matcher nor the
// other events, and read once at the end of that session, after all its
// changes: the held-out figures from then on.
func TestEval_FifteenthEvent(t *testing.T) { evaluateWithFloors(t, "fifteenth", 15, fifteenthFloors) }

// fifteenthFloors sit under its one blind reading (00:35 UTC, session 8,
// after all of that session's changes): seeker finds helper 0.51, helper
// finds seeker 0.56, projects 0.82 (the session's starting code: 0.53,
// 0.60, 0.82).
var fifteenthFloors = floors(0.71, 0.73, 0.77)

// The three events of session 9, written by authors who saw neither the
// matcher nor the other events, each read first with that session's
// starting code (81df645), which gave the same figures as its code at
// the moment they arrived (seeker finds helper, helper finds seeker,
// projects): sixteenth 0.55/0.61/0.80, seventeenth 0.64/0.64/0.80 (and
// one colleague suggested), eighteenth 0.68/0.64/0.88. The sixteenth and
// seventeenth were tuned on afterwards; the eighteenth is the session's
// held-out event, read only at its start and at its end (0.66/0.64/0.88,
// then its blind audit's fixes: 0.66/0.64/0.90). The floors sit a little
// under the end of session 9, when the thirteenth to seventeenth, tuned
// on, read 0.77/0.81/0.82, 0.87/0.89/0.72, 0.76/0.78/0.82, 0.75/0.80/0.80
// and 0.84/0.89/0.80.

// TestEval_SixteenthEvent runs the sixteenth event: the Demo Day and
// business meetings of a start-up incubator in Nantes, 214 people.
func TestEval_SixteenthEvent(t *testing.T) { evaluateWithFloors(t, "sixteenth", 16, floors16) }

// TestEval_SeventeenthEvent runs the seventeenth event: a Startup Weekend
// in Brussels with a coding school's workshops, 206 people.
func TestEval_SeventeenthEvent(t *testing.T) { evaluateWithFloors(t, "seventeenth", 17, floors17) }

// TestEval_EighteenthEvent runs the eighteenth event: Les Rencontres des
// Entrepreneurs d'Occitanie, Toulouse, 220 people.
func TestEval_EighteenthEvent(t *testing.T) { evaluateWithFloors(t, "eighteenth", 18, floors18) }

var (
	floors16 = floors(0.7, 0.75, 0.75)
	floors17 = floors(0.79, 0.84, 0.75)
	floors18 = floors(0.6, 0.58, 0.84)
)
