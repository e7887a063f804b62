package live

import (
	"maps"
	"testing"

	"icebreaker/data"
)

func TestBoardNames_AsFewLettersAsTellApartNeverTheWholeName(t *testing.T) {
	p := newPicture()
	people := []data.Attendee{
		{ID: 1, FirstName: "Anthony", LastName: "Dupont", Organisation: "Matrice"},
		{ID: 2, FirstName: "Anthony", LastName: "Durand"},
		{ID: 3, FirstName: "Anthony", LastName: "Dupond", Organisation: "Finaxy"},
		{ID: 4, FirstName: "Amélie", LastName: "Dubois"},
		{ID: 5, FirstName: "Léa", LastName: "Ng", Organisation: "A"},
		{ID: 6, FirstName: "Léa", LastName: "Ng", Organisation: "A"},
	}
	var ids []data.AttendeeID
	for _, a := range people {
		p.upsert(a)
		ids = append(ids, a.ID)
	}
	got := p.boardNames(ids)
	want := map[data.AttendeeID]string{
		1: "Anthony D. (Matrice)", // Dupon… is Dupond's too: the whole name would be needed
		2: "Anthony Dur.",
		3: "Anthony D. (Finaxy)",
		4: "Amélie D.", // alone with her name
		5: "Léa N.",    // the same name and organisation: nothing public tells them apart
		6: "Léa N.",
	}
	if !maps.Equal(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
}

func TestTopTallies_LabelsAsTypedAndTheRestLast(t *testing.T) {
	p := newPicture()
	for i, s := range []string{"ceo", "CEO", "ceo", "chargé de mission", "Chargé De Mission", "a", "b", "c", "d", "e", "f", "g"} {
		a := data.Attendee{ID: data.AttendeeID(i + 1), FirstName: "P", Title: s, BoardConsent: true}
		p.upsert(a)
		p.apply(data.CheckIn{Seq: uint64(i + 1), AttendeeID: a.ID, Direction: data.In})
	}
	roles := p.counts().Roles
	if roles[0] != (Tally{Label: "CEO", Count: 3}) || roles[1] != (Tally{Label: "Chargé De Mission", Count: 2}) {
		t.Errorf("first lines %+v, want CEO 3 then the capitalised form of chargé de mission", roles[:2])
	}
	if last := roles[len(roles)-1]; last.Label != "" || last.Other != 4 || last.Count != 4 {
		t.Errorf("last line %+v, want the 4 remaining lines folded", last)
	}
}
