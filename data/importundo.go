package data

import (
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// An import of many rows is written in batches, so that the scans' commits
// pass between them (csvio.Import), and stays all or nothing through an
// undo journal: before a batch changes a person, it records in the same
// transaction their record as it was (nothing for a person it creates).
// A finished import drops the journal in one transaction; a failed one is
// rolled back from it, in batches too; and a journal that Open finds was
// left by a killed import, which Open rolls back before serving.

// bucketUndo is the journal: attendee ID → their record before the import
// (JSON), or empty for a person the import created. It exists only while
// an import is being written.
var bucketUndo = []byte("import_undo")

// ErrImportRunning means another import is being written to the file.
var ErrImportRunning = errors.New("another import is being written to this event file: wait for it to finish, then try again")

// BeginImport starts the undo journal of an import written in batches.
func (s *Store) BeginImport() error {
	return s.Update(func(tx *Tx) error {
		if tx.tx.Bucket(bucketUndo) != nil {
			return ErrImportRunning
		}
		_, err := tx.tx.CreateBucket(bucketUndo)
		return err
	})
}

// RecordUndo journals, in the transaction that is about to change it, how
// attendee id was before the import (prev nil: the import creates them,
// and id is theirs once PutAttendee gave it). The first record of a
// person wins: it is how they were before the whole import.
func (t *Tx) RecordUndo(id AttendeeID, prev *Attendee) error {
	b := t.tx.Bucket(bucketUndo)
	if b == nil {
		return errors.New("data: RecordUndo outside an import (BeginImport)")
	}
	if b.Get(itob(uint64(id))) != nil {
		return nil
	}
	var raw []byte
	if prev != nil {
		var err error
		if raw, err = json.Marshal(prev); err != nil {
			return err
		}
	}
	return b.Put(itob(uint64(id)), append([]byte{}, raw...))
}

// FinishImport runs last (what the import writes at its end, such as the
// mapping it used) and drops the journal in one transaction: the import
// stands from that commit on.
func (s *Store) FinishImport(last func(*Tx) error) error {
	return s.Update(func(tx *Tx) error {
		if err := last(tx); err != nil {
			return err
		}
		return tx.tx.DeleteBucket(bucketUndo)
	})
}

// undoBatch is how many journalled people one rollback transaction restores.
const undoBatch = 500

// UndoImport rolls the journalled import back, batch by batch: the people
// it changed get their record back, the people it created are erased
// (with DeleteAttendee's reach when they were scanned meanwhile), and the
// journal is dropped. The erased bytes are then wiped (Scrub).
func (s *Store) UndoImport() error {
	for more := true; more; {
		err := s.Update(func(tx *Tx) error {
			b := tx.tx.Bucket(bucketUndo)
			if b == nil {
				more = false
				return nil
			}
			var done [][]byte
			c := b.Cursor()
			for k, v := c.First(); k != nil && len(done) < undoBatch; k, v = c.Next() {
				if err := tx.undoOne(AttendeeID(btoi(k)), v); err != nil {
					return err
				}
				done = append(done, append([]byte(nil), k...))
			}
			if len(done) < undoBatch {
				more = false
				return tx.tx.DeleteBucket(bucketUndo)
			}
			for _, k := range done {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("roll the import back: %w", err)
		}
	}
	return s.Scrub()
}

// undoOne restores one journalled person.
func (t *Tx) undoOne(id AttendeeID, prev []byte) error {
	a, err := t.Attendee(id)
	if errors.Is(err, ErrNotFound) {
		return nil // erased meanwhile
	}
	if err != nil {
		return err
	}
	if len(prev) > 0 {
		var old Attendee
		if err := json.Unmarshal(prev, &old); err != nil {
			return err
		}
		return t.PutAttendee(&old)
	}
	if t.tx.Bucket(bucketPresence).Get(itob(uint64(id))) != nil {
		return t.DeleteAttendee(id) // scanned during the import: erase them everywhere
	}
	// Created and never scanned: nothing but their record, email and codes names them.
	if err := t.markScrub(); err != nil {
		return err
	}
	if err := t.tx.Bucket(bucketAttendees).Delete(itob(uint64(id))); err != nil {
		return err
	}
	if err := removeEmailID(t.tx.Bucket(bucketEmails), NormalEmail(a.Email), uint64(id)); err != nil {
		return err
	}
	for kind, secret := range map[SecretKind]string{BadgeCode: a.BadgeCode, TicketCode: a.TicketCode, PhoneLink: a.Secret} {
		if err := t.DeleteSecret(kind, secret); err != nil {
			return err
		}
	}
	return nil
}

// importLeftover reports whether a killed import left its journal.
func importLeftover(db *bolt.DB) bool {
	left := false
	db.View(func(tx *bolt.Tx) error { left = tx.Bucket(bucketUndo) != nil; return nil })
	return left
}
