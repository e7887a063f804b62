package kiosk

import (
	"testing"

	"github.com/chromedp/chromedp"
)

func TestPhoneDay_InChromium_MetAndNotMetWithContactsOnlyWhereConsented_AxeClean(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := afterDayEnv(t)
	amelie, karim, ines, theo := env.People[0], env.People[1], env.People[2], env.People[3]
	b := env.openPhone(t, ines.Secret, "#myday-link")
	if err := chromedp.Do(b.Ctx, chromedp.Click("#myday-link"), chromedp.WaitVisible("#notmet-h")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "Théo, her round partner, not met, without contact", `(() => {
		const li = document.querySelector('#notmet li[data-id="`+itoaU(uint64(theo.ID))+`"]');
		return !!li && li.querySelector("strong").textContent === "Théo P." && !li.querySelector("a[href^='mailto:']");
	})()`)
	b.waitJS(t, "met nobody", `!document.getElementById("met") && document.getElementById("met-h").textContent === "People I met (0)"`)
	checkAxe(t, b, "my day, met nobody")

	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/me/"+amelie.Secret+"/day?lang=fr"), chromedp.WaitVisible("#met")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "Karim, met, with his e-mail (he is in the directory)", `(() => {
		const li = document.querySelector('#met li[data-id="`+itoaU(uint64(karim.ID))+`"]');
		return !!li && li.querySelector("strong").textContent === "Karim Benali" && li.querySelector("a[href='mailto:karim@finaxy.example']") !== null;
	})()`)
	checkAxe(t, b, "my day, one met")
	b.Screenshot(t, "phone-day")
	b.NoConsoleErrors(t)
}

func TestAdminIndicators_InChromium_PlotsBesideTables_AxeClean(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := afterDayEnv(t)
	b := newBrowser(t)
	signInAdmin(t, b, env, "fr") // one session; each page asks for its language
	for _, lang := range []string{"fr", "en"} {
		if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/admin/indicators?lang="+lang)); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, b, `document.querySelectorAll("#g-round svg rect.made").length === 1 && document.querySelectorAll("#g-round table tbody tr").length === 1 && document.querySelectorAll("#g-sector table tbody tr").length > 0`, lang+": plots and tables")
		waitUntil(t, b, `document.documentElement.lang === "`+lang+`" && document.querySelector('nav a[aria-current="page"]').getAttribute("href") === "/admin/indicators"`, lang+": the page in its language, the tab current")
		checkAxe(t, b, "indicators "+lang)
		if lang == "en" {
			b.Screenshot(t, "admin-indicators")
		}
	}
	b.NoConsoleErrors(t)
}
