package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"icebreaker/data"
	"icebreaker/kiosk"
)

// app is one running server: the store, the kiosk handler and the HTTP
// listener. serve and demo run one; the end-to-end tests start the same.
type app struct {
	store  *data.Store
	server *kiosk.Server
	http   *http.Server
	ln     net.Listener
	log    *slog.Logger
	served chan error
	tls    bool // serving HTTPS
	dbPath string

	// control serves the event commands on the control socket (control.go);
	// nil when it could not be created (controlErr says why).
	control    *http.Server
	controlLn  net.Listener
	controlErr error

	closeOnce sync.Once
	closeErr  error
}

type appConfig struct {
	DB     string // event file
	Addr   string // listen address, e.g. 127.0.0.1:8080 (":0" for a free port)
	Logger *slog.Logger
	// TLS, when set, serves HTTPS (HTTP/2 included) with its certificates:
	// kiosks on the LAN need it for the camera.
	TLS *tls.Config
	// VocabularyFile is an organiser's extra vocabulary for the matcher
	// (loadVocabulary reads it; "": the built-in one alone).
	VocabularyFile string
	// PublicURL, when set, is saved as the event's public address (the
	// admin's field): phone links and QR codes use it.
	PublicURL string
	// MustExist refuses a missing event file (data.ErrNoEventFile) instead
	// of creating it: serve without --create.
	MustExist bool
}

// startApp opens the event file, loads the live state and starts serving.
// Close stops it.
func startApp(cfg appConfig) (*app, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	vocabulary, err := loadVocabulary(cfg.VocabularyFile)
	if err != nil {
		return nil, err
	}
	store, err := openStore(cfg.DB, !cfg.MustExist)
	if err != nil {
		return nil, err
	}
	if cfg.PublicURL != "" {
		if err := kiosk.SetPublicURL(store, cfg.PublicURL); err != nil {
			store.Close()
			return nil, err
		}
	}
	srv, err := kiosk.New(kiosk.Config{Store: store, Logger: cfg.Logger, Vocabulary: vocabulary})
	if err != nil {
		store.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		srv.Close()
		store.Close()
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	a := &app{store: store, server: srv, ln: ln, log: cfg.Logger, served: make(chan error, 1), tls: cfg.TLS != nil, dbPath: cfg.DB}
	if abs, err := filepath.Abs(cfg.DB); err == nil {
		a.dbPath = abs
	}
	a.startControl()
	a.http = &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute, // idle keep-alive connections hold descriptors the door needs
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(kiosk.Redact(cfg.Logger.Handler()), slog.LevelWarn),
		TLSConfig:         cfg.TLS,
	}
	go func() {
		var err error
		if a.tls {
			err = a.http.ServeTLS(ln, "", "") // certificates come from TLSConfig
		} else {
			err = a.http.Serve(ln)
		}
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		a.served <- err
	}()
	return a, nil
}

// URL is the base URL the app listens on; a server listening on every
// interface (0.0.0.0, [::]) is reached from this machine at 127.0.0.1.
func (a *app) URL() string {
	return a.scheme() + "://" + net.JoinHostPort(a.host(), a.port())
}

func (a *app) scheme() string {
	if a.tls {
		return "https"
	}
	return "http"
}

func (a *app) port() string {
	_, port, _ := net.SplitHostPort(a.ln.Addr().String())
	return port
}

func (a *app) host() string {
	host, _, _ := net.SplitHostPort(a.ln.Addr().String())
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return "127.0.0.1"
	}
	return host
}

// LANURLs are the addresses other devices on the network reach the app at
// (its LAN IPv4 addresses), when it listens on every interface; none when
// it listens on one address only.
func (a *app) LANURLs() []string {
	host, _, _ := net.SplitHostPort(a.ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || !ip.IsUnspecified() {
		return nil
	}
	var out []string
	for _, lan := range kiosk.LANAddresses() {
		out = append(out, a.scheme()+"://"+net.JoinHostPort(lan, a.port()))
	}
	return out
}

// startAppWithLink is startApp followed by the organiser's first admin
// link, made by link (kiosk.Server's SetupLink or LoginLink). When the link
// cannot be made, the app is closed again and the error returned.
func startAppWithLink(cfg appConfig, link func(*kiosk.Server) (string, error)) (*app, string, error) {
	a, err := startApp(cfg)
	if err != nil {
		return nil, "", err
	}
	path, err := link(a.server)
	if err != nil {
		a.Close()
		return nil, "", err
	}
	return a, path, nil
}

// Close shuts down cleanly: new connections refused, WebSockets closed with a
// close frame, in-flight requests finished (at most 10 s), then the store
// closed after the committer has answered everything queued.
// It is idempotent.
func (a *app) Close() error {
	a.closeOnce.Do(func() { a.closeErr = a.close() })
	return a.closeErr
}

func (a *app) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if a.control != nil {
		a.control.Shutdown(ctx) // commands under way finish; the socket file is removed
	}
	a.http.RegisterOnShutdown(func() { a.server.Close() })
	err := a.http.Shutdown(ctx)
	a.server.Close()
	if serr := <-a.served; err == nil {
		err = serr
	}
	if cerr := a.store.Close(); err == nil {
		err = cerr
	}
	return err
}

// startControl opens the control socket beside the event file and serves
// the event commands on it. Without it the server still runs: the commands
// then say the file is in use, and controlErr says why.
func (a *app) startControl() {
	ln, err := listenControl(a.dbPath)
	if err != nil {
		a.controlErr = err
		a.log.Warn("no control socket: commands cannot reach this server", "err", err)
		return
	}
	a.controlLn, a.control = ln, a.controlServer()
	go a.control.Serve(ln)
}
