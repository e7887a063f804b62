// Package hub fans live updates out to WebSocket clients: the board, the
// phone pages, the kiosks and the admin.
//
// # Model
//
// One hub goroutine owns the clients and the per-topic replay rings. Each
// connection has one reader goroutine and at most one writer goroutine,
// which runs only while frames, pings or the final close are queued (so an
// idle connection costs one goroutine on the smallest stack and no queue,
// about 6 KB in all); the HTTP handler returns as soon as the connection is
// registered. One ticker in the hub goroutine queues the pings and reaps
// the peers it has not heard from for two ping intervals. Publish encodes a
// message once (JSON) and the hub hands it to every subscriber through a
// bounded queue; a message with several subscribers is framed once for all
// (a prepared WebSocket frame), one for a single subscriber (a phone's own
// topic) is framed in the connection's pooled write buffer. PublishBatch
// encodes thousands of messages on every core and hands them over at once
// (a round: one table per phone). A client whose queue is full is dropped
// (close code 1013, "try again later"); it never slows the others down.
// Client messages are size-limited (close code 1009 when exceeded), text
// must be UTF-8 (1007) and frames must follow RFC 6455 (1002), and the
// Origin header is checked: same host, or one of Options.AllowedOrigins.
//
// Authorisation is the caller's job: Serve subscribes the connection to the
// topics it is given, nothing more.
//
// # Wire format
//
// Every server message is one JSON object in one WebSocket text message:
//
//	{"topic":"board","seq":12,"kind":"arrival","data":{...}}
//
// seq counts the messages of one topic, starting at 1, without gaps.
//
// # What a page does (the resync contract)
//
//  1. Load its snapshot over HTTP. The snapshot carries, for each topic, the
//     hub's Epoch and the topic's Seq taken BEFORE the state was read, so the
//     state already includes every message up to that seq (and maybe more).
//  2. Open the WebSocket with ?since=<topic>:<seq>,...&epoch=<epoch>.
//  3. Keep the last seq per topic; ignore a message whose seq is not above
//     it; apply messages idempotently (the snapshot may already contain
//     their effect).
//  4. On {"topic":T,"seq":0,"kind":"resync","data":{"seq":N,"epoch":E}}
//     (the gap is too old to replay, the server restarted, or the epoch
//     changed; check the kind before the seq), reload T's snapshot over
//     HTTP, buffering live messages meanwhile, then continue from the
//     snapshot's seq and remember E.
//  5. When the socket closes, reconnect with backoff (e.g. 0.5 s doubling to
//     15 s, with jitter) and the same since=/epoch= parameters. Close code
//     1001 means the server is stopping; 1013 means the page was too slow;
//     1008 means the subscription was revoked (Drop): the page must not
//     reconnect blindly, its link is likely gone (the HTTP snapshot answers
//     404).
//
// The snapshot over HTTP plus seq is the resync path; the replay ring
// (Options.ReplayLen messages per topic) only spares the reload after a short
// network blip.
//
// # Reading frames: why the hub has its own reader
//
// gorilla/websocket does the handshake and every write (its prepared
// frames let a broadcast be framed once); the client's frames are read by
// the hub's own RFC 6455 reader (read.go, under 300 lines), because it is
// what an idle connection costs. Measured in one sitting, server side,
// live heap + goroutine stacks per idle connection, 5,000 connections over
// loopback, each pinged twice (testdata/wsmemory; the bare variants do none
// of the hub's bookkeeping, which costs about 1.1 KB):
//
//	the hub, its own reader                    4.8–5.3 KB
//	the hub reading with gorilla's NextReader  6.7–7.1 KB (the reader parks on a 4 KB stack, not 2 KB)
//	bare gorilla/websocket, NextReader         3.7 KB
//	bare github.com/coder/websocket, Reader   15.6 KB (keeps net/http's 4 KB read and write buffers)
//	bare github.com/gobwas/ws, wsutil.Reader   3.1 KB
//
// gorilla's reader would also not be enough alone: it leaves UTF-8 to the
// application, its close handler cannot tell a 1-byte close payload (a
// protocol error) from an empty one, and it answers a close reason that is
// not UTF-8 with 1002 rather than 1007. coder/websocket costs three times
// as much. gobwas/ws would save about 0.6 KB more, but only by replacing
// gorilla altogether (handshake, Origin check, shared broadcast frames,
// pooled writes): reading with it beside gorilla would keep two protocol
// stacks for the price of one. So the hub keeps its reader, and proves it:
// TestRFC6455_CaseTable runs the cases of the Autobahn testsuite's
// sections 1–7 that apply to a server reading small JSON messages, and
// ours (487 cases: framing, pings, reserved bits and opcodes,
// fragmentation, UTF-8 split at every byte and checked as it arrives,
// close codes), over a raw TCP client; FuzzReadMessage and FuzzUTF8Check
// hold it against arbitrary bytes and the standard library's UTF-8.
package hub
