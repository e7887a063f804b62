package matcher

import (
	"math"
	"sort"
	"strings"
)

// term is one weighted feature of a sparse vector. pre is the key's first
// 8 bytes (big-endian, zero-padded): it orders most pairs of keys without
// comparing the strings (see compareTerms).
type term struct {
	key string
	pre uint64
	w   float64
}

// keyPrefix packs the first 8 bytes of key, big-endian, zero-padded.
func keyPrefix(key string) uint64 {
	var p uint64
	for i := 0; i < 8; i++ {
		p <<= 8
		if i < len(key) {
			p |= uint64(key[i])
		}
	}
	return p
}

// compareTerms orders terms by key, as strings.Compare does: when the
// padded prefixes differ, their order is the keys' order.
func compareTerms(a, b *term) int {
	switch {
	case a.pre < b.pre:
		return -1
	case a.pre > b.pre:
		return 1
	}
	return strings.Compare(a.key, b.key)
}

// sparse is a sparse vector sorted by key. Keys are concept keys
// ("fundraising"), unknown tags ("tag:impress 3d") or, in project text,
// word stems ("w:recyclag").
type sparse []term

// bag counts raw feature occurrences before weighting.
type bag map[string]float64

// weigh turns raw counts into an L2-normalised TF-IDF vector. idf gives the
// inverse document frequency of a key.
func (b bag) weigh(idf func(string) float64) sparse {
	v := make(sparse, 0, len(b))
	var norm float64
	for k, tf := range b {
		w := (1 + math.Log(tf)) * idf(k)
		v = append(v, term{k, keyPrefix(k), w})
		norm += w * w
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for i := range v {
			v[i].w /= norm
		}
	}
	sort.Slice(v, func(i, j int) bool { return v[i].key < v[j].key })
	return v
}

// dot is the inner product of two sparse vectors.
func dot(a, b sparse) float64 {
	var s float64
	for i, j := nextShared(a, b, 0, 0); i < len(a); i, j = nextShared(a, b, i+1, j+1) {
		s += a[i].w * b[j].w
	}
	return s
}

// nextShared returns the positions in a and b of the first key that both
// a[i:] and b[j:] hold (a step of the merge of two sorted vectors), or
// len(a), len(b) when there is none.
func nextShared(a, b sparse, i, j int) (int, int) {
	for i < len(a) && j < len(b) {
		switch c := compareTerms(&a[i], &b[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			return i, j
		}
	}
	return len(a), len(b)
}

// shared returns the keys present in both a and b, largest contribution
// first, keeping only keys accepted by keep (nil keeps all).
func shared(a, b sparse, keep func(string) bool) []string {
	type kc struct {
		k string
		c float64
	}
	var room [8]kc
	out := room[:0]
	for i, j := nextShared(a, b, 0, 0); i < len(a); i, j = nextShared(a, b, i+1, j+1) {
		if keep == nil || keep(a[i].key) {
			out = append(out, kc{a[i].key, a[i].w * b[j].w})
		}
	}
	for i := 1; i < len(out); i++ { // stable insertion sort: lists are short
		for j := i; j > 0 && out[j].c > out[j-1].c; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	keys := make([]string, len(out))
	for i, o := range out {
		keys[i] = o.k
	}
	return keys
}
