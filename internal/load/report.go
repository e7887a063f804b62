package load

// What a run measured (Result, Percentiles) and how it is printed.

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"icebreaker/internal/stats"
)

// WriteTable prints the result for people.
func (r Result) WriteTable(w io.Writer) {
	c := r.Config
	rate := "as fast as possible"
	if c.Rate > 0 {
		rate = fmt.Sprintf("%.1f scans/s", c.Rate)
	}
	fmt.Fprintf(w, "icebreaker load: %d attendees, %d kiosks (%s), %d phones, %d boards\n\n",
		c.Attendees, c.Kiosks, rate, c.Phones, c.Boards)
	row := func(name, format string, args ...any) {
		fmt.Fprintf(w, "  %-22s "+format+"\n", append([]any{name}, args...)...)
	}
	achieved := strconv.FormatFloat(r.ScansPerSecond, 'f', 0, 64)
	if r.ScansPerSecond < 10 { // a paced morning: 0.50/s, not "1/s"
		achieved = strconv.FormatFloat(r.ScansPerSecond, 'f', 2, 64)
	}
	row("scans", "%d sent, %d entries + %d exits recorded, %s/s over %.2f s", r.Scans, r.Accepted, r.Exits, achieved, r.Elapsed.Seconds())
	row("scan latency (ms)", "%s", r.ScanLatency)
	row("scan → board (ms)", "%s   arrivals delivered %d / expected %d", r.BoardLatency, r.BoardDelivered, r.BoardExpected)
	row("scan → phone (ms)", "%s   phone messages delivered %d / published %d", r.PhoneLatency, r.PhoneDelivered, r.PhoneExpected)
	if c.Rounds > 0 {
		row("round start (ms)", "%s   (admin POST: groups computed and published)", r.RoundStart)
		row("round → phone (ms)", "%s   delivered %d / expected %d", r.RoundFanOut, r.RoundDelivered, r.RoundExpected)
		row("broadcast spread (ms)", "%s   (each phone after the first)", r.RoundSpread)
	}
	row("server start-up", "%.0f ms", r.StartupMs)
	row("server memory (RSS)", "%.1f MiB", float64(r.ServerRSSBytes)/(1<<20))
	if c.Phones+c.Boards >= 100 { // fewer sockets vanish in the heap's noise
		row("per idle connection", "%.1f KB (RSS growth when the sockets opened)", float64(r.IdleConnBytes)/1000)
	}
	row("server CPU", "%.0f%% of one core while scanning", r.ServerCPU)
	if len(r.Errors) == 0 {
		row("errors", "none")
		return
	}
	var kinds []string
	for k, n := range r.Errors {
		kinds = append(kinds, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(kinds)
	row("errors", "%s", strings.Join(kinds, ", "))
}

func (p Percentiles) String() string {
	if p.Count == 0 {
		return "no samples"
	}
	return fmt.Sprintf("p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  (n=%d)", p.P50, p.P95, p.P99, p.Max, p.Count)
}

// Result is what a run measured. Durations are in milliseconds in JSON.
type Result struct {
	Config         Config         `json:"-"`
	Scans          int            `json:"scans"`
	Accepted       int            `json:"accepted"` // entries recorded (ok)
	Exits          int            `json:"exits"`    // exits recorded (scans beyond the first cycle)
	Elapsed        time.Duration  `json:"-"`
	ScansPerSecond float64        `json:"scans_per_second"`
	ScanLatency    Percentiles    `json:"scan_latency_ms"`
	BoardLatency   Percentiles    `json:"board_push_latency_ms"`
	PhoneLatency   Percentiles    `json:"phone_push_latency_ms"`
	BoardDelivered int            `json:"board_messages_delivered"`
	BoardExpected  int            `json:"board_messages_expected"`
	PhoneDelivered int            `json:"phone_messages_delivered"`
	PhoneExpected  int            `json:"phone_messages_expected"`
	ServerRSSBytes int64          `json:"server_rss_bytes"`
	IdleConnBytes  int64          `json:"server_bytes_per_idle_connection"`
	ServerCPU      float64        `json:"server_cpu_percent"` // of one core, during scanning
	StartupTime    time.Duration  `json:"-"`
	StartupMs      float64        `json:"server_startup_ms"`
	Errors         map[string]int `json:"errors"`
	// Rounds: the admin's POST (matching computed, every message published)
	// and the fan-out to the phones, timed from that POST.
	RoundStart     Percentiles `json:"round_start_ms"`
	RoundFanOut    Percentiles `json:"round_to_phone_ms"`
	RoundSpread    Percentiles `json:"round_broadcast_spread_ms"`
	RoundDelivered int         `json:"round_messages_delivered"`
	RoundExpected  int         `json:"round_messages_expected"`
}

// Percentiles summarises a latency distribution in milliseconds.
type Percentiles struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50"`
	P95   float64 `json:"p95"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
}

func percentiles(r *stats.Recorder) Percentiles {
	s := r.Summary()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return Percentiles{Count: s.Count, P50: ms(s.P50), P95: ms(s.P95), P99: ms(s.P99), Max: ms(s.Max)}
}
