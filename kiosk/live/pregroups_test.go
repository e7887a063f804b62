package live

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// groupsDay is the demo event (Zoé, the fifth, refused matchmaking and
// the board) with two team members after it, Léa (who allows the board)
// and Marc, a clock at 10:00 on the event's day in Brussels, and a
// recorder for the pushes.
func groupsDay(t *testing.T) (*Day, []data.Attendee, *recorder, *time.Time) {
	t.Helper()
	people := append(demo.Sample(),
		data.Attendee{FirstName: "Léa", LastName: "Martin", Email: "lea@orga.example", Team: true, BoardConsent: true},
		data.Attendee{FirstName: "Marc", LastName: "Lambert", Email: "marc@orga.example", Team: true})
	people[0].Project.Name = "Matrice"
	d, rec, now := eventDay(t, people)
	return d, people, rec, now
}

// eventDay is a Day over people on "Demo day" (1 December 2026 in
// Brussels), its clock at 10:00 that day, with a recorder for the pushes.
func eventDay(t *testing.T, people []data.Attendee) (*Day, *recorder, *time.Time) {
	t.Helper()
	d := newTestDay(t, people)
	brussels, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, brussels)
	d.now = func() time.Time { return now }
	rec := &recorder{}
	d.pub = rec
	if err := d.store.Update(func(tx *data.Tx) error {
		return tx.PutEvent(data.Event{Name: "Demo day", Date: "2026-12-01", TimeZone: "Europe/Brussels", Language: "fr"})
	}); err != nil {
		t.Fatal(err)
	}
	return d, rec, &now
}

// publishedGroups builds the groups as the organiser's first click does
// and publishes them.
func publishedGroups(t *testing.T, d *Day) {
	t.Helper()
	if _, err := d.BuildGroups(GroupBuild{}); err != nil {
		t.Fatal(err)
	}
	if err := d.PublishGroups(true); err != nil {
		t.Fatal(err)
	}
}

// topics lists the topics of messages, sorted.
func topics(ms []published) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Topic)
	}
	slices.Sort(out)
	return out
}

func phones(ids ...data.AttendeeID) []string {
	var out []string
	for _, id := range ids {
		out = append(out, PhoneTopic(id))
	}
	slices.Sort(out)
	return out
}

