package matcher

import (
	"cmp"
	"slices"
)

// Answers hold both kinds of suggestion and say which is which.
//
// The score is symmetric (the live index relies on it), so on its own it
// ranks "you can help them" as high as "they can help you": for a founder
// looking for fundraising, five people who need what she offers would
// bury the one investor who offers what she needs. A person's answer is
// therefore arranged from their best candidates by leaning: those who can
// help them, those they can help, and those they share interests or a
// project with, taken in turn, each kind best first. The best of each
// kind is always near the top, and each reason says which kind it is; a
// help or give turn whose best is far weaker than the other kind's best
// (outweighs) gives its place to that one.

// leaning is what a suggestion mostly rests on, for its receiver.
type leaning int

const (
	leanHelp  leaning = iota // they can help you
	leanGive                 // you can help them
	leanPeer                 // the most similar projects (a second pass)
	leanOther                // shared interests, project, sector
	numLeanings
)

func (t pairTerms) leaning(w Weights) leaning {
	help := w.Complement*(t.offers+w.Role*t.roleHelp) + w.Text*t.textHelp + w.Target*t.targetHelp
	give := w.Complement*(t.needs+w.Role*t.roleGive) + w.Text*t.textGive + w.Target*t.targetGive
	switch {
	case help <= 0 && give <= 0:
		return leanOther
	case help >= give:
		return leanHelp
	}
	return leanGive
}

// A pass is a second look at the room with other weights, for one kind
// of suggestion: interleaving ranked lists, rather than adding their
// scores into one, keeps a strong signal of one kind from drowning the
// best of another (a project twin, or the one person who offers what you
// need, below a crowd of people who share your sector and interests).
type pass struct {
	w     Weights
	depth int                       // candidates kept
	key   func(t pairTerms) float64 // what the pass ranks by (exact)
}

// passes returns the help pass (what others can do for the receiver:
// needs against offers, titles and words) and the peer pass (project
// similarity alone). Colleagues stay out of both.
func (m *Model) passes() [2]pass {
	w := m.w
	return [2]pass{
		{Weights{Complement: w.Complement, Role: w.Role, Text: w.Text, Target: w.Target, SameOrg: w.SameOrg, AllowColleagues: w.AllowColleagues, helpOnly: true}, helpDepth,
			func(t pairTerms) float64 {
				return w.Complement*(t.offers+w.Role*t.roleHelp) + w.Text*t.textHelp + w.Target*t.targetHelp
			}},
		{Weights{Project: 1, SameOrg: w.SameOrg, AllowColleagues: w.AllowColleagues}, peerDepth,
			func(t pairTerms) float64 { return max(0, t.project-minPeerProject) }},
	}
}

// minPeerProject is the project similarity below which nobody is a peer:
// a faint overlap is no reason to meet.
const minPeerProject = 0.1

// How many candidates each pass keeps.
const (
	helpDepth = 4
	peerDepth = 3
)

// scoredPair is a candidate with its exact score terms for the receiver
// (no reasons yet).
type scoredPair struct {
	pb *person
	t  pairTerms
}

func (c scoredPair) suggestion() Suggestion { return Suggestion{ID: c.pb.p.ID, Score: c.t.score} }

// pairScorer scores the candidates of one answer for pa, each row at most
// once: the re-rank, the passes' lists and the answer share their terms.
// cand maps a row to its person (nil: not a candidate).
type pairScorer struct {
	m    *Model
	pa   *person
	cand func(int) *person
	memo map[int]scoredPair // row → its terms (pb nil: not a candidate); nil: no memo
	sp   *keyed             // pa keyed, or nil (keyedTerms)
}

// scorer returns a pairScorer for pa over cand; memo (nil, or empty, to
// be filled) remembers the rows scored.
func (m *Model) scorer(pa *person, cand func(int) *person, memo map[int]scoredPair) *pairScorer {
	return &pairScorer{m: m, pa: pa, cand: cand, memo: memo}
}

