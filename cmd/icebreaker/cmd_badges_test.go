package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"icebreaker/data"
)

func TestBadges_WritesPDFInTheChosenLayout(t *testing.T) {
	db := seedFile(t, []data.Attendee{{FirstName: "Zoé", LastName: "Zeller"},
		{FirstName: "Éloïse", LastName: "Cœur-Dupré", Organisation: "Île Verte"},
		{FirstName: "Émile", LastName: "Étienne"}}, 0)
	out := filepath.Join(t.TempDir(), "badges.pdf")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"badges", "--db", db, "-o", out, "--layout", "business_card"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	pdf, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output %s: %v %.20q", out, err, pdf)
	}
	if got := stdout.String(); !strings.Contains(got, "3 badges on 1 A4 sheets (business-card)") {
		t.Fatalf("stdout %q", got)
	}
}

func TestBadges_SortsByLastNameInFrenchOrder(t *testing.T) {
	db := seedFile(t, []data.Attendee{{FirstName: "Zoé", LastName: "Zeller"},
		{FirstName: "Émile", LastName: "Étienne"},
		{FirstName: "Anne", LastName: "dupont"}}, 0)
	store, err := openStore(db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	badges, err := badgesOf(store)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range badges {
		got = append(got, b.LastName)
	}
	if strings.Join(got, ",") != "dupont,Étienne,Zeller" {
		t.Fatalf("order %v", got)
	}
}

func TestBadges_ClearErrors(t *testing.T) {
	db := seedFile(t, []data.Attendee{{FirstName: "Ana"}}, 0)
	empty := seedFile(t, nil, 0)
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no output", []string{"--db", db}, 2, "-o FILE.pdf are required"},
		{"unknown layout", []string{"--db", db, "-o", filepath.Join(dir, "b.pdf"), "--layout", "a5"}, 2, "known: a6, business-card"},
		{"missing event file", []string{"--db", filepath.Join(dir, "nope.db"), "-o", filepath.Join(dir, "b.pdf")}, 1, "nope.db"},
		{"no attendees", []string{"--db", empty, "-o", filepath.Join(dir, "b.pdf")}, 1, "no attendees yet"},
		{"not a pdf name", []string{"--db", db, "-o", filepath.Join(dir, "b.txt")}, 1, "must end in .pdf"},
		{"help lists layouts", []string{"-h"}, 2, "avery-l7163"},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"badges"}, c.args...), &stdout, &stderr)
		if code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", c.name, code, stderr.String(), c.code, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "nope.db")); err == nil {
		t.Fatal("badges created a missing event file")
	}
}
