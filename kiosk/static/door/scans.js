// scans.js: talking to the server. Every scan carries a fresh nonce. A scan
// that cannot reach the server waits in a queue (localStorage) with its
// nonce and time, and is re-sent with the same nonce: a scan the server
// already took is answered again, never counted twice.
import {$, el, text, labels as L} from "../live.js";
import {store, auth, gate, direction} from "./settings.js";
import {show, remember} from "./answer.js";

const lang = document.documentElement.lang === "en" ? "en" : "fr";

// nonce is 128 random bits in hex.
export function nonce() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

// setOnline shows the network status. #net is a polite live region and is
// written only when the status changes, so each change (offline too) is
// announced once: "Hors ligne" with what happens to the scans.
let online = true;
function setOnline(ok) {
  if (ok === online) return;
  online = ok;
  const n = $("net");
  n.className = "net " + (ok ? "online" : "offline");
  if (ok) { n.textContent = n.dataset.labelOnline; return; }
  const word = el("span", "", n.dataset.labelOffline);
  word.setAttribute("aria-hidden", "true"); // the sentence after it says it in full
  n.replaceChildren(word, el("span", "sr-only", n.dataset.labelOfflineMore));
}

// api sends a request with the kiosk key and a timeout. It throws
// {offline: true} when the server cannot be reached (or answers 5xx), and
// {status, body} for 429.
export async function api(path, opts) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 6000);
  let res;
  try {
    res = await fetch(path, Object.assign({signal: ctl.signal, cache: "no-store"}, opts, {headers: Object.assign(auth(), opts && opts.headers)}));
  } catch (e) {
    setOnline(false);
    throw {offline: true};
  } finally {
    clearTimeout(timer);
  }
  if (res.status >= 500) { setOnline(false); throw {offline: true}; }
  setOnline(true);
  const type = res.headers.get("Content-Type") || "";
  const body = type.startsWith("application/json") ? await res.json() : await res.blob();
  if (res.status === 429) throw {status: 429, body};
  return {status: res.status, body};
}

// postJSON posts body as JSON with api.
export const postJSON = (path, body) => api(path, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});

function asAnswer(r) {
  // Errors (401, 400) carry {error, message}: show them in red.
  return r.body && r.body.result ? r.body : {result: (r.body && r.body.error) || "error", message: r.body && r.body.message};
}

let queue = [];
try { queue = JSON.parse(store.get("queue", "[]")) || []; } catch (e) { queue = []; }

function renderQueue() {
  store.set("queue", JSON.stringify(queue));
  $("queuebox").hidden = queue.length === 0;
  $("queuelen").textContent = String(queue.length);
  $("queue").replaceChildren(...queue.map((s) => {
    const t = new Date(s.scanned_at).toLocaleTimeString(lang, {hourCycle: "h23"});
    return el("li", "", t + " · " + (s.direction === "out" ? "↩" : "→") + " " + s.gate + " · " + s.nonce.slice(0, 8));
  }));
}

// scan posts one scan (fields: code, or token from the name search),
// shows its answer and returns it; offline, it queues it.
export async function scan(fields) {
  const s = Object.assign({gate: gate(), nonce: nonce(), scanned_at: new Date().toISOString(), direction: direction()}, fields);
  let ans;
  try {
    ans = asAnswer(await postJSON("/api/checkins", s));
  } catch (e) {
    if (e.status === 429) {
      ans = asAnswer(e);
    } else {
      queue.push(s); renderQueue();
      ans = {result: "queued", message: {fr: L.queued, en: L.queued}};
    }
  }
  show(ans); remember(ans, s);
  return ans;
}

let flushing = false;
async function flush() {
  if (flushing || queue.length === 0) return;
  flushing = true;
  try {
    for (const s of [...queue]) {
      let r;
      try { r = await postJSON("/api/checkins", s); } catch (e) {
        if (e.offline) return; // still offline: keep the rest, in order
        continue; // throttled: keep it, try it next round
      }
      queue = queue.filter((q) => q.nonce !== s.nonce);
      renderQueue();
      const ans = asAnswer(r);
      const sent = text(ans.message) + " (" + L.sent + ")";
      remember({result: ans.result, message: {fr: sent, en: sent}}, s);
    }
  } finally {
    flushing = false;
  }
}

// startQueue shows the waiting scans and re-sends them every 3 s and when
// the network comes back.
export function startQueue() {
  setInterval(flush, 3000);
  window.addEventListener("online", flush);
  renderQueue();
  flush();
}
