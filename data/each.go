package data

import (
	"bytes"
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// eachJSON decodes every value of b whose key starts with prefix (nil: every
// key) as a T and calls fn with it, in key order, until fn returns an error.
// A nil b (a bucket its first write has not made yet) holds nothing. It is
// the one loop behind the ForEach* methods.
func eachJSON[T any](b *bolt.Bucket, prefix []byte, fn func(T) error) error {
	return eachJSONFrom(b, prefix, prefix, fn)
}

// eachJSONFrom is eachJSON from the first key at or after from.
func eachJSONFrom[T any](b *bolt.Bucket, from, prefix []byte, fn func(T) error) error {
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.Seek(from); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var item T
		if err := json.Unmarshal(v, &item); err != nil {
			return err
		}
		if err := fn(item); err != nil {
			return err
		}
	}
	return nil
}

// Collect returns every item a ForEach* method yields, in its order, for
// example data.Collect(tx.ForEachCheckIn); on an error it returns the items
// read so far and that error.
func Collect[T any](forEach func(fn func(T) error) error) ([]T, error) {
	var items []T
	err := forEach(func(item T) error { items = append(items, item); return nil })
	return items, err
}

// appendWhere appends to dst the items forEach yields that keep accepts,
// in its order; on an error it returns what it appended so far and that
// error.
func appendWhere[T any](dst []T, forEach func(fn func(T) error) error, keep func(T) bool) ([]T, error) {
	err := forEach(func(item T) error {
		if keep(item) {
			dst = append(dst, item)
		}
		return nil
	})
	return dst, err
}

// ReadAll is Collect in one read transaction of s: every item forEach, a
// Tx method expression such as (*data.Tx).ForEachKiosk, yields.
func ReadAll[T any](s *Store, forEach func(*Tx, func(T) error) error) ([]T, error) {
	var items []T
	err := s.View(func(tx *Tx) (err error) {
		items, err = Collect(func(fn func(T) error) error { return forEach(tx, fn) })
		return err
	})
	return items, err
}
