// admin.js: the admin's live block. Counters per gate (they always add up
// to the arrivals), introductions, and the running round with its tables.
import * as Live from "./live.js";

const {$} = Live;
const L = Live.labels;
let skew = 0, stopCountdown = () => {};
function stats(s) {
  if (!s) return;
  const c = s.counts;
  $("s-present").textContent = c.present;
  $("s-arrived").textContent = c.arrived;
  $("s-registered").textContent = c.registered;
  $("gatetotal").textContent = c.arrived;
  $("gates").replaceChildren(...Object.keys(c.gates).sort().map((g) => {
    const tr = Live.el("tr");
    tr.appendChild(Live.el("td", "", g || "—"));
    tr.appendChild(Live.el("td", "num", c.gates[g]));
    return tr;
  }));
  if (s.intros) {
    $("s-suggested").textContent = s.intros.suggested;
    $("s-met").textContent = s.intros.met;
    $("s-declined").textContent = s.intros.declined;
  }
}
function showRound(r) {
  stopCountdown();
  $("stopform").hidden = !r;
  const box = $("roundbox");
  if (!r) { box.replaceChildren(Live.el("p", "muted", L.noround)); return; }
  const head = Live.el("p", "roundinfo");
  head.appendChild(Live.el("strong", "", "#" + r.number + " · " + r.kind + " · "));
  const left = head.appendChild(Live.el("span", "", ""));
  const list = Live.el("ul", "tablelist"); // the table number is the label
  const colon = document.documentElement.lang === "fr" ? " : " : ": ";
  r.tables.forEach((t) => {
    const names = t.names.map(Live.iso);
    if (t.others) names.push("+" + t.others + " " + L.others);
    list.appendChild(Live.el("li", "", L.table + " " + t.number + colon + names.join(", ")));
  });
  box.replaceChildren(head, list);
  stopCountdown = Live.countdown(left, r.ends_at, skew, 1000, () => showRound(null), " " + L.left);
}
Live.connect({
  snapshot: "/api/admin/state", ws: "/ws/admin", topic: "admin",
  onStatus: (ok) => document.body.classList.toggle("offline", !ok),
  onSnapshot(s) { skew = new Date(s.now).getTime() - Date.now(); stats(s.stats); showRound(s.round); },
  onMessage(m) {
    const d = m.data || {};
    if (d.counts) stats({counts: d.counts});
    if (d.stats) stats(d.stats);
    if (m.kind === "round") showRound(d.round);
  },
});
