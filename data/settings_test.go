package data_test

import (
	"bytes"
	"testing"

	"icebreaker/data"
)

func TestTx_Settings_DefaultsThenRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	s.View(func(tx *data.Tx) error {
		got, err := tx.Settings()
		if err != nil || got.GroupSize != data.DefaultGroupSize || got.Weights != nil {
			t.Fatalf("new file settings = %+v, %v", got, err)
		}
		if _, ok, _ := tx.AdminPassword(); ok {
			t.Fatal("a new file has an admin password")
		}
		return nil
	})
	want := data.Settings{GroupSize: 6, RoundMinutes: 7, Weights: &data.Weights{Interest: 1, Complement: 2},
		Branding: data.Branding{LogoURL: "https://example.org/logo.svg", Accent: "#ff0066"}}
	err := s.Update(func(tx *data.Tx) error {
		if err := tx.PutSettings(want); err != nil {
			return err
		}
		if err := tx.PutLogo("image/png", []byte("\x89PNG\n...")); err != nil {
			return err
		}
		return tx.PutAdminPassword(data.AdminPassword{Algorithm: "pbkdf2-sha256", Iterations: 1, Salt: []byte{1}, Hash: []byte{2}})
	})
	if err != nil {
		t.Fatal(err)
	}
	s.View(func(tx *data.Tx) error {
		got, _ := tx.Settings()
		if got.GroupSize != 6 || got.Weights.Complement != 2 || got.Branding.Accent != "#ff0066" {
			t.Fatalf("settings = %+v", got)
		}
		ct, img, ok := tx.Logo()
		if !ok || ct != "image/png" || !bytes.Equal(img, []byte("\x89PNG\n...")) {
			t.Fatalf("logo = %q %q %v", ct, img, ok)
		}
		if p, ok, err := tx.AdminPassword(); !ok || err != nil || p.Iterations != 1 {
			t.Fatalf("admin password = %+v %v %v", p, ok, err)
		}
		return nil
	})
}

func TestTx_PutLogo_RefusesOversizedImages(t *testing.T) {
	s, _ := openTemp(t)
	err := s.Update(func(tx *data.Tx) error { return tx.PutLogo("image/png", make([]byte, data.MaxLogoBytes+1)) })
	if err == nil {
		t.Fatal("an oversized logo was stored")
	}
}
