// Package data holds icebreaker's domain types and their bbolt store.
//
// One bbolt file holds one event. The store is opened with a timeout, so a
// second process on the same file gets ErrInUse instead of hanging. Open
// creates a missing file only when asked (Options.Create), so a mistyped
// path is an error, never a new empty event; and it checks an existing
// file with plain reads before bbolt maps it, so a truncated or corrupted
// file is a DamagedError (restore the last backup), never a crash. A schema
// version lives in the meta bucket and Open migrates older files forward.
//
// Writes that sit on the scan path go through Store.Commit, a group commit:
// one committer goroutine drains every queued function into a single
// read-write transaction and answers each caller only after that transaction
// is committed and fsynced. Concurrency therefore raises throughput instead of
// queueing callers behind one fsync each. Store.CommitBulk hands the
// committer one batch of a long piece of work (an import's rows), which
// the scans queued with it share instead of queueing behind (at most one
// such batch a transaction); WithCommitTiming says where a commit's time
// went. Store.Update runs one function in its own transaction for rare
// administrative writes.
//
// Work on the whole file never holds the scans back for long: Store.Erase
// searches in a read transaction and writes a short one; Store.Purge
// counts in a read transaction and drops the personal buckets whole;
// Store.Scrub wipes erased bytes from the free pages in batches (see
// scrub.go), and a scrub that failed or was killed is finished by Open;
// Store.Snapshot copies the file for a backup in one short read, so the
// download holds no transaction; imports are written in journalled
// batches (BeginImport) committed with the scans (CommitBulk), all or
// nothing, rolled back by Open after a kill.
//
// Secrets (badge codes, imported ticket codes, phone-link secrets, kiosk keys)
// are never used as raw bbolt keys: the index key is a SHA-256 of the secret,
// so the B-tree walk leaks nothing about the secret, and the stored secret is
// then compared in constant time by the caller. The index value is the
// owner's id, the secret's state (active or revoked) and its kind, so that
// erasing a person removes all their secrets, revoked badge codes included.
//
// The email index maps an address to everyone registered with it: a couple
// or a team registered by an assistant share one, each with their own
// ticket. Lookups, erasure and the right of access by email cover them all.
//
// Values are JSON (debuggable with any bbolt browser); keys are big-endian
// integers so that iteration follows creation and commit order.
//
// The package imports bbolt, the standard library and internal/textfold
// (to compare names) only.
package data
