package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"strings"
	"testing"
)

func TestServeTLS_SelfSignedCertificateServesTheKioskOverHTTPS(t *testing.T) {
	db := seedFile(t, nil, 0)
	var out, errOut bytes.Buffer
	cfg, code := serveTLS(db, "127.0.0.1:0", "", "", true, &out, &errOut)
	if code != 0 || cfg == nil {
		t.Fatalf("serveTLS: %d %s", code, errOut.String())
	}
	if s := out.String(); !strings.Contains(s, "SHA-256 ") || !strings.Contains(s, "created") || !strings.Contains(s, "0.0.0.0:PORT") {
		t.Fatalf("serveTLS printed %q: want the fingerprint and the LAN hint", s)
	}
	a := testApp(t, appConfig{DB: db, TLS: cfg})
	if !strings.HasPrefix(a.URL(), "https://") {
		t.Fatalf("URL %s", a.URL())
	}
	pool := x509.NewCertPool()
	pool.AddCert(cfg.Certificates[0].Leaf)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
	resp, err := client.Get(a.URL() + "/kiosk")
	if err != nil {
		t.Fatalf("GET /kiosk over HTTPS: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ProtoMajor != 2 {
		t.Fatalf("GET /kiosk: %d over %s, want 200 over HTTP/2", resp.StatusCode, resp.Proto)
	}
	out.Reset()
	if _, code := serveTLS(db, "0.0.0.0:8443", "", "", true, &out, &errOut); code != 0 || !strings.Contains(out.String(), "reused") {
		t.Fatalf("restart: %d %q, want the certificate reused", code, out.String())
	}
}

func TestServeTLS_FlagErrors(t *testing.T) {
	for _, c := range []struct {
		cert, key string
		self      bool
		code      int
	}{
		{"c.pem", "", false, 2},
		{"c.pem", "k.pem", true, 2},
		{"missing.pem", "missing-key.pem", false, 1},
		{"", "", false, 0},
	} {
		var out, errOut bytes.Buffer
		cfg, code := serveTLS("x.db", "127.0.0.1:0", c.cert, c.key, c.self, &out, &errOut)
		if code != c.code || (code != 0) != (errOut.Len() > 0) || cfg != nil {
			t.Errorf("%+v: code %d cfg %v stderr %q", c, code, cfg != nil, errOut.String())
		}
	}
}
