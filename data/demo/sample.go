package demo

import "icebreaker/data"

// Sample is the tests' five-person event, whose best matches are known:
// Amélie needs fundraising and corporate law, which Karim and Inès offer
// (written in French); Théo shares nothing with her; Zoé gave no consent,
// so she is never suggested nor named on the board. It is the fixture that
// the tests of several packages share, hence not in a _test.go file;
// nothing in the binary calls it, so the linker leaves it out.
func Sample() []data.Attendee {
	yes := func(a data.Attendee) data.Attendee { a.MatchConsent, a.BoardConsent = true, true; return a }
	return []data.Attendee{
		yes(data.Attendee{FirstName: "Amélie", LastName: "Dubois", Email: "amelie@matrice.example", Organisation: "Matrice",
			Needs: []string{"fundraising", "corporate law"}, Interests: []string{"education"},
			Project: data.Project{Sector: "edtech", Description: "Coding lessons for teenagers"}}),
		yes(data.Attendee{FirstName: "Karim", LastName: "Benali", Email: "karim@finaxy.example", Organisation: "Finaxy",
			Offers: []string{"levée de fonds"}, Interests: []string{"éducation"},
			Project: data.Project{Sector: "fintech", Description: "Micro-crédit"}}),
		yes(data.Attendee{FirstName: "Inès", LastName: "Moreau", Email: "ines@cabinet-moreau.example", Organisation: "Cabinet Moreau",
			Offers: []string{"droit des sociétés"}, Project: data.Project{Sector: "legal"}}),
		yes(data.Attendee{FirstName: "Théo", LastName: "Peeters", Email: "theo@agricool.example", Organisation: "Agricool",
			Offers: []string{"hardware"}, Needs: []string{"falconry"}, Project: data.Project{Sector: "agritech"}}),
		{FirstName: "Zoé", LastName: "Secret", Email: "zoe@discrete.example", Organisation: "Discrète",
			Offers: []string{"fundraising"}}, // no consent: never suggested, never named on the board
	}
}
