package csvio

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"icebreaker/data"
)

func TestReadSessions_ReadsAFrenchExcelProgramme(t *testing.T) {
	brussels, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Skip(err)
	}
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, brussels)
	text := "Titre;Salle;Début;Fin;Intervenant;Type\r\n" +
		"Python pour débutants;B;14h;15 h 30;Inès;Atelier\r\n" +
		"L'IA générative;Amphi;2026-12-01 16:00;17:15;;Conférence\r\n;;;;;\r\n"
	raw, _ := charmap.Windows1252.NewEncoder().String(text)
	list, bad, err := ReadSessions(strings.NewReader(raw), day, brussels)
	if err != nil || len(bad) > 0 {
		t.Fatalf("%v %+v", err, bad)
	}
	want := []data.Session{
		{Title: "Python pour débutants", Room: "B", Host: "Inès", Kind: data.SessionWorkshop, Start: day.Add(14 * time.Hour), End: day.Add(15*time.Hour + 30*time.Minute)},
		{Title: "L'IA générative", Room: "Amphi", Kind: data.SessionTalk, Start: day.Add(16 * time.Hour), End: day.Add(17*time.Hour + 15*time.Minute)},
	}
	if len(list) != 2 {
		t.Fatalf("read %+v", list)
	}
	for i := range want {
		if list[i].Title != want[i].Title || list[i].Room != want[i].Room || list[i].Host != want[i].Host || list[i].Kind != want[i].Kind ||
			!list[i].Start.Equal(want[i].Start) || !list[i].End.Equal(want[i].End) {
			t.Errorf("row %d: %+v\nwant %+v", i+2, list[i], want[i])
		}
	}
}

func TestReadSessions_ReportsEveryBadRowAndReturnsNone(t *testing.T) {
	text := "title,start,end,kind\nPython,14:00,13:00,workshop\n,25:00,15:00,\nRust,10:00,11:00,hackathon\n"
	list, bad, err := ReadSessions(strings.NewReader(text), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.UTC)
	if err != nil || list != nil {
		t.Fatalf("%v %+v", err, list)
	}
	var got []string
	for _, e := range bad {
		got = append(got, e.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"row 2, column end", "row 3, column title", "row 3, column start", "row 4, column kind"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, all)
		}
	}
	if _, _, err := ReadSessions(strings.NewReader("Titre;Salle\nPython;B\n"), time.Now(), time.UTC); err == nil || !strings.Contains(err.Error(), "début") {
		t.Errorf("no start column: %v", err)
	}
}
