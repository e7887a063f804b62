package load

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// maxCycles bounds how many times the scans may go through the attendees.
const maxCycles = 100

// scan sends cfg.Scans scans from cfg.Kiosks kiosks: scan i is attendee
// i mod Attendees, an entry in even cycles and an exit in odd ones (a door
// with people stepping out and back in). With cfg.Rate, scan
// i is due at start + i/Rate (an open schedule: the next free kiosk takes
// the next due scan, as at a door with several lanes); without, every
// kiosk scans again as soon as it has its answer.
func (r *runner) scan(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Duration)
	defer cancel()
	var next, done atomic.Int64
	stopProgress := r.progress(&done)
	defer stopProgress()
	start := time.Now()
	var wg sync.WaitGroup
	for k := 0; k < r.cfg.Kiosks; k++ {
		wg.Add(1)
		go func(key string) {
			defer wg.Done()
			kc := &kioskConn{host: r.host, key: key}
			defer kc.close()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= r.cfg.Scans {
					return
				}
				if r.cfg.Rate > 0 {
					due := start.Add(time.Duration(float64(i) * float64(time.Second) / r.cfg.Rate))
					if wait := time.Until(due); wait > 0 {
						select {
						case <-time.After(wait):
						case <-ctx.Done():
							return
						}
					}
				}
				r.scanOne(kc, i)
				done.Add(1)
			}
		}(r.ev.keys[k])
	}
	wg.Wait()
}

// scanOne sends scan i (see scan) and records its latency and result.
func (r *runner) scanOne(kc *kioskConn, i int) {
	who, cycle := i%r.cfg.Attendees, i/r.cfg.Attendees
	direction, want := "in", "ok"
	if cycle%2 == 1 {
		direction, want = "out", "exit"
	}
	t0 := time.Now()
	r.sentMu.Lock()
	r.sent[who] = t0
	r.sentMu.Unlock()
	status, body, err := kc.checkIn(r.ev.codes[who], direction, "load-"+strconv.Itoa(i))
	r.scanLat.Add(time.Since(t0))
	result := field(body, `"result":"`)
	switch {
	case err != nil:
		r.fail("network")
	case status != http.StatusOK:
		r.fail("http " + strconv.Itoa(status))
	case result == want && want == "ok":
		r.accepted.Add(1)
	case result == want:
		r.exits.Add(1)
	case result == "":
		r.fail("bad answer")
	default:
		r.fail("result " + result)
	}
}

// kioskConn is one kiosk's keep-alive HTTP/1.1 connection, written by hand
// so that 64 kiosks cost the machine little more than their sockets: the
// load tool shares the cores with the server it measures (like wrk, not
// like a browser). It reconnects after any error. Not safe for concurrent
// use.
type kioskConn struct {
	host string // host:port of the server
	key  string
	conn net.Conn
	rd   *bufio.Reader
	req  []byte // scratch request
	body []byte // scratch answer body
}

// checkIn posts one scan and returns the status and the answer's body
// (valid until the next call).
func (kc *kioskConn) checkIn(code, direction, nonce string) (status int, body []byte, err error) {
	if kc.conn == nil {
		if err := kc.dial(); err != nil {
			return 0, nil, err
		}
	}
	payload := `{"code":"` + code + `","gate":"main","direction":"` + direction + `","nonce":"` + nonce + `"}`
	kc.req = append(kc.req[:0], "POST /api/checkins HTTP/1.1\r\nHost: "...)
	kc.req = append(kc.req, kc.host...)
	kc.req = append(kc.req, "\r\nAuthorization: Bearer "...)
	kc.req = append(kc.req, kc.key...)
	kc.req = append(kc.req, "\r\nContent-Type: application/json\r\nContent-Length: "...)
	kc.req = strconv.AppendInt(kc.req, int64(len(payload)), 10)
	kc.req = append(kc.req, "\r\n\r\n"...)
	kc.req = append(kc.req, payload...)
	kc.conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := kc.conn.Write(kc.req); err != nil {
		kc.close()
		return 0, nil, err
	}
	status, body, err = kc.readAnswer()
	if err != nil {
		kc.close()
	}
	return status, body, err
}

func (kc *kioskConn) dial() error {
	conn, err := net.DialTimeout("tcp", kc.host, 5*time.Second)
	if err != nil {
		return err
	}
	kc.conn, kc.rd = conn, bufio.NewReaderSize(conn, 8<<10)
	return nil
}

func (kc *kioskConn) close() {
	if kc.conn != nil {
		kc.conn.Close()
		kc.conn = nil
	}
}

var errAnswer = errors.New("load: malformed HTTP answer")

// readAnswer reads one HTTP/1.1 answer: the status line, the headers (only
// Content-Length and chunked transfer matter) and the body.
func (kc *kioskConn) readAnswer() (status int, body []byte, err error) {
	line, err := kc.rd.ReadSlice('\n')
	if err != nil {
		return 0, nil, err
	}
	// "HTTP/1.1 200 OK\r\n"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, nil, errAnswer
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, nil, errAnswer
	}
	length, chunked := -1, false
	for {
		line, err := kc.rd.ReadSlice('\n')
		if err != nil {
			return status, nil, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil {
				return status, nil, errAnswer
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		}
	}
	switch {
	case chunked:
		body, err = kc.readChunked()
	case length >= 0:
		kc.body = append(kc.body[:0], make([]byte, length)...)
		_, err = io.ReadFull(kc.rd, kc.body)
		body = kc.body
	default:
		err = fmt.Errorf("%w: no length", errAnswer)
	}
	return status, body, err
}

func (kc *kioskConn) readChunked() ([]byte, error) {
	kc.body = kc.body[:0]
	for {
		line, err := kc.rd.ReadSlice('\n')
		if err != nil {
			return nil, err
		}
		size, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.SplitN(line, []byte(";"), 2)[0])), 16, 64)
		if err != nil || size < 0 || size > 1<<20 {
			return nil, errAnswer
		}
		if size == 0 {
			_, err := kc.rd.ReadSlice('\n') // the empty trailer
			return kc.body, err
		}
		at := len(kc.body)
		kc.body = append(kc.body, make([]byte, size)...)
		if _, err := io.ReadFull(kc.rd, kc.body[at:]); err != nil {
			return nil, err
		}
		if _, err := kc.rd.Discard(2); err != nil { // CRLF
			return nil, err
		}
	}
}
