package kiosk

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"icebreaker/data/csvio"
	"icebreaker/kiosk/live"
)

// indicatorsPage is the data of admin_indicators.html.
type indicatorsPage struct {
	page
	Total  live.Indicator
	Groups []indicatorPlot
}

// indicatorPlot is one grouping with its plot: one bar per group, its
// length the introductions made (scaled to the longest), its filled part
// those followed by "we met".
type indicatorPlot struct {
	live.IndicatorGroup
	Height int
	Bars   []plotBar
}

// plotBar is one row of a plot, in the SVG's units.
type plotBar struct {
	live.Indicator
	Y, TextY, Made, Met int
	Caption             string // "3 / 5 (60 %)"
}

// Plot geometry: the SVG is plotWidth wide (scaled to the page), each row
// plotRow high with its label above its bar.
const (
	plotWidth = 600
	plotRow   = 44
	plotBarH  = 16
	plotBarW  = 420 // the longest bar; the caption follows it
)

func plotOf(g live.IndicatorGroup, lang string) indicatorPlot {
	p := indicatorPlot{IndicatorGroup: g, Height: max(1, len(g.Rows)) * plotRow}
	most := 1
	for _, r := range g.Rows {
		most = max(most, r.Suggested)
	}
	for i, r := range g.Rows {
		b := plotBar{Indicator: r, TextY: i*plotRow + 14, Y: i*plotRow + 20,
			Made: r.Suggested * plotBarW / most, Met: r.SuggestedMet * plotBarW / most}
		b.Caption = fmt.Sprintf("%d / %d (%d %%)", r.SuggestedMet, r.Suggested, r.MetRate())
		if lang == "en" {
			b.Caption = fmt.Sprintf("%d / %d (%d%%)", r.SuggestedMet, r.Suggested, r.MetRate())
		}
		p.Bars = append(p.Bars, b)
	}
	return p
}

func (s *Server) handleAdminIndicators(w http.ResponseWriter, r *http.Request) {
	ind, err := s.day.Indicators()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p := s.adminPage(r, "indicators")
	page := indicatorsPage{page: p, Total: ind.Total}
	for _, g := range ind.Groups {
		page.Groups = append(page.Groups, plotOf(g, p.Lang))
	}
	s.render(w, "admin_indicators.html", page)
}

// indicatorHeadings are the columns of indicators.csv.
var indicatorHeadings = []csvio.Heading{{EN: "grouping", FR: "Regroupement"}, {EN: "group", FR: "Groupe"},
	{EN: "people", FR: "Personnes venues"}, {EN: "introductions", FR: "Mises en relation"},
	{EN: "introductions_met", FR: "Suivies d'une rencontre"}, {EN: "we_met_rate_percent", FR: "Taux « on s'est vus » (%)"},
	{EN: "met", FR: "Rencontres"}, {EN: "met_nobody", FR: "Personnes sans rencontre"}}

// handleIndicatorsCSV serves the indicators as CSV: the total first, then
// every group of every grouping (?excel=1: French headers and ';').
func (s *Server) handleIndicatorsCSV(w http.ResponseWriter, r *http.Request) {
	ind, err := s.day.Indicators()
	s.serveCSV(w, r, "indicators.csv", indicatorHeadings, err, func(excel bool) [][]any {
		lang := "en"
		if excel {
			lang = "fr"
		}
		row := func(grouping live.Text, i live.Indicator) []any {
			return []any{grouping.In(lang), i.Label.In(lang), i.People, i.Suggested, i.SuggestedMet, i.MetRate(), i.Met, i.MetNobody}
		}
		rows := [][]any{row(live.Text{FR: "Total", EN: "Total"}, ind.Total)}
		for _, g := range ind.Groups {
			for _, i := range g.Rows {
				rows = append(rows, row(g.Name, i))
			}
		}
		return rows
	})
}

// afterDayHeadings are the columns of afterday.csv.
var afterDayHeadings = []csvio.Heading{{EN: "first_name", FR: "Prénom"}, {EN: "last_name", FR: "Nom"}, {EN: "email", FR: "E-mail"},
	{EN: "organisation", FR: "Organisation"}, {EN: "my_day_link", FR: "Lien ma journée"},
	{EN: "met_count", FR: "Nombre de rencontres"}, {EN: "met", FR: "Personnes rencontrées"},
	{EN: "not_met_count", FR: "Nombre à recontacter"}, {EN: "not_met", FR: "Suggérées, pas rencontrées"}}

