package live

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"icebreaker/data"
	"icebreaker/matcher"
)

// Groups formed before the day (data.GroupPlan), each led by a member of
// the organising team (data.Attendee.Team). The organiser builds them from
// the profiles (BuildGroups: matcher.Groups, the group rounds' own
// builder, by affinity or as hackathon teams), adjusts them by hand
// (MoveToGroup, SetGroupLeader: a leader already leading another group
// swaps with it, SetGroupDetails, AddGroup) and publishes them
// (PublishGroups). Nothing reaches a screen before; after, every change
// reaches the phones it concerns at once (KindGroup: my group, its leader,
// where and when it meets; for a leader, the members with their projects
// and who has arrived, which follows every scan), and the board shows
// every group when the organiser allows it (ShowGroupsOnBoard, KindGroups).
//
// # Consent
//
// BuildGroups places only the people who consented to matchmaking and are
// not in the team: it reads profiles, and the matcher reads no profile of
// anyone who refused (matcher.Groups leaves them out). Someone who did not
// consent is placed only by hand (MoveToGroup), as an organiser seats
// someone at a table: their phone then shows their group like anyone's,
// and their leader sees their name, organisation and arrival, never their
// project (it is profile data they did not share). Withdrawing consent
// after being placed keeps the person in their group (the organiser's
// placement stands, and the admin marks them) and hides their project from
// the leader at once. A rebuild places the consenting people again and
// leaves the others out. The board shows a name only with board consent,
// leaders included.
//
// Team members lead and are never members: marking someone as team takes
// them out of their group, and unmarking a leader leaves their group
// without one (SetTeam).
//
// # Locks
//
// The plan is cached in Day.groups (groupsCache, pregroups_plan.go) for
// the scans' lookup (whose leader must hear of this arrival?). Its lock is
// never taken with Day.mu held, and nothing is taken while it is held but,
// at first use, a read transaction of the store (loading the plan).

// Kinds of message of the groups formed before the day.
//
//	me:<id>: group GroupMsg (my group or the one I lead; null: none)
//	board:   groups BoardGroupsMsg (every group, when the board shows them)
const (
	KindGroup  = "group"
	KindGroups = "groups"
)

// How BuildGroups forms groups (GroupBuild.Mode).
const (
	GroupAffinity = "affinity" // the most affinity inside each group (matcher.Affinity)
	GroupTeams    = "teams"    // hackathon teams covering tech, design and business (matcher.Teams)
)

// Bounds of a plan.
const (
	MinGroupSize       = 2
	MaxGroupSize       = 50
	MaxGroupLabelRunes = 80 // a group's name or place
)

// GroupBuild says how to build the groups: Mode (GroupAffinity when
// empty) and Size, the people per group (0: enough groups for one leader
// each, at least MinGroupSize people per group; without a team, the group
// rounds' size of the settings).
type GroupBuild struct {
	Mode string
	Size int
}

