package matcher

import "container/heap"

// rerankPool is how many candidates, chosen by product score, get their
// reasons computed to return k suggestions; more than k so that ties and
// rounding at the boundary cannot hide a candidate.
func rerankPool(k int) int { return 2*k + 8 }

// topIndices returns the indices of the (at most) n largest values among
// those accepted by keep, in no particular order. Equal values prefer the
// lower index, so the answer is a function of the values alone. (The
// Index's scan, scan.go, breaks ties as its exact lists do instead: by main
// score, then lower ID.)
func topIndices(values []float64, n int, keep func(int) bool) []int {
	h := &minHeap{v: values}
	for i, x := range values {
		if len(h.idx) == n && x <= values[h.idx[0]] {
			continue
		}
		if !keep(i) {
			continue
		}
		if len(h.idx) < n {
			heap.Push(h, i)
		} else {
			h.idx[0] = i
			heap.Fix(h, 0)
		}
	}
	return h.idx
}

type minHeap struct {
	v   []float64
	idx []int
}

func (h *minHeap) Len() int { return len(h.idx) }
func (h *minHeap) Less(i, j int) bool {
	a, b := h.idx[i], h.idx[j]
	return h.v[a] < h.v[b] || h.v[a] == h.v[b] && a > b
}
func (h *minHeap) Swap(i, j int) { h.idx[i], h.idx[j] = h.idx[j], h.idx[i] }
func (h *minHeap) Push(x any)    { h.idx = append(h.idx, x.(int)) }
func (h *minHeap) Pop() any {
	x := h.idx[len(h.idx)-1]
	h.idx = h.idx[:len(h.idx)-1]
	return x
}
