package load

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"icebreaker/checkin"
	"icebreaker/data"
	"icebreaker/kiosk"
)

// inProcess starts the real kiosk server in this process on a real socket.
func inProcess(t *testing.T) Starter {
	return func(path string) (*Server, error) {
		store, err := data.Open(path, data.Options{Codes: checkin.Codes{}, Create: true})
		if err != nil {
			return nil, err
		}
		srv, err := kiosk.New(kiosk.Config{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			return nil, err
		}
		hs := httptest.NewServer(srv)
		setup, err := srv.SetupLink()
		if err != nil {
			return nil, err
		}
		return &Server{URL: hs.URL, SetupURL: setup, Stop: func() error { srv.Close(); hs.Close(); return store.Close() }}, nil
	}
}

func TestRun_EveryArrivalAndRoundReachesEveryScreen(t *testing.T) {
	cfg := Config{Attendees: 120, Kiosks: 8, Phones: 40, Boards: 2, Rounds: 2, Duration: 30 * time.Second}
	res, err := Run(context.Background(), cfg, t.TempDir(), inProcess(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted != 120 || len(res.Errors) != 0 {
		t.Fatalf("accepted %d, errors %v", res.Accepted, res.Errors)
	}
	if res.BoardDelivered != res.BoardExpected || res.BoardExpected != 240 {
		t.Fatalf("board messages %d / %d", res.BoardDelivered, res.BoardExpected)
	}
	if res.PhoneExpected == 0 || res.PhoneDelivered != res.PhoneExpected {
		t.Fatalf("phone messages %d / %d", res.PhoneDelivered, res.PhoneExpected)
	}
	if res.RoundExpected != 80 || res.RoundDelivered != res.RoundExpected || res.RoundStart.Count != 2 {
		t.Fatalf("rounds: %d / %d phone messages, %d starts", res.RoundDelivered, res.RoundExpected, res.RoundStart.Count)
	}
	if res.ScanLatency.Count != 120 || res.BoardLatency.Count != 240 {
		t.Fatalf("latency samples: scans %d, board %d", res.ScanLatency.Count, res.BoardLatency.Count)
	}
	var table strings.Builder
	res.WriteTable(&table)
	if !strings.Contains(table.String(), "scan → board") {
		t.Fatalf("table:\n%s", table.String())
	}
}

func TestRun_PacedRateIsRespected(t *testing.T) {
	cfg := Config{Attendees: 20, Kiosks: 2, Rate: 40, Boards: 1, Duration: 10 * time.Second}
	res, err := Run(context.Background(), cfg, t.TempDir(), inProcess(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Elapsed < 400*time.Millisecond {
		t.Fatalf("20 scans at 40/s took %v, want about 0.5 s", res.Elapsed)
	}
}

func TestCheckLoopback_RefusesOtherHosts(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:80", "http://127.9.9.9"} {
		if host, err := CheckLoopback(ok); err != nil || host == "" {
			t.Errorf("%s refused: %q, %v", ok, host, err)
		}
	}
	for _, bad := range []string{"http://192.168.1.10:8080", "http://10.0.0.1", "http://example.org", "http://0.0.0.0:80"} {
		if _, err := CheckLoopback(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
