// phone.js: one attendee's companion page. Suggestions among the people
// present now with "we met" / "not for me", a live "someone you should meet
// just arrived", my table in the current round, my consents, and "we met" by
// scanning the other person's badge (BarcodeDetector where the browser has
// it, else camera frames posted to /api/me/{secret}/scan).
import * as Live from "./live.js";
import * as Understood from "./phone_understood.js";
import * as Asks from "./phone_asks.js";
import * as Groups from "./phone_groups.js";
import * as Confirm from "./phone_confirm.js";
import * as Sessions from "./phone_sessions.js";

const {$} = Live;
const L = Live.labels;
const ds = document.body.dataset; // the page's secret and topic
const api = "/api/me/" + ds.secret;
let skew = 0, stopCountdown = () => {}, conn = null;
let consent = $("consent-match").checked, revoked = false;

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
  // A 404 that is not an answer (no error field) is the link itself gone:
  // the snapshot's 404 confirms it and turns the page off (revoke).
  if (res.status === 404 && !ans.error && conn) conn.reload();
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
  showNone();
}
// showNone shows "nobody yet" only when the list is empty for want of
// people: without consent the consent message alone says why.
function showNone() {
  $("none").hidden = $("suggestions").children.length > 0 || !consent || revoked;
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
  showNone();
  conn.reload();
}
function say(text) { $("scanresult").textContent = text || ""; }
let seated = "";
// showRound shows my table in the running round, or (none) why I have none.
function showRound(r, none) {
  stopCountdown();
  const on = r || none;
  $("roundcard").hidden = !on;
  $("mywhy").hidden = !none;
  $("mywhy").textContent = none ? L["why." + none.why] || "" : "";
  if (!on) { seated = ""; return; }
  stopCountdown = Live.countdown($("mycountdown"), on.ends_at, skew, 1000, () => showRound(null));
  if (!r) { seated = ""; $("mytable").textContent = $("mywith").textContent = ""; return; }
  $("mytable").textContent = L.table + " " + r.table;
  $("mywith").textContent = r.with.length ? L.with + " " + r.with.map(Live.iso).join(", ") + (r.host ? " (" + L.host + " : " + Live.iso(r.host) + ")" : "") : "";
  const seat = L.table + " " + r.table;
  if (seat !== seated) announce(L.roundnow + " " + seat); // once per seat, not per refresh
  seated = seat;
}
function apply(s) {
  if (revoked) return;
  skew = new Date(s.now).getTime() - Date.now();
  consent = s.consent;
  render(s.suggestions || []);
  $("noconsent").hidden = s.consent;
  $("consent-match").checked = s.consent;
  $("consent-board").checked = s.board;
  showRound(s.round, s.no_table);
  Understood.render(s.understood || []);
  Asks.render(s.asks);
  Groups.render(s.group, announce); // a change that came with a snapshot (after a resync) is read out too
  Confirm.render(s.helped);
  Sessions.render(s.sessions);
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
Confirm.start({post, announce});
Sessions.start({post, announce});

// The "just arrived" push: a status region (read out once), closed by its
// button (or Escape while it has the focus) or by itself after
// data-push-ms; it waits while the keyboard is on it.
let pushTimer = 0, pushExpired = false;
function showPush(p) {
  const push = $("push");
  const close = $("pushclose").content.firstElementChild.cloneNode(true);
  close.onclick = hidePush;
  push.replaceChildren(close, Live.el("strong", "", Live.iso(p.name) + " " + L.arrived), Live.el("p", "why", Live.text(p.reasons)));
  push.hidden = false;
  pushExpired = false;
  clearTimeout(pushTimer);
  delete push.dataset.expired;
  pushTimer = setTimeout(() => {
    if (!push.contains(document.activeElement)) { hidePush(); return; }
    pushExpired = true; // closed when the focus leaves
    push.dataset.expired = "1";
  }, Number(ds.pushMs) || 120000);
}
function hidePush() {
  const push = $("push");
  clearTimeout(pushTimer);
  if (push.contains(document.activeElement)) $("suggestions-h").focus();
  push.hidden = true;
  push.replaceChildren();
}
$("push").addEventListener("keydown", (ev) => { if (ev.key === "Escape") hidePush(); });
$("push").addEventListener("focusout", (ev) => { if (pushExpired && !$("push").contains(ev.relatedTarget)) hidePush(); });

// revoke turns the page off once its link is revoked (the badge or the
// link was reissued: the socket closes with 1008 and the snapshot answers
// 404): old suggestions go, every control is disabled, and the message
// (an alert) says why and what to do.
function revoke() {
  if (revoked) return;
  revoked = true;
  stopScan();
  hidePush();
  stopCountdown();
  $("roundcard").hidden = true;
  $("groupcard").hidden = true;
  $("suggestions").replaceChildren();
  $("noconsent").hidden = true;
  showNone();
  document.querySelectorAll("main button, main input, main select").forEach((c) => { c.disabled = true; });
  document.querySelectorAll("main img.badge").forEach((img) => { img.hidden = true; });
  $("gone").hidden = false;
  document.body.classList.add("revoked");
}

conn = Live.connect({
  snapshot: api, ws: "/ws/me/" + ds.secret, topic: ds.topic,
  transient: ["arrived", "ask"], // pushes no snapshot shows
  onStatus: (ok, why) => {
    document.body.classList.toggle("offline", !ok);
    if (why === "gone") revoke();
  },
  onSnapshot: apply,
  onMessage(m, c) {
    const d = m.data || {};
    switch (m.kind) {
      case "arrived": {
        showPush(d.person); // its region reads it out
        if (navigator.vibrate && navigator.userActivation && navigator.userActivation.hasBeenActive) navigator.vibrate(200);
        c.reload();
        break;
      }
      case "round": showRound(d.round, d.no_table); break;
      case "refresh": { // also after a reissued badge: its QR code changed
        c.reload();
        const img = document.querySelector("img.badge");
        if (img && !revoked) img.src = "/me/" + ds.secret + "/badge.png?v=" + Date.now();
        break;
      }
      case "ask": Asks.pushed(d.ask); c.reload(); break;
      case "group": Groups.render(d.group, announce); break;
    }
  },
});
