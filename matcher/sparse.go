package matcher

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
)

// term is one weighted feature of a sparse vector. id is the key's rank in
// its model's key table (keyTable), so that two vectors of one model merge
// by comparing integers; 0 when the table does not hold the key (a word
// first written after the model was built), which compares as a string
// (see compareTerms).
type term struct {
	key string
	w   float64
	id  uint32
}

// compareTerms orders terms by key, as strings.Compare does: keys that are
// both in the key table compare by id, whose order is the keys' order.
func compareTerms(a, b *term) int {
	if a.id != 0 && b.id != 0 {
		return cmp.Compare(a.id, b.id)
	}
	return strings.Compare(a.key, b.key)
}

// keyTable numbers the feature keys of one model in their sorted order,
// from 1: every vocabulary concept and every key of the vectors weighed
// when the model was built. It is frozen then (Upsert only reads it), so
// ids never change under a reader; a key first met later has no id and
// its terms merge by their key.
type keyTable map[string]uint32

// newKeyTable numbers the vocabulary's concepts and the keys of people's
// vectors.
func newKeyTable(v *Vocabulary, people []*person) keyTable {
	seen := map[string]struct{}{}
	for _, k := range v.Keys() {
		seen[k] = struct{}{}
	}
	for _, pp := range people {
		for _, s := range pp.vectors() {
			for _, t := range *s {
				seen[t.key] = struct{}{}
			}
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	kt := make(keyTable, len(keys))
	for i, k := range keys {
		kt[k] = uint32(i + 1)
	}
	return kt
}

// intern sets the ids of pp's terms (0 for keys the table lacks). Only a
// person being built is interned: a person is immutable once published.
func (kt keyTable) intern(pp *person) {
	if len(kt) == 0 {
		return
	}
	for _, s := range pp.vectors() {
		for i := range *s {
			(*s)[i].id = kt[(*s)[i].key]
		}
	}
}

// The vectors of a person, in person.vectors order.
const (
	vecInterests = iota
	vecOffers
	vecNeeds
	vecProject
	vecOfferWords
	vecNeedWords
	vecRoles
	vecTargets
	vecIdentity
	numVectors
)

// vectors are pp's sparse vectors, to be read or interned in place.
func (pp *person) vectors() [numVectors]*sparse {
	return [numVectors]*sparse{&pp.interests, &pp.offers, &pp.needs, &pp.project, &pp.offerWords, &pp.needWords, &pp.roles, &pp.targets, &pp.identity}
}

// keyed is one person's vectors laid out by key id, so that their dot
// products with many others (a newcomer scored exactly against a hundred
// candidates) are gathers instead of merges: a term of the other vector
// reads its partner's weight at once, zero when there is none. The sum is
// dot's, bit for bit: the same products (weights are positive, so a
// missing key adds +0, which changes no sum), added in the same key
// order. A vector with a key that has no id merges as before.
type keyed struct {
	pp    *person
	at    []int32               // key id → index in w[v] of pp's weight of that key (0: none)
	w     [numVectors][]float64 // by vector: weights at their index, w[v][0] = 0
	ids   []uint32              // the ids set in at, to clear them
	whole [numVectors]bool      // every key of the vector has an id
}

// set lays out pp's vectors; ids is the size of the key table.
func (sp *keyed) set(pp *person, ids int) {
	for _, id := range sp.ids {
		sp.at[id] = 0
	}
	sp.pp, sp.ids = pp, sp.ids[:0]
	if len(sp.at) < ids+1 {
		sp.at = make([]int32, ids+1)
	}
	vs := pp.vectors()
	for _, s := range vs {
		for _, t := range *s {
			if t.id != 0 && int(t.id) < len(sp.at) && sp.at[t.id] == 0 {
				sp.ids = append(sp.ids, t.id)
				sp.at[t.id] = int32(len(sp.ids))
			}
		}
	}
	for v, s := range vs {
		w := append(sp.w[v][:0], make([]float64, len(sp.ids)+1)...)
		sp.whole[v] = true
		for _, t := range *s {
			if t.id == 0 || int(t.id) >= len(sp.at) {
				sp.whole[v] = false
				continue
			}
			w[sp.at[t.id]] = t.w
		}
		sp.w[v] = w
	}
}

// dot is dot(pa's vector va, pb's vector vb), by a gather when sp (nil:
// none) holds one of the two people.
func (sp *keyed) dot(pa, pb *person, va, vb int) float64 {
	switch {
	case sp == nil:
	case sp.pp == pa && sp.whole[va]:
		return sp.gather(va, pb.vector(vb))
	case sp.pp == pb && sp.whole[vb]:
		return sp.gather(vb, pa.vector(va))
	}
	return dot(pa.vector(va), pb.vector(vb))
}

// gather is the dot product of sp's vector v with s.
func (sp *keyed) gather(v int, s sparse) float64 {
	var sum float64
	at, w := sp.at, sp.w[v]
	for _, t := range s {
		if int(t.id) < len(at) {
			sum += t.w * w[at[t.id]]
		}
	}
	return sum
}

// vector is pp's vector v (vectors order).
func (pp *person) vector(v int) sparse {
	switch v {
	case vecInterests:
		return pp.interests
	case vecOffers:
		return pp.offers
	case vecNeeds:
		return pp.needs
	case vecProject:
		return pp.project
	case vecOfferWords:
		return pp.offerWords
	case vecNeedWords:
		return pp.needWords
	case vecRoles:
		return pp.roles
	case vecTargets:
		return pp.targets
	}
	return pp.identity
}

// sparse is a sparse vector sorted by key. Keys are concept keys
// ("fundraising"), unknown tags ("tag:impress 3d") or, in project text,
// word stems ("w:recyclag").
type sparse []term

// bag counts raw feature occurrences before weighting.
type bag map[string]float64

// weigh turns raw counts into an L2-normalised TF-IDF vector. idf gives the
// inverse document frequency of a key. Its terms have no ids yet
// (keyTable.intern).
func (b bag) weigh(idf func(string) float64) sparse {
	v := make(sparse, 0, len(b))
	var norm float64
	for k, tf := range b {
		w := (1 + math.Log(tf)) * idf(k)
		v = append(v, term{key: k, w: w})
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
		x, y := a[i].id, b[j].id
		if x == 0 || y == 0 { // a key the table lacks
			switch c := strings.Compare(a[i].key, b[j].key); {
			case c < 0:
				i++
			case c > 0:
				j++
			default:
				return i, j
			}
			continue
		}
		switch {
		case x < y:
			i++
		case x > y:
			j++
		default:
			return i, j
		}
	}
	return len(a), len(b)
}

// shared returns the keys present in both a and b, largest contribution
// first, keeping only keys accepted by keep (nil keeps all); equal
// contributions keep the keys' order.
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
