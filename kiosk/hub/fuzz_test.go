package hub

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// FuzzClientMessage feeds arbitrary input to everything the hub parses from
// a client: the since= parameter and the topic of a client message. Neither
// may panic; a since= that parses must name at most maxSinceTopics topics
// and read back the same after formatting; a client message is only ever
// attributed to one of the connection's topics.
func FuzzClientMessage(f *testing.F) {
	for _, seed := range []string{
		"board:12", "board:12,me-abc:3", "me:a:b:7", "board:", ":3", "board:-1", "board:18446744073709551616",
		`{"topic":"board","kind":"met"}`, `{"kind":"met","data":{"with":"x"}}`, `{"topic":"me-2"}`,
		`null`, `[]`, `"board"`, ` {"topic":null}`, `{"topic":1}`,
	} {
		f.Add(seed)
	}
	topics := []string{"me-1", "board"}
	f.Fuzz(func(t *testing.T, input string) {
		if since, err := parseSince(input); err == nil {
			if len(since) > maxSinceTopics {
				t.Fatalf("parseSince(%q) kept %d topics", input, len(since))
			}
			again, err := parseSince(formatSince(since))
			if err != nil || !maps.Equal(since, again) {
				t.Fatalf("parseSince(%q) = %v, but its formatting reads back as %v, %v", input, since, again, err)
			}
		}
		if topic, ok := clientTopic([]byte(input), topics); ok && !slices.Contains(topics, topic) {
			t.Fatalf("clientTopic(%q) = %q, not one of %v", input, topic, topics)
		}
	})
}

// formatSince is what a page sends: since=<topic>:<seq>,...
func formatSince(since map[string]uint64) string {
	parts := make([]string, 0, len(since))
	for topic, seq := range since {
		parts = append(parts, fmt.Sprintf("%s:%d", topic, seq))
	}
	return strings.Join(parts, ",")
}
