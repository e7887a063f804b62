package live

// The groups formed before the day as the screens show them (pregroups.go
// holds the verbs that change them): what a member's and a leader's phone,
// the board and the admin read, and the pushes that tell them.

import (
	"cmp"
	"reflect"
	"slices"
	"time"

	"icebreaker/data"
)

// MyGroup is one person's group as their phone shows it. At is the time
// it meets in the event's zone ("14:30"), "" when not said. Leads is true
// on the leader's phone, whose Members then lists the group.
type MyGroup struct {
	Number  int           `json:"number"`
	Name    string        `json:"name,omitempty"`
	Leader  string        `json:"leader,omitempty"`
	Place   string        `json:"place,omitempty"`
	At      string        `json:"at,omitempty"`
	Size    int           `json:"size"`
	Leads   bool          `json:"leads"`
	Members []GroupMember `json:"members,omitempty"`
}

// GroupMember is one member as their leader's phone lists them: Project
// and Sector only for people who consented to matchmaking; Status is
// "inside", "left" (came, then left) or "absent" (not arrived).
type GroupMember struct {
	Who
	Project string `json:"project,omitempty"`
	Sector  string `json:"sector,omitempty"`
	Status  string `json:"status"`
}

// BoardGroup is one group on the board: names only with board consent,
// the others counted.
type BoardGroup struct {
	Number int      `json:"number"`
	Name   string   `json:"name,omitempty"`
	Leader string   `json:"leader,omitempty"`
	Names  []string `json:"names"`
	Others int      `json:"others,omitempty"`
	Place  string   `json:"place,omitempty"`
	At     string   `json:"at,omitempty"`
}

// GroupMsg is a phone's group now (null: none, or the groups are not
// published).
type GroupMsg struct {
	Group *MyGroup `json:"group"`
}

// BoardGroupsMsg is every group, for the board; empty when the board does
// not show them.
type BoardGroupsMsg struct {
	Groups []BoardGroup `json:"groups"`
}

// AdminGroups is the plan as the organisers' page shows it: every name.
type AdminGroups struct {
	Published bool         `json:"published"`
	Board     bool         `json:"board"`
	Mode      string       `json:"mode"`
	Size      int          `json:"size"`
	BuiltAt   time.Time    `json:"built_at,omitzero"`
	Groups    []AdminGroup `json:"groups"`
	// Unplaced are the people in no group (team members aside);
	// Consenting how many of them the builder would place.
	Unplaced   []AdminPerson `json:"unplaced"`
	Team       []AdminPerson `json:"team"`
	Consenting int           `json:"consenting"`
}

// AdminGroup is one group for the organisers. Meets is "15:04" in the
// event's zone ("" when not said).
type AdminGroup struct {
	Number   int             `json:"number"`
	Name     string          `json:"name,omitempty"`
	LeaderID data.AttendeeID `json:"leader_id,omitempty"`
	Leader   string          `json:"leader,omitempty"`
	Place    string          `json:"place,omitempty"`
	Meets    string          `json:"meets,omitempty"`
	Members  []AdminPerson   `json:"members"`
}

// AdminPerson is someone on the organisers' page: Consent is their
// consent to matchmaking (without it, the builder leaves them out and
// their leader does not see their project); Group the group they are in
// and Leads the one they lead (0: none).
type AdminPerson struct {
	Who
	Project string `json:"project,omitempty"`
	Consent bool   `json:"consent"`
	Status  string `json:"status"`
	Group   int    `json:"group,omitempty"`
	Leads   int    `json:"leads,omitempty"`
}

// publishGroups tells the phones whose group differs between old and p
// (their group's name, place, time, leader or members, or the plan's
// publication) and the board when it shows, or showed, the groups.
func (d *Day) publishGroups(old, p data.GroupPlan) {
	if !old.Published && !p.Published {
		return
	}
	seen := map[data.AttendeeID]bool{}
	oldIx, newIx := indexPlan(old), indexPlan(p)
	for _, plan := range []data.GroupPlan{old, p} {
		for _, g := range plan.Groups {
			for _, id := range append(slices.Clip(g.Members), g.Leader) {
				if id == 0 || seen[id] {
					continue
				}
				seen[id] = true
				if old.Published != p.Published || !reflect.DeepEqual(groupFor(old, oldIx, id), groupFor(p, newIx, id)) {
					d.publishMyGroup(id)
				}
			}
		}
	}
	if old.Published && old.Board || p.Published && p.Board {
		d.publishBoardGroups()
	}
}

func (d *Day) publishBoardGroups() {
	d.pub.PublishFunc(TopicBoard, KindGroups, func() any { return BoardGroupsMsg{Groups: d.BoardGroups()} })
}

// groupFor is the group id is in or leads in p, indexed by x (zero:
// none).
func groupFor(p data.GroupPlan, x planIndex, id data.AttendeeID) data.PreGroup {
	if i, _, ok := x.groupOf(id); ok {
		return p.Groups[i]
	}
	return data.PreGroup{}
}

func (d *Day) publishMyGroup(id data.AttendeeID) {
	d.pub.PublishFunc(PhoneTopic(id), KindGroup, func() any { return GroupMsg{Group: d.MyGroup(id)} })
}

