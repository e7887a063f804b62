package hub

import (
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// clientFrame builds one client frame; masked frames use a fixed key.
func clientFrame(fin bool, op byte, payload string, masked bool) []byte {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	f := []byte{b0, byte(len(payload))} // payloads here are under 126 bytes
	if !masked {
		return append(f, payload...)
	}
	key := [4]byte{1, 2, 3, 4}
	f[1] |= 0x80
	f = append(f, key[:]...)
	for i := range len(payload) {
		f = append(f, payload[i]^key[i%4])
	}
	return f
}

func TestReadMessage_JoinsFragmentsAndAnswersPingsBetweenThem(t *testing.T) {
	ts := newTestServer(t, Options{})
	conn := ts.dial(t, "topics=board")
	pong := make(chan string, 1)
	conn.SetPongHandler(func(data string) error { pong <- data; return nil })
	go func() { // reading runs the pong handler
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	var raw []byte
	raw = append(raw, clientFrame(false, opText, `{"kind":`, true)...)
	raw = append(raw, clientFrame(true, opPing, "are you there", true)...)
	raw = append(raw, clientFrame(true, opContinuation, `"met"}`, true)...)
	if _, err := conn.NetConn().Write(raw); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-ts.received:
		if got != [2]string{"board", `{"kind":"met"}`} {
			t.Fatalf("onMessage got %q", got)
		}
	case <-time.After(patience):
		t.Fatal("the fragmented message never arrived")
	}
	select {
	case got := <-pong:
		if got != "are you there" {
			t.Fatalf("pong %q", got)
		}
	case <-time.After(patience):
		t.Fatal("no pong")
	}
}

func TestReadMessage_ProtocolViolationsCloseWith1002(t *testing.T) {
	for _, tc := range []struct {
		name  string
		frame []byte
	}{
		{"unmasked frame", clientFrame(true, opText, "{}", false)},
		{"extension bit without an extension", append([]byte{0xC1}, clientFrame(true, opText, "{}", true)[1:]...)},
		{"continuation without a message", clientFrame(true, opContinuation, "{}", true)},
		{"fragmented ping", clientFrame(false, opPing, "", true)},
		{"unknown opcode", clientFrame(true, 0x3, "", true)},
		{"close code cut short", clientFrame(true, opClose, "x", true)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, Options{})
			conn := ts.dial(t, "topics=board")
			if _, err := conn.NetConn().Write(tc.frame); err != nil {
				t.Fatal(err)
			}
			if code := readClose(t, conn, patience); code != websocket.CloseProtocolError {
				t.Fatalf("close code %d, want %d", code, websocket.CloseProtocolError)
			}
			waitFor(t, "client unregistered", func() bool { return ts.hub.Clients() == 0 })
		})
	}
}

func TestReadMessage_ClientCloseIsEchoedAndEndsTheConnection(t *testing.T) {
	ts := newTestServer(t, Options{})
	conn := ts.dial(t, "topics=board")
	if err := conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if code := readClose(t, conn, patience); code != websocket.CloseNormalClosure {
		t.Fatalf("echoed close code %d, want %d", code, websocket.CloseNormalClosure)
	}
	waitFor(t, "client unregistered", func() bool { return ts.hub.Clients() == 0 })
}
