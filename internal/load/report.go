package load

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
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
