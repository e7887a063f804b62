package live

import (
	"slices"
	"sync"

	"icebreaker/data"
)

// The Day's copy of the plan of groups before the day (groupsCache) and its
// index of who is in or leads which group; the verbs that change it are
// pregroups.go's.

// groupsCache is the stored plan in memory, loaded at first use, and who
// leads each member while it is published (see Locks above).
type groupsCache struct {
	mu     sync.Mutex
	loaded bool
	plan   data.GroupPlan
	index  planIndex
}

// planIndex maps each member and each leader of a plan to the index of
// their group, so that a lookup per phone or per scan costs no walk of
// the plan.
type planIndex struct{ member, leads map[data.AttendeeID]int }

func indexPlan(p data.GroupPlan) planIndex {
	x := planIndex{member: map[data.AttendeeID]int{}, leads: map[data.AttendeeID]int{}}
	for i, g := range p.Groups {
		for _, m := range g.Members {
			x.member[m] = i
		}
		if g.Leader != 0 {
			x.leads[g.Leader] = i
		}
	}
	return x
}

// groupOf is the index of the group id is in, or else leads (leads true);
// ok is false when neither.
func (x planIndex) groupOf(id data.AttendeeID) (i int, leads, ok bool) {
	if i, ok = x.member[id]; ok {
		return i, false, true
	}
	i, ok = x.leads[id]
	return i, ok, ok
}

// groupPlan returns the plan (a copy), reading it from the store the
// first time.
func (d *Day) groupPlan() (data.GroupPlan, error) {
	d.groups.mu.Lock()
	defer d.groups.mu.Unlock()
	if err := d.loadGroupsLocked(); err != nil {
		return data.GroupPlan{}, err
	}
	return clonePlan(d.groups.plan), nil
}

// loadGroupsLocked reads the plan into the cache if it is not there yet;
// d.groups.mu is held.
func (d *Day) loadGroupsLocked() error {
	if d.groups.loaded {
		return nil
	}
	var p data.GroupPlan
	if err := d.store.View(func(tx *data.Tx) (err error) { p, err = tx.GroupPlan(); return }); err != nil {
		return err
	}
	d.groups.setLocked(p)
	return nil
}

// set replaces the cached plan with one just committed.
func (c *groupsCache) set(p data.GroupPlan) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(p)
}

func (c *groupsCache) setLocked(p data.GroupPlan) {
	c.plan, c.loaded = clonePlan(p), true
	c.index = indexPlan(c.plan)
}

// leaderOfMember is the leader to tell when id arrives, leaves or changes
// consent (0: none, or the plan is not published).
func (d *Day) leaderOfMember(id data.AttendeeID) data.AttendeeID {
	d.groups.mu.Lock()
	defer d.groups.mu.Unlock()
	if d.loadGroupsLocked() != nil || !d.groups.plan.Published {
		return 0
	}
	if i, ok := d.groups.index.member[id]; ok {
		return d.groups.plan.Groups[i].Leader
	}
	return 0
}

func clonePlan(p data.GroupPlan) data.GroupPlan {
	p.Groups = slices.Clone(p.Groups)
	for i := range p.Groups {
		p.Groups[i].Members = slices.Clone(p.Groups[i].Members)
	}
	return p
}