// BuildGroups forms the groups from the profiles of the registered people
// who consented to matchmaking and are not in the team (see the consent
// rule above), with matcher.Groups, and gives each a leader from the team:
// the pairs (group, team member) are taken by decreasing affinity (the sum
// of the matcher's scores between the leader and the members), each group
// and each team member once; groups beyond the team's size have none. It
// replaces the groups (their names, places and times stay with their
// numbers) and keeps the plan published or not; a published plan reaches
// the screens at once.
func (d *Day) BuildGroups(b GroupBuild) (data.GroupPlan, error) {
	mode := matcher.Affinity
	switch b.Mode {
	case "", GroupAffinity:
		b.Mode = GroupAffinity
	case GroupTeams:
		mode = matcher.Teams
	default:
		return data.GroupPlan{}, refuse("Mode de groupes inconnu « %s » : affinité ou équipes.", "Unknown group mode “%s”: affinity or teams.", b.Mode)
	}
	if b.Size != 0 && (b.Size < MinGroupSize || b.Size > MaxGroupSize) {
		return data.GroupPlan{}, refuse("Un groupe compte de %d à %d personnes.", "A group has %d to %d people.", MinGroupSize, MaxGroupSize)
	}
	var ids []uint64
	var team []data.AttendeeID
	var set data.Settings
	err := d.store.View(func(tx *data.Tx) error {
		var err error
		if set, err = tx.Settings(); err != nil {
			return err
		}
		return tx.ForEachAttendee(func(a data.Attendee) error {
			switch {
			case a.Team:
				team = append(team, a.ID)
			case a.MatchConsent:
				ids = append(ids, uint64(a.ID))
			}
			return nil
		})
	})
	if err != nil {
		return data.GroupPlan{}, err
	}
	if len(ids) < MinGroupSize {
		return data.GroupPlan{}, refuse("Il faut au moins %d personnes ayant accepté la mise en relation (hors équipe) pour former des groupes.",
			"Groups need at least %d people who accepted introductions (the team aside).", MinGroupSize)
	}
	switch {
	case b.Size == 0 && len(team) == 0: // no leader to count on: the group rounds' size
		b.Size = min(max(set.WithDefaults().GroupSize, MinGroupSize), MaxGroupSize)
	case b.Size == 0:
		b.Size = min(max(MinGroupSize, (len(ids)+len(team)-1)/len(team)), MaxGroupSize)
	}
	d.mu.Lock()
	m := d.model
	d.mu.Unlock()
	built := matcher.Groups(m, ids, b.Size, mode, d.now().UnixNano(), nil)
	leaders := leadersFor(m, built, team)
	now := d.now()
	return d.changeGroups(func(p *data.GroupPlan, _ *data.Tx) error {
		old := p.Groups
		p.Groups = make([]data.PreGroup, len(built))
		for i, g := range built {
			ng := data.PreGroup{Number: i + 1, Leader: leaders[i]}
			if i < len(old) {
				ng.Name, ng.Place, ng.Meets = old[i].Name, old[i].Place, old[i].Meets
			}
			for _, id := range g.Members {
				ng.Members = append(ng.Members, data.AttendeeID(id))
			}
			p.Groups[i] = ng
		}
		p.Mode, p.Size, p.BuiltAt = b.Mode, b.Size, now
		return nil
	})
}

// leadersFor gives groups their leaders from team: the (group, leader)
// pairs by decreasing affinity, each once; 0 for a group left without.
func leadersFor(m *matcher.Model, groups []matcher.Group, team []data.AttendeeID) []data.AttendeeID {
	type pair struct {
		g, l  int
		score float64
	}
	var pairs []pair
	for g, gr := range groups {
		for l, lead := range team {
			s := 0.0
			for _, id := range gr.Members {
				s += m.Score(uint64(lead), id).Score
			}
			pairs = append(pairs, pair{g, l, s})
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(b.score, a.score) })
	out := make([]data.AttendeeID, len(groups))
	used := make([]bool, len(team))
	for _, p := range pairs {
		if out[p.g] == 0 && !used[p.l] {
			out[p.g], used[p.l] = team[p.l], true
		}
	}
	return out
}

// MoveToGroup puts a person in group number (1, 2, …), out of the group
// they were in; number 0 takes them out of every group. Anyone registered
// may be placed by hand, with or without consent (see the consent rule);
// a team member is refused: they lead, never belong.
func (d *Day) MoveToGroup(id data.AttendeeID, number int) error {
	_, err := d.changeGroups(func(p *data.GroupPlan, tx *data.Tx) error {
		a, err := tx.Attendee(id)
		if err != nil {
			return err
		}
		if a.Team {
			return refuse("%s fait partie de l'équipe : désignez-le ou désignez-la plutôt comme animateur d'un groupe.",
				"%s is in the team: make them a group's leader instead.", a.FullName())
		}
		if number < 0 || number > len(p.Groups) {
			return refuse("Il n'y a pas de groupe %d.", "There is no group %d.", number)
		}
		from := p.GroupOf(id)
		if from == number-1 {
			return errUnchanged
		}
		if from >= 0 {
			p.Groups[from].Members = slices.DeleteFunc(p.Groups[from].Members, func(m data.AttendeeID) bool { return m == id })
		}
		if number > 0 {
			g := &p.Groups[number-1]
			g.Members = append(g.Members, id)
			slices.Sort(g.Members)
		}
		return nil
	})
	return err
}

