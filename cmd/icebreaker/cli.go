package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// cli is the preamble every subcommand shares, made by the dispatcher
// from the command table (newCLI): its flag set, which reports to stderr,
// the --db flag of the commands that take an event file, parsing with
// flags and arguments in any order, and errors printed as "name: what went
// wrong".
type cli struct {
	name   string
	flags  *flag.FlagSet
	stderr io.Writer
	// db is the --db flag (the event file) of a command whose table entry
	// gives its help (command.db); nil for the others.
	db *string
}

// newCLI is the preamble of the subcommand name, reporting to stderr. When
// dbUsage is not empty, it declares the --db flag with that help text.
func newCLI(name, dbUsage string, stderr io.Writer) *cli {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &cli{name: name, flags: fs, stderr: stderr}
	if dbUsage != "" {
		c.db = fs.String("db", "", dbUsage)
	}
	return c
}

// vocabulary declares the --vocabulary flag of the commands that run a
// server (loadVocabulary reads the file it names).
func (c *cli) vocabulary() *string {
	return c.flags.String("vocabulary", "", "extra vocabulary for the matcher (TSV: key, French label, English label, aliases separated by |)")
}

// parse parses args, flags and arguments interleaved ("import a.csv --db
// x.db"), and returns the arguments; ok is false when a flag is wrong (the
// flag package has said why: exit status 2).
func (c *cli) parse(args []string) (rest []string, ok bool) {
	for {
		if err := c.flags.Parse(args); err != nil {
			return nil, false
		}
		if c.flags.NArg() == 0 {
			return rest, true
		}
		rest = append(rest, c.flags.Arg(0))
		args = c.flags.Args()[1:]
	}
}

// parseFlags parses args, which are flags only, and returns true. When a
// flag is wrong, an argument is left over or one of the required flags is
// empty, it prints usage (one line) and returns false: exit status 2.
func (c *cli) parseFlags(args []string, usage string, required ...*string) bool {
	rest, ok := c.parse(args)
	for _, r := range required {
		ok = ok && *r != ""
	}
	if !ok || len(rest) > 0 {
		fmt.Fprintln(c.stderr, usage)
		return false
	}
	return true
}

// fail reports err and returns exit status 1. errForwarded is not
// reported: the command goes on in the running server.
func (c *cli) fail(err error) int {
	if errors.Is(err, errForwarded) {
		return 1
	}
	fmt.Fprintf(c.stderr, "%s: %v\n", c.name, err)
	return 1
}

// misuse reports a wrong invocation and returns exit status 2.
func (c *cli) misuse(format string, a ...any) int {
	fmt.Fprintf(c.stderr, "%s: %s\n", c.name, fmt.Sprintf(format, a...))
	return 2
}
