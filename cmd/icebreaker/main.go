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

// command is one subcommand; commands lists them all (each one's code is in
// cmd_NAME.go or, for the matching commands, cmd_match.go). The dispatcher
// makes the command's cli (newCLI) and hands it over.
type command struct {
	summary string // one line for "icebreaker help"
	// db, when set, is the help of the command's --db flag (the event
	// file), which its cli declares.
	db  string
	run func(c *cli, args []string, stdout, stderr io.Writer) int // exit status
	// runs, set instead of run, is an event command: it runs in a session
	// and, while a server holds the event file, inside that server.
	runs func(s *session, c *cli, args []string) int
}

// commands maps a subcommand's name to it. It is filled in init: a
// literal would make an initialization cycle (serve's control socket runs
// the event commands it lists).
var commands map[string]command

func init() {
	const eventFile = "event file"
	commands = map[string]command{
		"badges":   {summary: "print every attendee's badge as A4 PDF sheets (badges --db FILE -o badges.pdf)", db: eventFile, runs: runBadges},
		"demo":     {summary: "run the server on the built-in demo event, with simulated arrivals", db: "event file (default: a temporary file, removed at exit)", run: runDemo},
		"erase":    {summary: "erase one person everywhere and compact the file (erase --db FILE --email ADDR)", db: "event file (while a server runs it, the server erases)", runs: runErase},
		"export":   {summary: "export attendees, check-ins or introductions as CSV/JSON, or one person's data (--email)", db: eventFile, runs: runExport},
		"import":   {summary: "import attendees from a CSV or JSON file (import --db FILE attendees.csv)", db: "event file (created if missing)", runs: runImport},
		"kiosk":    {summary: "manage door kiosk keys (kiosk add|list|revoke --db FILE ...)", db: eventFile, runs: runKiosk},
		"load":     {summary: "load-test a server on this machine: kiosks, phones and boards (bounded)", run: runLoad},
		"suggest":  {summary: "who one attendee should meet, and why", runs: runSuggest},
		"pairs":    {summary: "a 1:1 introduction round (maximum-weight matching)", runs: runPairs},
		"groups":   {summary: "small groups: round tables, hackathon teams", runs: runGroups},
		"purge":    {summary: "after the event: erase all personal data, keep anonymous counts (purge --db FILE [--yes])", db: "event file (while a server runs it, the server purges)", runs: runPurge},
		"serve":    {summary: "run the event server on an event file", db: "event file (bbolt); it must exist, unless --create", run: runServe},
		"sessions": {summary: "the day's sessions: import a programme CSV, list them with their attendance (sessions import|list --db FILE [programme.csv])", db: "event file (while a server runs it, the server does the work)", runs: runSessions},
	}
}

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
	c := newCLI(args[0], cmd.db, stderr)
	if cmd.runs == nil {
		return cmd.run(c, args[1:], stdout, stderr)
	}
	code := cmd.runs(s, c, args[1:])
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
