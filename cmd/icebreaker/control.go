package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"icebreaker/data"
)

// The control socket lets the event commands work while `serve` runs.
//
// The server listens on a Unix socket beside the event file (FILE.sock),
// mode 0600: only the file's owner (and root) may connect, which is its
// whole authorisation. The protocol is HTTP on that socket, one request per
// command:
//
//	POST /run   {"args": [...], "cwd": "/home/…", "files": {"a.csv": "base64…"}, "confirmed": false}
//
// and the answer streams newline-delimited JSON frames as the command runs:
//
//	{"to":"stdout","data":"base64…"}   {"to":"stderr",…}
//	{"to":"file","path":"badges.pdf","data":"base64…"}   an output file, written by the client
//	{"exit":0,"done":true}             the last frame
//
// The server runs the same command code in a session whose event is its own
// store and Day (session.served), so writes go through the Day's verbs and
// the live screens follow (an import refreshes the board).

// controlSocketPath is the control socket of the event file at db.
func controlSocketPath(db string) string { return db + ".sock" }

// controlRequest is the body of POST /run.
type controlRequest struct {
	Args      []string          `json:"args"`
	Cwd       string            `json:"cwd"`
	Files     map[string][]byte `json:"files,omitempty"`
	Confirmed bool              `json:"confirmed,omitempty"`
}

// controlFrame is one line of the answer.
type controlFrame struct {
	To   string `json:"to,omitempty"` // stdout, stderr or file
	Path string `json:"path,omitempty"`
	Data []byte `json:"data,omitempty"`
	Exit int    `json:"exit"`
	Done bool   `json:"done,omitempty"`
}

// maxControlRequest bounds a request: an attendee file (64 MB) in base64.
const maxControlRequest = 100 << 20

// listenControl creates the control socket of db. A socket left by a
// server that was killed is replaced (this process holds the event file's
// lock, so no other server can be using it); anything else at that path is
// left alone and reported. The directory must not let other users replace
// the socket (group- or world-writable without the sticky bit).
func listenControl(db string) (net.Listener, error) {
	path := controlSocketPath(db)
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if st.Mode().Perm()&0o022 != 0 && st.Mode()&fs.ModeSticky == 0 {
		return nil, fmt.Errorf("%s is writable by other users: move the event file to a directory only you can write to", dir)
	}
	if old, err := os.Lstat(path); err == nil {
		if old.Mode()&fs.ModeSocket == 0 {
			return nil, fmt.Errorf("%s exists and is not a socket: remove or rename it", path)
		}
		if err := os.Remove(path); err != nil { // stale: its server is gone
			return nil, err
		}
	}
	ln, err := listenUnixPrivate(path)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	return ln, nil
}

// controlServer serves POST /run for app a.
func (a *app) controlServer() *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /run", a.handleRun)
	return &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
}

