package live

import (
	"slices"
	"sync"

	"icebreaker/kiosk/hub"
)

// recorder is a Publisher that keeps what was published, payloads built.
type recorder struct {
	mu   sync.Mutex
	msgs []published
}

// published is one message published.
type published struct {
	Topic, Kind string
	Data        any
}

func (r *recorder) Epoch() string     { return "test" }
func (r *recorder) Seq(string) uint64 { return 0 }
func (r *recorder) Publish(topic, kind string, v any) uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, published{Topic: topic, Kind: kind, Data: v})
	return 0
}
func (r *recorder) PublishFunc(topic, kind string, f func() any) uint64 {
	return r.Publish(topic, kind, f())
}
func (r *recorder) PublishBatch(ms []hub.Message) {
	for _, m := range ms {
		r.Publish(m.Topic, m.Kind, m.Data())
	}
}
func (r *recorder) Drop(string)         {}
func (r *recorder) ForgetReplay(string) {}

// take returns what was published since the last take.
func (r *recorder) take() []published {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.msgs
	r.msgs = nil
	return out
}

// ofKind returns and forgets the messages of one kind.
func (r *recorder) ofKind(kind string) []published {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []published
	for _, m := range r.msgs {
		if m.Kind == kind {
			out = append(out, m)
		}
	}
	r.msgs = slices.DeleteFunc(r.msgs, func(m published) bool { return m.Kind == kind })
	return out
}
