// phone.js: one attendee's companion page. Suggestions among the people
// present now with "we met" / "not for me", a live "someone you should meet
// just arrived", my table in the current round, my consents, and "we met" by
// scanning the other person's badge (BarcodeDetector where the browser has
// it, else camera frames posted to /api/me/{secret}/scan).
import * as Live from "./live.js";

const {$} = Live;
const L = Live.labels;
const ds = document.body.dataset; // the page's secret and topic
const api = "/api/me/" + ds.secret;
let skew = 0, stopCountdown = () => {}, conn = null;

async function post(path, body, type) {
  const res = await fetch(api + path, {
    method: "POST", body: type ? body : JSON.stringify(body),
    headers: {"Content-Type": type || "application/json"},
  });
  let ans = {};
  try { ans = await res.json(); } catch (e) { /* empty body */ }
  return {status: res.status, ans};
}
function render(list) {
  const ul = $("suggestions");
  ul.replaceChildren(...list.map(item));
  $("none").hidden = list.length > 0;
}
function item(p) {
  const li = Live.el("li", "suggestion");
  li.dataset.id = p.id;
  li.appendChild(Live.el("strong", "", Live.iso(p.name)));
  if (p.organisation) li.appendChild(Live.el("span", "org", " — " + Live.iso(p.organisation)));
  if (p.reasons) li.appendChild(Live.el("p", "why", Live.text(p.reasons)));
  const acts = $("actions").content.cloneNode(true);
  acts.querySelector(".met").onclick = () => act(li, "/met", p.id);
  acts.querySelector(".decline").onclick = () => act(li, "/decline", p.id);
  li.appendChild(acts);
  return li;
}
async function act(li, path, id) {
  li.classList.add("done");
  const {status, ans} = await post(path, {with: id});
  if (status !== 200) { li.classList.remove("done"); say(Live.text(ans.message)); return; }
  if (path === "/met") say(L.metok + " " + ans.name);
  li.remove();
  conn.reload();
}
function say(text) { $("scanresult").textContent = text || ""; }
function showRound(r) {
  stopCountdown();
  $("roundcard").hidden = !r;
  if (!r) return;
  $("mytable").textContent = L.table + " " + r.table;
  $("mywith").textContent = r.with.length ? L.with + " " + r.with.map(Live.iso).join(", ") + (r.host ? " (" + L.host + " : " + Live.iso(r.host) + ")" : "") : "";
  stopCountdown = Live.countdown($("mycountdown"), r.ends_at, skew, 1000, () => showRound(null));
}
function apply(s) {
  skew = new Date(s.now).getTime() - Date.now();
  render(s.suggestions || []);
  $("noconsent").hidden = s.consent;
  $("consent-match").checked = s.consent;
  $("consent-board").checked = s.board;
  showRound(s.round);
}

// Consents take effect at once on the server; the answer is the new state.
["match", "board"].forEach((k) => {
  $("consent-" + k).addEventListener("change", async (ev) => {
    const body = k === "match" ? {suggestions: ev.target.checked} : {board: ev.target.checked};
    const {status, ans} = await post("/consent", body);
    if (status === 200) { apply(ans); return; }
    ev.target.checked = !ev.target.checked; // refused (too many switches): the switch shows what holds
    say(Live.text(ans && ans.message));
  });
});

// Scanning a badge to say "we met".
let stream = null, scanning = false;
async function startScan() {
  try {
    stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
  } catch (e) { say(e.message); return; }
  const video = $("video");
  video.srcObject = stream;
  await video.play();
  $("scanner").hidden = false;
  scanning = true;
  const detector = ("BarcodeDetector" in window) ? new BarcodeDetector({formats: ["qr_code"]}) : null;
  const canvas = document.createElement("canvas");
  while (scanning) {
    let result = null;
    if (detector) {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) result = await post("/met", {code: codes[0].rawValue});
    } else if (video.videoWidth) {
      const scale = Math.min(1, 960 / video.videoWidth);
      canvas.width = video.videoWidth * scale; canvas.height = video.videoHeight * scale;
      canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise((ok) => canvas.toBlob(ok, "image/jpeg", 0.85));
      const r = await post("/scan", blob, "image/jpeg");
      if (r.status === 200 || (r.status !== 404 && r.status !== 429)) result = r;
    }
    if (result) {
      say(result.status === 200 ? L.metok + " " + result.ans.name : Live.text(result.ans.message));
      stopScan();
      conn.reload();
      break;
    }
    await new Promise((ok) => setTimeout(ok, 300));
  }
}
function stopScan() {
  scanning = false;
  if (stream) stream.getTracks().forEach((t) => t.stop());
  stream = null;
  $("scanner").hidden = true;
}
$("scan").onclick = startScan;
$("scanstop").onclick = stopScan;

conn = Live.connect({
  snapshot: api, ws: "/ws/me/" + ds.secret, topic: ds.topic,
  onStatus: (ok, why) => {
    document.body.classList.toggle("offline", !ok);
    if (why === "gone") $("gone").hidden = false;
  },
  onSnapshot: apply,
  onMessage(m, c) {
    const d = m.data || {};
    switch (m.kind) {
      case "arrived": {
        const p = d.person;
        $("push").replaceChildren(Live.el("strong", "", Live.iso(p.name) + " " + L.arrived), Live.el("p", "why", Live.text(p.reasons)));
        $("push").hidden = false;
        if (navigator.vibrate && navigator.userActivation && navigator.userActivation.hasBeenActive) navigator.vibrate(200);
        c.reload();
        break;
      }
      case "round": showRound(d.round); break;
      case "refresh": c.reload(); break;
    }
  },
});
