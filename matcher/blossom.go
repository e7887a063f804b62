package matcher

import "math"

// Edge is an undirected weighted edge between vertices U and V (0-based).
type Edge struct {
	U, V int
	W    float64
}

// weightScale turns float weights into integers for the blossom algorithm,
// whose dual arithmetic must be exact: weights are rounded to 1e-6.
const weightScale = 1e6

// MaxWeightMatching returns a maximum-weight matching of the general graph
// with n vertices and the given edges (Edmonds' blossom algorithm with dual
// variables, O(n³)): mate[v] is v's partner, or -1. It maximises the total
// weight, not the number of pairs; edges with weight ≤ 0 are ignored.
// Weights are compared at a resolution of 1e-6.
//
// This is the exact oracle; it follows the structure of Galil's
// presentation ("Efficient algorithms for finding maximum matching in
// graphs", 1986) as popularised by J. van Rantwijk's implementation.
func MaxWeightMatching(n int, edges []Edge) []int {
	mate := make([]int, n)
	for i := range mate {
		mate[i] = -1
	}
	es := scaleEdges(n, edges)
	if len(es) == 0 {
		return mate
	}
	b := newBlossomSolver(n, es)
	b.solve()
	for v := 0; v < n; v++ {
		if b.mate[v] >= 0 {
			mate[v] = b.endpoint[b.mate[v]]
		}
	}
	return mate
}

// scaleEdges keeps the edges between distinct vertices of 0..n-1 whose
// weight, in units of 1/weightScale, is positive.
func scaleEdges(n int, edges []Edge) []wedge {
	var es []wedge
	for _, e := range edges {
		if e.U == e.V || e.U < 0 || e.V < 0 || e.U >= n || e.V >= n {
			continue
		}
		if w := int64(math.Round(e.W * weightScale)); w > 0 {
			es = append(es, wedge{e.U, e.V, w})
		}
	}
	return es
}

type wedge struct {
	i, j int
	w    int64
}

type blossomSolver struct {
	n         int
	edges     []wedge
	endpoint  []int
	neighbend [][]int
	mate      []int // vertex → remote endpoint of its matched edge, or -1
	label     []int
	labelend  []int
	inblossom []int
	parent    []int
	childs    [][]int
	base      []int
	endps     [][]int
	bestedge  []int
	bestedges [][]int
	hasBest   []bool
	unused    []int
	dual      []int64
	allowedge []bool
	queue     []int
}

func newBlossomSolver(n int, edges []wedge) *blossomSolver {
	s := &blossomSolver{n: n, edges: edges}
	var maxw int64
	for _, e := range edges {
		maxw = max(maxw, e.w)
	}
	s.endpoint = make([]int, 2*len(edges))
	s.neighbend = make([][]int, n)
	for k, e := range edges {
		s.endpoint[2*k], s.endpoint[2*k+1] = e.i, e.j
		s.neighbend[e.i] = append(s.neighbend[e.i], 2*k+1)
		s.neighbend[e.j] = append(s.neighbend[e.j], 2*k)
	}
	s.mate = fill(n, -1)
	s.label = make([]int, 2*n)
	s.labelend = fill(2*n, -1)
	s.inblossom = make([]int, n)
	s.base = fill(2*n, -1)
	for i := 0; i < n; i++ {
		s.inblossom[i] = i
		s.base[i] = i
	}
	s.parent = fill(2*n, -1)
	s.childs = make([][]int, 2*n)
	s.endps = make([][]int, 2*n)
	s.bestedge = fill(2*n, -1)
	s.bestedges = make([][]int, 2*n)
	s.hasBest = make([]bool, 2*n)
	for i := 2*n - 1; i >= n; i-- {
		s.unused = append(s.unused, i)
	}
	s.dual = make([]int64, 2*n)
	for i := 0; i < n; i++ {
		s.dual[i] = maxw
	}
	s.allowedge = make([]bool, len(edges))
	return s
}

func fill(n, v int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = v
	}
	return s
}

func (s *blossomSolver) slack(k int) int64 {
	e := s.edges[k]
	return s.dual[e.i] + s.dual[e.j] - 2*e.w
}

func (s *blossomSolver) leaves(b int, f func(int)) {
	if b < s.n {
		f(b)
		return
	}
	for _, t := range s.childs[b] {
		s.leaves(t, f)
	}
}

