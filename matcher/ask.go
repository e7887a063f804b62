package matcher

import (
	"slices"
	"strings"
)

// Asks and searches: free text read with the vocabulary.
//
// An ask is a short request someone posts during the day ("Je cherche un
// local à Bruxelles pour 3 mois", "Need a beta tester for a B2B SaaS").
// Index.Answer reads it as a need of its author and finds the people
// present who can answer it with the help pass of suggestions (answer.go:
// needs against offers, titles and the words no concept covers), scored
// and explained exactly as a suggestion's "can help you" is; nothing else
// of the author's profile counts. Suggestion.ExplainAnswer says it to the
// person who can answer ("vous proposez les locaux professionnels").
//
// Vocabulary.Concepts reads a search ("levée de fonds", "fundraising") into
// concept keys, which a directory compares with what Model.Understood read
// in each profile.

// Concepts returns the vocabulary concepts a free text names, in the order
// they appear, each once: Concepts("levée de fonds à Lyon") is
// ["fundraising"]. A whole text that names a concept only when typed
// alone ("locaux") names it too.
func (v *Vocabulary) Concepts(text string) []string {
	if key, ok := v.whole[phraseKey(text)]; ok {
		return []string{key}
	}
	found, _ := v.scan(readWords(text))
	var out []string
	for _, m := range found {
		if !slices.Contains(out, m.key) {
			out = append(out, m.key)
		}
	}
	return out
}

// MaxAskAnswers bounds how many people Answer returns.
const MaxAskAnswers = 50

// Answer returns up to k people present who can answer need, a request
// written by author: need is read as the author's only need, and the
// people present are ranked by what they can do for it (the help pass:
// concepts they offer, what their title says they do, the words of their
// offers), best first, each with its reasons (ReasonOffers, ReasonRole,
// ReasonText) from the author's side. Only people who consented are
// returned, never the author, their colleagues (unless the event allows
// colleagues), nor anyone the author met or declined; a person with no
// reason that can be put into words is left out. The author need not be
// registered with the model (their organisation is then unknown).
func (ix *Index) Answer(author uint64, need string, k int) []Suggestion {
	k = min(k, MaxAskAnswers)
	if k <= 0 || strings.TrimSpace(need) == "" {
		return nil
	}
	m := ix.m
	p := Profile{ID: author, Consent: true, Needs: []string{need}}
	if prof, ok := m.Profile(author); ok {
		p.Name, p.Organisation, p.Email = prof.Name, prof.Organisation, prof.Email
	}
	pp := &person{p: p, f: m.vocab.extract(p, func(string, string) {})}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if len(ix.ids) == 0 {
		return nil
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	m.weigh(pp) // writes pp only; reads the event's document frequencies
	help := m.passes()[0]
	help.depth = k
	pr := ix.probe(0)
	ix.prepare(pr, pp, 1, true, false, len(ix.ids))
	pr.pools[viewHelp].reset(rerankPool(k)) // the help view's pool, for k
	ix.scanBase(ix.probes[:1], len(ix.ids))
	var out []Suggestion
	for _, c := range m.passList(m.scorer(pp, ix.person, nil), help, pr.pool(viewHelp)) {
		if sg := m.withReasons(pp, c.pb, c.t); len(sg.Reasons) > 0 {
			out = append(out, sg)
		}
	}
	return out
}

// ExplainAnswer renders an answer of Index.Answer as one clause in lang
// ("fr"; anything else is English), addressed to the person who can
// answer (s.ID), saying what of theirs answers the ask:
//
//	fr: "vous proposez les locaux professionnels"
//	en: "you offer office space"
//
// A title is quoted ("votre profil (« business angel ») y répond"), words
// no concept covers too ("ce que vous proposez parle de « soudure »").
// Reasons other than those of the help pass are not said.
func (s Suggestion) ExplainAnswer(m *Model, lang string) string {
	fr := lang == "fr"
	ph := phraser{m: m, fr: fr}
	var parts []string
	for _, r := range s.Reasons {
		switch r.Kind {
		case ReasonOffers:
			what := ph.list(r.Concepts, "")
			if len(r.Near) > 0 {
				parts = append(parts, pick(fr, "vous proposez "+what+", proche "+ph.list(r.Near, "de"),
					"you offer "+what+", close to "+ph.list(r.Near, "")))
			} else {
				parts = append(parts, pick(fr, "vous proposez "+what, "you offer "+what))
			}
		case ReasonRole:
			parts = append(parts, pick(fr, "votre profil ("+quote(true, r.Quote)+") répond à "+ph.needList(r),
				"your profile ("+quote(false, r.Quote)+") answers "+ph.needList(r)))
		case ReasonText:
			parts = append(parts, pick(fr, "ce que vous proposez parle de "+quote(true, r.Quote),
				"what you offer mentions "+quote(false, r.Quote)))
		}
	}
	return strings.Join(parts, pick(fr, " ; ", "; "))
}
