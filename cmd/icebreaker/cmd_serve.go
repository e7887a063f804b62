package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func init() {
	commands["serve"] = command{summary: "run the event server on an event file", run: runServe}
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "event file (bbolt); created if missing")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address HOST:PORT")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *db == "" {
		fmt.Fprintln(stderr, "serve: --db FILE is required (the event file; it is created if missing)")
		return 2
	}
	log := newLogger(stderr)
	a, err := startApp(appConfig{DB: *db, Addr: *addr, Logger: log})
	if err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return 1
	}
	link, err := a.server.LoginLink()
	if err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		a.Close()
		return 1
	}
	fmt.Fprintf(stdout, "icebreaker is serving %s on %s\n", *db, a.URL())
	fmt.Fprintf(stdout, "  board:  %s/board\n", a.URL())
	fmt.Fprintf(stdout, "  admin:  %s%s   (one-time link, valid 30 minutes)\n", a.URL(), link)
	fmt.Fprintln(stdout, "Kiosk keys: icebreaker kiosk add --db FILE --name NAME (while stopped), or from the admin.")
	return waitAndClose(a, log, stderr)
}

// waitAndClose serves until SIGINT or SIGTERM, then shuts down cleanly.
func waitAndClose(a *app, log *slog.Logger, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-a.served:
		a.served <- err // Close reads it
		if err != nil {
			log.Error("server stopped", "err", err)
		}
	}
	if err := a.Close(); err != nil {
		fmt.Fprintln(stderr, "shutdown:", err)
		return 1
	}
	log.Info("stopped; event file closed")
	return 0
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
