// phone.js: one attendee's companion page. Suggestions among the people
// present now, and a live "someone you should meet just arrived".
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const secret = document.body.dataset.secret;
  function render(list) {
    const ul = $("suggestions");
    ul.replaceChildren();
    list.forEach((p) => ul.appendChild(item(p)));
    $("none").hidden = list.length > 0;
  }
  function item(p) {
    const li = Live.el("li", "suggestion");
    li.appendChild(Live.el("strong", "", p.name));
    if (p.organisation) li.appendChild(Live.el("span", "org", " — " + p.organisation));
    if (p.reasons) li.appendChild(Live.el("p", "why", Live.text(p.reasons)));
    return li;
  }
  Live.connect({
    snapshot: "/api/me/" + secret, ws: "/ws/me/" + secret, topic: document.body.dataset.topic,
    onStatus: (ok, why) => document.body.classList.toggle("offline", !ok),
    onSnapshot(s) { render(s.suggestions || []); },
    onMessage(m) {
      if (m.kind === "arrived") {
        const p = m.data.person;
        const note = $("push");
        note.replaceChildren(Live.el("strong", "", p.name + " " + document.body.dataset.arrived), Live.el("p", "why", Live.text(p.reasons)));
        note.hidden = false;
        if (navigator.vibrate) navigator.vibrate(200);
        fetch("/api/me/" + secret, {cache: "no-store"}).then((r) => r.json()).then((s) => render(s.suggestions || []));
      }
    },
  });
})();
