package load

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The admin's part of a run: signing in through the setup link and starting
// the group rounds whose fan-out to the phones the run measures.

// rounds signs in as the admin through the server's one-time setup link and
// starts cfg.Rounds group rounds one after the other, each pushed to every
// phone placed at a table. It returns how many phone messages the rounds
// should have delivered.
func (r *runner) rounds(ctx context.Context) (expected int, err error) {
	if r.cfg.Rounds == 0 {
		return 0, nil
	}
	if r.srv.SetupURL == "" {
		return 0, errors.New("load: --rounds needs a fresh server that prints its admin setup link")
	}
	admin, err := r.signIn(ctx)
	if err != nil {
		return 0, err
	}
	placed := min(r.cfg.Phones, int(r.accepted.Load())) // phones of people inside
	for i := 0; i < r.cfg.Rounds; i++ {
		want := r.roundGot.Load() + int64(placed)
		form := url.Values{"kind": {"groups"}, "size": {"6"}, "minutes": {"10"}}
		t0 := time.Now()
		r.roundSentAt.Store(t0.UnixNano())
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.srv.URL+"/admin/rounds", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := admin.Do(req)
		if err != nil {
			return expected, fmt.Errorf("start round: %w", err)
		}
		resp.Body.Close()
		r.roundStart.Add(time.Since(t0))
		if resp.StatusCode != http.StatusSeeOther {
			r.fail("round http " + strconv.Itoa(resp.StatusCode))
			continue
		}
		expected += placed
		deadline := time.Now().Add(10 * time.Second)
		for r.roundGot.Load() < want && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		r.roundMu.Lock()
		if len(r.roundTimes) > 0 {
			first := slices.MinFunc(r.roundTimes, func(a, b time.Time) int { return a.Compare(b) })
			for _, at := range r.roundTimes {
				r.roundSpread.Add(at.Sub(first))
			}
		}
		r.roundTimes = r.roundTimes[:0]
		r.roundMu.Unlock()
	}
	r.roundSentAt.Store(0)
	return expected, nil
}

// signIn sets the admin password with the setup link and returns a client
// holding the session cookie.
func (r *runner) signIn(ctx context.Context) (*http.Client, error) {
	setup, err := url.Parse(r.srv.SetupURL)
	if err != nil {
		return nil, err
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 2 * time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	const pw = "load-test-only-password"
	form := url.Values{"token": {setup.Query().Get("token")}, "password": {pw}, "confirm": {pw}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.srv.URL+"/admin/setup", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("load: admin setup answered %d", resp.StatusCode)
	}
	return c, nil
}
