package matcher

import (
	"sort"
	"strings"

	"gonum.org/v1/gonum/blas/blas64"
)

// The sketch is a dense, fixed-width view of a person's sparse vectors, one
// row per person in a gonum matrix, so that one person is scored against
// everyone with one matrix-vector product.
//
// A person b is stored as a target row holding its interests (I), offers
// (O), needs (N), project (P), sector (S) and organisation (G) features. A
// query for a holds wI·I_a on the I columns, wC·N_a on the O columns, wC·O_a
// on the N columns, wP·P_a, wS·S_a and −wO·G_a, so query(a)·row(b) =
// Score(a, b): a's needs meet b's offers on the O columns and a's offers meet
// b's needs on the N columns. The score is symmetric, so the same product
// also scores a as a suggestion for everyone.
//
// Columns: every (block, feature) pair is a slot. At NewModel the slots are
// sorted by document frequency and the most frequent get a column of their
// own; the rest (rare features, which concern few pairs) are folded by
// signed feature hashing into a few overflow columns. The width is capped so
// that the matrix stays small enough for a product in well under a
// millisecond at N=10,000 and under 10 ms at N=100,000 (see widthFor). When
// every slot has a column (any event up to a few thousand people) the
// product is exactly the score; beyond, it is an estimate and the best
// rerankPool(k) candidates are re-scored exactly, so reasons and final
// orders always come from exact scores. Organisation slots that get no
// column of their own are left out (their penalty is applied at rerank).
type sketchLayout struct {
	width    int            // columns per row
	cols     map[string]int // slot → own column
	next     int            // next free own column
	own      int            // columns [0, own) are own columns
	overflow int            // columns [own, width) are hashed
}

// Slot prefixes, one per block.
const (
	slotInterests = "I\x00"
	slotOffers    = "O\x00"
	slotNeeds     = "N\x00"
	slotProject   = "P\x00"
	slotSector    = "S\x00"
	slotOrg       = "G\x00"
)

// widthFor caps the row width for an event of n people: about 16 MB of
// matrix at most, between 128 and 1024 columns.
func widthFor(n int) int {
	return min(max(2_000_000/max(n, 1), 128), 1024)
}

// headroom is the number of own columns kept free for features that appear
// after NewModel (walk-ins, profile edits).
const headroom = 64

func newLayout(df map[string]int, n int) sketchLayout {
	slots := make([]string, 0, len(df))
	for s := range df {
		slots = append(slots, s)
	}
	sort.Slice(slots, func(i, j int) bool {
		if df[slots[i]] != df[slots[j]] {
			return df[slots[i]] > df[slots[j]]
		}
		return slots[i] < slots[j]
	})
	l := sketchLayout{cols: map[string]int{}}
	maxWidth := widthFor(n)
	if len(slots)+headroom+16 <= maxWidth {
		l.width = len(slots) + headroom + 16
		l.overflow = 16
	} else {
		l.width = maxWidth
		l.overflow = maxWidth / 4
	}
	l.own = l.width - l.overflow
	for _, s := range slots {
		if l.next == l.own {
			break
		}
		l.cols[s] = l.next
		l.next++
	}
	return l
}

// column returns the column and sign of a slot; ok is false for an
// organisation slot without its own column (left out of the sketch). A slot
// not yet seen takes a free own column if any and assign is true (the
// model's write lock must then be held).
func (l *sketchLayout) column(slot string, assign bool) (col int, sign float64, ok bool) {
	if c, found := l.cols[slot]; found {
		return c, 1, true
	}
	if assign && l.next < l.own {
		l.cols[slot] = l.next
		l.next++
		return l.next - 1, 1, true
	}
	if strings.HasPrefix(slot, slotOrg) {
		return 0, 0, false
	}
	h := fnv64a(slot)
	sign = 1
	if h>>63 == 1 {
		sign = -1
	}
	return l.own + int(h%uint64(l.overflow)), sign, true
}

func (l *sketchLayout) add(dst []float64, prefix string, v sparse, scale float64, assign bool) {
	for _, t := range v {
		if c, s, ok := l.column(prefix+t.key, assign); ok {
			dst[c] += s * t.w * scale
		}
	}
}

func (l *sketchLayout) addKey(dst []float64, prefix, key string, scale float64, assign bool) {
	if key == "" {
		return
	}
	if c, s, ok := l.column(prefix+key, assign); ok {
		dst[c] += s * scale
	}
}

// slotDF counts, for each slot, how many people have it.
func slotDF(people []*person) map[string]int {
	df := map[string]int{}
	for _, pp := range people {
		for _, b := range []struct {
			prefix string
			bag    bag
		}{{slotInterests, pp.f.interests}, {slotOffers, pp.f.offers}, {slotNeeds, pp.f.needs}, {slotProject, pp.f.project}} {
			for k := range b.bag {
				df[b.prefix+k]++
			}
		}
		if pp.f.sector != "" {
			df[slotSector+pp.f.sector]++
		}
		if pp.f.org != "" {
			df[slotOrg+pp.f.org]++
		}
	}
	return df
}

// sketchRow writes pp's target row into dst (len width, zeroed). assign
// gives new slots own columns: only under the model's write lock.
func (m *Model) sketchRow(pp *person, dst []float64, assign bool) {
	l := &m.layout
	l.add(dst, slotInterests, pp.interests, 1, assign)
	l.add(dst, slotOffers, pp.offers, 1, assign)
	l.add(dst, slotNeeds, pp.needs, 1, assign)
	l.add(dst, slotProject, pp.project, 1, assign)
	l.addKey(dst, slotSector, pp.f.sector, 1, assign)
	l.addKey(dst, slotOrg, pp.f.org, 1, assign)
}

// query returns pa's query vector (see the layout above). m.mu must be held
// (read).
func (m *Model) query(pa *person) []float64 {
	l := &m.layout
	q := make([]float64, l.width)
	w := m.w
	l.add(q, slotInterests, pa.interests, w.Interest, false)
	l.add(q, slotOffers, pa.needs, w.Complement, false)
	l.add(q, slotNeeds, pa.offers, w.Complement, false)
	l.add(q, slotProject, pa.project, w.Project, false)
	l.addKey(q, slotSector, pa.f.sector, w.Sector, false)
	l.addKey(q, slotOrg, pa.f.org, -w.SameOrg, false)
	return q
}

func fnv64a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	// final avalanche (splitmix64) so that close keys spread over columns
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

func blasVec(d []float64) blas64.Vector { return blas64.Vector{N: len(d), Data: d, Inc: 1} }
