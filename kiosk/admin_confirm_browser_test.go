package kiosk

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"icebreaker/data"
)

// TestAdminPage_EraseAsksThenEnterConfirms: the erase button leads to a
// question page whose focused button confirms with the keyboard alone.
func TestAdminPage_EraseAsksThenEnterConfirms(t *testing.T) {
	if browserTest(t) {
		return
	}
	env, b := newDemoBrowserTest(t)
	karim := env.People[1]
	signInAdmin(t, b, env, "fr")
	erase := fmt.Sprintf(`form[action="/admin/attendees/%d/erase"] button`, karim.ID)
	if err := chromedp.Do(b.Ctx,
		chromedp.Navigate(env.HTTP.URL+"/admin/attendees?q=benali"),
		chromedp.WaitVisible(erase),
		chromedp.Click(erase),
		chromedp.WaitVisible("#confirm-question"),
	); err != nil {
		t.Fatal(err)
	}
	b.Screenshot(t, "admin-confirm-erase")
	var stillThere error
	env.Store.View(func(tx *data.Tx) error { _, stillThere = tx.Attendee(karim.ID); return nil })
	if stillThere != nil {
		t.Fatal("erased before the confirmation")
	}
	if err := chromedp.Do(b.Ctx,
		chromedp.Poll[chromedp.Void](`document.activeElement && document.activeElement.matches('form[action$="/erase"] button.danger')`, patiently...),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".flash"),
	); err != nil {
		t.Fatalf("Enter on the confirmation: %v", err)
	}
	var gone error
	env.Store.View(func(tx *data.Tx) error { _, gone = tx.Attendee(karim.ID); return nil })
	if gone == nil {
		t.Fatal("Karim is still in the file after Enter confirmed")
	}
	b.NoConsoleErrors(t)
}
