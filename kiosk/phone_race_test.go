package kiosk

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// Two phones of one pair tap "we met" at the same moment (each scanned the
// other's badge): the duplicate check belongs to the write transaction, so
// exactly one introduction is logged and the other tap answers "already".
// Several pairs race at once so that the test does not hinge on one lucky
// interleaving.
func TestPhone_TwoPhonesTappingWeMetAtOnce_LogOneIntroduction(t *testing.T) {
	env := newTestEnv(t, demo.Sample())
	pairs := [][2]data.Attendee{{env.People[0], env.People[1]}, {env.People[2], env.People[3]}}
	start := make(chan struct{})
	var wg sync.WaitGroup
	statuses := make(chan int, 2*len(pairs))
	for _, p := range pairs {
		for _, side := range [][2]data.Attendee{{p[0], p[1]}, {p[1], p[0]}} {
			wg.Add(1)
			go func(me, other data.Attendee) {
				defer wg.Done()
				body, _ := json.Marshal(map[string]any{"code": other.BadgeCode})
				<-start
				resp, err := http.Post(env.HTTP.URL+"/api/me/"+me.Secret+"/met", "application/json", bytes.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				statuses <- resp.StatusCode
			}(side[0], side[1])
		}
	}
	close(start)
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if st != http.StatusOK {
			t.Fatalf("a 'we met' tap answered %d, want 200 (recorded or already)", st)
		}
	}
	logged := map[[2]data.AttendeeID]int{}
	err := env.Store.View(func(tx *data.Tx) error {
		return tx.ForEachIntroduction(func(i data.Introduction) error {
			if i.Kind == data.Met {
				a, b := min(i.A, i.B), max(i.A, i.B)
				logged[[2]data.AttendeeID{a, b}]++
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		k := [2]data.AttendeeID{min(p[0].ID, p[1].ID), max(p[0].ID, p[1].ID)}
		if logged[k] != 1 {
			t.Errorf("pair %s–%s: %d introductions logged, want exactly 1", p[0].FirstName, p[1].FirstName, logged[k])
		}
	}
}
