package matcher

import (
	"math"
	"sort"
)

// term is one weighted feature of a sparse vector.
type term struct {
	key string
	w   float64
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
		v = append(v, term{k, w})
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
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].key < b[j].key:
			i++
		case a[i].key > b[j].key:
			j++
		default:
			s += a[i].w * b[j].w
			i++
			j++
		}
	}
	return s
}

// shared returns the keys present in both a and b, largest contribution
// first, keeping only keys accepted by keep (nil keeps all).
func shared(a, b sparse, keep func(string) bool) []string {
	type kc struct {
		k string
		c float64
	}
	var out []kc
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].key < b[j].key:
			i++
		case a[i].key > b[j].key:
			j++
		default:
			if keep == nil || keep(a[i].key) {
				out = append(out, kc{a[i].key, a[i].w * b[j].w})
			}
			i++
			j++
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].c > out[j].c })
	keys := make([]string, len(out))
	for i, o := range out {
		keys[i] = o.k
	}
	return keys
}
