package matcher

import (
	"math/rand"
	"strings"
	"testing"
)

func TestCompareTerms_OrdersLikeStringsCompare(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	alphabet := []byte{0, 'a', 'b', 'w', ':', 0xc3, 0xa9, 0xff}
	key := func() string {
		b := make([]byte, r.Intn(12))
		for i := range b {
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
		return string(b)
	}
	fixed := []string{"", "a", "a\x00", "ab", "abcdefgh", "abcdefghi", "abcdefgh\x00", "w:recyclag", "w:recycl", "tag:impress 3d"}
	for i := 0; i < 20000; i++ {
		a, b := key(), key()
		if i < len(fixed)*len(fixed) {
			a, b = fixed[i/len(fixed)], fixed[i%len(fixed)]
		}
		ta, tb := term{key: a, pre: keyPrefix(a)}, term{key: b, pre: keyPrefix(b)}
		if got, want := compareTerms(&ta, &tb), strings.Compare(a, b); got != want {
			t.Fatalf("compareTerms(%q, %q) = %d; strings.Compare %d", a, b, got, want)
		}
	}
}
