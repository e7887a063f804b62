// answer.js: showing a scan's answer: green / amber / red with a short
// sound, the first name, the table, three people to meet and a QR code of
// the person's phone page; and the list of recent scans.
import {$, el, iso, text, labels as L} from "../live.js";

const lang = document.documentElement.lang === "en" ? "en" : "fr";
let audio = null, idleTimer = 0;

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

$("message").dataset.ready = $("message").textContent;

// show puts an answer on the screen for 15 seconds.
export function show(ans) {
  const box = $("answer"), colour = colourOf(ans.result);
  box.className = "door-answer " + colour;
  box.dataset.result = ans.result || "";
  $("message").textContent = text(ans.message);
  $("org").textContent = iso(ans.organisation);
  $("table").hidden = !ans.table;
  $("table").textContent = ans.table ? (L.table || "Table") + " " + ans.table : "";
  const meet = $("meet");
  meet.replaceChildren();
  for (const p of (ans.meet || []).slice(0, 3)) {
    const li = el("li", "", iso(p.name) + (p.organisation ? " — " + iso(p.organisation) : ""));
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

// remember adds a scan and its answer to the recent list.
export function remember(ans, scan) {
  const li = el("li", colourOf(ans.result));
  const at = new Date(scan.scanned_at).toLocaleTimeString(lang, {hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"});
  li.textContent = at + " · " + (scan.gate || "") + " · " + text(ans.message);
  const list = $("recent");
  list.prepend(li);
  while (list.children.length > 8) list.lastChild.remove();
}
