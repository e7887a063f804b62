package data

import (
	"fmt"
	"slices"
	"time"
)

// bucketPreGroups holds the groups formed before the day: key "plan" →
// GroupPlan JSON. It is created by the first plan saved (files written
// before it need no migration); CompactFile copies it like any bucket, a
// purge drops it (personalBuckets: who is in which group is personal), and
// erasure takes the person out of their group (removeFromGroups).
var bucketPreGroups = []byte("pregroups")

var keyGroupPlan = []byte("plan")

// GroupPlan is the groups an organiser forms ahead of the day, each led by
// a member of the organising team (Attendee.Team). Nothing of it reaches a
// phone or the board before Published; after, every change does, live.
// Board says whether the public board shows all the groups.
type GroupPlan struct {
	Groups      []PreGroup `json:"groups"`
	Published   bool       `json:"published,omitempty"`
	PublishedAt time.Time  `json:"published_at,omitzero"`
	Board       bool       `json:"board,omitempty"`
	// Mode and Size are how the groups were last built ("affinity" or
	// "teams"; people per group), to fill the admin's form again.
	Mode    string    `json:"mode,omitempty"`
	Size    int       `json:"size,omitempty"`
	BuiltAt time.Time `json:"built_at,omitzero"`
}

// PreGroup is one group of a GroupPlan. Number is its place in the plan,
// from 1, and names it when Name is empty ("Groupe 3"). Leader is 0 while
// no team member leads it. Place and Meets say where and when it meets
// (Meets zero: not said).
type PreGroup struct {
	Number  int          `json:"number"`
	Name    string       `json:"name,omitempty"`
	Leader  AttendeeID   `json:"leader,omitempty"`
	Members []AttendeeID `json:"members"`
	Place   string       `json:"place,omitempty"`
	Meets   time.Time    `json:"meets,omitzero"`
}

// GroupOf returns the index in p.Groups of the group id is a member of,
// or -1.
func (p GroupPlan) GroupOf(id AttendeeID) int {
	return slices.IndexFunc(p.Groups, func(g PreGroup) bool { return slices.Contains(g.Members, id) })
}

// LedBy returns the index in p.Groups of the group id leads, or -1.
func (p GroupPlan) LedBy(id AttendeeID) int {
	if id == 0 {
		return -1
	}
	return slices.IndexFunc(p.Groups, func(g PreGroup) bool { return g.Leader == id })
}

// Check reports what makes p inconsistent, if anything: groups numbered
// 1, 2, … in order, nobody in two groups, nobody both leading and a
// member, nobody leading two groups.
func (p GroupPlan) Check() error {
	seen := map[AttendeeID]string{}
	for i, g := range p.Groups {
		if g.Number != i+1 {
			return fmt.Errorf("group plan: group %d is numbered %d", i+1, g.Number)
		}
		for _, m := range g.Members {
			if m == 0 {
				return fmt.Errorf("group plan: group %d has a member without an ID", g.Number)
			}
			if where, dup := seen[m]; dup {
				return fmt.Errorf("group plan: attendee %d is in group %d and %s", m, g.Number, where)
			}
			seen[m] = fmt.Sprintf("in group %d", g.Number)
		}
	}
	for _, g := range p.Groups {
		if g.Leader == 0 {
			continue
		}
		if where, dup := seen[g.Leader]; dup {
			return fmt.Errorf("group plan: attendee %d leads group %d and is %s", g.Leader, g.Number, where)
		}
		seen[g.Leader] = fmt.Sprintf("leading group %d", g.Number)
	}
	return nil
}

// GroupPlan returns the stored plan (the zero plan when none was saved).
func (t *Tx) GroupPlan() (GroupPlan, error) {
	var p GroupPlan
	b := t.tx.Bucket(bucketPreGroups)
	if b == nil {
		return p, nil
	}
	_, err := getJSON(b, keyGroupPlan, &p)
	return p, err
}

// PutGroupPlan stores the plan after checking it (GroupPlan.Check) and
// that every member and leader is a registered attendee.
func (t *Tx) PutGroupPlan(p GroupPlan) error {
	if err := p.Check(); err != nil {
		return err
	}
	for _, g := range p.Groups {
		for _, id := range append(slices.Clip(g.Members), g.Leader) {
			if id != 0 && t.tx.Bucket(bucketAttendees).Get(itob(uint64(id))) == nil {
				return fmt.Errorf("group %d: attendee %d: %w", g.Number, id, ErrNotFound)
			}
		}
	}
	b, err := t.tx.CreateBucketIfNotExists(bucketPreGroups)
	if err != nil {
		return err
	}
	return putJSON(b, keyGroupPlan, p)
}

// removeFromGroups takes id out of the plan: out of their group, or off
// the group they lead, which then has no leader (part of DeleteAttendee).
func (t *Tx) removeFromGroups(id AttendeeID) error {
	p, err := t.GroupPlan()
	if err != nil || (p.GroupOf(id) < 0 && p.LedBy(id) < 0) {
		return err
	}
	for i := range p.Groups {
		g := &p.Groups[i]
		g.Members = slices.DeleteFunc(g.Members, func(m AttendeeID) bool { return m == id })
		if g.Leader == id {
			g.Leader = 0
		}
	}
	return putJSON(t.tx.Bucket(bucketPreGroups), keyGroupPlan, p)
}

// PersonalGroup is one person's part of the group plan, for a
// right-of-access request: the group they are in or lead, where and when
// it meets, and their leader by ID.
type PersonalGroup struct {
	Number int        `json:"number"`
	Name   string     `json:"name,omitempty"`
	Leads  bool       `json:"leads,omitempty"`
	Leader AttendeeID `json:"leader,omitempty"`
	Place  string     `json:"place,omitempty"`
	Meets  time.Time  `json:"meets,omitzero"`
}

// personalGroup is id's PersonalGroup, nil when they are in no group.
func (t *Tx) personalGroup(id AttendeeID) (*PersonalGroup, error) {
	p, err := t.GroupPlan()
	if err != nil {
		return nil, err
	}
	i, leads := p.GroupOf(id), false
	if i < 0 {
		i, leads = p.LedBy(id), true
	}
	if i < 0 {
		return nil, nil
	}
	g := p.Groups[i]
	return &PersonalGroup{Number: g.Number, Name: g.Name, Leads: leads, Leader: g.Leader, Place: g.Place, Meets: g.Meets}, nil
}
