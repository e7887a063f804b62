package kiosk

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The groups formed before the day, as the organiser and the attendees
// meet them: the organiser builds, adjusts (a person placed by hand, the
// leaders swapped, a place and a time) and publishes the groups in the
// admin with the keyboard; a member's phone shows the group and its
// leader and follows a change live; the leader's phone lists the members
// and shows an arrival as soon as the badge is scanned; the board shows
// every group once allowed. axe-core on every page.
func TestGroups_InChromium_BuildAdjustPublish_MemberAndLeaderPhonesLive_Board(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newTestEnv(t, groupsPeople())
	zoe := env.People[4]
	b := newBrowser(t)
	signInAdmin(t, b, env, "fr")
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin/groups"), chromedp.WaitVisible("#build")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the team is listed", `document.querySelectorAll("ul.team li").length === 2`)
	checkAxe(t, b, "admin groups, none yet")

	// Build with the keyboard: focus the button, Enter.
	submit := func(what, button, done string) {
		t.Helper()
		if err := chromedp.Do(b.Ctx, chromedp.Focus(button)); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if err := chromedp.Do(b.Ctx, chromedp.Evaluate[chromedp.Void](`window.__before = true`)); err != nil {
			t.Fatal(err)
		}
		b.keys(t, kb.Enter)
		b.waitNewPage(t, what, `!window.__before && document.readyState === "complete" && new URLSearchParams(location.search).get("done") === "`+done+`" && !!document.querySelector(".flash")`)
	}
	submit("built", "#build", "groups.built")
	b.waitJS(t, "two groups", `document.querySelectorAll(".group-card").length === 2`)
	before, err := env.Server.Day().AdminGroups()
	if err != nil {
		t.Fatal(err)
	}
	lead1, lead2 := before.Groups[0].LeaderID, before.Groups[1].LeaderID

	// Zoé, who refused matchmaking, is placed by hand in group 1.
	if err := chromedp.Do(b.Ctx, chromedp.SetValue("#move-person", itoaU(uint64(zoe.ID))), chromedp.SetValue("#move-group", "1")); err != nil {
		t.Fatal(err)
	}
	submit("moved", "#move-form button", "groups.moved")
	b.waitJS(t, "Zoé in group 1", `!!document.querySelector('#group-1 tr[data-id="`+itoaU(uint64(zoe.ID))+`"]')`)

	// Swap the leaders: group 1 takes group 2's.
	if err := chromedp.Do(b.Ctx, chromedp.SetValue("#leader-1", itoaU(uint64(lead2)))); err != nil {
		t.Fatal(err)
	}
	submit("leaders swapped", `form[action="/admin/groups/1/leader"] button`, "groups.saved")
	after, _ := env.Server.Day().AdminGroups()
	if after.Groups[0].LeaderID != lead2 || after.Groups[1].LeaderID != lead1 {
		t.Fatalf("leaders after the swap: %d and %d, want %d and %d", after.Groups[0].LeaderID, after.Groups[1].LeaderID, lead2, lead1)
	}

	// Group 1 meets in Salle 2 at 14:30; then publish.
	if err := chromedp.Do(b.Ctx, chromedp.SendKeys("#name-1", "Fintech"), chromedp.SendKeys("#place-1", "Salle 2"), chromedp.SetValue("#at-1", "14:30")); err != nil {
		t.Fatal(err)
	}
	submit("details saved", `form[action="/admin/groups/1/details"] button`, "groups.saved")
	submit("published", "#publish", "groups.published")
	b.waitJS(t, "said published", `document.querySelector("#groups-state strong") !== null`)
	checkAxe(t, b, "admin groups, published")
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin/groups?lang=en"), chromedp.WaitVisible("#group-1")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the page in English", `document.getElementById("groups-h").textContent === "Groups" && document.querySelector("#group-1 h2").textContent === "Group 1 — Fintech"`)
	checkAxe(t, b, "admin groups in English, published")
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin/groups?lang=fr"), chromedp.WaitVisible("#group-1")); err != nil {
		t.Fatal(err)
	}
	b.NoConsoleErrors(t)

	// A member's phone shows the group and its leader.
	member := env.People[after.Groups[0].Members[0].ID-1]
	leader := env.People[lead2-1]
	mp := env.openPhone(t, member.Secret, "#groupcard")
	mp.waitJS(t, "my group", `document.getElementById("group-name").textContent === "Group 1 — Fintech" && document.getElementById("group-leader").textContent === "Led by `+leader.DisplayName()+`" && document.getElementById("group-where").textContent === "Where: Salle 2 · When: 14:30"`)
	checkAxe(t, mp, "phone, my group")

	// The leader's phone lists the members; an arrival shows at once.
	lp := env.openPhone(t, leader.Secret, "#group-members li.member")
	lp.waitJS(t, "the members", `document.getElementById("group-h").textContent === "The group I lead" && document.querySelectorAll("#group-members li.member").length === 3 && document.getElementById("group-count").textContent === "0 arrived of 3"`)
	lp.waitJS(t, "Zoé without her project", `!!document.querySelector('#group-members li.member[data-id="`+itoaU(uint64(zoe.ID))+`"]') && !document.querySelector('#group-members li.member[data-id="`+itoaU(uint64(zoe.ID))+`"] p')`)
	env.ScanCode(t, member.BadgeCode)
	lp.waitJS(t, "the arrival, live", `document.querySelector('#group-members li.member[data-id="`+itoaU(uint64(member.ID))+`"]')?.classList.contains("inside") && document.getElementById("group-count").textContent === "1 arrived of 3"`)
	lp.waitJS(t, "the arrival read out", `document.getElementById("announce").textContent === "`+member.FullName()+` just arrived"`)
	checkAxe(t, lp, "phone, the group I lead")

	// A change after publishing reaches the member's phone, read out.
	if err := chromedp.Do(b.Ctx, chromedp.SetValue("#place-1", "Salle 3")); err != nil {
		t.Fatal(err)
	}
	submit("moved to Salle 3", `form[action="/admin/groups/1/details"] button`, "groups.saved")
	mp.waitJS(t, "the new place, live", `document.getElementById("group-where").textContent === "Where: Salle 3 · When: 14:30" && document.getElementById("announce").textContent === "Your group changed: Group 1 — Fintech, Salle 3, 14:30"`)
	mp.NoConsoleErrors(t)
	lp.NoConsoleErrors(t)

	// The board shows every group once allowed; Zoé only counted.
	submit("on the board", "#board", "groups.saved")
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/board?lang=fr")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the groups on the board", `!document.getElementById("board-groups").hidden && document.querySelectorAll("#pregroups li").length === 2 && document.querySelector("#pregroups li strong").textContent === "Groupe 1 — Fintech" && document.querySelector("#pregroups li .names").textContent.includes("+1")`)
	checkAxe(t, b, "board with the groups")
	b.NoConsoleErrors(t)
}

// waitNewPage waits up to patience for a condition on the page a form
// posted to opens: evaluations that fail while the old page goes (its
// context destroyed) are tried again.
func (b *browser) waitNewPage(t *testing.T, what, cond string) {
	t.Helper()
	var last error
	for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		ok, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		last = err
	}
	t.Fatalf("%s: not after %v (last error: %v)", what, patience, last)
}
