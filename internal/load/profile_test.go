package load

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestProfileScanPath is a manual probe: ICEBREAKER_PROFILE=1 go test -run ProfileScanPath -cpuprofile cpu.out ./internal/load
func TestProfileScanPath(t *testing.T) {
	if os.Getenv("ICEBREAKER_PROFILE") == "" {
		t.Skip("manual probe")
	}
	cfg := Config{Attendees: 6000, Kiosks: 64, Boards: 0, Phones: 0, Duration: time.Minute}
	res, err := Run(context.Background(), cfg, t.TempDir(), inProcess(t))
	if err != nil {
		t.Fatal(err)
	}
	res.WriteTable(os.Stdout)
}
