package matcher

import (
	"fmt"
	"math/rand"
	"testing"
)

// labelledPairs: a need written one way and the matching offer written
// another (other language, accents dropped or capitals, plural, alias).
var labelledPairs = []struct{ need, offer string }{
	{"Levées de fonds", "fundraising"},
	{"référencement naturel", "SEO"},
	{"brevets", "intellectual property"},
	{"RGPD", "data protection"},
	{"COMPTABILITÉ", "bookkeeping"},
	{"hiring", "recrutement"},
	{"Intelligence artificielle", "AI"},
	{"graphic designer", "graphisme"},
	{"etudes de marche", "market research"},
	{"subventions", "grants"},
	{"crowdfunding", "financement participatif"},
	{"relations presse", "PR"},
	{"expérience utilisateur", "UX research"},
	{"applications mobiles", "iOS"},
	{"pentest", "cybersécurité"},
	{"économie circulaire", "recycling"},
	{"Énergies renouvelables", "solar"},
	{"IoT", "objets connectés"},
	{"impression 3D", "additive manufacturing"},
	{"droit du travail", "employment law"},
	{"translation", "traductions"},
	{"logistique", "supply chain"},
	{"prise de parole", "public speaking"},
	{"community manager", "réseaux sociaux"},
	{"premiers clients", "early adopters"},
	{"co-founder", "cofondatrice"},
	{"locaux", "office space"},
	{"montage vidéo", "video editing"},
	{"photographe", "photography"},
	{"pricing", "tarification"},
}

// labelledEvent builds needers (ids 1..P), their one offerer (ids
// 101..100+P) and 3 distractors per pair (ids 201...) who share all the
// needer's interests, sector and project words, but offer nothing anyone
// needs (and need what nobody offers).
func labelledEvent() (ps []Profile, partner map[uint64]uint64) {
	r := rand.New(rand.NewSource(42))
	interests := [][]string{
		{"éducation", "musique", "santé"}, {"education", "music", "culture"},
		{"Culture", "sport", "tourisme"}, {"agriculture", "environnement", "climat"},
		{"santé mentale", "sport", "nutrition"}, {"startups", "innovation", "numérique"},
	}
	sectors := []string{"santé", "éducation", "culture", "énergie", "fintech"}
	generic := []string{"leadership", "management", "stratégie", "innovation", "coaching", "mentorat"}
	partner = map[uint64]uint64{}
	for i, lp := range labelledPairs {
		in := interests[i%len(interests)]
		sec := sectors[i%len(sectors)]
		a, b := uint64(i+1), uint64(101+i)
		partner[a], partner[b] = b, a
		ps = append(ps,
			Profile{ID: a, Name: fmt.Sprintf("Needer %d", i), Organisation: fmt.Sprintf("A%d", i), Sector: sec,
				Needs: []string{lp.need}, Offers: []string{generic[r.Intn(len(generic))]},
				Interests: in[:2], Consent: true},
			Profile{ID: b, Name: fmt.Sprintf("Offerer %d", i), Organisation: fmt.Sprintf("B%d", i),
				Sector: sectors[(i+2)%len(sectors)], Offers: []string{lp.offer, generic[r.Intn(len(generic))]},
				Interests: []string{interests[(i+3)%len(interests)][2]}, Consent: true},
		)
		for d := 0; d < 3; d++ {
			ps = append(ps, Profile{ID: uint64(201 + 3*i + d), Name: "Distractor", Organisation: fmt.Sprintf("D%d", 3*i+d),
				Sector: sec, Interests: append([]string{}, in...), Offers: []string{generic[r.Intn(len(generic))]},
				Needs: []string{fmt.Sprintf("sujet rare %d", 3*i+d)}, Project: "Un projet autour de " + in[0] + " et " + in[1],
				Consent: true})
		}
	}
	return ps, partner
}

func TestRecallAt5_LabelledEvent_BothDirections(t *testing.T) {
	ps, partner := labelledEvent()
	m := NewModel(ps, Options{})
	for _, dir := range []struct {
		name   string
		lo, hi uint64
	}{{"needer finds offerer", 1, uint64(len(labelledPairs))}, {"offerer finds needer", 101, uint64(100 + len(labelledPairs))}} {
		hits := 0
		for id := dir.lo; id <= dir.hi; id++ {
			for _, s := range m.Rank(id, 5, nil) {
				if s.ID == partner[id] {
					hits++
					break
				}
			}
		}
		recall := float64(hits) / float64(len(labelledPairs))
		t.Logf("recall@5 (%s): %.3f (%d/%d)", dir.name, recall, hits, len(labelledPairs))
		if recall < 1 {
			t.Errorf("recall@5 (%s) = %.3f; want 1 (the easy bilingual set)", dir.name, recall)
		}
	}
}
