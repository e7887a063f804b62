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
const colon = document.documentElement.lang === "fr" ? " : " : ": ";
const who = (p) => Live.iso(p.name) + (p.organisation ? " (" + Live.iso(p.organisation) + ")" : "");

// leftOut shows who is present without a table in the running round, and
// why: no matchmaking consent, arrived after the start, no partner left.
function leftOut(l) {
  const box = $("leftout");
  box.hidden = !l;
  if (!l) return;
  const n = l.noconsent + l.late + l.odd;
  const counts = [[l.noconsent, L["why.noconsent"]], [l.late, L["why.late"]], [l.odd, L["why.odd"]]]
    .filter(([k]) => k > 0).map(([k, w]) => k + " " + w).join(" · ");
  const list = Live.el("ul", "leftoutlist");
  for (const p of l.people) list.appendChild(Live.el("li", "", who(p) + " — " + L["why." + p.why]));
  box.replaceChildren(Live.el("h3", "", L.leftout + colon + n), Live.el("p", "muted", n ? counts : L.noneleft), list);
}
function showRound(r) {
  stopCountdown();
  $("stopform").hidden = !r;
  const box = $("roundbox");
  if (!r) { box.replaceChildren(Live.el("p", "muted", L.noround)); leftOut(null); return; }
  const head = Live.el("p", "roundinfo");
  head.appendChild(Live.el("strong", "", "#" + r.number + " · " + r.kind + " · "));
  const left = head.appendChild(Live.el("span", "", ""));
  const list = Live.el("ul", "tablelist"); // the table number is the label
  // The admin is not the board: everyone at every table, by full name.
  r.tables.forEach((t) => {
    const names = t.people.map((p) => who(p) + (p.host ? " — " + L.host : "") + (p.away ? " — " + L.away : ""));
    list.appendChild(Live.el("li", "", L.table + " " + t.number + colon + names.join(", ")));
  });
  box.replaceChildren(head, list);
  leftOut(r.left_out);
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
    if (m.kind === "left_out") leftOut(d.left_out);
  },
});
