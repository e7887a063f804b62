package hub

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// maxSinceTopics bounds the since= parameter: a page follows a handful of
// topics, never hundreds.
const maxSinceTopics = 32

// parseSince reads since=<topic>:<seq>,... (topic may itself contain ':';
// the last one separates the seq). An empty string means no replay asked.
// A topic named twice keeps its smallest seq (replaying more is harmless).
func parseSince(s string) (map[string]uint64, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > maxSinceTopics {
		return nil, errors.New("hub: since= names too many topics")
	}
	since := make(map[string]uint64, len(parts))
	for _, part := range parts {
		i := strings.LastIndexByte(part, ':')
		if i <= 0 {
			return nil, errors.New("hub: since= wants <topic>:<seq> pairs, separated by commas")
		}
		seq, err := strconv.ParseUint(part[i+1:], 10, 64)
		if err != nil {
			return nil, errors.New("hub: since= has a seq that is not a number")
		}
		topic := part[:i]
		if old, dup := since[topic]; !dup || seq < old {
			since[topic] = seq
		}
	}
	return since, nil
}

// clientTopic says which topic a client message is about: the topic named
// in its "topic" field if the connection has it, else the connection's
// first topic when the field is absent. ok is false for anything that is
// not a JSON object, or names a topic the connection is not subscribed to.
func clientTopic(msg []byte, topics []string) (topic string, ok bool) {
	if trimmed := bytes.TrimLeft(msg, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '{' {
		return "", false
	}
	var head struct {
		Topic *string `json:"topic"`
	}
	if err := json.Unmarshal(msg, &head); err != nil {
		return "", false
	}
	if head.Topic == nil {
		return topics[0], true
	}
	if slices.Contains(topics, *head.Topic) {
		return *head.Topic, true
	}
	return "", false
}
