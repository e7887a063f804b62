package live

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"icebreaker/data"
	"icebreaker/matcher"
)

// The organiser's indicators of the day, per sector and per round
// (Indicators): per group, how many came, were introduced and met. A
// Grouping extends them (per session, say) without touching this file.

// Indicator is one group's figures. Pairs are counted once however many
// times they were introduced.
type Indicator struct {
	Key   string `json:"key"`
	Label Text   `json:"label"`
	// People is how many of the group came.
	People int `json:"people"`
	// Suggested is the introductions made (pairs the matcher put in
	// touch); SuggestedMet how many of those pairs then said "we met".
	Suggested    int `json:"suggested"`
	SuggestedMet int `json:"suggested_met"`
	// Met is every pair of the group who said "we met", suggested or not
	// (a badge scanned on the phone).
	Met int `json:"met"`
	// MetNobody is how many of the group's People met nobody of it.
	MetNobody int `json:"met_nobody"`
}

// MetRate is the "we met" rate: the share of introductions made that the
// two then confirmed, in percent (0 with none made).
func (i Indicator) MetRate() int {
	if i.Suggested == 0 {
		return 0
	}
	return (100*i.SuggestedMet + i.Suggested/2) / i.Suggested
}

// Grouping sorts people and pairs into groups for the indicators: per
// sector and per round here; a per-session grouping is one more value
// (its Person: the sessions one attended; its Pair: those both attended).
type Grouping struct {
	Key  string // "sector", "round"
	Name Text   // « Par secteur »
	// Person lists the groups a person who came counts in.
	Person func(f *DayFacts, id data.AttendeeID) []string
	// Pair lists the groups an introduction of a and b counts in.
	Pair func(f *DayFacts, a, b data.AttendeeID) []string
	// Label names a group; Order sorts the keys (nil: by label).
	Label func(key string) Text
	Order func(a, b string) int
}

// IndicatorGroup is one grouping's rows.
type IndicatorGroup struct {
	Key  string      `json:"key"`
	Name Text        `json:"name"`
	Rows []Indicator `json:"rows"`
}

// Indicators are the day's totals and one group of rows per grouping.
type Indicators struct {
	Total  Indicator        `json:"total"`
	Groups []IndicatorGroup `json:"groups"`
}

// Indicators computes the organiser's indicators: totals, per sector,
// per round, per session when the programme has any (bySession), then
// per each extra grouping.
func (d *Day) Indicators(extra ...Grouping) (Indicators, error) {
	f, err := d.facts()
	if err != nil {
		return Indicators{}, err
	}
	all := Grouping{Key: "total", Name: Text{"Total", "Total"},
		Person: func(*DayFacts, data.AttendeeID) []string { return []string{""} },
		Pair:   func(*DayFacts, data.AttendeeID, data.AttendeeID) []string { return []string{""} },
		Label:  func(string) Text { return Text{"Toute la journée", "The whole day"} }}
	ind := Indicators{Total: f.indicate(all).Rows[0]}
	groups := []Grouping{BySector(f), ByRound()}
	if g, ok := d.bySession(); ok {
		groups = append(groups, g)
	}
	for _, g := range append(groups, extra...) {
		ind.Groups = append(ind.Groups, f.indicate(g))
	}
	return ind, nil
}

// indicate computes one grouping's rows.
func (f *DayFacts) indicate(g Grouping) IndicatorGroup {
	rows := map[string]*Indicator{}
	row := func(k string) *Indicator {
		r := rows[k]
		if r == nil {
			r = &Indicator{Key: k, Label: g.Label(k)}
			rows[k] = r
		}
		return r
	}
	metIn := map[string]map[data.AttendeeID]bool{} // group → people who met someone in it
	for k, kind := range f.links.closed {
		if kind != data.Met {
			continue
		}
		for _, gk := range g.Pair(f, k[0], k[1]) {
			row(gk).Met++
			if metIn[gk] == nil {
				metIn[gk] = map[data.AttendeeID]bool{}
			}
			metIn[gk][k[0]], metIn[gk][k[1]] = true, true
		}
	}
	for k := range f.links.topic { // every suggested pair once
		for _, gk := range g.Pair(f, k[0], k[1]) {
			r := row(gk)
			r.Suggested++
			if f.links.closed[k] == data.Met {
				r.SuggestedMet++
			}
		}
	}
	for _, id := range f.order {
		if !f.Came[id] {
			continue
		}
		for _, gk := range g.Person(f, id) {
			r := row(gk)
			r.People++
			if !metIn[gk][id] {
				r.MetNobody++
			}
		}
	}
	out := IndicatorGroup{Key: g.Key, Name: g.Name, Rows: []Indicator{}}
	for _, r := range rows {
		out.Rows = append(out.Rows, *r)
	}
	order := g.Order
	if order == nil {
		order = func(a, b string) int { return cmp.Compare(data.FoldName(g.Label(a).FR), data.FoldName(g.Label(b).FR)) }
	}
	slices.SortFunc(out.Rows, func(a, b Indicator) int { return cmp.Or(order(a.Key, b.Key), cmp.Compare(a.Key, b.Key)) })
	return out
}

// BySector groups people by their sector as typed (compared without case
// or accents; the first spelling names the group); a pair counts in the
// sector of each of the two.
func BySector(f *DayFacts) Grouping {
	labels := map[string]string{}
	sectorOf := func(id data.AttendeeID) string {
		s := strings.TrimSpace(f.People[id].Project.Sector)
		k := data.FoldName(s)
		if _, ok := labels[k]; !ok {
			labels[k] = s
		}
		return k
	}
	for _, id := range f.order {
		sectorOf(id)
	}
	return Grouping{Key: "sector", Name: Text{"Par secteur", "Per sector"},
		Person: func(_ *DayFacts, id data.AttendeeID) []string { return []string{sectorOf(id)} },
		Pair: func(_ *DayFacts, a, b data.AttendeeID) []string {
			sa, sb := sectorOf(a), sectorOf(b)
			if sa == sb {
				return []string{sa}
			}
			return []string{sa, sb}
		},
		Label: func(k string) Text {
			if k == "" {
				return Text{"(sans secteur)", "(no sector)"}
			}
			return Text{labels[k], labels[k]}
		}}
}

// ByRound groups the people seated in each round, and the pairs it
// seated together (at the same table).
func ByRound() Grouping {
	key := func(n int) string { return strconv.Itoa(n) }
	return Grouping{Key: "round", Name: Text{"Par tour", "Per round"},
		Person: func(f *DayFacts, id data.AttendeeID) []string {
			var out []string
			for _, r := range f.Rounds {
				for _, t := range r.Tables {
					if slices.Contains(t.Members, id) {
						out = append(out, key(r.Number))
					}
				}
			}
			return out
		},
		Pair: func(f *DayFacts, a, b data.AttendeeID) []string {
			var out []string
			for _, n := range f.links.round[matcher.PairKey(a, b)] {
				out = append(out, key(n))
			}
			return out
		},
		Label: func(k string) Text { return Text{"Tour " + k, "Round " + k} },
		Order: func(a, b string) int {
			x, _ := strconv.Atoi(a)
			y, _ := strconv.Atoi(b)
			return cmp.Compare(x, y)
		}}
}
