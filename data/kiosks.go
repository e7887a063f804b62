package data

import (
	"fmt"
)

// PutKiosk creates (ID 0) or updates a kiosk device and maps its key. The
// key itself is not stored, only its hash in the secrets index. Every key
// it maps moves the kiosks' sequence on (a new kiosk's ID, or one skipped
// for an existing kiosk's new key): a purge relies on it to know its read
// saw every kiosk key (see Tx.kioskKeys).
func (t *Tx) PutKiosk(k *Kiosk, key string) error {
	b := t.tx.Bucket(bucketKiosks)
	if k.ID == 0 || key != "" {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		if k.ID == 0 {
			k.ID = seq
			k.Created = t.s.now()
		}
	}
	if key != "" {
		if err := t.PutSecret(KioskKey, key, k.ID, Active); err != nil {
			return err
		}
	}
	return putJSON(b, itob(k.ID), k)
}

// KioskByKey returns the active kiosk a key belongs to.
func (t *Tx) KioskByKey(key string) (Kiosk, error) {
	id, state, ok := t.LookupSecret(KioskKey, key)
	if !ok || state != Active {
		return Kiosk{}, fmt.Errorf("kiosk key: %w", ErrNotFound)
	}
	var k Kiosk
	found, err := getJSON(t.tx.Bucket(bucketKiosks), itob(id), &k)
	if err != nil || !found || k.Revoked {
		return Kiosk{}, fmt.Errorf("kiosk key: %w", ErrNotFound)
	}
	return k, nil
}

// ForEachKiosk calls fn for every kiosk.
func (t *Tx) ForEachKiosk(fn func(Kiosk) error) error {
	return eachJSON(t.tx.Bucket(bucketKiosks), nil, fn)
}
