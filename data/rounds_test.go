package data_test

import (
	"testing"
	"time"

	"icebreaker/data"
)

func TestTx_PutRound_NumbersNewRoundsAfterTheLast(t *testing.T) {
	s, _ := openTemp(t)
	start := time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)
	err := s.Update(func(tx *data.Tx) error {
		if _, ok, err := tx.LastRound(); ok || err != nil {
			t.Fatalf("LastRound on a new file: ok=%v err=%v", ok, err)
		}
		for i := 0; i < 3; i++ {
			r := data.Round{Kind: data.PairRound, StartedAt: start, EndsAt: start.Add(10 * time.Minute),
				Tables: []data.Table{{Number: 1, Members: []data.AttendeeID{1, 2}}}}
			if err := tx.PutRound(&r); err != nil {
				return err
			}
			if r.Number != i+1 {
				t.Fatalf("round %d numbered %d", i+1, r.Number)
			}
		}
		return tx.PutEvent(data.Event{Name: "x"}) // a meta key after "round:" must not confuse LastRound
	})
	if err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *data.Tx) error {
		last, ok, err := tx.LastRound()
		if !ok || err != nil || last.Number != 3 {
			t.Fatalf("LastRound = %d, %v, %v; want 3", last.Number, ok, err)
		}
		n := 0
		tx.ForEachRound(func(r data.Round) error { n++; return nil })
		if n != 3 {
			t.Fatalf("ForEachRound saw %d rounds, want 3", n)
		}
		return nil
	})
}

func TestRound_Running_UntilStoppedOrOver(t *testing.T) {
	start := time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)
	r := data.Round{Number: 1, StartedAt: start, EndsAt: start.Add(10 * time.Minute)}
	for _, tc := range []struct {
		name string
		r    data.Round
		at   time.Time
		want bool
	}{
		{"during", r, start.Add(time.Minute), true},
		{"over", r, start.Add(11 * time.Minute), false},
		{"stopped", data.Round{Number: 1, EndsAt: r.EndsAt, StoppedAt: start.Add(time.Minute)}, start.Add(2 * time.Minute), false},
	} {
		if got := tc.r.Running(tc.at); got != tc.want {
			t.Errorf("%s: Running = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTx_RemoveFromRounds_ForgetsTheErasedPerson(t *testing.T) {
	s, _ := openTemp(t)
	err := s.Update(func(tx *data.Tx) error {
		r := data.Round{Kind: data.GroupRound, Tables: []data.Table{{Number: 1, Members: []data.AttendeeID{1, 2, 3}, Host: 2}}}
		if err := tx.PutRound(&r); err != nil {
			return err
		}
		return tx.RemoveFromRounds(2)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *data.Tx) error {
		r, err := tx.Round(1)
		if err != nil {
			t.Fatal(err)
		}
		if tb := r.Tables[0]; len(tb.Members) != 2 || tb.Host != 0 {
			t.Fatalf("table after erasure: %+v", tb)
		}
		return nil
	})
}
