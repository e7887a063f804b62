package kiosk

import (
	"testing"

	"github.com/chromedp/chromedp"
)

func TestPhoneConfirm_TwoPhonesMeetOneConfirmsASkill_TheDirectoryShowsConfirmedByOne(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newTestEnv(t, directoryPeople())
	amelie, karim := env.People[0], env.People[1]
	for _, p := range []int{0, 1, 2} {
		env.ScanCode(t, env.People[p].BadgeCode)
	}
	ph1 := env.openPhone(t, amelie.Secret, `#suggestions li[data-id="`+itoaU(uint64(karim.ID))+`"] button.met`)
	ph2 := env.openPhone(t, karim.Secret, "#helped-none")
	ph1.waitJS(t, "nobody met yet", `!document.getElementById("helped-none").hidden`)

	if err := chromedp.Do(ph1.Ctx, chromedp.Click(`#suggestions li[data-id="`+itoaU(uint64(karim.ID))+`"] button.met`)); err != nil {
		t.Fatal(err)
	}
	// Both phones now list the other under "who helped you?".
	ph1.waitJS(t, "Karim listed with his offer", `!!document.querySelector('#helped li[data-id="`+itoaU(uint64(karim.ID))+`"] button[data-offer="levée de fonds"]')`)
	ph2.waitJS(t, "Amélie listed on Karim's phone", `!!document.querySelector('#helped li[data-id="`+itoaU(uint64(amelie.ID))+`"] button[data-offer=""]')`)
	ph1.waitJS(t, "nothing pressed yet", `[...document.querySelectorAll("#helped button")].every((b) => b.getAttribute("aria-pressed") === "false")`)

	if err := chromedp.Do(ph1.Ctx, chromedp.Click(`#helped button[data-offer="levée de fonds"]`)); err != nil {
		t.Fatal(err)
	}
	ph1.waitJS(t, "the answer marked", `document.querySelector('#helped button[data-offer="levée de fonds"]').getAttribute("aria-pressed") === "true"`)
	ph1.waitJS(t, "thanks said", `document.getElementById("helped-status").textContent === "Thanks: noted."`)
	ph1.Screenshot(t, "phone-confirm")

	// Another phone's directory shows the count, never who.
	ines := env.People[2]
	if err := chromedp.Do(ph2.Ctx, chromedp.Navigate(env.HTTP.URL+"/me/"+ines.Secret+"/directory?lang=en&q=Karim")); err != nil {
		t.Fatal(err)
	}
	ph2.waitJS(t, "confirmed by 1 in the directory", `[...document.querySelectorAll("dd.confirmed")].some((d) => d.textContent === "levée de fonds (confirmed by 1)")`)
	ph1.NoConsoleErrors(t)
	ph2.NoConsoleErrors(t)
}

func TestPhoneConfirm_AxeFindsNoViolation(t *testing.T) {
	if browserTest(t) {
		return
	}
	src := axeSource(t)
	env := newTestEnv(t, directoryPeople())
	amelie, karim := env.People[0], env.People[1]
	for _, p := range []int{0, 1} {
		env.ScanCode(t, env.People[p].BadgeCode)
	}
	if st, ans := env.phonePost(t, amelie.Secret, "/met", map[string]any{"with": karim.ID}); st != 200 {
		t.Fatalf("we met: %d %v", st, ans)
	}
	if st, ans := env.phonePost(t, amelie.Secret, "/confirm", map[string]any{"with": karim.ID, "offer": "levée de fonds"}); st != 200 {
		t.Fatalf("confirm: %d %v", st, ans)
	}
	b := env.openPhone(t, amelie.Secret, `#helped button[aria-pressed="true"]`)
	checkAxe(t, b, src, "phone with a confirmation")
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/me/"+amelie.Secret+"/directory?lang=fr&q=Karim"), chromedp.WaitVisible("dd.confirmed")); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, b, src, "directory with a confirmed offer")
}
