package kiosk

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"icebreaker/data"
)

// afterDayEnv is the directory event with Amélie, Karim, Inès and Théo
// come, one round of pairs (Amélie with Karim, Inès with Théo: Théo is not
// in the directory) and Amélie and Karim who said "we met".
func afterDayEnv(t *testing.T) *testEnv {
	t.Helper()
	env := newTestEnv(t, directoryPeople())
	for _, p := range env.People[:4] {
		env.ScanCode(t, p.BadgeCode)
	}
	amelie, karim, ines, theo := env.People[0].ID, env.People[1].ID, env.People[2].ID, env.People[3].ID
	now := time.Now()
	err := env.Store.Update(func(tx *data.Tx) error {
		r := data.Round{Kind: data.PairRound, StartedAt: now, EndsAt: now.Add(10 * time.Minute), StoppedAt: now,
			Tables: []data.Table{{Number: 1, Members: []data.AttendeeID{amelie, karim}}, {Number: 2, Members: []data.AttendeeID{ines, theo}}}}
		if err := tx.PutRound(&r); err != nil {
			return err
		}
		for _, p := range [][2]data.AttendeeID{{amelie, karim}, {ines, theo}} {
			if err := tx.AppendIntroduction(&data.Introduction{A: p[0], B: p[1], Kind: data.Suggested, Round: r.Number, At: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if st, ans := env.phonePost(t, env.People[0].Secret, "/met", map[string]any{"with": karim}); st != 200 {
		t.Fatalf("we met: %d %v", st, ans)
	}
	return env
}

func TestPhoneDay_ListsMetAndNotMet_EmailOnlyForThoseInTheDirectory(t *testing.T) {
	env := afterDayEnv(t)
	amelie, ines := env.People[0], env.People[2]
	st, _, body := env.do(t, "GET", "/me/"+amelie.Secret+"/day?lang=en", "", "", nil)
	page := string(body)
	if st != http.StatusOK || !strings.Contains(page, "People I met (1)") || !strings.Contains(page, `<a href="mailto:karim@finaxy.example">`) || !strings.Contains(page, "Karim Benali") {
		t.Fatalf("Amélie's day %d:\n%s", st, page)
	}
	_, _, body = env.do(t, "GET", "/me/"+ines.Secret+"/day?lang=fr", "", "", nil)
	page = string(body)
	if !strings.Contains(page, "Personnes rencontrées (0)") || !strings.Contains(page, "Théo P.") || strings.Contains(page, "theo@agricool.example") ||
		!strings.Contains(page, "cette personne n&#39;est pas dans l&#39;annuaire") {
		t.Fatalf("Inès's day: Théo (not in the directory) must show without his e-mail:\n%s", page)
	}
	if st, _, _ := env.do(t, "GET", "/me/not-a-secret/day", "", "", nil); st != http.StatusNotFound {
		t.Errorf("an unknown link: %d", st)
	}
	_, _, body = env.do(t, "GET", "/me/"+amelie.Secret+"?lang=en", "", "", nil)
	if !strings.Contains(string(body), `href="/me/`+amelie.Secret+`/day"`) {
		t.Error("the phone page has no link to my day")
	}
}

func TestAdminIndicators_PageCSVAndMailMerge(t *testing.T) {
	env := afterDayEnv(t)
	c := env.adminClient(t)
	st, page := env.adminGet(t, c, "/admin/indicators?lang=en")
	if st != 200 || !strings.Contains(string(page), "Per sector") || !strings.Contains(string(page), "Per round") ||
		!strings.Contains(string(page), `<th scope="row"><bdi>Round 1</bdi></th><td class="num">4</td><td class="num">2</td><td class="num">1</td><td class="num">50 %</td><td class="num">1</td><td class="num">2</td>`) ||
		!strings.Contains(string(page), "<svg") {
		t.Fatalf("indicators page %d:\n%s", st, page)
	}
	_, csv := env.adminGet(t, c, "/admin/indicators.csv")
	lines := strings.Split(strings.TrimPrefix(string(csv), "\ufeff"), "\r\n")
	if lines[0] != "grouping,group,people,introductions,introductions_met,we_met_rate_percent,met,met_nobody" ||
		lines[1] != "Total,The whole day,4,2,1,50,1,2" || !strings.Contains(string(csv), "Per round,Round 1,4,2,1,50,1,2") {
		t.Fatalf("indicators.csv:\n%s", csv)
	}
	_, csv = env.adminGet(t, c, "/admin/indicators.csv?excel=1")
	if !strings.HasPrefix(string(csv), "\ufeffRegroupement;Groupe;") || !strings.Contains(string(csv), "Par tour;Tour 1;4;2;1;50;1;2") {
		t.Fatalf("indicators.csv for Excel:\n%s", csv)
	}
	_, merge := env.adminGet(t, c, "/admin/afterday.csv")
	text := string(merge)
	if !strings.Contains(text, "first_name,last_name,email,organisation,my_day_link,met_count,met,not_met_count,not_met") ||
		!strings.Contains(text, "/me/"+env.People[0].Secret+"/day,1,Karim Benali (Finaxy) — karim@finaxy.example,") {
		t.Fatalf("afterday.csv:\n%s", text)
	}
	if strings.Count(text, "theo@agricool.example") != 1 { // his own row only
		t.Errorf("Théo's e-mail, not in the directory, is given to others:\n%s", text)
	}
	for _, path := range []string{"/admin/indicators", "/admin/indicators.csv", "/admin/afterday.csv"} {
		resp, err := newBrowserlessClient().Get(env.HTTP.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/login" {
			t.Errorf("%s without signing in: %d %s", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}