func (s *blossomSolver) assignLabel(w, t, p int) {
	b := s.inblossom[w]
	s.label[w], s.label[b] = t, t
	s.labelend[w], s.labelend[b] = p, p
	s.bestedge[w], s.bestedge[b] = -1, -1
	if t == 1 {
		s.leaves(b, func(v int) { s.queue = append(s.queue, v) })
	} else if t == 2 {
		base := s.base[b]
		s.assignLabel(s.endpoint[s.mate[base]], 1, s.mate[base]^1)
	}
}

func (s *blossomSolver) scanBlossom(v, w int) int {
	var path []int
	base := -1
	for v != -1 || w != -1 {
		b := s.inblossom[v]
		if s.label[b]&4 != 0 {
			base = s.base[b]
			break
		}
		path = append(path, b)
		s.label[b] = 5
		if s.labelend[b] == -1 {
			v = -1
		} else {
			v = s.endpoint[s.labelend[b]]
			b = s.inblossom[v]
			v = s.endpoint[s.labelend[b]]
		}
		if w != -1 {
			v, w = w, v
		}
	}
	for _, b := range path {
		s.label[b] = 1
	}
	return base
}

func (s *blossomSolver) addBlossom(base, k int) {
	v, w := s.edges[k].i, s.edges[k].j
	bb := s.inblossom[base]
	bv := s.inblossom[v]
	bw := s.inblossom[w]
	b := s.unused[len(s.unused)-1]
	s.unused = s.unused[:len(s.unused)-1]
	s.base[b] = base
	s.parent[b] = -1
	s.parent[bb] = b
	var path, endps []int
	for bv != bb {
		s.parent[bv] = b
		path = append(path, bv)
		endps = append(endps, s.labelend[bv])
		v = s.endpoint[s.labelend[bv]]
		bv = s.inblossom[v]
	}
	path = append(path, bb)
	reverse(path)
	reverse(endps)
	endps = append(endps, 2*k)
	for bw != bb {
		s.parent[bw] = b
		path = append(path, bw)
		endps = append(endps, s.labelend[bw]^1)
		w = s.endpoint[s.labelend[bw]]
		bw = s.inblossom[w]
	}
	s.childs[b], s.endps[b] = path, endps
	s.label[b] = 1
	s.labelend[b] = s.labelend[bb]
	s.dual[b] = 0
	s.leaves(b, func(v int) {
		if s.label[s.inblossom[v]] == 2 {
			s.queue = append(s.queue, v)
		}
		s.inblossom[v] = b
	})
	bestedgeto := fill(2*s.n, -1)
	for _, bv := range path {
		var lists [][]int
		if !s.hasBest[bv] {
			s.leaves(bv, func(v int) {
				l := make([]int, len(s.neighbend[v]))
				for i, p := range s.neighbend[v] {
					l[i] = p / 2
				}
				lists = append(lists, l)
			})
		} else {
			lists = [][]int{s.bestedges[bv]}
		}
		for _, l := range lists {
			for _, k := range l {
				i, j := s.edges[k].i, s.edges[k].j
				if s.inblossom[j] == b {
					i, j = j, i
				}
				_ = i
				bj := s.inblossom[j]
				if bj != b && s.label[bj] == 1 && (bestedgeto[bj] == -1 || s.slack(k) < s.slack(bestedgeto[bj])) {
					bestedgeto[bj] = k
				}
			}
		}
		s.bestedges[bv], s.hasBest[bv] = nil, false
		s.bestedge[bv] = -1
	}
	var be []int
	for _, k := range bestedgeto {
		if k != -1 {
			be = append(be, k)
		}
	}
	s.bestedges[b], s.hasBest[b] = be, true
	s.bestedge[b] = -1
	for _, k := range be {
		if s.bestedge[b] == -1 || s.slack(k) < s.slack(s.bestedge[b]) {
			s.bestedge[b] = k
		}
	}
}

func reverse(a []int) {
	for i, j := 0, len(a)-1; i < j; i, j = i+1, j-1 {
		a[i], a[j] = a[j], a[i]
	}
}

func indexOf(a []int, x int) int {
	for i, y := range a {
		if y == x {
			return i
		}
	}
	return -1
}

// at indexes a cyclically (negative j counts from the end).
func at(a []int, j int) int {
	if j < 0 {
		j += len(a)
	}
	return a[j]
}

