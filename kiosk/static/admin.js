// admin.js: the admin's live block. Counters per gate (they always add up
// to the arrivals), introductions, and the running round with its tables.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const ds = document.body.dataset;
  let skew = 0, round = null, timer = null;
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
    round = r;
    clearInterval(timer);
    $("stopform").hidden = !r;
    const box = $("roundbox");
    if (!r) { box.replaceChildren(Live.el("p", "muted", ds.noround)); return; }
    const head = Live.el("p", "roundinfo");
    head.appendChild(Live.el("strong", "", "#" + r.number + " · " + r.kind + " · "));
    head.appendChild(Live.el("span", "", ""));
    head.lastChild.id = "admincountdown";
    const list = Live.el("ul", "tablelist"); // the table number is the label
    const colon = document.documentElement.lang === "fr" ? " : " : ": ";
    r.tables.forEach((t) => {
      const names = t.names.slice();
      if (t.others) names.push("+" + t.others + " " + ds.others);
      list.appendChild(Live.el("li", "", ds.table + " " + t.number + colon + names.join(", ")));
    });
    box.replaceChildren(head, list);
    tick();
    timer = setInterval(tick, 1000);
  }
  function tick() {
    if (!round) return;
    const left = Math.max(0, new Date(round.ends_at).getTime() - (Date.now() + skew));
    const s = Math.ceil(left / 1000);
    $("admincountdown").textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0") + " " + ds.left;
    if (left <= 0) showRound(null);
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
})();
