package matcher_test

import (
	"fmt"

	"icebreaker/matcher"
)

func ExampleSuggestion_Explain() {
	m := matcher.NewModel([]matcher.Profile{
		{ID: 1, Name: "Amélie", Needs: []string{"Levée de fonds"}, Interests: []string{"éducation"}, Consent: true},
		{ID: 2, Name: "Karim", Offers: []string{"fundraising"}, Interests: []string{"Education"}, Consent: true},
	}, matcher.Options{})
	s := m.Rank(1, 5, nil)[0]
	fmt.Println(s.Explain(m, "fr"))
	fmt.Println(s.Explain(m, "en"))
	// Output:
	// Karim peut vous aider pour la levée de fonds, que vous recherchez ; vous vous intéressez tous deux à l'éducation
	// Karim can help with fundraising, which you are looking for; you both care about education
}