// SetGroupLeader makes a team member the leader of group number (0: the
// group has none). A leader already leading another group swaps with this
// group's leader: "swap leaders" is one call.
func (d *Day) SetGroupLeader(number int, leader data.AttendeeID) error {
	_, err := d.changeGroups(func(p *data.GroupPlan, tx *data.Tx) error {
		if number < 1 || number > len(p.Groups) {
			return refuse("Il n'y a pas de groupe %d.", "There is no group %d.", number)
		}
		g := &p.Groups[number-1]
		if g.Leader == leader {
			return errUnchanged
		}
		if leader != 0 {
			a, err := tx.Attendee(leader)
			if err != nil {
				return err
			}
			if !a.Team {
				return refuse("%s ne fait pas partie de l'équipe : cochez « Équipe organisatrice » sur sa fiche pour qu'il ou elle anime un groupe.",
					"%s is not in the team: tick “Organising team” on their record to let them lead a group.", a.FullName())
			}
			if other := p.LedBy(leader); other >= 0 {
				p.Groups[other].Leader = g.Leader // a swap
			}
		}
		g.Leader = leader
		return nil
	})
	return err
}

// SetGroupDetails names group number and says where and when it meets:
// name and place are trimmed (MaxGroupLabelRunes each), at is "15:04" on
// the event's day in its zone, or "" for not said.
func (d *Day) SetGroupDetails(number int, name, place, at string) error {
	name, place = strings.Join(strings.Fields(name), " "), strings.Join(strings.Fields(place), " ")
	if utf8.RuneCountInString(name) > MaxGroupLabelRunes || utf8.RuneCountInString(place) > MaxGroupLabelRunes {
		return refuse("Le nom et le lieu d'un groupe font %d caractères au plus.", "A group's name and place are %d characters at most.", MaxGroupLabelRunes)
	}
	_, err := d.changeGroups(func(p *data.GroupPlan, tx *data.Tx) error {
		if number < 1 || number > len(p.Groups) {
			return refuse("Il n'y a pas de groupe %d.", "There is no group %d.", number)
		}
		var meets time.Time
		if at = strings.TrimSpace(at); at != "" {
			ev, err := tx.Event()
			if err != nil {
				return err
			}
			if meets, err = meetingTime(ev, d.now(), at); err != nil {
				return err
			}
		}
		g := &p.Groups[number-1]
		if g.Name == name && g.Place == place && g.Meets.Equal(meets) {
			return errUnchanged
		}
		g.Name, g.Place, g.Meets = name, place, meets
		return nil
	})
	return err
}

// meetingTime reads "15:04" on the event's day (its date, or today) in
// its zone.
func meetingTime(ev data.Event, now time.Time, at string) (time.Time, error) {
	loc := ev.Location()
	clock, err := time.Parse("15:04", at)
	if err != nil {
		return time.Time{}, refuse("Heure « %s » illisible : écrivez-la comme 14:30.", "Time “%s” unreadable: write it as 14:30.", at)
	}
	day := EndOfDay(ev, now).AddDate(0, 0, -1)
	return time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc), nil
}

// AddGroup adds an empty group at the end of the plan (to move people
// into), and returns its number.
func (d *Day) AddGroup() (int, error) {
	p, err := d.changeGroups(func(p *data.GroupPlan, _ *data.Tx) error {
		p.Groups = append(p.Groups, data.PreGroup{Number: len(p.Groups) + 1})
		return nil
	})
	return len(p.Groups), err
}