// handleAfterDayCSV serves the mail merge of everyone's day: one row per
// person with an e-mail, the people they met and those suggested but not
// met, one per line ("Karim Benali (Finaxy) — karim@finaxy.example"; the
// e-mail only for those in the directory), and the link to their "my
// day" page. It holds phone secrets: hand it only to the mailing tool.
func (s *Server) handleAfterDayCSV(w http.ResponseWriter, r *http.Request) {
	all, err := s.day.AfterDay()
	s.serveCSV(w, r, "afterday.csv", afterDayHeadings, err, func(bool) [][]any {
		root := strings.TrimRight(s.PublicBase(r), "/")
		var rows [][]any
		for _, p := range all {
			a := p.Attendee
			if strings.TrimSpace(a.Email) == "" {
				continue
			}
			link := ""
			if a.Secret != "" {
				link = root + "/me/" + url.PathEscape(a.Secret) + "/day"
			}
			rows = append(rows, []any{a.FirstName, a.LastName, a.Email, a.Organisation, link,
				len(p.Met), contactLines(p.Met), len(p.NotMet), contactLines(p.NotMet)})
		}
		return rows
	})
}

// contactLines renders contacts one per line for a mail merge.
func contactLines(cs []live.Contact) string {
	lines := make([]string, len(cs))
	for i, c := range cs {
		lines[i] = c.Name
		if c.Organisation != "" {
			lines[i] += " (" + c.Organisation + ")"
		}
		if c.Email != "" {
			lines[i] += " — " + c.Email
		}
	}
	return strings.Join(lines, "\n")
}

// serveCSV answers a CSV download named like the other exports, with
// the rows that rows makes for French Excel (?excel=1: French headers and
// ';') or not; when err, the read of the day that rows needs failed, and
// it is the answer instead.
func (s *Server) serveCSV(w http.ResponseWriter, r *http.Request, name string, headings []csvio.Heading, err error, rows func(excel bool) [][]any) {
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	excel := r.URL.Query().Get("excel") == "1"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", s.store.Now().Format("20060102-1504-")+name))
	w.Header().Set("Cache-Control", "no-store")
	if err := csvio.WriteRows(w, headings, rows(excel), excel); err != nil {
		s.log.Error("export", "file", name, "err", err)
	}
}

func init() {
	addLabels(map[string]Text{
		"ind.help":      {"Après la journée : mises en relation, taux de « on s'est vus », personnes sans rencontre, par secteur et par tour.", "After the day: introductions made, “we met” rate, people who met nobody, per sector and per round."},
		"ind.total":     {"Toute la journée", "The whole day"},
		"ind.people":    {"Personnes venues", "People who came"},
		"ind.made":      {"Mises en relation", "Introductions made"},
		"ind.madeMet":   {"Suivies d'un « on s'est vus »", "Followed by “we met”"},
		"ind.rate":      {"Taux « on s'est vus »", "“We met” rate"},
		"ind.met":       {"Rencontres (« on s'est vus »)", "Meetings (“we met”)"},
		"ind.nobody":    {"Personnes sans rencontre", "People who met nobody"},
		"ind.group":     {"Groupe", "Group"},
		"ind.members":   {"Personnes (venues ; placées, pour un tour)", "People (who came; seated, for a round)"},
		"ind.plot":      {"Mises en relation (barre claire) et celles suivies d'un « on s'est vus » (barre foncée)", "Introductions made (light bar) and those followed by “we met” (dark bar)"},
		"ind.none":      {"Rien à montrer pour l'instant.", "Nothing to show yet."},
		"ind.csv":       {"Indicateurs (CSV Excel)", "Indicators (Excel CSV)"},
		"ind.mailmerge": {"Publipostage : la journée de chacun (CSV Excel)", "Mail merge: everyone's day (Excel CSV)"},
		"ind.downloads": {"Téléchargements", "Downloads"},
		"ind.tableof":   {"Tableau :", "Table:"},
	})
}
