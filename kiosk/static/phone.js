// phone.js: one attendee's companion page. Suggestions among the people
// present now with "we met" / "not for me", a live "someone you should meet
// just arrived", my table in the current round, my consents, and "we met" by
// scanning the other person's badge (BarcodeDetector where the browser has
// it, else camera frames posted to /api/me/{secret}/scan).
import * as Live from "./live.js";
import * as Understood from "./phone_understood.js";
import * as Asks from "./phone_asks.js";

const {$} = Live;
const L = Live.labels;
const ds = document.body.dataset; // the page's secret and topic
const api = "/api/me/" + ds.secret;
let skew = 0, stopCountdown = () => {}, conn = null;

async function post(path, body, type) {
  let res;
  try {
    res = await fetch(api + path, {
      method: "POST", body: type ? body : JSON.stringify(body),
      headers: {"Content-Type": type || "application/json"},
    });
  } catch (e) {
    return {status: 0, ans: {}}; // offline: the caller says it failed
  }
  let ans = {};
  try { ans = await res.json(); } catch (e) { /* empty body */ }
  return {status: res.status, ans};
}

// announce reads a short message out (a polite live region, screen
// readers only); the text is replaced, then set, so that a repeat is read
// again.
function announce(text) {
  const node = $("announce");
  node.textContent = "";
  setTimeout(() => { node.textContent = text || ""; }, 50);
}

// render updates the suggestion list in place: items are kept by person,
// so a live refresh never re-creates the button that has the focus.
function render(list) {
  const ol = $("suggestions");
  const focused = document.activeElement;
  const keep = new Map([...ol.children].map((li) => [li.dataset.id, li]));
  const want = list.map((p) => {
    const li = keep.get(String(p.id)) || Live.el("li", "suggestion");
    keep.delete(String(p.id));
    fill(li, p);
    return li;
  });
  keep.forEach((li) => li.remove());
  want.forEach((li, i) => { if (ol.children[i] !== li) ol.insertBefore(li, ol.children[i] || null); });
  if (focused && focused.isConnected && document.activeElement !== focused) focused.focus({preventScroll: true});
  $("none").hidden = list.length > 0;
}
// fill writes one suggestion into its item, changing only what changed.
function fill(li, p) {
  li.dataset.id = p.id;
  li.classList.remove("done");
  let name = li.querySelector("strong");
  if (!name) name = li.appendChild(Live.el("strong"));
  if (name.textContent !== Live.iso(p.name)) name.textContent = Live.iso(p.name);
  let org = li.querySelector(".org");
  if (p.organisation) {
    if (!org) { org = Live.el("span", "org"); name.after(org); }
    if (org.textContent !== " — " + Live.iso(p.organisation)) org.textContent = " — " + Live.iso(p.organisation);
  } else if (org) org.remove();
  const why = Live.text(p.reasons);
  let w = li.querySelector(".why");
  if (why) {
    if (!w) { w = Live.el("p", "why"); (li.querySelector(".org") || name).after(w); }
    if (w.textContent !== why) w.textContent = why;
  } else if (w) w.remove();
  let acts = li.querySelector(".actions");
  if (!acts) {
    li.appendChild($("actions").content.cloneNode(true));
    acts = li.querySelector(".actions");
    acts.querySelector(".met").onclick = () => act(li, "/met");
    acts.querySelector(".decline").onclick = () => act(li, "/decline");
  }
  acts.querySelector(".met").setAttribute("aria-label", L.metbtn + " — " + Live.iso(p.name));
  acts.querySelector(".decline").setAttribute("aria-label", L.declinebtn + " — " + Live.iso(p.name));
  li.dataset.name = p.name;
}
async function act(li, path) {
  li.classList.add("done");
  const {status, ans} = await post(path, {with: Number(li.dataset.id)});
  if (status !== 200) {
    li.classList.remove("done");
    const msg = Live.text(ans.message) || L.failed;
    say(msg); announce(msg);
    return;
  }
  // Focus goes to the next suggestion (or the one before, or the list's
  // heading) before the item leaves, so it never falls to the page.
  const next = li.nextElementSibling || li.previousElementSibling;
  const target = next ? next.querySelector("button.met") : $("suggestions-h");
  target.focus();
  if (path === "/met") say(L.metok + " " + Live.iso(ans.name));
  else announce(li.dataset.name + " " + L.declined);
  li.remove();
  $("none").hidden = $("suggestions").children.length > 0;
  conn.reload();
}
function say(text) { $("scanresult").textContent = text || ""; }
let seated = "";
function showRound(r) {
  stopCountdown();
  $("roundcard").hidden = !r;
  if (!r) { seated = ""; return; }
  $("mytable").textContent = L.table + " " + r.table;
  $("mywith").textContent = r.with.length ? L.with + " " + r.with.map(Live.iso).join(", ") + (r.host ? " (" + L.host + " : " + Live.iso(r.host) + ")" : "") : "";
  const seat = L.table + " " + r.table;
  if (seat !== seated) announce(L.roundnow + " " + seat); // once per seat, not per refresh
  seated = seat;
  stopCountdown = Live.countdown($("mycountdown"), r.ends_at, skew, 1000, () => showRound(null));
}
function apply(s) {
  skew = new Date(s.now).getTime() - Date.now();
  render(s.suggestions || []);
  $("noconsent").hidden = s.consent;
  $("consent-match").checked = s.consent;
  $("consent-board").checked = s.board;
  showRound(s.round);
  Understood.render(s.understood || []);
  Asks.render(s.asks);
}

// Consents take effect at once on the server; the answer is the new state.
// A failure puts the switch back and says so.
["match", "board"].forEach((k) => {
  $("consent-" + k).addEventListener("change", async (ev) => {
    const on = ev.target.checked;
    const body = k === "match" ? {suggestions: on} : {board: on};
    const {status, ans} = await post("/consent", body);
    if (status !== 200) {
      ev.target.checked = !on;
      announce(((Live.text(ans.message) || "") + " " + L.failed).trim());
      return;
    }
    apply(ans);
    announce(L[k + (on ? "on" : "off")]);
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
      say(result.status === 200 ? L.metok + " " + Live.iso(result.ans.name) : Live.text(result.ans.message));
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

Understood.start({post, announce, api, refresh: (snap) => apply(snap)});
Asks.start({post, announce});

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
        announce(Live.iso(p.name) + " " + L.arrived); // short: the reasons are on the screen
        if (navigator.vibrate && navigator.userActivation && navigator.userActivation.hasBeenActive) navigator.vibrate(200);
        c.reload();
        break;
      }
      case "round": showRound(d.round); break;
      case "refresh": c.reload(); break;
      case "ask": Asks.pushed(d.ask); c.reload(); break;
    }
  },
});
