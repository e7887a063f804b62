// live.js: what every page script shares, as an ES module (no build step:
// the browser loads the modules as they are embedded): $, el, text, the
// page's labels, the round countdown, and the page side of the hub's
// resync contract (see kiosk/hub doc).
//
// Live.connect loads a snapshot over HTTP, opens the WebSocket with
// since=/epoch=, applies messages in seq order, resyncs on {"kind":"resync"}
// and reconnects with backoff. While a snapshot loads (at start, on resync,
// on conn.reload()), live messages are buffered, then applied after it from
// its seq on (step 4 of the contract), so none is lost to a snapshot read
// before it. Handlers must be idempotent.

// $ is the element of that id.
export const $ = (id) => document.getElementById(id);

// labels are the page's strings for its script, in the page's language:
// the JSON of <script id="page-text"> (layout.html), the one way strings
// reach the scripts.
export const labels = JSON.parse(($("page-text") || {}).textContent || "{}");

// text picks a bilingual {fr,en} value for the page language.
export function text(t) {
  if (!t) return "";
  if (typeof t === "string") return t;
  return (document.documentElement.lang === "en" ? t.en : t.fr) || t.fr || t.en || "";
}

// iso isolates a text someone typed (a name, an organisation) for
// bidirectional display: wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
// ISOLATE, its direction is its own and any override it holds (U+202E)
// ends with it, so it cannot reverse the text around it ("A ↔ B").
// Texts of only the scripts before Hebrew (Latin, Greek, Cyrillic…), with
// no right-to-left letter and no bidi control, are left as they are.
export function iso(s) {
  if (!s) return "";
  return /[^\u0000-\u058f]/.test(s) ? "\u2068" + s + "\u2069" : s;
}

// el makes an element with a class and a text.
export function el(tag, cls, txt) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (txt !== undefined) e.textContent = txt;
  return e;
}

// countdown writes the time left until endsAt into node as m:ss (then
// suffix), every period ms, and calls done once when it reaches zero. skew
// is the server's clock minus this screen's (ms), so every screen counts
// down to the same second. It returns the function that stops it.
export function countdown(node, endsAt, skew, period, done, suffix = "") {
  const end = new Date(endsAt).getTime();
  const timer = setInterval(tick, period);
  function tick() {
    const left = Math.max(0, end - (Date.now() + skew));
    const s = Math.ceil(left / 1000);
    node.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0") + suffix;
    if (left <= 0) { clearInterval(timer); done(); }
  }
  tick();
  return () => clearInterval(timer);
}

// connect loads a page's snapshot and follows its topic live.
export function connect(opts) {
  // opts: {snapshot: url, ws: path, topic: name, onSnapshot(snap), onMessage(msg, conn), onStatus(ok, why), transient: [kinds]}
  // conn.reload() fetches the snapshot again (a "reload"/"refresh" message).
  let seq = 0, epoch = "", delay = 500, sock = null, stopped = false;
  let loading = 0, buffered = []; // snapshots in flight; messages held meanwhile
  const status = opts.onStatus || (() => {});
  async function load() {
    loading++;
    try {
      const res = await fetch(opts.snapshot, {cache: "no-store"});
      if (res.status === 404) { stopped = true; status(false, "gone"); return false; }
      if (!res.ok) throw new Error("snapshot " + res.status);
      const snap = await res.json();
      seq = snap.seq; epoch = snap.epoch;
      opts.onSnapshot(snap);
      return true;
    } finally {
      if (--loading === 0) flush();
    }
  }
  // flush applies the messages held during the loads, in seq order; those
  // the snapshot already covers are skipped by deliver.
  function flush() {
    const held = buffered.sort((a, b) => a.seq - b.seq);
    buffered = [];
    held.forEach(deliver);
  }
  // A transient message (opts.transient: kinds such as the phone's "just
  // arrived") is news that no snapshot shows: one that arrives while a
  // snapshot loads is still delivered after it, though the snapshot's seq
  // covers it; it is delivered once.
  const transient = new Set(opts.transient || []);
  let newsSeq = 0;
  function deliver(msg) {
    if (msg.topic !== opts.topic) return;
    if (msg.seq <= seq) {
      if (transient.has(msg.kind) && msg.seq > newsSeq) { newsSeq = msg.seq; opts.onMessage(msg, conn); }
      return;
    }
    seq = msg.seq;
    if (transient.has(msg.kind)) newsSeq = msg.seq;
    opts.onMessage(msg, conn);
  }
  function open() {
    if (stopped) return;
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const url = proto + "//" + location.host + opts.ws + (opts.ws.includes("?") ? "&" : "?") +
      "since=" + encodeURIComponent(opts.topic + ":" + seq) + "&epoch=" + encodeURIComponent(epoch);
    sock = new WebSocket(url);
    sock.onopen = () => { delay = 500; status(true); };
    sock.onmessage = async (ev) => {
      let msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg.kind === "resync") {
        try { await load(); } catch (e) { console.warn(e); }
        return;
      }
      if (loading > 0) { buffered.push(msg); return; }
      deliver(msg);
    };
    sock.onclose = (ev) => {
      status(false);
      if (ev.code === 1008) { // subscription revoked: the link is gone
        load().then((ok) => { if (ok) retry(); }).catch(retry);
        return;
      }
      retry();
    };
  }
  function retry() {
    if (stopped) return;
    const wait = delay * (0.75 + Math.random() / 2);
    delay = Math.min(delay * 2, 15000);
    setTimeout(() => { load().then((ok) => { if (ok) open(); }).catch(retry); }, wait);
  }
  const conn = {
    close() { stopped = true; if (sock) sock.close(); },
    reload() { return load().catch((e) => console.warn(e)); },
  };
  load().then((ok) => { if (ok) open(); }).catch(retry);
  return conn;
}
