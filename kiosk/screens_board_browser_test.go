package kiosk

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// boardRoom is a room as an organiser's file makes it: long French sector
// and role names typed every which way, a long tail of sectors of one
// person each (more people than the biggest sector), and two Anthony D.
func boardRoom() []data.Attendee {
	var people []data.Attendee
	add := func(n int, sector, role string) {
		for range n {
			people = append(people, data.Attendee{FirstName: fmt.Sprint("P", len(people)), LastName: "Test", Organisation: "Org",
				Title: role, Project: data.Project{Sector: sector}, Interests: []string{"education"}, MatchConsent: true, BoardConsent: true})
		}
	}
	add(4, "Agroalimentaire", "CEO")
	add(1, "agroalimentaire", "ceo")
	add(3, "Économie sociale et solidaire", "Chargée de mission développement durable")
	add(3, "Intelligence artificielle", "Directrice des ressources humaines et de la transformation")
	add(2, "santé numérique", "PhD student")
	add(2, "Industrie pharmaceutique et biotechnologies", "chargé de projet")
	for i, s := range []string{"Textile", "Logistique", "Tourisme", "Culture", "Énergie", "Bâtiment", "Éducation", "Mobilité"} {
		add(1, s, fmt.Sprint("Rôle ", i))
	}
	for _, last := range []string{"Dupont", "Durand"} {
		people = append(people, data.Attendee{FirstName: "Anthony", LastName: last, Organisation: "Org " + last,
			Interests: []string{"education"}, MatchConsent: true, BoardConsent: true})
	}
	return people
}

