package kiosk

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"icebreaker/data"
	"icebreaker/data/demo"
	"icebreaker/kiosk/live"
)

// groupsPeople is the demo event (Zoé refused matchmaking and the board)
// with two team members after it, Léa (who allows the board) and Marc.
func groupsPeople() []data.Attendee {
	people := demo.Sample()
	people[0].Project.Name = "Matrice"
	return append(people,
		data.Attendee{FirstName: "Léa", LastName: "Martin", Email: "lea@orga.example", Team: true, BoardConsent: true},
		data.Attendee{FirstName: "Marc", LastName: "Lambert", Email: "marc@orga.example", Team: true})
}

func TestAdminGroups_BuildMovePublish_ThePhoneSnapshotShowsTheGroup_AndRefusalsSayWhy(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, groupsPeople())
	c := env.adminClient(t)
	u := env.HTTP.URL
	if st, body := env.adminGet(t, c, "/admin/groups?lang=en"); st != http.StatusOK || !strings.Contains(string(body), "Léa Martin") || !strings.Contains(string(body), "Build the groups") {
		t.Fatalf("groups page %d:\n%s", st, body)
	}
	if st, _ := postForm(t, c, u+"/admin/groups/build", url.Values{"mode": {"affinity"}}); st != http.StatusSeeOther {
		t.Fatalf("build: %d", st)
	}
	zoe := env.People[4]
	if st, _ := postForm(t, c, u+"/admin/groups/move", url.Values{"person": {fmt.Sprint(zoe.ID)}, "group": {"2"}}); st != http.StatusSeeOther {
		t.Fatalf("placing Zoé by hand: %d", st)
	}
	if st, _ := postForm(t, c, u+"/admin/groups/2/details", url.Values{"name": {"Agritech"}, "place": {"Salle 2"}, "at": {"14:30"}}); st != http.StatusSeeOther {
		t.Fatalf("details: %d", st)
	}

	// Before publishing, the phone shows no group.
	var snap live.PhoneSnapshot
	if env.getJSONAs(t, nil, "/api/me/"+zoe.Secret, &snap); snap.Group != nil {
		t.Fatalf("a group before publishing: %+v", snap.Group)
	}
	if st, _ := postForm(t, c, u+"/admin/groups/publish", url.Values{"on": {"1"}}); st != http.StatusSeeOther {
		t.Fatalf("publish: %d", st)
	}
	if env.getJSONAs(t, nil, "/api/me/"+zoe.Secret, &snap); snap.Group == nil || snap.Group.Number != 2 || snap.Group.Place != "Salle 2" || snap.Group.At != "14:30" || snap.Group.Leader == "" {
		t.Fatalf("Zoé's group %+v", snap.Group)
	}
	p, _ := env.Server.Day().AdminGroups()
	leader := env.People[p.Groups[1].LeaderID-1]
	if env.getJSONAs(t, nil, "/api/me/"+leader.Secret, &snap); snap.Group == nil || !snap.Group.Leads || len(snap.Group.Members) != 3 {
		t.Fatalf("the leader's group %+v", snap.Group)
	}

	// Refusals come back as the page with the reason.
	st, body := postForm(t, c, u+"/admin/groups/move?lang=en", url.Values{"person": {fmt.Sprint(leader.ID)}, "group": {"1"}})
	if st != http.StatusBadRequest || !strings.Contains(body, "is in the team: make them a group") || !strings.Contains(body, `role="alert"`) {
		t.Errorf("moving a team member: %d\n%s", st, body)
	}
	if st, body := postForm(t, c, u+"/admin/groups/2/details?lang=en", url.Values{"at": {"2 pm"}}); st != http.StatusBadRequest || !strings.Contains(body, "write it as 14:30") {
		t.Errorf("an unreadable time: %d\n%s", st, body)
	}
	if st, _ := postForm(t, c, u+"/admin/groups/move", url.Values{"group": {"1"}}); st != http.StatusBadRequest {
		t.Errorf("a move without a person: %d", st)
	}
	if st, _ := postForm(t, c, u+"/admin/groups/9/leader", url.Values{"leader": {"0"}}); st != http.StatusBadRequest {
		t.Errorf("an unknown group: %d", st)
	}

	// The team flag from the attendee's edit page.
	amelie := env.People[0]
	form := url.Values{"first_name": {amelie.FirstName}, "last_name": {amelie.LastName}, "organisation": {amelie.Organisation}, "team": {"1"}}
	if st, _ := postForm(t, c, u+fmt.Sprintf("/admin/attendees/%d/edit", amelie.ID), form); st != http.StatusSeeOther {
		t.Fatalf("edit: %d", st)
	}
	if a, _ := env.Server.attendeeBySecret(amelie.Secret); !a.Team {
		t.Error("the edit page did not mark Amélie as team")
	}
	if env.getJSONAs(t, nil, "/api/me/"+amelie.Secret, &snap); snap.Group != nil {
		t.Errorf("Amélie joined the team and is still a member: %+v", snap.Group)
	}
	plain := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if st, _ := env.adminGet(t, plain, "/admin/groups"); st == http.StatusOK {
		t.Error("the groups page answered without a session")
	}
}