func (s *blossomSolver) expandBlossom(b int, endstage bool) {
	for _, c := range s.childs[b] {
		s.parent[c] = -1
		if c < s.n {
			s.inblossom[c] = c
		} else if endstage && s.dual[c] == 0 {
			s.expandBlossom(c, endstage)
		} else {
			s.leaves(c, func(v int) { s.inblossom[v] = c })
		}
	}
	if !endstage && s.label[b] == 2 {
		entrychild := s.inblossom[s.endpoint[s.labelend[b]^1]]
		j, jstep, endptrick := s.walkToBase(b, indexOf(s.childs[b], entrychild))
		p := s.labelend[b]
		for j != 0 {
			s.label[s.endpoint[p^1]] = 0
			s.label[s.endpoint[at(s.endps[b], j-endptrick)^endptrick^1]] = 0
			s.assignLabel(s.endpoint[p^1], 2, p)
			s.allowedge[at(s.endps[b], j-endptrick)/2] = true
			j += jstep
			p = at(s.endps[b], j-endptrick) ^ endptrick
			s.allowedge[p/2] = true
			j += jstep
		}
		bv := at(s.childs[b], j)
		s.label[s.endpoint[p^1]], s.label[bv] = 2, 2
		s.labelend[s.endpoint[p^1]], s.labelend[bv] = p, p
		s.bestedge[bv] = -1
		j += jstep
		for at(s.childs[b], j) != entrychild {
			bv = at(s.childs[b], j)
			if s.label[bv] == 1 {
				j += jstep
				continue
			}
			found := -1
			s.leaves(bv, func(v int) {
				if found == -1 && s.label[v] != 0 {
					found = v
				}
			})
			if found != -1 {
				s.label[found] = 0
				s.label[s.endpoint[s.mate[s.base[bv]]]] = 0
				s.assignLabel(found, 2, s.labelend[found])
			}
			j += jstep
		}
	}
	s.label[b], s.labelend[b] = -1, -1
	s.childs[b], s.endps[b] = nil, nil
	s.base[b] = -1
	s.bestedges[b], s.hasBest[b] = nil, false
	s.bestedge[b] = -1
	s.unused = append(s.unused, b)
}

// walkToBase is how to walk the cycle of blossom b from its child at index
// i to its base (index 0) an even number of steps away: j is i, made
// negative (read with at) when the way is forward; jstep is the direction;
// endptrick selects the endpoint of the edge between children j and
// j+jstep in endps[b].
func (s *blossomSolver) walkToBase(b, i int) (j, jstep, endptrick int) {
	if i&1 != 0 {
		return i - len(s.childs[b]), 1, 0
	}
	return i, -1, 1
}

func (s *blossomSolver) augmentBlossom(b, v int) {
	t := v
	for s.parent[t] != b {
		t = s.parent[t]
	}
	if t >= s.n {
		s.augmentBlossom(t, v)
	}
	i := indexOf(s.childs[b], t)
	j, jstep, endptrick := s.walkToBase(b, i)
	for j != 0 {
		j += jstep
		t = at(s.childs[b], j)
		p := at(s.endps[b], j-endptrick) ^ endptrick
		if t >= s.n {
			s.augmentBlossom(t, s.endpoint[p])
		}
		j += jstep
		t = at(s.childs[b], j)
		if t >= s.n {
			s.augmentBlossom(t, s.endpoint[p^1])
		}
		s.mate[s.endpoint[p]] = p ^ 1
		s.mate[s.endpoint[p^1]] = p
	}
	s.childs[b] = append(append([]int(nil), s.childs[b][i:]...), s.childs[b][:i]...)
	s.endps[b] = append(append([]int(nil), s.endps[b][i:]...), s.endps[b][:i]...)
	s.base[b] = s.base[s.childs[b][0]]
}

func (s *blossomSolver) augmentMatching(k int) {
	for _, sp := range [2][2]int{{s.edges[k].i, 2*k + 1}, {s.edges[k].j, 2 * k}} {
		v, p := sp[0], sp[1]
		for {
			bs := s.inblossom[v]
			if bs >= s.n {
				s.augmentBlossom(bs, v)
			}
			s.mate[v] = p
			if s.labelend[bs] == -1 {
				break
			}
			t := s.endpoint[s.labelend[bs]]
			bt := s.inblossom[t]
			v = s.endpoint[s.labelend[bt]]
			j := s.endpoint[s.labelend[bt]^1]
			if bt >= s.n {
				s.augmentBlossom(bt, j)
			}
			s.mate[j] = s.labelend[bt]
			p = s.labelend[bt] ^ 1
		}
	}
}

