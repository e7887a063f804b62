// phone_groups.js: my group formed before the day on the phone page. The
// snapshot's "group", then each "group" message (the whole group again,
// or null when there is none or the groups were taken off): its name, its
// leader, where and when it meets. On the leader's phone, the members with
// their projects and who has arrived, live; an arrival and a change of my
// group are read out (the page's polite region).
import * as Live from "./live.js";

const {$} = Live;
const L = Live.labels;
let last = null; // the group shown, to tell what changed

const title = (g) => L.groupword + " " + g.number + (g.name ? " — " + g.name : "");

// render shows g (null hides the card); announce, when given, reads out
// what changed since the last render.
export function render(g, announce) {
  const before = last;
  last = g || null;
  $("groupcard").hidden = !g;
  if (!g) return;
  $("group-h").textContent = g.leads ? L.groupled : L.group;
  $("group-name").textContent = title(g);
  $("group-leader").textContent = g.leads ? g.size + " " + L.groupsize : g.leader ? L.groupleader + " " + Live.iso(g.leader) : L.groupnoleader;
  const where = [];
  if (g.place) where.push(L.groupwhere + " " + Live.iso(g.place));
  if (g.at) where.push(L.groupwhen + " " + g.at);
  $("group-where").textContent = where.join(" · ");
  $("group-where").hidden = where.length === 0;
  $("group-lead").hidden = !g.leads;
  if (g.leads) lead(g.members || []);
  if (!announce || !before) return;
  if (g.leads && before.leads) {
    const was = new Map((before.members || []).map((m) => [m.id, m.status]));
    (g.members || []).filter((m) => m.status === "inside" && was.get(m.id) !== "inside")
      .forEach((m) => announce(Live.iso(m.name) + " " + L.grouparrived));
    return;
  }
  const said = (x) => [title(x), x.leader, x.place, x.at].join("|");
  if (said(g) !== said(before)) announce(L.groupchanged + " " + [title(g), g.place, g.at].filter(Boolean).join(", "));
}

// lead lists the members of the group I lead, those who arrived first.
function lead(members) {
  const here = members.filter((m) => m.status === "inside").length;
  $("group-count").textContent = here + " " + L.groupcount + " " + members.length;
  const order = {inside: 0, left: 1, absent: 2};
  const sorted = members.slice().sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name));
  if (!sorted.length) {
    $("group-members").replaceChildren(Live.el("li", "muted", L.groupnone));
    return;
  }
  $("group-members").replaceChildren(...sorted.map((m) => {
    const li = Live.el("li", "member " + m.status);
    li.dataset.id = m.id;
    li.appendChild(Live.el("strong", "", Live.iso(m.name)));
    if (m.organisation) li.appendChild(Live.el("span", "org", " — " + Live.iso(m.organisation)));
    li.appendChild(Live.el("span", "status", " · " + L["group" + m.status]));
    const project = [m.project, m.sector].filter(Boolean).map(Live.iso).join(" · ");
    if (project) li.appendChild(Live.el("p", "muted", project));
    return li;
  }));
}
