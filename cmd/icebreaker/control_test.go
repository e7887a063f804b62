package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"icebreaker/data"
	"icebreaker/data/demo"
)

// startServing seeds an event file with people and starts the real server
// on it, control socket included.
func startServing(t *testing.T, people []data.Attendee) (*app, string) {
	t.Helper()
	path := seedFile(t, people, 0)
	a := testApp(t, appConfig{DB: path})
	if a.control == nil {
		t.Fatalf("no control socket: %v", a.controlErr)
	}
	return a, path
}

func TestControl_CommandsRunInTheLiveServer(t *testing.T) {
	a, db := startServing(t, demo.Attendees(4, 1))
	csv := fixtureCSV("attendees_fr_excel.csv")

	code, out, errs := icebreaker(t, "import", "--db", db, csv)
	if code != 0 || !strings.Contains(out, "created 3, updated 0") {
		t.Fatalf("import through the socket: exit %d\n%s\n%s", code, out, errs)
	}
	if got := boardCounts(t, a.URL()).Registered; got != 7 {
		t.Fatalf("board counts %d registered after the import, want 7: the live day did not follow", got)
	}

	code, out, errs = icebreaker(t, "kiosk", "add", "--db", db, "--name", "porte sud")
	if code != 0 || !strings.Contains(out, `kiosk "porte sud" added`) {
		t.Fatalf("kiosk add: exit %d\n%s\n%s", code, out, errs)
	}
	key := strings.Split(out, "\n")[1]
	if status, _ := postScan(t, a.URL(), key, map[string]any{"code": "NOTACODE", "gate": "sud", "nonce": "n1"}); status == 401 {
		t.Fatal("the live server refuses the key kiosk add printed through the socket")
	}

	dir := t.TempDir()
	pdf := filepath.Join(dir, "badges.pdf")
	code, out, errs = icebreaker(t, "badges", "--db", db, "-o", pdf, "--layout", "avery-l7163")
	if b, err := os.ReadFile(pdf); code != 0 || err != nil || !bytes.HasPrefix(b, []byte("%PDF")) || !strings.Contains(out, "7 badges") {
		t.Fatalf("badges: exit %d, %v\n%s\n%s", code, err, out, errs)
	}

	_, live, _ := icebreaker(t, "export", "--db", db, "--what", "attendees")
	_, livePairs, _ := icebreaker(t, "pairs", "--db", db, "--json")
	_, liveGroups, _ := icebreaker(t, "groups", "--db", db, "--size", "3")
	code, _, errs = icebreaker(t, "export", "--db", db, "-o", filepath.Join(dir, "people.json"))
	if st, err := os.Stat(filepath.Join(dir, "people.json")); code != 0 || err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("export -o: exit %d %v %s", code, err, errs)
	}
	if code, _, errs := icebreaker(t, "suggest", "--db", db, "--email", "nobody@example.fr"); code != 1 || !strings.Contains(errs, "nobody has the email") {
		t.Fatalf("suggest's error and exit status through the socket: %d %q", code, errs)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(controlSocketPath(db)); !os.IsNotExist(err) {
		t.Fatalf("clean shutdown left the socket: %v", err)
	}
	_, offline, _ := icebreaker(t, "export", "--db", db, "--what", "attendees")
	if live != offline || !strings.Contains(live, "amelie@example.org") {
		t.Fatalf("export through the socket differs from offline:\n%s\n---\n%s", live, offline)
	}
	_, offlinePairs, _ := icebreaker(t, "pairs", "--db", db, "--json")
	_, offlineGroups, _ := icebreaker(t, "groups", "--db", db, "--size", "3")
	if livePairs != offlinePairs || liveGroups != offlineGroups || !strings.Contains(liveGroups, "groups for") {
		t.Fatalf("pairs or groups through the socket differ from offline:\n%s\n%s\n---\n%s\n%s", livePairs, liveGroups, offlinePairs, offlineGroups)
	}
}

func TestControl_EraseThroughSocketLeavesTheBoard(t *testing.T) {
	people := demo.Attendees(3, 2)
	a, db := startServing(t, people)
	code, out, errs := icebreaker(t, "erase", "--db", db, "--email", people[0].Email)
	if code != 0 || !strings.Contains(out, "erased") || !strings.Contains(out, "wiped the erased bytes from "+db) {
		t.Fatalf("erase: exit %d\n%s\n%s", code, out, errs)
	}
	if got := boardCounts(t, a.URL()).Registered; got != 2 {
		t.Fatalf("board counts %d registered after the erase, want 2", got)
	}
}

func TestControl_SocketIsOwnerOnly(t *testing.T) {
	_, db := startServing(t, demo.Attendees(1, 1))
	st, err := os.Lstat(controlSocketPath(db))
	if err != nil || st.Mode()&fs.ModeSocket == 0 || st.Mode().Perm() != 0o600 {
		t.Fatalf("control socket %v, %v: want a socket with mode 0600", st.Mode(), err)
	}
}

func TestControl_StaleSocketOfAKilledServerIsReplaced(t *testing.T) {
	path := seedFile(t, demo.Attendees(2, 1), 0)
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: controlSocketPath(path), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false) // as a SIGKILL leaves it
	ln.Close()
	a := testApp(t, appConfig{DB: path})
	if code, out, errs := icebreaker(t, "kiosk", "list", "--db", path); code != 0 || !strings.Contains(out, "ID") {
		t.Fatalf("kiosk list after a stale socket: exit %d %q %q (control: %v)", code, out, errs, a.controlErr)
	}
}