func (s *blossomSolver) solve() {
	n := s.n
	for range n {
		clear(s.label)
		for i := range s.bestedge {
			s.bestedge[i] = -1
		}
		for i := n; i < 2*n; i++ {
			s.bestedges[i], s.hasBest[i] = nil, false
		}
		clear(s.allowedge)
		s.queue = s.queue[:0]
		for v := 0; v < n; v++ {
			if s.mate[v] == -1 && s.label[s.inblossom[v]] == 0 {
				s.assignLabel(v, 1, -1)
			}
		}
		augmented := false
		for {
			for len(s.queue) > 0 && !augmented {
				v := s.queue[len(s.queue)-1]
				s.queue = s.queue[:len(s.queue)-1]
				for _, p := range s.neighbend[v] {
					k := p / 2
					w := s.endpoint[p]
					if s.inblossom[v] == s.inblossom[w] {
						continue
					}
					var kslack int64
					if !s.allowedge[k] {
						kslack = s.slack(k)
						if kslack <= 0 {
							s.allowedge[k] = true
						}
					}
					if s.allowedge[k] {
						if s.label[s.inblossom[w]] == 0 {
							s.assignLabel(w, 2, p^1)
						} else if s.label[s.inblossom[w]] == 1 {
							if base := s.scanBlossom(v, w); base >= 0 {
								s.addBlossom(base, k)
							} else {
								s.augmentMatching(k)
								augmented = true
								break
							}
						} else if s.label[w] == 0 {
							s.label[w] = 2
							s.labelend[w] = p ^ 1
						}
					} else if s.label[s.inblossom[w]] == 1 {
						b := s.inblossom[v]
						if s.bestedge[b] == -1 || kslack < s.slack(s.bestedge[b]) {
							s.bestedge[b] = k
						}
					} else if s.label[w] == 0 {
						if s.bestedge[w] == -1 || kslack < s.slack(s.bestedge[w]) {
							s.bestedge[w] = k
						}
					}
				}
			}
			if augmented {
				break
			}
			deltatype := 1
			delta := s.dual[0]
			for v := 1; v < n; v++ {
				delta = min(delta, s.dual[v])
			}
			deltaedge, deltablossom := -1, -1
			for v := 0; v < n; v++ {
				if s.label[s.inblossom[v]] == 0 && s.bestedge[v] != -1 {
					if d := s.slack(s.bestedge[v]); d < delta {
						delta, deltatype, deltaedge = d, 2, s.bestedge[v]
					}
				}
			}
			for b := 0; b < 2*n; b++ {
				if s.parent[b] == -1 && s.label[b] == 1 && s.bestedge[b] != -1 {
					if d := s.slack(s.bestedge[b]) / 2; d < delta {
						delta, deltatype, deltaedge = d, 3, s.bestedge[b]
					}
				}
			}
			for b := n; b < 2*n; b++ {
				if s.base[b] >= 0 && s.parent[b] == -1 && s.label[b] == 2 && s.dual[b] < delta {
					delta, deltatype, deltablossom = s.dual[b], 4, b
				}
			}
			for v := 0; v < n; v++ {
				switch s.label[s.inblossom[v]] {
				case 1:
					s.dual[v] -= delta
				case 2:
					s.dual[v] += delta
				}
			}
			for b := n; b < 2*n; b++ {
				if s.base[b] >= 0 && s.parent[b] == -1 {
					switch s.label[b] {
					case 1:
						s.dual[b] += delta
					case 2:
						s.dual[b] -= delta
					}
				}
			}
			switch deltatype {
			case 1:
			case 2:
				s.allowedge[deltaedge] = true
				i, j := s.edges[deltaedge].i, s.edges[deltaedge].j
				if s.label[s.inblossom[i]] == 0 {
					i, j = j, i
				}
				_ = j
				s.queue = append(s.queue, i)
				continue
			case 3:
				s.allowedge[deltaedge] = true
				s.queue = append(s.queue, s.edges[deltaedge].i)
				continue
			case 4:
				s.expandBlossom(deltablossom, false)
				continue
			}
			break
		}
		if !augmented {
			break
		}
		for b := n; b < 2*n; b++ {
			if s.parent[b] == -1 && s.base[b] >= 0 && s.label[b] == 1 && s.dual[b] == 0 {
				s.expandBlossom(b, true)
			}
		}
	}
}
