// board_asks.js: the asks wall on the board. The open asks whose authors
// allowed the screen (the snapshot's "asks", then each "asks" message, the
// whole list), newest first; a name only for authors who consented to the
// board. An ask leaves the screen by itself when it expires (the end of
// the event's day).
import * as Live from "./live.js";

const {$} = Live;
let expiry = 0;

export function render(list) {
  clearTimeout(expiry);
  const now = Date.now();
  const open = (list || []).filter((a) => new Date(a.expires).getTime() > now);
  $("asks").replaceChildren(...open.slice(0, 8).map((a) => {
    const li = Live.el("li", "ask");
    li.appendChild(Live.el("span", "asktext", document.documentElement.lang === "en" ? "“" + a.text + "”" : "« " + a.text + " »"));
    if (a.author) li.appendChild(Live.el("span", "who", Live.iso(a.author) + (a.organisation ? " — " + Live.iso(a.organisation) : "")));
    return li;
  }));
  $("noasks").hidden = open.length > 0;
  if (open.length) {
    const next = Math.min(...open.map((a) => new Date(a.expires).getTime()));
    expiry = setTimeout(() => render(open), Math.min(next - now + 500, 2 ** 31 - 1));
  }
}
