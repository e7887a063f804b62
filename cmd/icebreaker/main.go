// Command icebreaker runs one event day: QR check-in at the door, a matcher
// that tells each person who in the building they should meet, and live
// screens. Run "icebreaker help" for the subcommands.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	_ "time/tzdata" // event time zones work on machines without a zone database: the binary stays single
)

// command is one subcommand. Files named cmd_*.go register theirs in init.
type command struct {
	summary string                                            // one line for "icebreaker help"
	run     func(args []string, stdout, stderr io.Writer) int // exit status
	// runs, set instead of run, is an event command: it runs in a session
	// and, while a server holds the event file, inside that server.
	runs func(s *session, args []string) int
}

var commands = map[string]command{}

func main() {
	os.Exit(runSession(&session{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, terminal: isTerminal(os.Stdin)}, os.Args[1:]))
}

// run dispatches to a subcommand, with no terminal to confirm on, and
// returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return runSession(&session{stdout: stdout, stderr: stderr}, args)
}

// runSession dispatches to a subcommand in session s. An event command
// whose file a running server holds is forwarded to it (forward).
func runSession(s *session, args []string) int {
	stdout, stderr := s.stdout, s.stderr
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "icebreaker: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	if cmd.runs == nil {
		return cmd.run(args[1:], stdout, stderr)
	}
	code := cmd.runs(s, args[1:])
	if s.forwardDB != "" && s.served == nil {
		return forward(s, args)
	}
	return code
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: icebreaker COMMAND [flags]")
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun \"icebreaker COMMAND -h\" for a command's flags.")
}
