// door.js: the door kiosk. A USB scanner types the code then Enter into an
// input that keeps focus forever; the answer shows green, amber or red with
// a short sound. The kiosk key comes from the link's #key=... fragment (never
// sent in a URL to the server) and is kept in localStorage. Scans that cannot
// reach the server wait in a queue, with their nonce, and are sent later.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const input = $("code");
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get("key")) {
    localStorage.setItem("icebreaker.kiosk", params.get("key"));
    if (params.get("gate")) localStorage.setItem("icebreaker.gate", params.get("gate"));
    history.replaceState(null, "", location.pathname + location.search);
  }
  const key = localStorage.getItem("icebreaker.kiosk");
  const gate = localStorage.getItem("icebreaker.gate") || "main";
  if (!key) $("nokey").hidden = false;
  let queue = JSON.parse(localStorage.getItem("icebreaker.queue") || "[]");
  function saveQueue() {
    localStorage.setItem("icebreaker.queue", JSON.stringify(queue));
    $("queue").hidden = queue.length === 0;
    $("queuelen").textContent = queue.length;
  }
  function nonce() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }
  const audio = new (window.AudioContext || window.webkitAudioContext || function () {})();
  function beep(ok) {
    if (!audio.createOscillator) return;
    const o = audio.createOscillator(), g = audio.createGain();
    o.frequency.value = ok ? 880 : 220; g.gain.value = 0.1;
    o.connect(g); g.connect(audio.destination); o.start(); o.stop(audio.currentTime + (ok ? 0.12 : 0.35));
  }
  function show(ans) {
    const box = $("answer");
    const colour = {ok: "green", exit: "green", already: "amber", not_inside: "amber"}[ans.result] || "red";
    box.className = "answer " + colour;
    box.dataset.result = ans.result;
    $("message").textContent = Live.text(ans.message);
    $("org").textContent = ans.organisation || "";
    const meet = $("meet");
    meet.replaceChildren();
    (ans.meet || []).forEach((p) => {
      const li = Live.el("li", "", p.name + (p.organisation ? " — " + p.organisation : ""));
      if (p.reasons) li.appendChild(Live.el("small", "why", Live.text(p.reasons)));
      meet.appendChild(li);
    });
    $("meetbox").hidden = !(ans.meet && ans.meet.length);
    const qr = $("phoneqr");
    if (ans.phone_url) { qr.src = "/api/qr?path=" + encodeURIComponent(ans.phone_url); qr.hidden = false; } else { qr.hidden = true; }
    beep(colour === "green");
  }
  async function post(scan) {
    const res = await fetch("/api/checkins", {
      method: "POST",
      headers: {"Content-Type": "application/json", "Authorization": "Bearer " + key},
      body: JSON.stringify(scan),
    });
    const body = await res.json();
    if (res.status >= 500 || res.status === 429) throw Object.assign(new Error("retry"), {body});
    return body;
  }
  async function scan(code) {
    const s = {code, gate, nonce: nonce(), scanned_at: new Date().toISOString(), direction: document.body.dataset.direction || "in"};
    try {
      show(await post(s));
    } catch (e) {
      if (e.body) { show(e.body); return; }
      queue.push(s); saveQueue();
      show({result: "queued", message: {fr: "Hors ligne : scan mis en attente", en: "Offline: scan queued"}});
    }
  }
  async function flush() {
    while (queue.length) {
      try { await post(queue[0]); } catch (e) { return; }
      queue.shift(); saveQueue();
    }
  }
  setInterval(flush, 3000);
  saveQueue();
  input.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    const code = input.value.trim();
    input.value = "";
    if (code) scan(code);
  });
  // The input keeps focus forever: a scanner types into whatever has focus.
  setInterval(() => { if (document.activeElement !== input) input.focus(); }, 300);
  document.addEventListener("click", () => input.focus());
  input.focus();
})();
