package kiosk

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"icebreaker/data"
)

// NormalPublicURL checks an organiser's public address and returns it
// without a trailing slash: http or https, a host, no query, fragment or
// path other than a prefix ("https://accueil.example.org",
// "http://192.168.1.20:8080"). Empty stays empty (no setting).
func NormalPublicURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("public address %q: want http:// or https:// and the host phones reach, e.g. https://accueil.example.org or http://192.168.1.20:8080", raw)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

// LANAddresses returns this machine's IPv4 addresses that other devices on
// the network may reach (private or global unicast, interfaces up, no
// loopback or link-local), in interface order.
func LANAddresses() []string {
	var out []string
	ifaces, _ := net.Interfaces()
	for _, iface := range ifaces {
		if iface.Flags&net.FlagUp == 0 || iface.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := iface.Addrs()
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			if ip := ipn.IP.To4(); ip != nil && ip.IsGlobalUnicast() && !ip.IsLinkLocalUnicast() {
				out = append(out, ip.String())
			}
		}
	}
	return out
}

// lanCacheFor is how long lanAddresses remembers the machine's addresses.
const lanCacheFor = 10 * time.Second

// lan remembers LANAddresses for lanCacheFor: listing the interfaces costs
// about 0.4 ms of CPU, and PublicBase runs on every scan of a kiosk opened
// on the server's own machine. A change of network shows within
// lanCacheFor.
var lan struct {
	sync.Mutex
	addrs []string
	at    time.Time
}

// lanAddresses is LANAddresses, at most lanCacheFor old.
func lanAddresses() []string {
	lan.Lock()
	defer lan.Unlock()
	if lan.at.IsZero() || time.Since(lan.at) > lanCacheFor {
		lan.addrs, lan.at = LANAddresses(), time.Now()
	}
	return lan.addrs
}

// isLoopbackHost reports whether host (no port) names this machine only.
func isLoopbackHost(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// PublicBase is the address phones reach this server at, for every link and
// QR code: the public address setting (serve --public-url, or the admin's
// field); else the request's host, unless it names this machine only
// (localhost, 127.0.0.1, ::1); else the first LAN address with the
// request's port. It has no trailing slash.
func (s *Server) PublicBase(r *http.Request) string {
	var set data.Settings
	s.store.View(func(tx *data.Tx) (err error) { set, err = tx.Settings(); return })
	if set.PublicURL != "" {
		return set.PublicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, port = r.Host, ""
	}
	if !isLoopbackHost(host) || host == "" {
		return scheme + "://" + r.Host
	}
	addrs := lanAddresses()
	if len(addrs) == 0 {
		return scheme + "://" + r.Host // this machine alone: nothing better to offer
	}
	if port != "" {
		return scheme + "://" + net.JoinHostPort(addrs[0], port)
	}
	return scheme + "://" + addrs[0]
}

// SetPublicURL saves the public address setting (empty: guess from each
// request). It is what serve --public-url and the admin's field call.
func SetPublicURL(store *data.Store, raw string) error {
	norm, err := NormalPublicURL(raw)
	if err != nil {
		return err
	}
	return store.Update(func(tx *data.Tx) error {
		set, err := tx.Settings()
		if err != nil {
			return err
		}
		set.PublicURL = norm
		return tx.PutSettings(set)
	})
}

// handlePublicURL serves POST /admin/public-url, the admin's field.
func (s *Server) handlePublicURL(w http.ResponseWriter, r *http.Request) {
	err := SetPublicURL(s.store, r.FormValue("public_url"))
	if err == nil {
		http.Redirect(w, r, "/admin/settings?done=publicurl", http.StatusSeeOther)
		return
	}
	p := s.adminPage(r, "settings")
	w.WriteHeader(http.StatusBadRequest)
	s.render(w, "admin_confirm.html", confirmPage{page: p, Question: err.Error(), Back: "/admin/settings"})
}

func init() {
	addLabels(map[string]Text{
		"admin.publicurl":     {"Adresse publique (liens et QR codes des mobiles)", "Public address (phone links and QR codes)"},
		"admin.publicurlhelp": {"L'adresse que les téléphones ouvrent, par ex. https://accueil.example.org ou http://192.168.1.20:8080. Vide : l'adresse de la page, ou celle du réseau local si la page est ouverte en localhost.", "The address phones open, e.g. https://accueil.example.org or http://192.168.1.20:8080. Empty: the page's address, or the LAN address when the page is opened at localhost."},
		"flash.publicurl":     {"Adresse publique enregistrée : les liens et QR codes l'utilisent.", "Public address saved: links and QR codes use it."},
	})
}
