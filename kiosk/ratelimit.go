package kiosk

import (
	"sync"
	"time"
)

// limiter is a set of token buckets, one per key (a kiosk name, a remote
// address). Each bucket holds at most burst tokens and regains one every
// per. Only failures spend tokens (see Server.handleCheckIn), so a key is
// throttled after burst failed attempts in a row and recovers one attempt
// every per; successes never wait on it.
//
// Memory stays bounded: a bucket that has refilled to full is the same as no
// bucket, so when the map grows past maxKeys such buckets are dropped.
type limiter struct {
	burst   float64
	per     time.Duration
	now     func() time.Time
	maxKeys int

	mu      sync.Mutex
	buckets map[string]*tokenBucket
}

type tokenBucket struct {
	tokens float64
	at     time.Time // when tokens was last brought up to date
}

func newLimiter(burst int, per time.Duration, now func() time.Time) *limiter {
	return &limiter{burst: float64(burst), per: per, now: now, maxKeys: 4096, buckets: map[string]*tokenBucket{}}
}

// refill brings b up to date at now. Callers hold l.mu.
func (l *limiter) refill(b *tokenBucket, now time.Time) {
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+float64(elapsed)/float64(l.per))
		b.at = now
	}
}

// Allowed reports whether key has at least one token left, without
// spending it.
func (l *limiter) Allowed(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		return true
	}
	l.refill(b, l.now())
	return b.tokens >= 1
}

// Spend takes one token from key's bucket (never below zero: a throttled
// key recovers at the normal pace however long it keeps failing).
func (l *limiter) Spend(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.maxKeys {
			l.dropFull(now)
		}
		b = &tokenBucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	l.refill(b, now)
	b.tokens = max(0, b.tokens-1)
}

// RetryAfter is how long key waits for its next token (0 if it has one).
func (l *limiter) RetryAfter(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		return 0
	}
	l.refill(b, l.now())
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(l.per))
}

// dropFull forgets buckets that are full again. Callers hold l.mu.
func (l *limiter) dropFull(now time.Time) {
	for k, b := range l.buckets {
		l.refill(b, now)
		if b.tokens >= l.burst {
			delete(l.buckets, k)
		}
	}
}