// at returns row i's terms, false when it is not a candidate.
func (sc *pairScorer) at(i int) (scoredPair, bool) {
	if c, ok := sc.memo[i]; ok {
		return c, c.pb != nil
	}
	var c scoredPair
	if pb := sc.cand(i); pb != nil {
		c = scoredPair{pb, sc.m.keyedTerms(sc.pa, pb, sc.sp)}
	}
	if sc.memo != nil {
		sc.memo[i] = c
	}
	return c, c.pb != nil
}

// passList scores a pass's pool rows exactly and keeps the pass's depth
// best by its key (then by score) among those with a positive score and a
// positive key.
func (m *Model) passList(sc *pairScorer, ps pass, pool []int) []scoredPair {
	var list []scoredPair
	for _, i := range pool {
		if c, ok := sc.at(i); ok && c.t.score > 0 && ps.key(c.t) > 0 {
			list = append(list, c)
		}
	}
	slices.SortFunc(list, func(a, b scoredPair) int {
		if c := cmp.Compare(ps.key(b.t), ps.key(a.t)); c != 0 {
			return c
		}
		return bestFirst(a.suggestion(), b.suggestion())
	})
	return list[:min(len(list), ps.depth)]
}

// A candidate with no reason that can be put into words is left out: a
// suggestion nobody can explain costs trust and a place in the list.
//
// answer arranges pa's candidates (best first by score, positive scores),
// the help pass's helpers and the peer pass's peers (best first by their
// pass), all with their terms for pa, into pa's answer of at most k, with
// reasons, no one twice. m.mu must be held.
func (m *Model) answer(pa *person, best, helpers, peers []scoredPair, k int) []Suggestion {
	if len(best)+len(helpers)+len(peers) == 0 || k <= 0 {
		return nil
	}
	var queues [numLeanings][]scoredPair
	queues[leanHelp] = append(queues[leanHelp], helpers...)
	queues[leanPeer] = append(queues[leanPeer], peers...)
	for _, c := range best {
		l := c.t.leaning(m.w)
		queues[l] = append(queues[l], c)
	}
	out := make([]Suggestion, 0, k)
	taken := map[uint64]bool{}
	var next [numLeanings]int
	// head is the best candidate of kind l not taken yet.
	head := func(l leaning) (scoredPair, bool) {
		for ; next[l] < len(queues[l]); next[l]++ {
			if c := queues[l][next[l]]; !taken[c.pb.p.ID] {
				return c, true
			}
		}
		return scoredPair{}, false
	}
	takeFrom := func(l leaning) bool {
		for c, ok := head(l); ok; c, ok = head(l) {
			next[l]++
			taken[c.pb.p.ID] = true
			if s := m.withReasons(pa, c.pb, c.t); len(s.Reasons) > 0 {
				out = append(out, s)
				return true
			}
		}
		return false
	}
	// A help or give turn whose best is far weaker than the other's best
	// gives its place to it (see outweighs).
	turnOf := func(l leaning) leaning {
		if l != leanHelp && l != leanGive {
			return l
		}
		other := leanHelp + leanGive - l
		c, ok := head(l)
		o, oko := head(other)
		if ok && oko && outweighs(o.t.score, c.t.score) {
			return other
		}
		return l
	}
	for len(out) < k {
		took := false
		for _, l := range turns {
			if len(out) < k && takeFrom(turnOf(l)) {
				took = true
			}
		}
		if !took {
			break
		}
	}
	return out
}

// outweighs reports whether a candidate scored a is so much stronger than
// one scored b that b should not take a place before it: in a help or give
// turn, « Florian works in digital health, the field you are looking for »
// (0.61) gives its place to « Thomas is looking for regulatory affairs,
// which you offer » (1.10). Measured on the nine tuned events (ratios 0.4
// to 0.9): 0.6 brought helper-finds-seeker from 0.764 to 0.774 on average,
// seeker-finds-helper 0.734 to 0.729, projects unchanged.
func outweighs(a, b float64) bool { return b < outweighRatio*a }

const outweighRatio = 0.6

// turns is the order in which the kinds take places in an answer, over
// and over: "can help you" comes first and most often.
var turns = []leaning{leanHelp, leanGive, leanPeer, leanHelp, leanGive, leanOther}
