package live

import (
	"errors"
	"strings"
	"testing"
	"time"

	"icebreaker/data"
)

func TestDayPostAsk_PushesToThePeopleInsideWhoCanAnswer_AndTheBoardIfAllowed(t *testing.T) {
	d, people, rec, now := directoryDay(t)
	amelie, karim := people[0], people[1]
	res := mustPost(t, d, amelie.ID, "  Je cherche à lever des fonds   en seed ", true)
	if res.Sent != 1 || res.Ask.Text != "Je cherche à lever des fonds en seed" || len(res.Asks.Mine) != 1 {
		t.Fatalf("posted %+v: want it sent to Karim alone (Zoé gave no consent), trimmed, and listed as mine", res)
	}
	pushes := rec.ofKind(KindAsk)
	if len(pushes) != 1 || pushes[0].Topic != PhoneTopic(karim.ID) {
		t.Fatalf("pushes %+v, want one to Karim's phone", pushes)
	}
	msg := pushes[0].Data.(AskMsg)
	if msg.Ask.Author != "Amélie D." || msg.Ask.Why.FR != "vous proposez la levée de fonds" || msg.Ask.Why.EN != "you offer fundraising" {
		t.Errorf("Karim's push %+v", msg.Ask)
	}
	if want := time.Date(2026, 12, 2, 0, 0, 0, 0, msg.Ask.Expires.Location()); !msg.Ask.Expires.Equal(want) {
		t.Errorf("expires %v, want midnight in Brussels %v", msg.Ask.Expires, want)
	}
	board := rec.ofKind(KindAsks)
	if len(board) != 1 || board[0].Topic != TopicBoard || len(board[0].Data.(AsksMsg).Asks) != 1 || board[0].Data.(AsksMsg).Asks[0].Author != "Amélie D." {
		t.Errorf("board pushes %+v", board)
	}
	if ph, _ := d.PhoneAsks(karim.ID); len(ph.ForMe) != 1 || ph.ForMe[0].Why.EN != "you offer fundraising" {
		t.Errorf("Karim's phone asks %+v", ph)
	}
	if snap := d.Board(); len(snap.Asks) != 1 {
		t.Errorf("board snapshot asks %+v", snap.Asks)
	}

	// Not on the board: nothing is pushed there, nor shown in its snapshot.
	*now = now.Add(AskGap)
	mustPost(t, d, karim.ID, "Need a beta tester for a B2B SaaS", false)
	if len(rec.ofKind(KindAsks)) != 0 || len(d.BoardAsks()) != 1 {
		t.Error("an ask the author kept off the board reached it")
	}
}

func TestDayPostAsk_IsBoundedPerPersonAndRefusesWithTheReason(t *testing.T) {
	d, people, _, now := directoryDay(t)
	amelie := people[0].ID
	if _, err := d.PostAsk(t.Context(), amelie, "abc", true); err == nil {
		t.Fatal("a too short ask was accepted")
	} else if _, ok := IsRequestError(err); !ok {
		t.Fatalf("too short: %v", err)
	}
	if _, err := d.PostAsk(t.Context(), amelie, strings.Repeat("a", MaxAskRunes+1), true); err == nil {
		t.Fatal("a too long ask was accepted")
	}
	var limit *AskLimitError
	for range MaxOpenAsks {
		mustPost(t, d, amelie, "Je cherche un local à Bruxelles", true)
		if _, err := d.PostAsk(t.Context(), amelie, "Je cherche un local à Bruxelles", true); !errors.As(err, &limit) || limit.RetryAfter != AskGap {
			t.Fatalf("a second ask at once: %v, want an AskLimitError to retry in %v", err, AskGap)
		}
		*now = now.Add(AskGap)
	}
	if _, err := d.PostAsk(t.Context(), amelie, "Encore une demande", true); !errors.As(err, &limit) || limit.RetryAfter != 0 || !strings.Contains(limit.EN, "close one") {
		t.Fatalf("a fourth open ask: %v", err)
	}
	asks, _ := d.Asks()
	if len(asks) != MaxOpenAsks {
		t.Fatalf("%d asks written, want %d", len(asks), MaxOpenAsks)
	}
	if err := d.CloseAsk(amelie, asks[0].ID); err != nil {
		t.Fatal(err)
	}
	mustPost(t, d, amelie, "Une demande de plus", true)
}

