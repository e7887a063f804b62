package data

import (
	"math/bits"
	"reflect"
	"testing"
)

// An event file is mapped with room to grow: at least minMmap and four
// times its size on a 64-bit machine, so that the writes of a day and of
// an import as large as the event never make bbolt remap it, which holds
// every read and the commit under way back (see mmapReserve).
func TestMmapReserve_FourTimesTheFileAndAtLeastMinMmap(t *testing.T) {
	if bits.UintSize < 64 {
		t.Skip("a 32-bit machine keeps bbolt's 256 MiB")
	}
	for _, c := range []struct{ size, want int64 }{
		{0, minMmap},
		{100 << 20, minMmap},
		{minMmap / 4, minMmap},
		{300 << 20, 1200 << 20},
		{3 << 30, 12 << 30},
	} {
		if got := mmapReserve(c.size); int64(got) != c.want {
			t.Errorf("mmapReserve(%d MiB) = %d MiB, want %d MiB", c.size>>20, got>>20, c.want>>20)
		}
	}
	s, _ := newTestStore(t)
	// bbolt keeps the mapping's size unexported; reading it is the only
	// way to see what Open asked for took effect.
	if mapped := reflect.ValueOf(s.db).Elem().FieldByName("datasz").Int(); mapped < minMmap {
		t.Errorf("a new event file is mapped over %d MiB, want at least %d MiB", mapped>>20, minMmap>>20)
	}
}