// MyGroup is id's group for their phone: the group they are in, or the
// one they lead with its members; nil when none, or while the groups are
// not published.
func (d *Day) MyGroup(id data.AttendeeID) *MyGroup {
	g, leads, ok := d.groupOfPhone(id)
	if !ok {
		return nil
	}
	var ev data.Event
	var profiles map[data.AttendeeID]data.Attendee
	d.store.View(func(tx *data.Tx) error {
		ev, _ = tx.Event()
		if leads {
			profiles = map[data.AttendeeID]data.Attendee{}
			for _, m := range g.Members {
				if a, err := tx.Attendee(m); err == nil {
					profiles[m] = a
				}
			}
		}
		return nil
	})
	mg := &MyGroup{Number: g.Number, Name: g.Name, Place: g.Place, At: clockOf(g.Meets, ev), Size: len(g.Members), Leads: leads}
	d.mu.Lock()
	defer d.mu.Unlock()
	if g.Leader != 0 {
		mg.Leader = d.pic.people[g.Leader].Display
	}
	for _, m := range g.Members {
		if !leads {
			break
		}
		info := d.pic.people[m]
		gm := GroupMember{Who: Who{ID: m, Name: info.Full, Organisation: info.Organisation}, Status: d.statusOf(m)}
		if a := profiles[m]; a.MatchConsent {
			gm.Project, gm.Sector = a.Project.Name, a.Project.Sector
		}
		mg.Members = append(mg.Members, gm)
	}
	return mg
}

// groupOfPhone is a copy of the group id is in or leads while the plan is
// published; ok is false otherwise.
func (d *Day) groupOfPhone(id data.AttendeeID) (g data.PreGroup, leads, ok bool) {
	d.groups.mu.Lock()
	defer d.groups.mu.Unlock()
	if d.loadGroupsLocked() != nil || !d.groups.plan.Published {
		return g, false, false
	}
	i, leads, ok := d.groups.index.groupOf(id)
	if !ok {
		return g, false, false
	}
	g = d.groups.plan.Groups[i]
	g.Members = slices.Clone(g.Members)
	return g, leads, true
}

// statusOf is "inside", "left" or "absent"; d.mu is held.
func (d *Day) statusOf(id data.AttendeeID) string {
	switch {
	case d.pic.inside[id]:
		return Inside
	case d.pic.entered[id]:
		return Left
	}
	return NotArrived
}

// clockOf is t as "15:04" in the event's zone, "" for the zero time.
func clockOf(t time.Time, ev data.Event) string {
	if t.IsZero() {
		return ""
	}
	return t.In(ev.Location()).Format("15:04")
}

// BoardGroups is every group for the board while the groups are published
// and the board shows them (empty otherwise).
func (d *Day) BoardGroups() []BoardGroup {
	out := []BoardGroup{}
	p, err := d.groupPlan()
	if err != nil || !p.Published || !p.Board {
		return out
	}
	var ev data.Event
	d.store.View(func(tx *data.Tx) (err error) { ev, err = tx.Event(); return })
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, g := range p.Groups {
		bg := BoardGroup{Number: g.Number, Name: g.Name, Place: g.Place, At: clockOf(g.Meets, ev), Names: []string{}}
		names := d.pic.boardNames(append(slices.Clip(g.Members), g.Leader))
		if info := d.pic.people[g.Leader]; g.Leader != 0 && info.Board {
			bg.Leader = names[g.Leader]
		}
		for _, m := range g.Members {
			if d.pic.people[m].Board {
				bg.Names = append(bg.Names, names[m])
			} else {
				bg.Others++
			}
		}
		out = append(out, bg)
	}
	return out
}

// AdminGroups is the plan with every name, the people in no group and the
// team, for the organisers' page.
func (d *Day) AdminGroups() (AdminGroups, error) {
	p, err := d.groupPlan()
	if err != nil {
		return AdminGroups{}, err
	}
	var ev data.Event
	var people []data.Attendee
	err = d.store.View(func(tx *data.Tx) error {
		ev, _ = tx.Event()
		return tx.ForEachAttendee(func(a data.Attendee) error { people = append(people, a); return nil })
	})
	if err != nil {
		return AdminGroups{}, err
	}
	out := AdminGroups{Published: p.Published, Board: p.Board, Mode: cmp.Or(p.Mode, GroupAffinity), Size: p.Size, BuiltAt: p.BuiltAt,
		Groups: []AdminGroup{}, Unplaced: []AdminPerson{}, Team: []AdminPerson{}}
	byID := map[data.AttendeeID]AdminPerson{}
	d.mu.Lock()
	for _, a := range people {
		ap := AdminPerson{Who: Who{ID: a.ID, Name: a.FullName(), Organisation: a.Organisation}, Project: a.Project.Name, Consent: a.MatchConsent,
			Status: d.statusOf(a.ID)}
		if i := p.GroupOf(a.ID); i >= 0 {
			ap.Group = p.Groups[i].Number
		}
		if i := p.LedBy(a.ID); i >= 0 {
			ap.Leads = p.Groups[i].Number
		}
		byID[a.ID] = ap
		switch {
		case a.Team:
			out.Team = append(out.Team, ap)
		case ap.Group == 0:
			out.Unplaced = append(out.Unplaced, ap)
			if a.MatchConsent {
				out.Consenting++
			}
		}
	}
	d.mu.Unlock()
	for _, g := range p.Groups {
		ag := AdminGroup{Number: g.Number, Name: g.Name, LeaderID: g.Leader, Place: g.Place, Meets: clockOf(g.Meets, ev), Members: []AdminPerson{}}
		if g.Leader != 0 {
			ag.Leader = byID[g.Leader].Name
		}
		for _, m := range g.Members {
			ag.Members = append(ag.Members, byID[m])
		}
		out.Groups = append(out.Groups, ag)
	}
	return out, nil
}
