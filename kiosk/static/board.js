// board.js: the organiser's big screen. Arrivals, counters and the arrival
// curve, live. Names appear only for people who consented to the board.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const seen = new Set();
  const curve = new Map(); // quarter-hour start (ms) → count
  function counts(c) {
    $("present").textContent = c.present;
    $("registered").textContent = c.registered;
  }
  function addArrival(a, prepend) {
    if (seen.has(a.seq)) return;
    seen.add(a.seq);
    const li = Live.el("li", "arrival");
    li.dataset.seq = a.seq;
    li.appendChild(Live.el("span", "who", a.name ? a.name : document.body.dataset.someone));
    if (a.organisation) li.appendChild(Live.el("span", "org", " — " + a.organisation));
    const list = $("arrivals");
    if (prepend) list.prepend(li); else list.appendChild(li);
    while (list.children.length > 12) list.lastChild.remove();
  }
  function drawCurve() {
    const svg = $("curve");
    const keys = [...curve.keys()].sort((a, b) => a - b);
    while (svg.firstChild) svg.firstChild.remove();
    if (!keys.length) return;
    const max = Math.max(...keys.map((k) => curve.get(k)), 1);
    const w = 1000 / Math.max(keys.length, 1);
    keys.forEach((k, i) => {
      const h = 180 * curve.get(k) / max;
      const r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      r.setAttribute("x", i * w + 2); r.setAttribute("y", 190 - h);
      r.setAttribute("width", Math.max(w - 4, 1)); r.setAttribute("height", h);
      svg.appendChild(r);
    });
  }
  function quarter(t) { const d = new Date(t); return Math.floor(d.getTime() / 900000) * 900000; }
  Live.connect({
    snapshot: "/api/board", ws: "/ws/board", topic: "board",
    onStatus: (ok) => document.body.classList.toggle("offline", !ok),
    onSnapshot(s) {
      counts(s.counts);
      $("arrivals").replaceChildren(); seen.clear();
      (s.arrivals || []).slice().reverse().forEach((a) => addArrival(a, false));
      curve.clear();
      (s.curve || []).forEach((p) => curve.set(new Date(p.start).getTime(), p.count));
      drawCurve();
    },
    onMessage(m) {
      if (m.data.counts) counts(m.data.counts);
      if (m.kind === "arrival") {
        addArrival(m.data.arrival, true);
        if (m.data.first) { const q = quarter(m.data.arrival.at); curve.set(q, (curve.get(q) || 0) + 1); drawCurve(); }
      }
    },
  });
})();
