package live

import (
	"testing"

	"icebreaker/data"
	"icebreaker/matcher"
)

// Settings saved before the text, title and target weights existed hold
// only the first five: the others must keep the matcher's defaults, not
// become 0 (which switched the text channel and titles off for any event
// whose admin had once saved the weights).
func TestWeights_AbsentWeightsKeepTheMatchersDefaults(t *testing.T) {
	def := matcher.DefaultWeights()
	old := data.Weights{Interest: 0.2, Complement: 1, Project: 0.3, Sector: 0.1, SameOrg: 0.5}
	got := Weights(data.Settings{Weights: &old})
	if got.Text != def.Text || got.Role != def.Role || got.Target != def.Target {
		t.Fatalf("text %v role %v target %v; want the defaults %v %v %v", got.Text, got.Role, got.Target, def.Text, def.Role, def.Target)
	}
	if got.Interest != 0.2 || got.Project != 0.3 || got.AllowColleagues {
		t.Fatalf("saved weights not applied: %+v", got)
	}
	zero, two := 0.0, 2.0
	set := data.Weights{Complement: 1, Text: &zero, Target: &two, AllowColleagues: true}
	got = Weights(data.Settings{Weights: &set})
	if got.Text != 0 || got.Target != 2 || got.Role != def.Role || !got.AllowColleagues {
		t.Fatalf("explicit weights not applied: %+v", got)
	}
}