func TestDayBuildGroups_PlacesTheConsentingPeopleOnly_EachGroupLedByATeamMember_AndShowsNothingBeforePublishing(t *testing.T) {
	d, people, rec, _ := groupsDay(t)
	zoe, lea, marc := people[4].ID, people[5].ID, people[6].ID
	p, err := d.BuildGroups(GroupBuild{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Groups) != 2 || p.Size != 2 || p.Mode != GroupAffinity {
		t.Fatalf("built %+v: want two groups of two (four consenting people, two leaders)", p)
	}
	var placed []data.AttendeeID
	for _, g := range p.Groups {
		placed = append(placed, g.Members...)
	}
	slices.Sort(placed)
	if !slices.Equal(placed, []data.AttendeeID{people[0].ID, people[1].ID, people[2].ID, people[3].ID}) {
		t.Errorf("placed %v: want the four who consented, neither Zoé nor the team", placed)
	}
	if leads := []data.AttendeeID{p.Groups[0].Leader, p.Groups[1].Leader}; !slices.Contains(leads, lea) || !slices.Contains(leads, marc) {
		t.Errorf("leaders %v, want Léa and Marc, one each", leads)
	}
	if d.MyGroup(people[0].ID) != nil || d.MyGroup(lea) != nil || len(d.BoardGroups()) != 0 {
		t.Error("a group shows before it is published")
	}
	if msgs := rec.ofKind(KindGroup); len(msgs) != 0 {
		t.Errorf("pushes before publishing: %+v", msgs)
	}
	if _, err := d.BuildGroups(GroupBuild{Mode: GroupTeams, Size: 2}); err != nil {
		t.Fatalf("hackathon teams: %v", err)
	}
	if _, err := d.BuildGroups(GroupBuild{Mode: "random"}); err == nil {
		t.Error("an unknown mode was accepted")
	} else if _, ok := IsRequestError(err); !ok {
		t.Errorf("an unknown mode: %v, want a RequestError", err)
	}
	if ag, _ := d.AdminGroups(); len(ag.Unplaced) != 1 || ag.Unplaced[0].ID != zoe || ag.Consenting != 0 || len(ag.Team) != 2 {
		t.Errorf("admin view: unplaced %+v, consenting %d, team %+v", ag.Unplaced, ag.Consenting, ag.Team)
	}
}

func TestDayGroups_PublishReachesEveryPhone_AndEachChangeOnlyThePhonesItConcerns(t *testing.T) {
	d, people, rec, _ := groupsDay(t)
	publishedGroups(t, d)
	everyone := phones(people[0].ID, people[1].ID, people[2].ID, people[3].ID, people[5].ID, people[6].ID)
	if got := topics(rec.ofKind(KindGroup)); !slices.Equal(got, everyone) {
		t.Fatalf("publishing told %v, want %v", got, everyone)
	}
	p, _ := d.groupPlan()
	one, two := p.Groups[0], p.Groups[1]

	if err := d.SetGroupDetails(1, " Fintech ", "Salle 2", "14:30"); err != nil {
		t.Fatal(err)
	}
	if got, want := topics(rec.ofKind(KindGroup)), phones(append(slices.Clone(one.Members), one.Leader)...); !slices.Equal(got, want) {
		t.Errorf("naming group 1 told %v, want its people %v", got, want)
	}
	mine := d.MyGroup(one.Members[0])
	if mine == nil || mine.Name != "Fintech" || mine.Place != "Salle 2" || mine.At != "14:30" || mine.Leader != d.Name(one.Leader) || mine.Leads || mine.Size != 2 || mine.Members != nil {
		t.Errorf("a member's group %+v", mine)
	}
	if err := d.SetGroupDetails(1, "Fintech", "Salle 2", "2 pm"); err == nil {
		t.Error("an unreadable time was accepted")
	}

	// Move a person from group 1 to group 2: both groups hear of it.
	moved := one.Members[0]
	if err := d.MoveToGroup(moved, 2); err != nil {
		t.Fatal(err)
	}
	want := phones(append(append(slices.Clone(one.Members), two.Members...), one.Leader, two.Leader)...)
	if got := topics(rec.ofKind(KindGroup)); !slices.Equal(got, want) {
		t.Errorf("a move told %v, want both groups %v", got, want)
	}
	if g := d.MyGroup(moved); g == nil || g.Number != 2 || g.Size != 3 {
		t.Errorf("the moved person's group %+v", g)
	}

	// Swap the leaders: giving group 1 the leader of group 2 is one call.
	if err := d.SetGroupLeader(1, two.Leader); err != nil {
		t.Fatal(err)
	}
	p, _ = d.groupPlan()
	if p.Groups[0].Leader != two.Leader || p.Groups[1].Leader != one.Leader {
		t.Errorf("after the swap: leaders %d and %d", p.Groups[0].Leader, p.Groups[1].Leader)
	}
	if lead := d.MyGroup(two.Leader); lead == nil || !lead.Leads || lead.Number != 1 || len(lead.Members) != 1 {
		t.Errorf("the swapped leader's phone %+v", lead)
	}
	if err := d.SetGroupLeader(1, people[0].ID); err == nil {
		t.Error("someone outside the team was made a leader")
	}
	if err := d.MoveToGroup(people[5].ID, 1); err == nil {
		t.Error("a team member was placed as a member")
	} else if _, ok := IsRequestError(err); !ok {
		t.Errorf("a team member placed: %v, want a RequestError", err)
	}

	// Taking the groups off the phones tells each of them.
	rec.take()
	if err := d.PublishGroups(false); err != nil {
		t.Fatal(err)
	}
	if got := topics(rec.ofKind(KindGroup)); !slices.Equal(got, everyone) || d.MyGroup(moved) != nil {
		t.Errorf("unpublishing told %v", got)
	}
}

func TestDayGroups_TheLeaderSeesWhoArrivedAndNamesCorrected_Live(t *testing.T) {
	d, people, rec, now := groupsDay(t)
	publishedGroups(t, d)
	p, _ := d.groupPlan()
	g := p.Groups[0]
	rec.take()
	member := people[g.Members[0]-1]
	d.arrive(member, data.CheckIn{Seq: 1, AttendeeID: member.ID, Direction: data.In, At: *now, Gate: "A"}, nil)
	pushes := rec.ofKind(KindGroup)
	if len(pushes) != 1 || pushes[0].Topic != PhoneTopic(g.Leader) {
		t.Fatalf("an arrival pushed %+v, want the leader's phone alone", pushes)
	}
	lead := pushes[0].Data.(GroupMsg).Group
	statuses := map[data.AttendeeID]string{}
	for _, m := range lead.Members {
		statuses[m.ID] = m.Status
	}
	if statuses[member.ID] != Inside || statuses[g.Members[1]] != NotArrived {
		t.Errorf("the leader's list %+v", lead.Members)
	}
	d.leave(data.CheckIn{Seq: 2, AttendeeID: member.ID, Direction: data.Out, At: *now, Gate: "A"}, nil)
	if pushes := rec.ofKind(KindGroup); len(pushes) != 1 || pushes[0].Data.(GroupMsg).Group.Members[slices.IndexFunc(lead.Members, func(m GroupMember) bool { return m.ID == member.ID })].Status != Left {
		t.Errorf("an exit pushed %+v", pushes)
	}
	if _, err := d.Rename(member.ID, Names{FirstName: "Amelia", LastName: member.LastName, Organisation: member.Organisation}); err != nil {
		t.Fatal(err)
	}
	pushes = rec.ofKind(KindGroup)
	if len(pushes) != 1 || pushes[0].Topic != PhoneTopic(g.Leader) || !slices.ContainsFunc(pushes[0].Data.(GroupMsg).Group.Members, func(m GroupMember) bool { return m.Name == "Amelia "+member.LastName }) {
		t.Errorf("a correction of the name pushed %+v, want the new name on the leader's phone", pushes)
	}
}

// The consent rule of pregroups.go: the builder leaves out whoever did not
// consent; the organiser may place them by hand, and their leader then
// sees them without their project; withdrawing consent later keeps the
// placement and hides the project at once.
func TestDayGroups_ConsentRule_ByHandOnly_AndTheProjectOnlyWithConsent(t *testing.T) {
	d, people, rec, _ := groupsDay(t)
	amelie, zoe := people[0], people[4]
	publishedGroups(t, d)
	p, _ := d.groupPlan()
	at := p.Groups[p.GroupOf(amelie.ID)]
	if err := d.MoveToGroup(zoe.ID, at.Number); err != nil {
		t.Fatalf("placing Zoé by hand: %v", err)
	}
	lead := d.MyGroup(at.Leader)
	byID := map[data.AttendeeID]GroupMember{}
	for _, m := range lead.Members {
		byID[m.ID] = m
	}
	if z, ok := byID[zoe.ID]; !ok || z.Name != "Zoé Secret" || z.Project != "" || z.Sector != "" {
		t.Errorf("Zoé on her leader's phone: %+v, want her name without her project", z)
	}
	if a := byID[amelie.ID]; a.Project != "Matrice" {
		t.Errorf("Amélie on her leader's phone: %+v, want her project", a)
	}
	if g := d.MyGroup(zoe.ID); g == nil || g.Number != at.Number {
		t.Errorf("Zoé's phone: %+v", g)
	}

	rec.take()
	no := false
	if _, err := d.SetConsent(amelie.ID, Consent{Suggestions: &no}); err != nil {
		t.Fatal(err)
	}
	if pushes := rec.ofKind(KindGroup); len(pushes) != 1 || pushes[0].Topic != PhoneTopic(at.Leader) {
		t.Fatalf("a consent withdrawn pushed %+v, want her leader's phone", pushes)
	}
	for _, m := range d.MyGroup(at.Leader).Members {
		if m.ID == amelie.ID && m.Project != "" {
			t.Errorf("Amélie withdrew her consent, her leader still sees %q", m.Project)
		}
	}
	if d.MyGroup(amelie.ID) == nil {
		t.Error("withdrawing consent took Amélie out of her group")
	}
	p, _ = d.BuildGroups(GroupBuild{})
	if p.GroupOf(zoe.ID) >= 0 || p.GroupOf(amelie.ID) >= 0 {
		t.Error("a rebuild placed people who did not consent")
	}
}

func TestDayGroups_TeamFlag_EraseAndTheBoard(t *testing.T) {
	d, people, rec, _ := groupsDay(t)
	publishedGroups(t, d)
	if err := d.ShowGroupsOnBoard(true); err != nil {
		t.Fatal(err)
	}
	board := rec.ofKind(KindGroups)
	if len(board) != 1 || board[0].Topic != TopicBoard || len(board[0].Data.(BoardGroupsMsg).Groups) != 2 {
		t.Fatalf("the board got %+v", board)
	}
	p, _ := d.groupPlan()
	zoe := people[4]
	if err := d.MoveToGroup(zoe.ID, 1); err != nil {
		t.Fatal(err)
	}
	bg := d.BoardGroups()[0]
	if bg.Others != 1 || len(bg.Names) != 2 || slices.Contains(bg.Names, "Zoé S.") {
		t.Errorf("board group 1 %+v: Zoé refused the board, she is only counted", bg)
	}
	for _, g := range d.BoardGroups() {
		if (g.Leader != "") != (g.Number == p.Groups[p.LedBy(people[5].ID)].Number) {
			t.Errorf("board group %d shows leader %q: only Léa allowed the board", g.Number, g.Leader)
		}
	}

	// Erasing a member: their leader's phone and the board hear of it.
	member := p.Groups[0].Members[0]
	rec.take()
	if err := d.Erase(member); err != nil {
		t.Fatal(err)
	}
	if got := topics(rec.ofKind(KindGroup)); !slices.Contains(got, PhoneTopic(p.Groups[0].Leader)) {
		t.Errorf("erasing a member told %v, want their leader", got)
	}
	if len(rec.ofKind(KindGroups)) != 1 {
		t.Error("the board was not told of the erasure")
	}
	for _, m := range d.MyGroup(p.Groups[0].Leader).Members {
		if m.ID == member {
			t.Error("an erased member is still on their leader's phone")
		}
	}

	// A leader who leaves the team leaves their group without a leader;
	// a member who joins it leaves their group.
	lead := p.Groups[1].Leader
	if _, err := d.SetTeam(lead, false); err != nil {
		t.Fatal(err)
	}
	if q, _ := d.groupPlan(); q.Groups[1].Leader != 0 {
		t.Errorf("group 2 kept leader %d who left the team", q.Groups[1].Leader)
	}
	joiner := p.Groups[1].Members[0]
	if a, err := d.SetTeam(joiner, true); err != nil || !a.Team {
		t.Fatal(a, err)
	}
	if q, _ := d.groupPlan(); q.GroupOf(joiner) >= 0 {
		t.Error("a new team member stayed a member of a group")
	}
	if err := d.SetGroupLeader(2, joiner); err != nil {
		t.Errorf("the new team member cannot lead: %v", err)
	}
}

// BenchmarkDay_BuildGroups measures building the groups of an event from
// every registered profile (matcher.Groups and the leaders' choice), for
// 300 people with 30 team members, in both modes.
func BenchmarkDay_BuildGroups(b *testing.B) {
	for _, mode := range []string{GroupAffinity, GroupTeams} {
		b.Run(fmt.Sprintf("people=300/mode=%s", mode), func(b *testing.B) {
			people := matchingPeople(300, 1)
			for i := range people {
				people[i].Team = i%10 == 0
			}
			d := newTestDay(b, people)
			groups := 0
			for b.Loop() {
				p, err := d.BuildGroups(GroupBuild{Mode: mode})
				if err != nil {
					b.Fatal(err)
				}
				groups = len(p.Groups)
			}
			b.ReportMetric(float64(groups), "groups")
		})
	}
}
