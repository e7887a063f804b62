package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"icebreaker/data"
	"icebreaker/internal/lantls"
	"icebreaker/kiosk"
)

func runServe(c *cli, args []string, stdout, stderr io.Writer) int {
	create := c.flags.Bool("create", false, "create the event file when it does not exist (a new, empty event);\nwithout it a missing file is an error, so that a mistyped --db never starts an empty event")
	addr := c.flags.String("addr", "127.0.0.1:8080", "listen address HOST:PORT (0.0.0.0:PORT for kiosks on the LAN)")
	certFile := c.flags.String("tls-cert", "", "serve HTTPS with this certificate (PEM; needs --tls-key)")
	keyFile := c.flags.String("tls-key", "", "private key of --tls-cert (PEM)")
	vocabularyFile := c.vocabulary()
	publicURL := c.flags.String("public-url", "", "the address phones reach this server at, e.g. https://accueil.example.org or http://192.168.1.20:8080:\nevery phone link and QR code uses it (saved in the event file; also in the admin's settings)")
	selfSigned := c.flags.Bool("tls-self-signed", false, "serve HTTPS with a self-signed certificate for this machine's LAN names and addresses,\nkept next to the event file (FILE.cert.pem, FILE.key.pem) and reused on restart;\nkiosk cameras need HTTPS except on localhost")
	if err := c.flags.Parse(args); err != nil {
		return 2
	}
	if *c.db == "" {
		return c.misuse("--db FILE is required (the event file; add --create to start a new one)")
	}
	if norm, err := kiosk.NormalPublicURL(*publicURL); err != nil {
		return c.misuse("--public-url: %v", err)
	} else {
		*publicURL = norm
	}
	if !*create && missingEventFile(*c.db) { // before anything is written beside it (--tls-self-signed)
		fmt.Fprint(stderr, noEventFileHelp(*c.db))
		return 1
	}
	tlsConfig, code := serveTLS(*c.db, *addr, *certFile, *keyFile, *selfSigned, stdout, stderr)
	if code != 0 {
		return code
	}
	log := newLogger(stderr)
	if path := os.Getenv("ICEBREAKER_CPUPROFILE"); path != "" { // diagnostics: go tool pprof PATH
		stop, err := startCPUProfile(path)
		if err != nil {
			return c.fail(err)
		}
		defer stop()
	}
	cfg := appConfig{DB: *c.db, Addr: *addr, Logger: log, TLS: tlsConfig, VocabularyFile: *vocabularyFile, PublicURL: *publicURL, MustExist: !*create}
	a, link, err := startAppWithLink(cfg, (*kiosk.Server).SetupLink)
	if errors.Is(err, data.ErrNoEventFile) {
		fmt.Fprint(stderr, noEventFileHelp(*c.db))
		return 1
	}
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(stdout, "icebreaker is serving %s on %s\n", *c.db, a.URL())
	for _, u := range a.LANURLs() {
		fmt.Fprintf(stdout, "  on the LAN: %s\n", u)
	}
	if *publicURL != "" {
		fmt.Fprintf(stdout, "  public address (phone links, QR codes): %s\n", *publicURL)
	}
	fmt.Fprintf(stdout, "  board:  %s/board\n", a.URL())
	if link != "" {
		fmt.Fprintf(stdout, "  admin setup: %s%s   (sets the admin password; one-time link, valid 30 minutes)\n", a.URL(), link)
	} else {
		fmt.Fprintf(stdout, "  admin:  %s/admin/login\n", a.URL())
	}
	if a.control != nil {
		fmt.Fprintf(stdout, "  commands (import, badges, kiosk, export, erase, purge, suggest, pairs, groups) reach this server through %s\n", controlSocketPath(*c.db))
	} else {
		fmt.Fprintf(stdout, "  no control socket (%v): other commands cannot run while this server runs\n", a.controlErr)
	}
	fmt.Fprintln(stdout, "Kiosk keys: icebreaker kiosk add --db FILE --name NAME (also while this server runs), or from the admin.")
	return waitAndClose(a, log, stderr)
}

// serveTLS turns the TLS flags into a server configuration (nil for plain
// HTTP) and prints what the operator needs to trust it. A non-zero code is
// the exit status of a usage or certificate error, already reported.
func serveTLS(db, addr, certFile, keyFile string, selfSigned bool, stdout, stderr io.Writer) (*tls.Config, int) {
	switch {
	case (certFile == "") != (keyFile == ""):
		fmt.Fprintln(stderr, "serve: --tls-cert and --tls-key go together")
		return nil, 2
	case certFile != "" && selfSigned:
		fmt.Fprintln(stderr, "serve: use either --tls-cert/--tls-key or --tls-self-signed, not both")
		return nil, 2
	case certFile == "" && !selfSigned:
		return nil, 0
	}
	var cert tls.Certificate
	var fingerprint string
	var err error
	if selfSigned {
		hosts := lantls.LANHosts()
		if host, _, splitErr := net.SplitHostPort(addr); splitErr == nil && host != "" && !slices.Contains(hosts, host) {
			if ip := net.ParseIP(host); ip == nil || !ip.IsUnspecified() {
				hosts = append(hosts, host)
			}
		}
		var created bool
		cert, fingerprint, created, err = lantls.SelfSignedTLS(db+".cert.pem", db+".key.pem", hosts, time.Now())
		if err == nil {
			state := "reused"
			if created {
				state = "created"
			}
			fmt.Fprintf(stdout, "HTTPS: self-signed certificate %s (%s.cert.pem) for %s\n", state, db, strings.Join(hosts, ", "))
			fmt.Fprintln(stdout, "  Browsers warn once per kiosk: accept only if the fingerprint they show is")
		}
	} else {
		cert, fingerprint, err = lantls.LoadTLS(certFile, keyFile)
		if err == nil {
			fmt.Fprintf(stdout, "HTTPS: certificate %s\n", certFile)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return nil, 1
	}
	fmt.Fprintf(stdout, "  SHA-256 %s\n", fingerprint)
	if host, _, _ := net.SplitHostPort(addr); host == "127.0.0.1" || host == "localhost" || host == "::1" {
		fmt.Fprintln(stdout, "  Note: listening on this machine only; use --addr 0.0.0.0:PORT so kiosks on the LAN can connect.")
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, 0
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
