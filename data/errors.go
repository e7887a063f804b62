package data

import "errors"

// Errors returned by the store. Callers test them with errors.Is.
var (
	// ErrInUse means another process holds the event file open.
	ErrInUse = errors.New("the event file is in use by another icebreaker")
	// ErrNotFound means the record asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrClosed means the store was closed.
	ErrClosed = errors.New("store closed")
	// ErrDuplicate means a unique field (email, code) is already taken.
	ErrDuplicate = errors.New("already taken")
	// ErrNewerSchema means the file was written by a newer icebreaker.
	ErrNewerSchema = errors.New("the event file was written by a newer icebreaker")
)
