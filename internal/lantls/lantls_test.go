package lantls

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"
)

func TestSelfSignedTLS_ServesHTTPSAndIsReusedAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	certPath, keyPath := filepath.Join(dir, "event.db.cert.pem"), filepath.Join(dir, "event.db.key.pem")
	now := time.Now()
	hosts := []string{"127.0.0.1", "localhost", "salle.local"}

	cert, fp, created, err := SelfSignedTLS(certPath, keyPath, hosts, now)
	if err != nil || !created || len(fp) != 32*3-1 {
		t.Fatalf("first start: created=%v fingerprint %q err %v", created, fp, err)
	}
	_, fp2, created2, err := SelfSignedTLS(certPath, keyPath, hosts, now.Add(24*time.Hour))
	if err != nil || created2 || fp2 != fp {
		t.Fatalf("restart: created=%v same=%v err %v, want the same certificate", created2, fp2 == fp, err)
	}
	_, fp3, created3, err := SelfSignedTLS(certPath, keyPath, append(hosts, "10.1.2.3"), now)
	if err != nil || !created3 || fp3 == fp {
		t.Fatalf("new LAN address: created=%v err %v, want a new certificate", created3, err)
	}
	if _, _, created4, _ := SelfSignedTLS(certPath, keyPath, hosts, now.Add(selfSignedValidity)); !created4 {
		t.Fatal("an expiring certificate was kept")
	}

	// A browser that trusts the certificate reaches the server by IP.
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	defer srv.Close()
	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatalf("HTTPS with the self-signed certificate: %v", err)
	}
	resp.Body.Close()
}

func TestLANHosts_IncludeLocalhostAndLoopback(t *testing.T) {
	hosts := LANHosts()
	for _, want := range []string{"localhost", "127.0.0.1"} {
		found := false
		for _, h := range hosts {
			found = found || h == want
		}
		if !found {
			t.Errorf("LANHosts() = %v lacks %s", hosts, want)
		}
	}
}
