package kiosk

import (
	"testing"

	"github.com/chromedp/chromedp"
)

func TestAdminPage_StartsAGroupRoundAndTheBoardShowsTheGroups(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	for i := range env.People {
		env.ScanCode(t, env.People[i].BadgeCode)
	}
	boardTab, cancel := chromedp.NewContext(b.Ctx) // a second tab, same browser
	defer cancel()
	if err := chromedp.Do(boardTab,
		chromedp.Navigate(env.HTTP.URL+"/board?lang=fr"),
		chromedp.Poll[chromedp.Void](`document.getElementById("present").textContent === "5"`, patiently...),
	); err != nil {
		t.Fatal(err)
	}
	signInAdmin(t, b, env, "fr")
	if err := chromedp.Do(b.Ctx,
		chromedp.WaitVisible("#start-groups"),
		chromedp.SetValue(`input[name="size"]`, "2"),
		chromedp.Click("#start-groups"),
		chromedp.WaitVisible(".flash"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#roundbox li").length === 2`, patiently...),
	); err != nil {
		t.Fatalf("admin: %v", err)
	}
	b.Screenshot(t, "admin-round")
	tables, err := chromedp.Run(boardTab, chromedp.Poll[int](
		`!document.getElementById("round").hidden && document.querySelectorAll("#tables .table").length`,
		patiently...))
	if err != nil || tables != 2 {
		t.Fatalf("board shows %d tables (%v), want 2", tables, err)
	}
	screenshot(t, boardTab, "board-round")
	b.NoConsoleErrors(t)
}
