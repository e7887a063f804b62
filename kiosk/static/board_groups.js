// board_groups.js: the groups formed before the day on the board, while
// they are published and the organiser lets the board show them (the
// snapshot's "groups", then each "groups" message, the whole list; empty
// hides the panel). Names only for people who consented to the board, the
// others counted.
import * as Live from "./live.js";

const {$} = Live;
const L = Live.labels;

export function render(list) {
  const groups = list || [];
  $("board-groups").hidden = groups.length === 0;
  $("pregroups").replaceChildren(...groups.map((g) => {
    const li = Live.el("li", "pregroup");
    li.appendChild(Live.el("strong", "", L.groupword + " " + g.number + (g.name ? " — " + Live.iso(g.name) : "")));
    const meta = [];
    if (g.leader) meta.push(L.groupleader + " " + Live.iso(g.leader));
    if (g.place) meta.push(Live.iso(g.place));
    if (g.at) meta.push(g.at);
    if (meta.length) li.appendChild(Live.el("span", "meta", meta.join(" · ")));
    const names = g.names.map(Live.iso);
    if (g.others) names.push("+" + g.others + " " + L.others);
    li.appendChild(Live.el("span", "names", names.join(", ")));
    return li;
  }));
}
