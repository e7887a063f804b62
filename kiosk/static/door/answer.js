// answer.js: showing a scan's answer: green / amber / red with a short
// sound, the first name, the table, three people to meet and a QR code of
// the person's phone page; and the list of recent scans.
import {$, el, iso, text, labels as L} from "../live.js";

const lang = document.documentElement.lang === "en" ? "en" : "fr";
let audio = null, idleTimer = 0;

// Each colour has its own sound, so the answer is heard as well as seen:
// green two rising notes, amber two equal notes, red a long low falling
// buzz ([frequency Hz, seconds] steps).
const tunes = {
  green: [[660, 0.09], [990, 0.14]],
  amber: [[520, 0.16], [0, 0.06], [520, 0.16]],
  red: [[330, 0.2], [220, 0.45]],
  grey: [[440, 0.1]],
};

function beep(colour) {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    let t = audio.currentTime;
    for (const [hz, secs] of tunes[colour] || tunes.grey) {
      if (hz) {
        const o = audio.createOscillator(), g = audio.createGain();
        o.type = colour === "red" ? "square" : "sine";
        o.frequency.value = hz;
        g.gain.value = colour === "red" ? 0.06 : 0.12;
        o.connect(g); g.connect(audio.destination);
        o.start(t); o.stop(t + secs);
      }
      t += secs;
    }
  } catch (e) { /* no sound device: the colour and the words say it */ }
}

const colourOf = (result) => ({ok: "green", exit: "green", already: "amber", not_inside: "amber", queued: "grey"}[result] || "red");

// verdictOf is the status word and icon shown above the message, so the
// answer does not rest on its colour alone.
const verdictOf = (result) => L["verdict." + ({ok: "ok", exit: "exit", already: "amber", not_inside: "notin", queued: "queued"}[result] || "red")];

// announce says one short sentence per scan to a screen reader (the answer
// box itself is not a live region: its many changes would be read out one
// by one). The same sentence twice in a row is said twice.
let announceTimer = 0;
function announce(sentence) {
  const a = $("announce");
  a.textContent = "";
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => { a.textContent = sentence; }, 60);
}

$("message").dataset.ready = $("message").textContent;

// show puts an answer on the screen for 15 seconds.
export function show(ans) {
  const box = $("answer"), colour = colourOf(ans.result);
  box.className = "door-answer " + colour;
  box.dataset.result = ans.result || "";
  const verdict = verdictOf(ans.result);
  $("verdict").textContent = verdict;
  $("verdict").hidden = false;
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
  announce([verdict, text(ans.message), $("table").textContent].filter(Boolean).join(". "));
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    box.className = "door-answer idle";
    box.dataset.result = "";
    $("message").textContent = $("message").dataset.ready; // not announced: #answer is not live
    $("verdict").hidden = true;
    for (const id of ["org", "table"]) $(id).textContent = "";
    $("table").hidden = $("meetbox").hidden = $("phonebox").hidden = true;
  }, 15000);
}

// remember adds a scan and its answer to the recent list.
export function remember(ans, scan) {
  const li = el("li", colourOf(ans.result));
  const at = new Date(scan.scanned_at).toLocaleTimeString(lang, {hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"});
  li.textContent = at + " · " + (scan.gate || "") + " · " + verdictOf(ans.result) + " · " + text(ans.message);
  const list = $("recent");
  list.prepend(li);
  while (list.children.length > 8) list.lastChild.remove();
}
