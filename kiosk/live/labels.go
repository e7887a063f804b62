package live

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"icebreaker/data"
)

// labelKey folds a sector or a role for counting: "CEO", "ceo" and " Ceo "
// are one line of the board's breakdown.
func labelKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// shownLabel is how the board writes a sector or a role: as typed, spaces
// collapsed, with a first capital only when the text is all lower case
// ("chargée de mission" → "Chargée de mission"; "CEO" and "PhD" stay).
func shownLabel(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" || s != strings.ToLower(s) {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToTitle(r)) + s[n:]
}

// betterLabel reports whether typed should replace shown as the label of
// their common key: a form with capitals ("CEO") wins over one without
// ("ceo"), so the board writes what the organiser's file says.
func betterLabel(shown, typed string) bool {
	return shown == "" || (shown == strings.ToLower(shown) && typed != strings.ToLower(typed))
}

// topTallies returns the breakdown of m (key → people) with its labels
// (key → label as typed): the breakdownLen-1 largest lines, biggest
// first, then, when more remain, one last line with Other set that sums
// them. That line comes last whatever its count, and the board draws it
// without a bar: a catch-all is not a sector.
func topTallies(m map[string]int, labels map[string]string) []Tally {
	out := make([]Tally, 0, len(m))
	for k, v := range m {
		if v > 0 {
			out = append(out, Tally{Label: shownLabel(cmp.Or(labels[k], k)), Count: v})
		}
	}
	slices.SortFunc(out, func(a, b Tally) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Label, b.Label)) })
	if len(out) > breakdownLen {
		rest := Tally{Other: len(out) - (breakdownLen - 1)}
		for _, t := range out[breakdownLen-1:] {
			rest.Count += t.Count
		}
		out = append(out[:breakdownLen-1], rest)
	}
	return out
}

// boardNames gives each of ids a name for a public screen: the first name
// and the initial of the last name (data.Attendee.DisplayName), with as
// many more letters of the last name as tell apart people who would
// otherwise read the same ("Anthony Da." and "Anthony Du."), but never the
// whole last name. Two people still alike (Dupont and Dupond, or the same
// name twice) get their organisation after the name when it differs.
func (p *picture) boardNames(ids []data.AttendeeID) map[data.AttendeeID]string {
	names := make(map[data.AttendeeID]string, len(ids))
	same := map[string][]data.AttendeeID{}
	for _, id := range ids {
		names[id] = p.people[id].Display
		same[names[id]] = append(same[names[id]], id)
	}
	for _, group := range same {
		if len(group) < 2 {
			continue
		}
		for _, id := range group {
			names[id] = p.distinctName(id, group)
		}
	}
	return names
}

// distinctName is id's shortest public name that no one else of group
// (who all share its Display) has.
func (p *picture) distinctName(id data.AttendeeID, group []data.AttendeeID) string {
	me := p.people[id]
	last := []rune(me.Last)
	prefix := func(of data.AttendeeID, n int) string {
		r := []rune(strings.ToLower(p.people[of].Last))
		return string(r[:min(n, len(r))])
	}
	for n := 2; n < len(last); n++ { // len(last) would be the whole name
		mine, alone := prefix(id, n), true
		for _, o := range group {
			if o != id && prefix(o, n) == mine {
				alone = false
				break
			}
		}
		if alone {
			return me.First + " " + string(last[:n]) + "."
		}
	}
	org := strings.TrimSpace(me.Organisation)
	for _, o := range group {
		if o != id && strings.EqualFold(strings.TrimSpace(p.people[o].Organisation), org) {
			org = ""
			break
		}
	}
	if org == "" {
		return me.Display
	}
	return me.Display + " (" + org + ")"
}
