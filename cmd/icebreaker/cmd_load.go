package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"icebreaker/internal/load"
)

func runLoad(c *cli, args []string, stdout, stderr io.Writer) int {
	var cfg load.Config
	c.flags.IntVar(&cfg.Attendees, "attendees", 300, "attendees in the prepared event")
	c.flags.IntVar(&cfg.Kiosks, "kiosks", 4, "concurrent kiosks scanning")
	c.flags.IntVar(&cfg.Scans, "scans", 0, "scans to send (default: one entry per attendee); more cycles through the attendees: all leave, all enter again, and so on")
	c.flags.Float64Var(&cfg.Rate, "rate", 0, "total scans per second (0: as fast as possible)")
	c.flags.DurationVar(&cfg.Duration, "duration", 2*time.Minute, "upper bound of the scanning phase (at most 1h)")
	c.flags.IntVar(&cfg.Phones, "phones", 0, "phone WebSocket clients")
	c.flags.IntVar(&cfg.Boards, "boards", 1, "board WebSocket clients")
	c.flags.IntVar(&cfg.Rounds, "rounds", 0, "group rounds started by the admin after the arrivals (each pushed to every phone)")
	c.flags.Uint64Var(&cfg.Seed, "seed", 1, "seed of the prepared event")
	asJSON := c.flags.Bool("json", false, "print the result as JSON")
	verbose := c.flags.Bool("server-log", false, "show the server's log")
	if err := c.flags.Parse(args); err != nil {
		return 2
	}
	if !*asJSON {
		cfg.Progress = stderr
	}
	dir, err := os.MkdirTemp("", "icebreaker-load-")
	if err != nil {
		return c.fail(err)
	}
	defer os.RemoveAll(dir)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var serverLog io.Writer
	if *verbose {
		serverLog = stderr
	}
	res, err := load.Run(ctx, cfg, dir, func(path string) (*load.Server, error) {
		p, err := startServerProcess(path, serverLog)
		if err != nil {
			return nil, err
		}
		return &load.Server{URL: p.URL, SetupURL: p.SetupURL, PID: p.Cmd.Process.Pid, Stop: p.Stop}, nil
	})
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
	} else {
		res.WriteTable(stdout)
	}
	return 0
}