// PublishGroups shows the groups on the phones (and on the board, if it
// shows them), or takes them off.
func (d *Day) PublishGroups(on bool) error {
	now := d.now()
	_, err := d.changeGroups(func(p *data.GroupPlan, _ *data.Tx) error {
		if p.Published == on {
			return errUnchanged
		}
		if on && len(p.Groups) == 0 {
			return refuse("Aucun groupe à publier : formez-les d'abord.", "No group to publish: build them first.")
		}
		p.Published = on
		if on {
			p.PublishedAt = now
		}
		return nil
	})
	return err
}

// ShowGroupsOnBoard lets the board show every group while they are
// published (or stops it).
func (d *Day) ShowGroupsOnBoard(on bool) error {
	_, err := d.changeGroups(func(p *data.GroupPlan, _ *data.Tx) error {
		if p.Board == on {
			return errUnchanged
		}
		p.Board = on
		return nil
	})
	return err
}

// SetTeam marks a person as a member of the organising team, or not.
// Becoming team takes them out of their group; leaving it takes them off
// the group they lead. The record and the plan change in one transaction.
func (d *Day) SetTeam(id data.AttendeeID, on bool) (data.Attendee, error) {
	var a data.Attendee
	_, err := d.changeGroups(func(p *data.GroupPlan, tx *data.Tx) error {
		var err error
		if a, err = tx.Attendee(id); err != nil {
			return err
		}
		if a.Team == on {
			return errUnchanged
		}
		a.Team = on
		if err := tx.PutAttendee(&a); err != nil {
			return err
		}
		for i := range p.Groups {
			g := &p.Groups[i]
			g.Members = slices.DeleteFunc(g.Members, func(m data.AttendeeID) bool { return on && m == id })
			if !on && g.Leader == id {
				g.Leader = 0
			}
		}
		return nil
	})
	if err == nil {
		d.mu.Lock()
		d.upsert(a)
		d.mu.Unlock()
	}
	return a, err
}

// changeGroups applies change to the stored plan in one transaction (a
// change that returns errUnchanged writes nothing and is no error), then
// tells the screens.
func (d *Day) changeGroups(change func(p *data.GroupPlan, tx *data.Tx) error) (data.GroupPlan, error) {
	var old, p data.GroupPlan
	err := d.store.Update(func(tx *data.Tx) error {
		var err error
		if old, err = tx.GroupPlan(); err != nil {
			return err
		}
		p = clonePlan(old)
		if err := change(&p, tx); err != nil {
			return err
		}
		return tx.PutGroupPlan(p)
	})
	if errors.Is(err, errUnchanged) {
		return old, nil
	}
	if err != nil {
		return old, err
	}
	d.groups.set(p)
	d.publishGroups(old, p)
	return p, nil
}

// reloadGroups reads the plan again after the store changed it by itself
// (an erasure, a purge) and tells the screens.
func (d *Day) reloadGroups() {
	old, err := d.groupPlan()
	if err != nil {
		return
	}
	var p data.GroupPlan
	if err := d.store.View(func(tx *data.Tx) (err error) { p, err = tx.GroupPlan(); return }); err != nil {
		return
	}
	d.groups.set(p)
	d.publishGroups(old, p)
}

// groupNews follows an arrival, an exit or a consent switch of id: the
// phone of their leader, if the plan is published, gets the group again.
func (d *Day) groupNews(id data.AttendeeID) {
	if lead := d.leaderOfMember(id); lead != 0 {
		d.publishMyGroup(lead)
	}
}

// renamedInGroups follows a correction of id's name or organisation: the
// phones that show it in a published group (their leader's, or, for a
// leader, the members') and the board get the groups again.
func (d *Day) renamedInGroups(id data.AttendeeID) {
	p, err := d.groupPlan()
	if err != nil || !p.Published {
		return
	}
	var tell []data.AttendeeID
	if i := p.GroupOf(id); i >= 0 && p.Groups[i].Leader != 0 {
		tell = append(tell, p.Groups[i].Leader)
	}
	if i := p.LedBy(id); i >= 0 {
		tell = append(tell, p.Groups[i].Members...)
	}
	for _, o := range tell {
		d.publishMyGroup(o)
	}
	if len(tell) > 0 && p.Board {
		d.publishBoardGroups()
	}
}