// TestBoardPage_FromTheBackOfTheRoom opens the board at 1920×1080 in a
// browser whose language is English, on an event in French, and proves in
// one page load what issue 12 item 15 asks: sector and role labels are
// large (24 px at least), shown as typed (no "Ceo", "Chargée De"; an
// all-lower-case label gets its first capital) and never cut (no label
// element is wider inside than its box, no line falls out of its panel);
// the folded rest comes last, without a bar, while the biggest named
// sector has the longest bar; and in a round the two Anthony D. read
// apart, without their full last names. Then item 16: the board is in
// the event's language, not the browser's nor the language cookie, it
// follows the admin's setting when it changes, and ?lang= on its link
// wins; the cookie set by the switch on another page is read before
// Accept-Language.
func TestBoardPage_FromTheBackOfTheRoom(t *testing.T) {
	if browserTest(t) {
		return
	}
	env := newTestEnv(t, boardRoom())
	for _, p := range env.People {
		env.ScanCode(t, p.BadgeCode)
	}
	b := newBrowser(t)
	b.acceptLanguage(t, "en-GB,en")
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if l := b.eval(t, `document.documentElement.lang`); l != "en" {
		t.Fatalf("the home page of an English browser without a cookie is in %q", l)
	}
	if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(1920, 1080), chromedp.Navigate(env.HTTP.URL+"/board")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, b, `document.querySelectorAll("#sectors li").length === 6 && document.querySelectorAll("#roles li").length === 6`, "the breakdowns")
	if l := b.eval(t, `document.documentElement.lang`); l != "fr" {
		t.Errorf("the board is in %q in an English browser on a French event, want fr", l)
	}

	var got struct {
		Sectors, Roles []struct {
			Label, Count string
			Bar          float64
			Other        bool
		}
		Cut          []string
		SmallestFont float64
		Transform    []string
		Scrolls      bool
		Out          []string
	}
	raw := b.eval(t, `JSON.stringify((() => {
		const lines = (id) => [...document.querySelectorAll("#" + id + " li")].map((li) => ({
			Label: li.querySelector(".label").textContent, Count: li.querySelector(".n").textContent,
			Bar: li.querySelector(".bar") ? li.querySelector(".bar").getBoundingClientRect().width : 0,
			Other: li.classList.contains("other")}));
		const labels = [...document.querySelectorAll(".bars .label")];
		return {
			Sectors: lines("sectors"), Roles: lines("roles"),
			Cut: labels.filter((l) => l.scrollWidth > l.clientWidth || l.scrollHeight > l.clientHeight).map((l) => l.textContent),
			SmallestFont: Math.min(...labels.map((l) => parseFloat(getComputedStyle(l).fontSize))),
			Transform: [...new Set(labels.map((l) => getComputedStyle(l).textTransform))],
			Scrolls: document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth,
			Out: [...document.querySelectorAll(".bars li")].filter((li) => li.getBoundingClientRect().bottom > li.closest(".panel").getBoundingClientRect().bottom).map((li) => li.textContent),
		};
	})())`)
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	b.Screenshot(t, "board-1920")
	if len(got.Cut) > 0 || len(got.Out) > 0 || got.Scrolls {
		t.Errorf("labels cut %q, lines out of their panel %q, page scrolls %v", got.Cut, got.Out, got.Scrolls)
	}
	if got.SmallestFont < 24 {
		t.Errorf("breakdown labels are %.0f px, want 24 at least from the back of the room", got.SmallestFont)
	}
	if !slices.Equal(got.Transform, []string{"none"}) {
		t.Errorf("labels are text-transformed %v", got.Transform)
	}
	label := func(ls []struct {
		Label, Count string
		Bar          float64
		Other        bool
	}) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Label+"="+l.Count)
		}
		return out
	}
	wantSectors := []string{"Agroalimentaire=5", "Intelligence artificielle=3", "Économie sociale et solidaire=3",
		"Industrie pharmaceutique et biotechnologies=2", "Santé numérique=2", "Et 8 autres=8"}
	if s := label(got.Sectors); !slices.Equal(s, wantSectors) {
		t.Errorf("sectors %q, want %q", s, wantSectors)
	}
	for _, want := range []string{"CEO=5", "Chargée de mission développement durable=3", "Directrice des ressources humaines et de la transformation=3", "PhD student=2", "Chargé de projet=2"} {
		if !slices.Contains(label(got.Roles), want) {
			t.Errorf("roles %q lack %q", label(got.Roles), want)
		}
	}
	for _, ls := range [][]struct {
		Label, Count string
		Bar          float64
		Other        bool
	}{got.Sectors, got.Roles} {
		last := ls[len(ls)-1]
		if !last.Other || last.Bar != 0 {
			t.Errorf("the folded rest %+v is not last, or has a bar", last)
		}
		if ls[0].Bar < ls[1].Bar || ls[0].Bar == 0 {
			t.Errorf("the biggest line %+v does not have the longest bar (%+v)", ls[0], ls[1])
		}
	}

	// A round: the two Anthony D. read apart, without full last names.
	if _, err := env.Server.Day().StartRound(live.RoundPlan{Kind: data.GroupRound, Length: 10 * time.Minute, Size: 4}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, b, `!document.getElementById("round").hidden && document.querySelectorAll("#tables .name").length > 0`, "the round")
	var names []string
	if err := json.Unmarshal([]byte(b.eval(t, `JSON.stringify([...document.querySelectorAll("#tables .name")].map((n) => n.textContent).filter((n) => n.startsWith("Anthony")).sort())`)), &names); err != nil {
		t.Fatal(err)
	}
	if want := []string{"Anthony Dup.", "Anthony Dur."}; !slices.Equal(names, want) {
		t.Errorf("the round shows %q, want %q", names, want)
	}
	if _, _, err := env.Server.Day().StopRound(); err != nil {
		t.Fatal(err)
	}

	// The switch on the home page sets the cookie; the next page without
	// ?lang= reads it before Accept-Language.
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/?lang=fr"), chromedp.Navigate(env.HTTP.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if l := b.eval(t, `document.documentElement.lang`); l != "fr" {
		t.Errorf("after the switch to French, the next page is in %q under Accept-Language en", l)
	}
	// The admin sets the event to English: the open board follows, though
	// the cookie says French.
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/board")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, b, `document.documentElement.lang === "fr" && document.querySelectorAll("#sectors li").length === 6`, "the board in French")
	env.waitSockets(t, 1)
	if err := env.Server.Day().SaveSettings(live.SettingsChange{Language: "en"}); err != nil {
		t.Fatal(err)
	}
	b.waitAcrossReload(t, `document.documentElement.lang === "en" && document.querySelector("#sectors li.other .label").textContent === "And 8 more"`, "the board in the event's new language")
	// The board's own link asks for French: French.
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(env.HTTP.URL+"/board?lang=fr")); err != nil {
		t.Fatal(err)
	}
	if l := b.eval(t, `document.documentElement.lang`); l != "fr" {
		t.Errorf("/board?lang=fr is in %q", l)
	}
	b.NoConsoleErrors(t)
}

// eval evaluates a JavaScript expression to a string.
func (b *browser) eval(t *testing.T, js string) string {
	t.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("%s: %v", strings.SplitN(js, "\n", 2)[0], err)
	}
	return s
}

// waitAcrossReload waits for a JavaScript condition on a page that reloads
// itself meanwhile (a "brand" message): an evaluation cut by the reload is
// tried again.
func (b *browser) waitAcrossReload(t *testing.T, cond, what string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		ok, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`(() => { try { return !!(`+cond+`); } catch (e) { return false; } })()`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v (last error %v)", what, patience, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
