package matcher

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
	leanOther                // shared interests, project, sector
	numLeanings
)

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
// into pa's answer of at most k, with reasons. m.mu must be held.
func (m *Model) answer(pa *person, best []Suggestion, k int) []Suggestion {
	if len(best) == 0 || k <= 0 {
		return nil
	}
	var queues [numLeanings][]*person
	var terms [numLeanings][]pairTerms
	for _, s := range best {
		pb := m.get(s.ID)
		if pb == nil {
			continue
		}
		t := m.terms(pa, pb)
		l := t.leaning(m.w)
		queues[l] = append(queues[l], pb)
		terms[l] = append(terms[l], t)
	}
	out := make([]Suggestion, 0, min(k, len(best)))
	var next [numLeanings]int
	for len(out) < k {
		took := false
		for l := range numLeanings {
			if len(out) == k {
				break
			}
			if i := next[l]; i < len(queues[l]) {
				out = append(out, m.withReasons(pa, queues[l][i], terms[l][i]))
				next[l]++
				took = true
			}
		}
		if !took {
			break
		}
	}
	return out
}
