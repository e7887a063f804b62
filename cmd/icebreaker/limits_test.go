package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"icebreaker/data/demo"
)

// The HTTP server bounds what one connection may hold (issue 13 #1): a
// request header over 64 KB is refused with 431, and idle keep-alive
// connections and slow headers have their timeouts.
func TestServe_HeaderAndIdleBounds(t *testing.T) {
	a, _, _ := startTestApp(t, demo.Sample())
	req, _ := http.NewRequest(http.MethodGet, a.URL()+"/", nil)
	req.Header.Set("X-Padding", strings.Repeat("x", 200<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("200 KB header: %d, want 431", resp.StatusCode)
	}
	if a.http.IdleTimeout <= 0 || a.http.IdleTimeout > time.Minute || a.http.ReadHeaderTimeout <= 0 || a.http.MaxHeaderBytes <= 0 {
		t.Errorf("server bounds: idle %v, read header %v, max header %d", a.http.IdleTimeout, a.http.ReadHeaderTimeout, a.http.MaxHeaderBytes)
	}
}
