package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// session is one run of an event command (import, badges, kiosk, export,
// erase, purge, suggest, pairs, groups): where it writes, how it reads its
// input files and writes its output files, and how it reaches the event.
//
// Offline, the command opens the event file itself. When a running server
// holds the file (data.ErrInUse), openEvent answers errForwarded and the
// dispatcher sends the same arguments, with the input files the command
// opened, to that server over its control socket (control.go); the server
// runs the same command in a session whose event is its own live store and
// Day, and streams its output, output files and exit status back. The user
// sees the same output and exit status as offline.
type session struct {
	stdout, stderr io.Writer
	stdin          io.Reader // purge's confirmation
	terminal       bool      // stdin is a terminal a person types on
	confirmed      bool      // the person confirmed on the client's terminal (forwarded runs)

	// served is set inside the server: the event file it serves, its store
	// and Day, and the client's files and working directory.
	served *servedEvent

	forwardDB string   // offline: the event file is in use; forward to its server
	opened    []string // offline: the input files the command opened, to send along
}

// servedEvent is the running server's side of a forwarded command.
type servedEvent struct {
	path   string // the event file the server serves
	store  *data.Store
	day    *live.Day
	cwd    string            // the client's working directory
	inputs map[string][]byte // the client's input files, by the path the command names
	output func(path string, b []byte) error
}

// errForwarded is what openEvent returns offline when a running server holds
// the file: the command stops silently and the dispatcher forwards it.
var errForwarded = errors.New("forwarded to the running server")

// event is an open event file: the store, and the running server's Day
// when the command runs inside the server (nil offline).
type event struct {
	*data.Store
	path string // as the command line named it
	file string // the file itself
	day  *live.Day
}

// Close closes an offline store; the server's own stays open.
func (e *event) Close() error {
	if e.day != nil {
		return nil
	}
	return e.Store.Close()
}

// openEvent opens the event file at path (create: import only). Inside the
// server, path must name the file it serves.
func (s *session) openEvent(path string, create bool) (*event, error) {
	if sv := s.served; sv != nil {
		file := path
		if !filepath.IsAbs(file) {
			file = filepath.Join(sv.cwd, file)
		}
		mine, err1 := os.Stat(sv.path)
		theirs, err2 := os.Stat(file)
		if err1 != nil || err2 != nil || !os.SameFile(mine, theirs) {
			return nil, fmt.Errorf("%s: this server serves %s", path, sv.path)
		}
		return &event{Store: sv.store, path: path, file: sv.path, day: sv.day}, nil
	}
	if controlAnswers(path) { // a server runs this file: no need to wait for its lock
		s.forwardDB = path
		return nil, errForwarded
	}
	store, err := openStore(path, create)
	if errors.Is(err, data.ErrInUse) {
		s.forwardDB = path
		return nil, errForwarded
	}
	if err != nil {
		return nil, err
	}
	return &event{Store: store, path: path, file: path}, nil
}

// openWithInput opens the input file the command reads (none for input
// "": in is then nil), then the event file as openEvent does. The order
// matters: when a running server holds the event file, openEvent answers
// errForwarded and the dispatcher sends the server the input files opened
// until then. done closes what was opened; on an error nothing is left
// open.
func (s *session) openWithInput(input, db string, create bool) (in io.Reader, ev *event, done func(), err error) {
	var f io.ReadCloser
	if input != "" {
		if f, err = s.open(input); err != nil {
			return nil, nil, nil, err
		}
	}
	if ev, err = s.openEvent(db, create); err != nil {
		if f != nil {
			f.Close()
		}
		return nil, nil, nil, err
	}
	done = func() {
		ev.Close()
		if f != nil {
			f.Close()
		}
	}
	return f, ev, done, nil
}

// open opens an input file the command reads.
func (s *session) open(path string) (io.ReadCloser, error) {
	if sv := s.served; sv != nil {
		b, ok := sv.inputs[path]
		if !ok {
			return nil, fmt.Errorf("%s: the command line did not send this file to the server", path)
		}
		return io.NopCloser(strings.NewReader(string(b))), nil
	}
	f, err := os.Open(path)
	if err == nil {
		s.opened = append(s.opened, path)
	}
	return f, err
}

// outputFile returns stdout for path "", else a writer whose finish(true)
// puts the file in place in one step (finish(false) drops it), so a failed
// run never leaves half a file. Files are created 0600: they hold personal
// data. Inside the server, the file is sent to the client, which writes it.
func (s *session) outputFile(path string) (io.Writer, func(ok bool) error, error) {
	if path == "" {
		bw := bufio.NewWriter(s.stdout)
		return bw, func(bool) error { return bw.Flush() }, nil
	}
	if sv := s.served; sv != nil {
		var buf strings.Builder
		return &buf, func(ok bool) error {
			if !ok {
				return nil
			}
			return sv.output(path, []byte(buf.String()))
		}, nil
	}
	return localOutputFile(path)
}

// writeOutput writes b as the output file path in one step.
func (s *session) writeOutput(path string, b []byte) error {
	w, finish, err := s.outputFile(path)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	if ferr := finish(err == nil); err == nil {
		err = ferr
	}
	return err
}

// localOutputFile is outputFile on this machine's disk: a temporary file
// next to path, renamed into place.
func localOutputFile(path string) (io.Writer, func(ok bool) error, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, err
	}
	bw := bufio.NewWriter(tmp)
	return bw, func(ok bool) error {
		err := bw.Flush()
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if ok && err == nil {
			return os.Rename(tmp.Name(), path)
		}
		os.Remove(tmp.Name())
		return err
	}, nil
}

// confirm asks the person at the terminal to type "yes" (or "oui") before
// a destructive action; yes (the --yes flag) or a confirmation already
// given on the client's terminal skips the question. Without a terminal and
// without --yes it refuses: a script must say --yes.
func (s *session) confirm(c *cli, yes bool, question string) (ok bool, code int) {
	if yes || s.confirmed {
		return true, 0
	}
	if !s.terminal || s.stdin == nil {
		return false, c.misuse("refusing without confirmation: no terminal to ask on. Add --yes to confirm in a script")
	}
	fmt.Fprintf(s.stderr, "%s\nType \"yes\" to go on / tapez « oui » pour continuer: ", question)
	line, _ := bufio.NewReader(s.stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "yes", "y", "oui", "o":
		s.confirmed = true
		return true, 0
	}
	fmt.Fprintf(s.stderr, "%s: not confirmed, nothing done\n", c.name)
	return false, 1
}
