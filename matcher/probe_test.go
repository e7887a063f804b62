package matcher

import (
	"os"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	v := DefaultVocabulary()
	for _, s := range strings.Split(os.Getenv("PROBE"), ";;") {
		t.Logf("%q → %v", s, conceptsIn(v, s))
	}
}
