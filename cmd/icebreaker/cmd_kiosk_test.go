package main

import (
	"strings"
	"testing"

	"icebreaker/data"
)

func TestKiosk_AddListRevoke_RevokedKeyIsRefused(t *testing.T) {
	db := seedFile(t, nil, 0)
	code, out, errs := icebreaker(t, "kiosk", "add", "--db", db, "--name", "porte nord")
	if code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	key := strings.Split(out, "\n")[1]
	icebreaker(t, "kiosk", "add", "--db", db, "--name", "porte sud")

	if code, out, errs := icebreaker(t, "kiosk", "revoke", "--db", db, "--name", "porte nord"); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %d %q %s", code, out, errs)
	}
	_, l, _ := icebreaker(t, "kiosk", "list", "--db", db)
	if !strings.Contains(l, "porte nord") || !strings.Contains(l, "revoked") || !strings.Contains(l, "porte sud") || !strings.Contains(l, "active") {
		t.Fatalf("list:\n%s", l)
	}
	store, err := openStore(db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.View(func(tx *data.Tx) error { _, err := tx.KioskByKey(key); return err }); err == nil {
		t.Fatal("a revoked kiosk's key still opens the door")
	}
}

func TestKiosk_UsageErrors(t *testing.T) {
	db := seedFile(t, nil, 0)
	for _, args := range [][]string{
		{"kiosk"},
		{"kiosk", "fly", "--db", db},
		{"kiosk", "add", "--db", db},
		{"kiosk", "revoke", "--db", db},
		{"kiosk", "list"},
	} {
		if code, _, errs := icebreaker(t, args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, code, errs)
		}
	}
	if code, _, errs := icebreaker(t, "kiosk", "revoke", "--db", db, "--name", "ghost"); code != 1 || !strings.Contains(errs, "no active kiosk") {
		t.Errorf("revoke unknown: %d %q", code, errs)
	}
}
