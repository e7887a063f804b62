package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// serverProcess is `icebreaker serve` running as a child process, for the
// load tool and the drills: its memory and CPU are its own, and it can be
// killed like a real server.
type serverProcess struct {
	Cmd      *exec.Cmd
	URL      string
	SetupURL string // the one-time admin setup link it printed, if any
}

// startServerProcess runs this same executable as `serve --db path` on a
// free loopback port and waits (at most 30 s) for the URL it prints. The
// ICEBREAKER_CHILD_ARGS variable carries the arguments too, so that a test
// binary (whose TestMain honours it) can play the server.
func startServerProcess(path string, stderr io.Writer) (*serverProcess, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--db", path, "--addr", "127.0.0.1:0"}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "ICEBREAKER_CHILD_ARGS="+strings.Join(args, "\x1f"))
	if stderr == nil {
		stderr = io.Discard
	}
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	started := make(chan *serverProcess, 1)
	go func() {
		p := &serverProcess{Cmd: cmd}
		lines := bufio.NewScanner(out)
		for lines.Scan() {
			line := lines.Text()
			if _, rest, ok := strings.Cut(line, " on http://"); ok && p.URL == "" {
				p.URL = "http://" + strings.Fields(rest)[0]
			}
			if _, rest, ok := strings.Cut(line, "admin setup: "); ok {
				p.SetupURL = strings.Fields(rest)[0]
			}
			if strings.HasPrefix(line, "Kiosk keys:") { // the last line of the banner
				break
			}
		}
		if p.URL != "" {
			started <- p
		}
		close(started)
		io.Copy(io.Discard, out)
	}()
	select {
	case p, ok := <-started:
		if ok {
			return p, nil
		}
	case <-time.After(30 * time.Second):
	}
	cmd.Process.Kill()
	cmd.Wait()
	return nil, fmt.Errorf("the server process did not start (see its log above)")
}

// Stop asks the server to shut down (SIGTERM) and kills it after 10 s.
func (p *serverProcess) Stop() error {
	p.Cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.Cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		p.Cmd.Process.Kill()
		return <-done
	}
}