func TestControl_NotASocketIsLeftAloneAndSaid(t *testing.T) {
	path := seedFile(t, demo.Attendees(2, 1), 0)
	os.WriteFile(controlSocketPath(path), []byte("notes"), 0o600)
	a := testApp(t, appConfig{DB: path})
	if a.controlErr == nil || !strings.Contains(a.controlErr.Error(), "not a socket") {
		t.Fatalf("controlErr = %v", a.controlErr)
	}
	if b, _ := os.ReadFile(controlSocketPath(path)); string(b) != "notes" {
		t.Fatal("the file at the socket's path was replaced")
	}
	code, _, errs := icebreaker(t, "kiosk", "list", "--db", path)
	if code != 1 || !strings.Contains(errs, "in use by another icebreaker") || !strings.Contains(errs, "not this user's private control socket") {
		t.Fatalf("kiosk list without a socket: exit %d %q", code, errs)
	}
}

func TestPurge_WithoutTerminalOrYesRefusesAndKeepsEveryone(t *testing.T) {
	path := seedFile(t, demo.Attendees(2, 1), 0)
	code, out, errs := icebreaker(t, "purge", "--db", path)
	if code != 2 || !strings.Contains(errs, "Add --yes") || out != "" {
		t.Fatalf("purge without --yes: exit %d %q %q", code, out, errs)
	}
	_, exported, _ := icebreaker(t, "export", "--db", path, "--format", "json")
	if !strings.Contains(exported, "@") {
		t.Fatalf("people gone after a refused purge: %s", exported)
	}
}

func TestPurge_TerminalAnswerDecides(t *testing.T) {
	path := seedFile(t, demo.Attendees(2, 1), 0)
	var out, errs bytes.Buffer
	s := &session{stdout: &out, stderr: &errs, stdin: strings.NewReader("non\n"), terminal: true}
	if code := runSession(s, []string{"purge", "--db", path}); code != 1 || !strings.Contains(errs.String(), "not confirmed") {
		t.Fatalf("purge answered no: exit %d %q", code, errs.String())
	}
	s = &session{stdout: &out, stderr: &errs, stdin: strings.NewReader("oui\n"), terminal: true}
	if code := runSession(s, []string{"purge", "--db", path}); code != 0 || !strings.Contains(out.String(), "purged") {
		t.Fatalf("purge answered oui: exit %d %q %q", code, out.String(), errs.String())
	}
}

// TestControl_ChildProcessesThroughSocket runs the server and the command
// as two real processes.
func TestControl_ChildProcessesThroughSocket(t *testing.T) {
	path := seedFile(t, demo.Attendees(3, 1), 0)
	p := startChildServer(t, path)
	cmd := childCommand("import", "--db", path, fixtureCSV("attendees_fr_excel.csv"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || !strings.Contains(stdout.String(), "created 3") {
		t.Fatalf("import process: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	if got := boardCounts(t, p.URL).Registered; got != 6 {
		t.Fatalf("the server process counts %d registered, want 6", got)
	}
	cmd = childCommand("purge", "--db", path)
	stderr.Reset()
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "--yes") {
		t.Fatalf("purge without --yes through the socket: %v %q", err, stderr.String())
	}
}

// boardCounts reads the board's counters from the running server.
func boardCounts(t *testing.T, base string) (c struct{ Registered, Present int }) {
	t.Helper()
	resp, err := http.Get(base + "/api/board")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var snap struct {
		Counts struct {
			Registered int `json:"registered"`
			Present    int `json:"present"`
		} `json:"counts"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&snap); err != nil {
		t.Fatal(err)
	}
	c.Registered, c.Present = snap.Counts.Registered, snap.Counts.Present
	return c
}

func TestServe_PublicURLInMailMergeAndLANAddressesNotUnspecified(t *testing.T) {
	path := seedFile(t, demo.Attendees(2, 1), 0)
	if code, _, errs := icebreaker(t, "export", "--db", path, "--what", "mailmerge"); code != 1 || !strings.Contains(errs, "--public-url") {
		t.Fatalf("mail merge without a public address: exit %d %q", code, errs)
	}
	a := testApp(t, appConfig{DB: path, Addr: "0.0.0.0:0", PublicURL: "https://accueil.example.org"})
	if strings.Contains(a.URL(), "[::]") || strings.Contains(a.URL(), "0.0.0.0") {
		t.Fatalf("URL %s: not an address anyone opens", a.URL())
	}
	for _, u := range a.LANURLs() {
		if host := strings.TrimPrefix(u, "http://"); strings.HasPrefix(host, "127.") || strings.HasPrefix(host, "[") || !strings.HasSuffix(u, ":"+a.port()) {
			t.Fatalf("LAN URL %s", u)
		}
	}
	code, out, errs := icebreaker(t, "export", "--db", path, "--what", "mailmerge") // through the socket
	if code != 0 || !strings.Contains(out, "https://accueil.example.org/me/") {
		t.Fatalf("mail merge: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := icebreaker(t, "serve", "--db", path, "--public-url", "accueil.example.org"); code != 2 || !strings.Contains(errs, "http:// or https://") {
		t.Fatalf("serve --public-url without scheme: exit %d %q", code, errs)
	}
}
