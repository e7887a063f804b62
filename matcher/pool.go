package matcher

import (
	"cmp"
	"math"
)

// The pool of a scan's view: its best rows so far, in the order of the exact
// list they feed (a min-heap whose root is the worst kept row).

// pool returns the pool of view v.
func (pr *probe) pool(v int) []int { return pr.pools[v].rows }

// pool keeps the best n rows in the order of the exact lists they feed:
// by score, then (for a pass) by main score, then lower ID first, where
// scores within approxMargin of each other count as equal, since the
// sketch gives the exact scores only up to rounding. So when more rows tie
// at the pool's edge than the pool holds (people who wrote the same
// thing), it keeps those that the exact re-rank would put first. A
// min-heap whose root is the worst kept row.
type pool struct {
	n    int
	rows []int
	v    []float64 // score
	then []float64 // main score (0 in the main view)
	ids  []uint64
	// floor: a score below it is not admitted (-Inf until the pool is
	// full, then the worst kept score less approxMargin).
	floor float64
}

func (p *pool) reset(n int) {
	p.n, p.rows, p.v, p.then, p.ids = n, p.rows[:0], p.v[:0], p.then[:0], p.ids[:0]
	p.floor = math.Inf(-1)
}

// rowOrder compares two rows by (v, then, lower id), scores within
// approxMargin counting as equal: -1 when a comes after b (is worse).
func rowOrder(va, ta float64, ida uint64, vb, tb float64, idb uint64) int {
	switch {
	case va < vb-approxMargin:
		return -1
	case va > vb+approxMargin:
		return 1
	case ta < tb-approxMargin:
		return -1
	case ta > tb+approxMargin:
		return 1
	}
	return cmp.Compare(idb, ida)
}

// admits reports whether a row would be kept.
func (p *pool) admits(v, then float64, id uint64) bool {
	return len(p.rows) < p.n || rowOrder(v, then, id, p.v[0], p.then[0], p.ids[0]) > 0
}

func (p *pool) worse(i, j int) bool {
	return rowOrder(p.v[i], p.then[i], p.ids[i], p.v[j], p.then[j], p.ids[j]) < 0
}

// push adds a row that admits accepted.
func (p *pool) push(row int, v, then float64, id uint64) {
	defer func() {
		if len(p.rows) >= p.n {
			p.floor = p.v[0] - approxMargin
		}
	}()
	if len(p.rows) < p.n {
		p.rows, p.v, p.then, p.ids = append(p.rows, row), append(p.v, v), append(p.then, then), append(p.ids, id)
		for i := len(p.rows) - 1; i > 0; {
			up := (i - 1) / 2
			if !p.worse(i, up) {
				break
			}
			p.swap(i, up)
			i = up
		}
		return
	}
	p.rows[0], p.v[0], p.then[0], p.ids[0] = row, v, then, id
	for i := 0; ; {
		w, l, r := i, 2*i+1, 2*i+2
		if l < len(p.rows) && p.worse(l, w) {
			w = l
		}
		if r < len(p.rows) && p.worse(r, w) {
			w = r
		}
		if w == i {
			return
		}
		p.swap(i, w)
		i = w
	}
}

func (p *pool) swap(i, j int) {
	p.rows[i], p.rows[j] = p.rows[j], p.rows[i]
	p.v[i], p.v[j] = p.v[j], p.v[i]
	p.then[i], p.then[j] = p.then[j], p.then[i]
	p.ids[i], p.ids[j] = p.ids[j], p.ids[i]
}
