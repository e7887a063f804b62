// board.js: the organiser's big screen. Arrivals, counters, breakdowns, the
// arrival curve, the live introductions and, during a round, the tables with
// a countdown. Names appear only for people who consented to the board.
import * as Live from "./live.js";
import * as Asks from "./board_asks.js";
import * as Groups from "./board_groups.js";

const {$} = Live;
const L = Live.labels;
const seen = new Set(), seenIntros = new Set();
const curve = new Map(); // quarter-hour start (ms) → count
let skew = 0; // server clock − this screen's clock (ms)
let stopCountdown = () => {};

function counts(c) {
  $("present").textContent = c.present;
  $("registered").textContent = c.registered;
  $("arrived").textContent = c.arrived;
  bars($("sectors"), c.sectors || []);
  bars($("roles"), c.roles || []);
}
// bars draws a breakdown. Labels come as typed (the server capitalises
// only all-lower-case ones) and wrap rather than being cut. The last line
// may sum the rest ("other": how many lines it folds): it is drawn last,
// muted and without a bar, and the bars scale on the named lines only, so
// a catch-all never looks like the biggest sector.
function bars(ul, list) {
  const max = Math.max(1, ...list.filter((t) => !t.other).map((t) => t.count));
  ul.replaceChildren(...list.map((t) => {
    const li = Live.el("li", t.other ? "other" : "");
    li.appendChild(Live.el("span", "label", t.other ? L.otherlines.replace("%d", t.other) : Live.iso(t.label)));
    li.appendChild(Live.el("span", "n", t.count));
    if (!t.other) {
      const bar = Live.el("span", "bar");
      bar.style.width = (100 * t.count / max) + "%";
      li.appendChild(bar);
    }
    return li;
  }));
}
function addArrival(a, prepend) {
  if (seen.has(a.seq)) return;
  seen.add(a.seq);
  const li = Live.el("li", "arrival" + (prepend ? " fresh" : ""));
  li.dataset.seq = a.seq;
  li.appendChild(Live.el("span", "who", a.name ? Live.iso(a.name) : L.someone));
  if (a.organisation) li.appendChild(Live.el("span", "org", Live.iso(a.organisation)));
  const list = $("arrivals");
  if (prepend) list.prepend(li); else list.appendChild(li);
  while (list.children.length > 11) list.lastChild.remove();
}
function addIntro(i, prepend) {
  if (seenIntros.has(i.seq)) return;
  seenIntros.add(i.seq);
  const li = Live.el("li", "intro" + (prepend ? " fresh" : ""));
  li.appendChild(Live.el("span", "who", Live.iso(i.a) + " ↔ " + Live.iso(i.b)));
  if (i.topic) li.appendChild(Live.el("span", "topic", Live.text(i.topic)));
  const list = $("intros");
  if (prepend) list.prepend(li); else list.appendChild(li);
  while (list.children.length > 9) list.lastChild.remove();
  $("nointros").hidden = list.children.length > 0;
}
function drawCurve() {
  const svg = $("curve");
  const keys = [...curve.keys()].sort((a, b) => a - b);
  svg.replaceChildren();
  if (!keys.length) return;
  const max = Math.max(...keys.map((k) => curve.get(k)), 1);
  const w = 1000 / Math.max(keys.length, 8);
  const ns = "http://www.w3.org/2000/svg";
  keys.forEach((k, i) => {
    const h = 220 * curve.get(k) / max;
    const r = document.createElementNS(ns, "rect");
    r.setAttribute("x", i * w + 3); r.setAttribute("y", 230 - h);
    r.setAttribute("width", Math.max(w - 6, 1)); r.setAttribute("height", h);
    r.setAttribute("rx", 4);
    svg.appendChild(r);
    if (keys.length <= 16 || i % Math.ceil(keys.length / 16) === 0) {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", i * w + w / 2); t.setAttribute("y", 255);
      t.textContent = new Date(k).toLocaleTimeString(document.documentElement.lang, {hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
      svg.appendChild(t);
    }
  });
}
function quarter(t) { return Math.floor(new Date(t).getTime() / 900000) * 900000; }

function showRound(r) {
  stopCountdown();
  $("round").hidden = !r;
  $("day").hidden = !!r;
  if (!r) return;
  const tables = $("tables");
  $("roundtitle").textContent = L.round + " " + r.number + " — " + (r.kind === "groups" ? L.groups : L.pairs);
  tables.className = "tables " + (r.tables.length > 40 ? "tiny" : r.tables.length > 18 ? "small" : r.tables.length <= 8 ? "large" : "");
  tables.replaceChildren(...r.tables.map((t) => {
    const div = Live.el("div", "table");
    div.appendChild(Live.el("span", "no", t.number));
    const names = Live.el("span", "names");
    t.names.forEach((n) => {
      const s = Live.el("span", n === t.host ? "name host" : "name", Live.iso(n));
      if (n === t.host) s.title = L.host;
      names.appendChild(s);
    });
    if (t.others) names.appendChild(Live.el("span", "name muted", "+" + t.others + " " + L.others));
    div.appendChild(names);
    return div;
  }));
  stopCountdown = Live.countdown($("countdown"), r.ends_at, skew, 250, () => showRound(null));
}

// A board link with a key (admin, Kiosks) passes it on to the snapshot and
// the socket.
const boardKey = new URLSearchParams(location.search).get("key");
const keyQuery = boardKey ? "?key=" + encodeURIComponent(boardKey) : "";

Live.connect({
  snapshot: "/api/board" + keyQuery, ws: "/ws/board" + keyQuery, topic: "board",
  onStatus: (ok) => document.body.classList.toggle("offline", !ok),
  onSnapshot(s) {
    skew = new Date(s.now).getTime() - Date.now();
    counts(s.counts);
    $("arrivals").replaceChildren(); seen.clear();
    (s.arrivals || []).slice().reverse().forEach((a) => addArrival(a, false));
    $("intros").replaceChildren(); seenIntros.clear();
    (s.intros || []).slice().reverse().forEach((i) => addIntro(i, false));
    $("nointros").hidden = (s.intros || []).length > 0;
    curve.clear();
    (s.curve || []).forEach((p) => curve.set(new Date(p.start).getTime(), p.count));
    drawCurve();
    showRound(s.round);
    Asks.render(s.asks);
    Groups.render(s.groups);
  },
  onMessage(m, conn) {
    const d = m.data || {};
    if (d.counts) counts(d.counts);
    switch (m.kind) {
      case "arrival":
        addArrival(d.arrival, true);
        if (d.first) { const q = quarter(d.arrival.at); curve.set(q, (curve.get(q) || 0) + 1); drawCurve(); }
        break;
      case "intro": addIntro(d.intro, true); break;
      case "asks": Asks.render(d.asks); break;
      case "groups": Groups.render(d.groups); break;
      case "round": showRound(d.round); break;
      case "reload": conn.reload(); break;
      case "brand": location.reload(); break;
    }
  },
});
