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
// people present and the same exclusions. Scans wait for it (it holds
// d.mu): the index must not miss an arrival while it is rebuilt.
func (d *Day) Reweigh(w matcher.Weights) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.opts.Weights = w
	d.rebuild()
}

// rebuild makes a new model with d.opts over the same profiles, and a new
// index with the same people present and the same exclusions; d.mu is
// held.
func (d *Day) rebuild() {
	ids := d.model.IDs()
	profiles := make([]matcher.Profile, 0, len(ids))
	for _, id := range ids {
		if p, ok := d.model.Profile(id); ok {
			profiles = append(profiles, p)
		}
	}
	present := d.index.PresentIDs()
	d.model = matcher.NewModel(profiles, d.opts)
	d.index = newIndex(d.model, d.top, d.index.ExcludedPairs())
	d.index.Load(present)
}
