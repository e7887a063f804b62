package main

import (
	"bytes"
	"strings"
	"testing"

	"icebreaker/data"
)

func TestKiosk_AddListRevoke_RevokedKeyIsRefused(t *testing.T) {
	db := seedFile(t, nil, 0)
	var out, errOut bytes.Buffer
	if code := run([]string{"kiosk", "add", "--db", db, "--name", "porte nord"}, &out, &errOut); code != 0 {
		t.Fatalf("add: %d %s", code, errOut.String())
	}
	key := strings.Split(out.String(), "\n")[1]
	run([]string{"kiosk", "add", "--db", db, "--name", "porte sud"}, &out, &errOut)

	out.Reset()
	if code := run([]string{"kiosk", "revoke", "--db", db, "--name", "porte nord"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "revoked") {
		t.Fatalf("revoke: %d %q %s", code, out.String(), errOut.String())
	}
	out.Reset()
	run([]string{"kiosk", "list", "--db", db}, &out, &errOut)
	if l := out.String(); !strings.Contains(l, "porte nord") || !strings.Contains(l, "revoked") || !strings.Contains(l, "porte sud") || !strings.Contains(l, "active") {
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
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 2 || errOut.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, code, errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"kiosk", "revoke", "--db", db, "--name", "ghost"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "no active kiosk") {
		t.Errorf("revoke unknown: %d %q", code, errOut.String())
	}
}
