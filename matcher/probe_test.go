package matcher

import (
	"os"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	v := DefaultVocabulary()
	t.Logf("glossary %d", len(v.glossary))
	for _, s := range strings.Split(os.Getenv("PROBE"), ";;") {
		ws := readWords(s)
		var keys []string
		for _, w := range ws {
			keys = append(keys, v.textKey(w.key, detectLanguage(ws)))
		}
		t.Logf("%q → %v lang %q text %v", s, conceptsIn(v, s), detectLanguage(ws), keys)
	}
}

func TestProbeLabelled(t *testing.T) {
	ps, partner := labelledEvent()
	m := NewModel(ps, Options{})
	v := m.vocab
	for i, lp := range labelledPairs {
		id := uint64(i + 1)
		found := false
		for _, s := range m.Rank(id, 5, nil) {
			if s.ID == partner[id] {
				found = true
			}
		}
		if !found {
			t.Logf("miss %q %v ↔ %q %v score %.3f", lp.need, conceptsIn(v, lp.need), lp.offer, conceptsIn(v, lp.offer), m.Score(id, partner[id]).Score)
			for _, s := range m.Rank(id, 5, nil) {
				t.Logf("   %d %.3f %s", s.ID, s.Score, s.Explain(m, "en"))
			}
		}
	}
}

func TestProbePair(t *testing.T) {
	ev := loadEvalEvent(t, "tune")
	m := NewModel(ev.profiles(), Options{})
	pa, pb := m.get(6), m.get(134)
	t.Logf("A project %v\nB project %v\nterms %+v\norgs %v %v", pa.project, pb.project, m.terms(pa, pb), pa.f.orgs, pb.f.orgs)
}
