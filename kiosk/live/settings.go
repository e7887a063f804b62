package live

import (
	"icebreaker/data"
	"icebreaker/matcher"
)

// SettingsChange is what the admin's settings form saves. Empty strings
// and zero numbers keep the current value.
type SettingsChange struct {
	Name, Language          string
	Weights                 data.Weights
	GroupSize, RoundMinutes int
	Branding                data.Branding
	// Logo replaces the uploaded logo when set; RemoveLogo removes it.
	Logo       []byte
	LogoType   string
	RemoveLogo bool
}

// SaveSettings writes the event settings in one transaction; new matching
// weights rebuild the matcher (Reweigh) with the same people present and
// the same pairs kept apart. Screens reload their branding.
func (d *Day) SaveSettings(c SettingsChange) error {
	var reweigh bool
	err := d.store.Update(func(tx *data.Tx) error {
		ev, err := tx.Event()
		if err != nil {
			return err
		}
		if c.Name != "" {
			ev.Name = c.Name
		}
		if c.Language == "fr" || c.Language == "en" {
			ev.Language = c.Language
		}
		if err := tx.PutEvent(ev); err != nil {
			return err
		}
		set, err := tx.Settings()
		if err != nil {
			return err
		}
		reweigh = Weights(set) != matcherWeights(c.Weights)
		set.Weights = &c.Weights
		if c.GroupSize > 0 {
			set.GroupSize = c.GroupSize
		}
		if c.RoundMinutes > 0 {
			set.RoundMinutes = c.RoundMinutes
		}
		set.Branding = c.Branding
		if err := tx.PutSettings(set); err != nil {
			return err
		}
		switch {
		case len(c.Logo) > 0:
			return tx.PutLogo(c.LogoType, c.Logo)
		case c.RemoveLogo:
			return tx.PutLogo("", nil)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if reweigh {
		d.Reweigh(matcherWeights(c.Weights))
	}
	d.pub.Publish(TopicBoard, KindBrand, nil)
	return nil
}

// Reweigh rebuilds the model with new weights, and the index with the same
// people present and the same exclusions (rebuild: scans do not wait for
// it, and none is lost).
func (d *Day) Reweigh(w matcher.Weights) {
	d.rebuild(func(o *matcher.Options) { o.Weights = w })
}

// rebuild makes a new model with d.opts changed by change, over the same
// profiles, and a new index with the same people present and the same
// exclusions, then swaps them in. The build (NewModel and Index.Load, most
// of a second at 2,000 present) runs without d.mu, so the door keeps
// scanning on the old index meanwhile; at the swap, under d.mu, the new
// index catches up with what changed since its snapshot: people who came
// in or left, pairs kept apart, profiles edited (d.changed). So nothing
// acknowledged during the rebuild is lost, and the index still follows
// the commit order. Rebuilds are serialised (d.rebuilding). d.mu must not
// be held.
func (d *Day) rebuild(change func(*matcher.Options)) {
	d.rebuilding.Lock()
	defer d.rebuilding.Unlock()
	d.mu.Lock()
	opts := d.opts
	change(&opts)
	ids := d.model.IDs()
	profiles := make([]matcher.Profile, 0, len(ids))
	for _, id := range ids {
		if p, ok := d.model.Profile(id); ok {
			profiles = append(profiles, p)
		}
	}
	present := d.index.PresentIDs()
	apart := d.index.ExcludedPairs()
	d.changed = map[uint64]bool{}
	d.mu.Unlock()

	model := matcher.NewModel(profiles, opts)
	index := newIndex(model, d.top, apart)
	index.Load(present)

	d.mu.Lock()
	defer d.mu.Unlock()
	for id := range d.changed {
		if p, ok := d.model.Profile(id); ok {
			model.Upsert(p)
		}
	}
	was := make(map[uint64]bool, len(present))
	for _, id := range present {
		was[id] = true
	}
	now := d.index.PresentIDs()
	for _, id := range now {
		if !was[id] || d.changed[id] {
			index.Arrive(id) // came in, or re-read after a profile edit
		}
		delete(was, id)
	}
	for id := range was {
		index.Leave(id)
	}
	d.index.ExcludedPairs().Each(func(a, b uint64) {
		if !apart.Has(a, b) {
			index.Exclude(a, b)
		}
	})
	d.opts, d.model, d.index, d.changed = opts, model, index, nil
}

// profileChanged notes, during a rebuild, that id's profile changed in
// the model in use (rebuild re-reads it at the swap); d.mu is held.
func (d *Day) profileChanged(id uint64) {
	if d.changed != nil {
		d.changed[id] = true
	}
}
