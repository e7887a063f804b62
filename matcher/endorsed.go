package matcher

// Skills confirmed by peers. After two people met, each can say which of
// the other's offers helped them (kiosk/live). Profile.Endorsed carries,
// per offer item as written, how many distinct peers confirmed it; the
// concepts, tags and text-channel words that item names then weigh more in
// the person's offers than what is only declared.
//
// The boost multiplies those terms of the offers vectors after they are
// weighed and normalised (Model.weigh), before the broader concepts are
// added, so that a confirmed "levée de fonds" also counts a little more as
// "financement". It is linear in the vectors, so the sketch and the exact
// scores stay equal and the score stays symmetric. A profile without
// endorsements reads exactly as before: no term changes.
//
// The size was measured on the tuning event only (endorsed_test.go,
// TestEndorsed_RecallOnTuningEvent): planted helpers confirmed by two
// peers for the planted offer, with random noise confirmations elsewhere.

// Endorsement weights: each confirming peer adds endorsementStep to the
// multiplier of the item's terms, up to endorsementCap peers, so that one
// well-liked person cannot drown everyone else's declared offers.
const (
	endorsementStep = 0.15
	endorsementCap  = 3
)

// endorsementMultiplier is what n confirmations multiply an offer's terms
// by: 1 for none, 1+step·min(n, cap) otherwise.
func endorsementMultiplier(n int) float64 {
	if n <= 0 {
		return 1
	}
	return 1 + endorsementStep*float64(min(n, endorsementCap))
}

// endorsements reads each endorsed offer item of p on its own and returns
// the multiplier of every key it names (the largest when several endorsed
// items name one key), nil when none is endorsed.
func (v *Vocabulary) endorsements(p Profile) map[string]float64 {
	if len(p.Endorsed) == 0 {
		return nil
	}
	var boost map[string]float64
	for _, item := range p.Offers {
		n := p.Endorsed[item]
		if n <= 0 {
			continue
		}
		r := &reader{v: v, display: func(string, string) {}, f: features{
			offers: bag{}, offerWords: bag{}, targets: bag{}, shown: map[string]string{},
		}}
		r.list(FieldOffers, []string{item}, r.f.offers, r.f.offerWords)
		x := endorsementMultiplier(n)
		for _, b := range []bag{r.f.offers, r.f.offerWords} {
			for k := range b {
				if boost == nil {
					boost = map[string]float64{}
				}
				boost[k] = max(boost[k], x)
			}
		}
	}
	return boost
}

// boosted multiplies the terms of s named in boost, in place.
func boosted(s sparse, boost map[string]float64) sparse {
	if len(boost) == 0 {
		return s
	}
	for i := range s {
		if x, ok := boost[s[i].key]; ok {
			s[i].w *= x
		}
	}
	return s
}
