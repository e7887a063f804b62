// door.js: the door kiosk.
//
// - A USB scanner types the code then Enter into #code, which keeps focus
//   forever (except while a dialog is open or the operator is using a
//   control, for a few seconds).
// - The answer shows green / amber / red with a short sound, the first name,
//   the table, three people to meet and a QR code of the person's phone page.
// - The kiosk key and gate come from the link's fragment (#key=...&gate=north,
//   never sent to the server in a URL) and are kept in localStorage.
// - Every scan carries a fresh nonce. A scan that cannot reach the server
//   waits in a queue (localStorage) with its nonce and time, and is re-sent
//   with the same nonce: a scan the server already took is answered again,
//   never counted twice.
// - Camera: BarcodeDetector where the browser has it; otherwise frames go to
//   POST /api/decode and are decoded by the server.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const lang = document.documentElement.lang === "en" ? "en" : "fr";
  const L = JSON.parse($("door-text").textContent || "{}");
  const text = (t) => (t ? (lang === "en" ? t.en : t.fr) || t.fr || t.en || "" : "");
  const el = (tag, cls, txt) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt !== undefined) e.textContent = txt;
    return e;
  };
  const store = {
    get: (k, d) => { try { return localStorage.getItem("icebreaker." + k) ?? d; } catch (e) { return d; } },
    set: (k, v) => { try { localStorage.setItem("icebreaker." + k, v); } catch (e) { /* private mode: memory only */ } },
  };

  // --- key, gate and direction -------------------------------------------
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get("key")) {
    store.set("kiosk", params.get("key"));
    if (params.get("gate")) store.set("gate", params.get("gate"));
    history.replaceState(null, "", location.pathname + location.search);
  }
  const key = store.get("kiosk", "");
  if (!key) $("nokey").hidden = false;
  const auth = () => ({"Authorization": "Bearer " + key});

  const gateSelect = $("gate");
  function setGate(g) {
    g = (g || "main").trim() || "main";
    if (![...gateSelect.options].some((o) => o.value === g)) {
      const o = el("option", "", g);
      o.value = g;
      gateSelect.insertBefore(o, gateSelect.querySelector("[data-other]"));
    }
    gateSelect.value = g;
    store.set("gate", g);
  }
  setGate(store.get("gate", "main"));
  gateSelect.addEventListener("change", () => {
    if (gateSelect.selectedOptions[0].hasAttribute("data-other")) {
      const g = window.prompt(L.othergate || "Gate", "");
      setGate(g || store.get("gate", "main"));
    } else {
      setGate(gateSelect.value);
    }
    refocus();
  });
  function setDirection(dir) {
    dir = dir === "out" ? "out" : "in";
    document.body.dataset.direction = dir;
    $("dir-in").setAttribute("aria-pressed", String(dir === "in"));
    $("dir-out").setAttribute("aria-pressed", String(dir === "out"));
    $("outbanner").hidden = dir !== "out";
    store.set("direction", dir);
  }
  setDirection(store.get("direction", "in"));
  for (const b of [$("dir-in"), $("dir-out")]) b.addEventListener("click", () => { setDirection(b.dataset.dir); refocus(); });

  // --- answer ------------------------------------------------------------
  let audio = null;
  function beep(colour) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = {green: 880, amber: 520, red: 220}[colour] || 440;
      g.gain.value = 0.12;
      o.connect(g); g.connect(audio.destination);
      o.start(); o.stop(audio.currentTime + (colour === "green" ? 0.12 : 0.35));
    } catch (e) { /* no sound device: the colour says it all */ }
  }
  const colourOf = (result) => ({ok: "green", exit: "green", already: "amber", not_inside: "amber", queued: "grey"}[result] || "red");
  let idleTimer = 0;
  function show(ans) {
    const box = $("answer"), colour = colourOf(ans.result);
    box.className = "door-answer " + colour;
    box.dataset.result = ans.result || "";
    $("message").textContent = text(ans.message);
    $("org").textContent = ans.organisation || "";
    $("table").hidden = !ans.table;
    $("table").textContent = ans.table ? (L.table || "Table") + " " + ans.table : "";
    const meet = $("meet");
    meet.replaceChildren();
    for (const p of (ans.meet || []).slice(0, 3)) {
      const li = el("li", "", p.name + (p.organisation ? " — " + p.organisation : ""));
      if (p.reasons) li.appendChild(el("small", "why", text(p.reasons)));
      meet.appendChild(li);
    }
    $("meetbox").hidden = meet.children.length === 0;
    if (ans.phone_url) {
      $("phoneqr").src = "/api/qr?path=" + encodeURIComponent(ans.phone_url);
      $("phonebox").hidden = false;
    } else {
      $("phonebox").hidden = true;
    }
    beep(colour);
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      box.className = "door-answer idle";
      box.dataset.result = "";
      $("message").textContent = $("message").dataset.ready;
      for (const id of ["org", "table"]) $(id).textContent = "";
      $("table").hidden = $("meetbox").hidden = $("phonebox").hidden = true;
    }, 15000);
  }
  $("message").dataset.ready = $("message").textContent;
  function remember(ans, scan) {
    const li = el("li", colourOf(ans.result));
    const at = new Date(scan.scanned_at).toLocaleTimeString(lang, {hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"});
    li.textContent = at + " · " + (scan.gate || "") + " · " + text(ans.message);
    const list = $("recent");
    list.prepend(li);
    while (list.children.length > 8) list.lastChild.remove();
  }

  // --- posting scans and the offline queue -------------------------------
  let queue = [];
  try { queue = JSON.parse(store.get("queue", "[]")) || []; } catch (e) { queue = []; }
  function renderQueue() {
    store.set("queue", JSON.stringify(queue));
    $("queuebox").hidden = queue.length === 0;
    $("queuelen").textContent = String(queue.length);
    const ol = $("queue");
    ol.replaceChildren();
    for (const s of queue) {
      const t = new Date(s.scanned_at).toLocaleTimeString(lang, {hourCycle: "h23"});
      ol.appendChild(el("li", "", t + " · " + (s.direction === "out" ? "↩" : "→") + " " + s.gate + " · " + s.nonce.slice(0, 8)));
    }
  }
  function setOnline(ok) {
    const n = $("net");
    n.className = "net " + (ok ? "online" : "offline");
    n.textContent = ok ? n.dataset.online : n.title;
  }
  $("net").dataset.online = $("net").textContent;
  function nonce() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }
  // api sends a request with the kiosk key and a timeout. It throws
  // {offline: true} when the server cannot be reached (or answers 5xx), and
  // {status, body} for 429.
  async function api(path, opts) {
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
  function postScan(scan) {
    return api("/api/checkins", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(scan)});
  }
  function asAnswer(r) {
    // Errors (401, 400) carry {error, message}: show them in red.
    return r.body && r.body.result ? r.body : {result: (r.body && r.body.error) || "error", message: r.body && r.body.message};
  }
  async function scan(fields) {
    const s = Object.assign({gate: gateSelect.value || "main", nonce: nonce(), scanned_at: new Date().toISOString(),
      direction: document.body.dataset.direction || "in"}, fields);
    try {
      const ans = asAnswer(await postScan(s));
      show(ans); remember(ans, s);
    } catch (e) {
      if (e.status === 429) { const ans = asAnswer(e); show(ans); remember(ans, s); return; }
      queue.push(s); renderQueue();
      const ans = {result: "queued", message: {fr: L.queued, en: L.queued}};
      show(ans); remember(ans, s);
    }
  }
  let flushing = false;
  async function flush() {
    if (flushing || queue.length === 0) return;
    flushing = true;
    try {
      for (const s of [...queue]) {
        let r;
        try { r = await postScan(s); } catch (e) {
          if (e.offline) return; // still offline: keep the rest, in order
          continue; // throttled: keep it, try it next round
        }
        queue = queue.filter((q) => q.nonce !== s.nonce);
        renderQueue();
        const ans = asAnswer(r);
        remember({result: ans.result, message: {fr: text(ans.message) + " (" + L.sent + ")", en: text(ans.message) + " (" + L.sent + ")"}}, s);
      }
    } finally {
      flushing = false;
    }
  }
  setInterval(flush, 3000);
  window.addEventListener("online", flush);
  renderQueue();
  flush();

  // --- the scanner input and its focus -----------------------------------
  const input = $("code");
  input.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    const code = input.value.trim();
    input.value = "";
    if (code) scan({code});
  });
  let lastControlUse = 0;
  document.querySelector(".door-bar").addEventListener("pointerdown", () => { lastControlUse = Date.now(); });
  function anyDialogOpen() { return [...document.querySelectorAll("dialog")].some((d) => d.open); }
  function refocus() { if (!anyDialogOpen()) input.focus(); }
  // A scanner types into whatever has focus: bring it back to the input,
  // unless a dialog is open or a control was used in the last 5 seconds.
  setInterval(() => {
    if (document.activeElement === input || anyDialogOpen()) return;
    if (Date.now() - lastControlUse < 5000 && document.activeElement !== document.body) return;
    input.focus();
  }, 300);
  document.addEventListener("click", (ev) => { if (!ev.target.closest("dialog, .door-bar, details")) refocus(); });
  for (const d of document.querySelectorAll("dialog")) d.addEventListener("close", refocus);
  input.focus();

  // --- camera ------------------------------------------------------------
  const video = $("video"), camBtn = $("camera-btn");
  let stream = null, camTimer = 0, lastCode = "", lastCodeAt = 0;
  if (!window.isSecureContext) $("https").hidden = false;
  function onCameraCode(code) {
    const now = Date.now();
    if (code === lastCode && now - lastCodeAt < 4000) return; // the badge stays in view for many frames
    lastCode = code; lastCodeAt = now;
    scan({code});
  }
  async function startCamera() {
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      $("https").hidden = false;
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment", width: {ideal: 1280}, height: {ideal: 720}}, audio: false});
    } catch (e) {
      $("camera-mode").textContent = L["camera.denied"];
      $("camerabox").hidden = false;
      return;
    }
    video.srcObject = stream;
    await video.play().catch(() => {});
    $("camerabox").hidden = false;
    camBtn.setAttribute("aria-pressed", "true");
    let detector = null;
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) detector = new window.BarcodeDetector({formats: ["qr_code"]});
      } catch (e) { detector = null; }
    }
    $("camera-mode").textContent = detector ? L["camera.browser"] : L["camera.server"];
    document.body.dataset.decoder = detector ? "browser" : "server";
    const canvas = document.createElement("canvas");
    let busy = false;
    camTimer = setInterval(async () => {
      if (busy || !stream || video.readyState < 2 || !video.videoWidth) return;
      busy = true;
      try {
        if (detector) {
          const found = await detector.detect(video);
          if (found.length) onCameraCode(found[0].rawValue);
        } else {
          const scale = Math.min(1, 960 / video.videoWidth);
          canvas.width = Math.round(video.videoWidth * scale);
          canvas.height = Math.round(video.videoHeight * scale);
          canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
          const blob = await new Promise((ok) => canvas.toBlob(ok, "image/jpeg", 0.85));
          if (blob) {
            const r = await api("/api/decode", {method: "POST", headers: {"Content-Type": "image/jpeg"}, body: blob});
            if (r.body && r.body.found) onCameraCode(r.body.code);
          }
        }
      } catch (e) {
        /* offline or busy: the next frame will try again */
      } finally {
        busy = false;
      }
    }, 300);
  }
  function stopCamera() {
    clearInterval(camTimer);
    if (stream) for (const t of stream.getTracks()) t.stop();
    stream = null;
    video.srcObject = null;
    $("camerabox").hidden = true;
    camBtn.setAttribute("aria-pressed", "false");
  }
  camBtn.addEventListener("click", () => { if (stream) stopCamera(); else startCamera(); refocus(); });

  // --- search by name ----------------------------------------------------
  const searchQ = $("search-q");
  $("search-btn").addEventListener("click", () => {
    searchQ.value = "";
    $("search-results").replaceChildren();
    $("search-note").textContent = "";
    $("search").showModal();
    searchQ.focus();
  });
  let searchSeq = 0, searchTimer = 0;
  searchQ.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 150);
  });
  async function runSearch() {
    const q = searchQ.value.trim(), mine = ++searchSeq;
    const ul = $("search-results");
    if (q.length < 2) { ul.replaceChildren(); $("search-note").textContent = ""; return; }
    let r;
    try { r = await api("/api/attendees?q=" + encodeURIComponent(q)); } catch (e) { return; }
    if (mine !== searchSeq) return; // a newer search is on its way
    const people = (r.body && r.body.people) || [];
    $("search-note").textContent = people.length === 0 ? L.nobody : r.body.more ? L.more : "";
    ul.replaceChildren(...people.map((p) => {
      const li = el("li");
      const who = el("span", "", p.first_name + " " + (p.last_initial || "") + (p.organisation ? " — " + p.organisation : ""));
      if (p.inside) who.appendChild(el("span", "inside", L.inside));
      const out = document.body.dataset.direction === "out";
      const b = el("button", "", out ? L.checkout : L.checkin);
      b.type = "button";
      b.addEventListener("click", () => { $("search").close(); scan({code: "", token: p.token}); });
      li.append(who, b);
      return li;
    }));
  }

  // --- walk-in registration ----------------------------------------------
  const form = $("walkin-form");
  let walkinNonce = "";
  $("walkin-btn").addEventListener("click", () => {
    form.reset();
    form.hidden = false;
    $("walkin-done").hidden = true;
    $("walkin-error").hidden = true;
    walkinNonce = nonce();
    $("walkin").showModal();
    form.elements.first_name.focus();
  });
  const list = (s) => s.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = form.elements;
    const body = {nonce: walkinNonce, first_name: f.first_name.value, last_name: f.last_name.value, email: f.email.value,
      organisation: f.organisation.value, tags: list(f.tags.value), offers: list(f.offers.value), needs: list(f.needs.value),
      matchmaking_consent: f.matchmaking_consent.checked, board_consent: f.board_consent.checked};
    let r;
    try {
      r = await api("/api/walkins", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
    } catch (e) {
      r = {status: 0, body: {message: {fr: L.queued, en: L.queued}}};
    }
    if (r.status !== 200 && r.status !== 201) {
      $("walkin-error").textContent = (L["walkin.error"] || "") + " : " + text(r.body && r.body.message);
      $("walkin-error").hidden = false;
      return;
    }
    const w = r.body;
    form.hidden = true;
    $("walkin-qr").src = w.badge_qr;
    $("walkin-name").textContent = w.first_name;
    const print = $("walkin-print");
    print.textContent = L.print;
    print.onclick = () => printBadge(w.badge_pdf);
    $("walkin-done").hidden = false;
    scan({code: w.badge_code, direction: "in"});
  });
  async function printBadge(path) {
    let r;
    try { r = await api(path); } catch (e) { return; }
    if (!(r.body instanceof Blob)) return;
    const url = URL.createObjectURL(r.body);
    window.open(url, "_blank");
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }
})();
