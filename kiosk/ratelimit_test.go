package kiosk

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable time source.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestLimiter_ThrottlesAfterBurstAndRecoversOneTokenPerPeriod(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 3, 12, 8, 45, 0, 0, time.UTC)}
	l := newLimiter(3, 2*time.Second, clock.Now)
	for i := range 3 {
		if !l.Allowed("kiosk") {
			t.Fatalf("throttled after %d failures, burst is 3", i)
		}
		l.Spend("kiosk")
	}
	if l.Allowed("kiosk") {
		t.Fatal("not throttled after the burst")
	}
	if got := l.RetryAfter("kiosk"); got != 2*time.Second {
		t.Fatalf("RetryAfter = %v, want 2s", got)
	}
	if !l.Allowed("other") {
		t.Fatal("another key is throttled too")
	}
	clock.Advance(time.Second)
	if l.Allowed("kiosk") {
		t.Fatal("a token came back after half a period")
	}
	clock.Advance(time.Second)
	if !l.Allowed("kiosk") {
		t.Fatal("no token back after one period")
	}
	l.Spend("kiosk")
	l.Spend("kiosk") // never below zero: one period gives one token back
	clock.Advance(2 * time.Second)
	if !l.Allowed("kiosk") {
		t.Fatal("spending while throttled pushed recovery further away")
	}
	clock.Advance(time.Hour)
	for range 3 {
		if !l.Allowed("kiosk") {
			t.Fatal("bucket did not refill to its burst")
		}
		l.Spend("kiosk")
	}
	if l.Allowed("kiosk") {
		t.Fatal("bucket refilled beyond its burst")
	}
}

func TestLimiter_ForgetsFullBucketsWhenManyKeys(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	l := newLimiter(2, time.Second, clock.Now)
	l.maxKeys = 10
	for i := range 10 {
		l.Spend(fmt.Sprint("addr", i))
	}
	clock.Advance(time.Minute)
	l.Spend("late")
	if n := len(l.buckets); n != 1 {
		t.Fatalf("%d buckets kept, want only the new one", n)
	}
}

func BenchmarkLimiter_Allowed(b *testing.B) {
	l := newLimiter(20, time.Second, time.Now)
	l.Spend("k")
	b.ReportAllocs()
	for b.Loop() {
		l.Allowed("k")
	}
}
