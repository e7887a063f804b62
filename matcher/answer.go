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
// kind is always near the top, and each reason says which kind it is.

// leaning is what a suggestion mostly rests on, for its receiver.
type leaning int

const (
	leanHelp  leaning = iota // they can help you
	leanGive                 // you can help them
	leanPeer                 // the most similar projects (a second pass)
	leanOther                // shared interests, project, sector
	numLeanings
)

// peerWeights score project similarity alone (colleagues still left out).
var peerWeights = Weights{Project: 1}

// peerDepth is how many project peers an answer considers.
const peerDepth = 3

// peers scores the peer pool rows exactly and keeps those with a project
// in common and a positive score, most similar project first.
func (m *Model) peers(pa *person, pool []int, cand func(int) *person) []Suggestion {
	type peer struct {
		s       Suggestion
		project float64
	}
	var list []peer
	for _, i := range pool {
		pb := cand(i)
		if pb == nil {
			continue
		}
		if t := m.terms(pa, pb); t.score > 0 && t.project > 0 {
			list = append(list, peer{Suggestion{ID: pb.p.ID, Score: t.score}, t.project})
		}
	}
	slices.SortFunc(list, func(a, b peer) int {
		if c := cmp.Compare(b.project, a.project); c != 0 {
			return c
		}
		return cmp.Compare(a.s.ID, b.s.ID)
	})
	out := make([]Suggestion, len(list))
	for i, p := range list {
		out[i] = p.s
	}
	return out
}

func (t pairTerms) leaning(w Weights) leaning {
	help := w.Complement*(t.offers+w.Role*t.roleHelp) + w.Text*t.textHelp
	give := w.Complement*(t.needs+w.Role*t.roleGive) + w.Text*t.textGive
	switch {
	case help <= 0 && give <= 0:
		return leanOther
	case help >= give:
		return leanHelp
	}
	return leanGive
}

// answer arranges pa's candidates (best first by score, positive scores)
// and project peers (most similar first) into pa's answer of at most k,
// with reasons, no one twice. m.mu must be held.
func (m *Model) answer(pa *person, best, peers []Suggestion, k int) []Suggestion {
	if len(best)+len(peers) == 0 || k <= 0 {
		return nil
	}
	var queues [numLeanings][]*person
	var terms [numLeanings][]pairTerms
	put := func(s Suggestion, peer bool) {
		pb := m.get(s.ID)
		if pb == nil {
			return
		}
		t := m.terms(pa, pb)
		l := leanPeer
		if !peer {
			l = t.leaning(m.w)
		}
		queues[l] = append(queues[l], pb)
		terms[l] = append(terms[l], t)
	}
	for _, s := range peers {
		put(s, true)
	}
	for _, s := range best {
		put(s, false)
	}
	out := make([]Suggestion, 0, k)
	taken := map[uint64]bool{}
	var next [numLeanings]int
	takeFrom := func(l leaning) bool {
		for next[l] < len(queues[l]) {
			i := next[l]
			next[l]++
			if pb := queues[l][i]; !taken[pb.p.ID] {
				taken[pb.p.ID] = true
				out = append(out, m.withReasons(pa, pb, terms[l][i]))
				return true
			}
		}
		return false
	}
	for len(out) < k {
		took := false
		for _, l := range turns {
			if len(out) < k && takeFrom(l) {
				took = true
			}
		}
		if !took {
			break
		}
	}
	return out
}

// turns is the order in which the kinds take places in an answer, over
// and over: "can help you" comes first and most often.
var turns = []leaning{leanHelp, leanGive, leanPeer, leanHelp, leanGive, leanOther}
