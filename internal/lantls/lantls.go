// Package lantls gives the server HTTPS on the event's LAN: browsers give a
// page the camera only in a secure context (HTTPS, or http://localhost), so
// a kiosk laptop that reaches the server over the LAN needs a certificate.
// It finds the machine's LAN names and addresses, makes or reuses a
// self-signed certificate for them, and loads an organiser's own.
package lantls

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"slices"
	"strings"
	"time"
)

// Browsers give a page the camera only in a secure context: HTTPS, or
// http://localhost. A kiosk laptop that reaches the server over the LAN
// therefore needs HTTPS; with no certificate at hand, the server makes a
// self-signed one for its LAN names and addresses, and prints its
// fingerprint so the operator can check it when the browser warns.

// selfSignedValidity is how long a self-signed certificate lasts: an event
// season, well under the 398 days browsers accept.
const selfSignedValidity = 180 * 24 * time.Hour

// LANHosts returns the names a kiosk may use to reach this machine:
// "localhost", the host name (and its ".local" mDNS form), and the
// addresses of the up, non-loopback interfaces plus the loopback ones.
func LANHosts() []string {
	hosts := []string{"localhost", "127.0.0.1", "::1"}
	if name, err := os.Hostname(); err == nil && name != "" {
		hosts = append(hosts, name)
		if !strings.Contains(name, ".") {
			hosts = append(hosts, name+".local")
		}
	}
	ifaces, _ := net.Interfaces()
	for _, iface := range ifaces {
		if iface.Flags&net.FlagUp == 0 {
			continue
		}
		addrs, _ := iface.Addrs()
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && (ipn.IP.IsGlobalUnicast() || ipn.IP.IsPrivate()) && !ipn.IP.IsLinkLocalUnicast() {
				hosts = append(hosts, ipn.IP.String())
			}
		}
	}
	slices.Sort(hosts)
	return slices.Compact(hosts)
}

// NewSelfSignedCert makes a self-signed ECDSA P-256 server certificate for
// hosts (IP addresses and DNS names), valid from an hour before now for
// selfSignedValidity. It returns the certificate and key in PEM.
func NewSelfSignedCert(hosts []string, now time.Time) (certPEM, keyPEM []byte, err error) {
	if len(hosts) == 0 {
		return nil, nil, errors.New("kiosk: a certificate needs at least one host")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: hosts[0], Organization: []string{"icebreaker (self-signed)"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(selfSignedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("kiosk: self-signed certificate: %w", err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), nil
}

// CertFingerprint is the SHA-256 fingerprint of a DER certificate in the
// form browsers show it (AB:CD:...).
func CertFingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

// SelfSignedTLS returns a TLS certificate for hosts kept in certPath and
// keyPath: the files are reused while they parse, cover every host and stay
// valid for at least another day (so a restart keeps the certificate the
// kiosks' browsers already accepted); otherwise a new pair is written (the
// key readable by its owner only). created says which happened.
func SelfSignedTLS(certPath, keyPath string, hosts []string, now time.Time) (cert tls.Certificate, fingerprint string, created bool, err error) {
	if cert, err = tls.LoadX509KeyPair(certPath, keyPath); err == nil && covers(cert.Leaf, hosts, now) {
		return cert, CertFingerprint(cert.Leaf.Raw), false, nil
	}
	certPEM, keyPEM, err := NewSelfSignedCert(hosts, now)
	if err != nil {
		return tls.Certificate{}, "", false, err
	}
	if err := os.WriteFile(keyPath, keyPEM, 0o600); err != nil {
		return tls.Certificate{}, "", false, fmt.Errorf("kiosk: writing the TLS key: %w", err)
	}
	if err := os.WriteFile(certPath, certPEM, 0o644); err != nil {
		return tls.Certificate{}, "", false, fmt.Errorf("kiosk: writing the TLS certificate: %w", err)
	}
	if cert, err = tls.X509KeyPair(certPEM, keyPEM); err != nil {
		return tls.Certificate{}, "", false, err
	}
	return cert, CertFingerprint(cert.Leaf.Raw), true, nil
}

// covers reports whether leaf is valid for every host for at least a day.
func covers(leaf *x509.Certificate, hosts []string, now time.Time) bool {
	if leaf == nil || now.Before(leaf.NotBefore) || now.Add(24*time.Hour).After(leaf.NotAfter) {
		return false
	}
	for _, h := range hosts {
		if leaf.VerifyHostname(h) != nil {
			return false
		}
	}
	return true
}

// LoadTLS loads a certificate and key given by the operator and returns its
// fingerprint.
func LoadTLS(certPath, keyPath string) (tls.Certificate, string, error) {
	cert, err := tls.LoadX509KeyPair(certPath, keyPath)
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("kiosk: TLS certificate %s / key %s: %w", certPath, keyPath, err)
	}
	return cert, CertFingerprint(cert.Leaf.Raw), nil
}