// handleRun runs one forwarded command in the server and streams its
// output.
func (a *app) handleRun(w http.ResponseWriter, r *http.Request) {
	var req controlRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxControlRequest)).Decode(&req); err != nil || len(req.Args) == 0 {
		http.Error(w, "want a JSON body {\"args\": [...]}", http.StatusBadRequest)
		return
	}
	if cmd, ok := commands[req.Args[0]]; !ok || cmd.runs == nil {
		http.Error(w, fmt.Sprintf("%q does not run in the server", req.Args[0]), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	fw := &frameWriter{w: w, flush: http.NewResponseController(w)}
	s := &session{
		stdout: fw.stream("stdout"), stderr: fw.stream("stderr"), confirmed: req.Confirmed,
		served: &servedEvent{path: a.dbPath, store: a.store, day: a.server.Day(), cwd: req.Cwd, inputs: req.Files,
			output: func(path string, b []byte) error { return fw.send(controlFrame{To: "file", Path: path, Data: b}) }},
	}
	code := runSession(s, req.Args)
	a.log.Info("control command", "command", req.Args[0], "exit", code)
	fw.send(controlFrame{Exit: code, Done: true})
}

// frameWriter writes frames to a streaming answer, one at a time.
type frameWriter struct {
	mu    sync.Mutex
	w     io.Writer
	flush *http.ResponseController
}

func (f *frameWriter) send(fr controlFrame) error {
	line, err := json.Marshal(fr)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := f.w.Write(append(line, '\n')); err != nil {
		return err
	}
	return f.flush.Flush()
}

type streamWriter struct {
	f  *frameWriter
	to string
}

func (f *frameWriter) stream(to string) io.Writer { return streamWriter{f, to} }

func (s streamWriter) Write(p []byte) (int, error) {
	if err := s.f.send(controlFrame{To: s.to, Data: p}); err != nil {
		return 0, err
	}
	return len(p), nil
}

// forward sends the command in args to the server that holds s.forwardDB
// and relays its output; it returns the command's exit status there.
func forward(s *session, args []string) int {
	name := args[0]
	sock := controlSocketPath(s.forwardDB)
	fail := func(format string, a ...any) int {
		fmt.Fprintf(s.stderr, "%s: %s: %v\n", name, s.forwardDB, data.ErrInUse)
		fmt.Fprintf(s.stderr, "%s: "+format+"\n", append([]any{name}, a...)...)
		return 1
	}
	if err := checkControlSocket(sock); err != nil {
		return fail("%v", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fail("%v", err)
	}
	req := controlRequest{Args: args, Cwd: cwd, Files: map[string][]byte{}, Confirmed: s.confirmed}
	for _, path := range s.opened {
		b, err := os.ReadFile(path)
		if err != nil {
			return fail("%v", err)
		}
		req.Files[path] = b
	}
	body, err := json.Marshal(req)
	if err != nil {
		return fail("%v", err)
	}
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", sock)
	}}}
	defer client.CloseIdleConnections()
	resp, err := client.Post("http://icebreaker/run", "application/json", bytes.NewReader(body))
	if err != nil {
		return fail("the server does not answer on %s (%v): stop it and run the command again", sock, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fail("the server refused: %s", msg)
	}
	lines := bufio.NewScanner(resp.Body)
	lines.Buffer(make([]byte, 64<<10), maxControlRequest)
	for lines.Scan() {
		var fr controlFrame
		if err := json.Unmarshal(lines.Bytes(), &fr); err != nil {
			return fail("bad answer from the server: %v", err)
		}
		switch {
		case fr.Done:
			return fr.Exit
		case fr.To == "stdout":
			s.stdout.Write(fr.Data)
		case fr.To == "stderr":
			s.stderr.Write(fr.Data)
		case fr.To == "file":
			if err := (&session{stdout: s.stdout}).writeOutput(fr.Path, fr.Data); err != nil {
				fmt.Fprintf(s.stderr, "%s: %v\n", name, err)
				return 1
			}
		}
	}
	return fail("the server stopped before the command finished (%v): check its log, then run the command again", lines.Err())
}

// checkControlSocket refuses a socket this user does not own or that others
// may use: the command would send its files to whoever made it.
func checkControlSocket(path string) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no control socket %s: the server holding the file is an older icebreaker or another program; stop it and run the command again", path)
	}
	if err != nil {
		return err
	}
	if st.Mode()&fs.ModeSocket == 0 || st.Mode().Perm()&0o077 != 0 || !ownedByMe(st) {
		return fmt.Errorf("%s is not this user's private control socket (mode %v): refusing to use it", path, st.Mode())
	}
	return nil
}

// controlAnswers reports whether a server answers on the private control
// socket of db (a stale socket refuses the connection).
func controlAnswers(db string) bool {
	sock := controlSocketPath(db)
	if checkControlSocket(sock) != nil {
		return false
	}
	conn, err := net.DialTimeout("unix", sock, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}