func TestDayAsks_CloseHideAndTheEndOfTheDayTakeThemOffEverywhere_AndEraseRemovesThem(t *testing.T) {
	d, people, rec, now := directoryDay(t)
	amelie, karim := people[0], people[1]
	first := mustPost(t, d, amelie.ID, "Je cherche à lever des fonds", true)
	if err := d.CloseAsk(karim.ID, first.Ask.ID); !errors.Is(err, ErrNotYourAsk) {
		t.Fatalf("Karim closing Amélie's ask: %v", err)
	}
	rec.ofKind(KindRefresh)
	if err := d.CloseAsk(amelie.ID, first.Ask.ID); err != nil {
		t.Fatal(err)
	}
	if ph, _ := d.PhoneAsks(karim.ID); len(ph.ForMe) != 0 || len(d.BoardAsks()) != 0 {
		t.Error("a closed ask is still shown")
	}
	if refreshed := rec.ofKind(KindRefresh); len(refreshed) != 2 {
		t.Errorf("refreshes %+v, want the author's and Karim's phones", refreshed)
	}
	*now = now.Add(AskGap)
	second, _ := d.PostAsk(t.Context(), amelie.ID, "Je cherche une avocate en droit des sociétés", true)
	if err := d.HideAsk(second.Ask.ID, true); err != nil {
		t.Fatal(err)
	}
	if len(d.BoardAsks()) != 0 {
		t.Error("a hidden ask is on the board")
	}
	if err := d.HideAsk(second.Ask.ID, false); err != nil || len(d.BoardAsks()) != 1 {
		t.Errorf("shown again: %v, board %+v", err, d.BoardAsks())
	}
	*now = EndOfDay(data.Event{TimeZone: "Europe/Brussels"}, *now)
	if len(d.BoardAsks()) != 0 {
		t.Error("an ask outlived the day")
	}
	asks, _ := d.Asks()
	if len(asks) != 2 || asks[0].Status != "expired" || asks[1].Status != "closed" {
		t.Errorf("admin list %+v", asks)
	}
	if err := d.Erase(amelie.ID); err != nil {
		t.Fatal(err)
	}
	if asks, _ := d.Asks(); len(asks) != 0 {
		t.Errorf("erasing Amélie left her asks %+v", asks)
	}
}

func TestEndOfDay_IsMidnightAfterTheEventDateInItsZone(t *testing.T) {
	brussels, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Skip(err)
	}
	now := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC) // 00:30 on 1 December in Brussels
	for date, want := range map[string]time.Time{
		"":           time.Date(2026, 12, 2, 0, 0, 0, 0, brussels),
		"2026-12-03": time.Date(2026, 12, 4, 0, 0, 0, 0, brussels),
		"2026-11-02": time.Date(2026, 12, 2, 0, 0, 0, 0, brussels), // a past date: today
	} {
		if got := EndOfDay(data.Event{TimeZone: "Europe/Brussels", Date: date}, now); !got.Equal(want) {
			t.Errorf("date %q: %v, want %v", date, got, want)
		}
	}
}

// mustPost posts an ask of author's and fails the test if it is refused.
func mustPost(t *testing.T, d *Day, author data.AttendeeID, text string, board bool) PostResult {
	t.Helper()
	res, err := d.PostAsk(t.Context(), author, text, board)
	if err != nil {
		t.Fatalf("posting %q: %v", text, err)
	}
	return res
}
