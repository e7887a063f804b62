// phone_confirm.js: "who helped you?" on the phone page. The snapshot's
// "helped" lists the people I met with their offers; one tap on an offer
// (or "not really") says which helped me, POST /api/me/{secret}/confirm,
// which answers the list again. The buttons are toggles (aria-pressed):
// my answer shows, and a later tap changes it. Only totals are ever shown
// elsewhere (the directory's "confirmed by N").
import * as Live from "./live.js";

const {$} = Live;
const L = Live.labels;
let ctx = null; // {post, announce}
let shown = null; // the list last rendered, as JSON: an unchanged list leaves the DOM alone

// render shows the people I met; the focus stays on the same button when
// it is still there.
export function render(list) {
  list = list || [];
  const json = JSON.stringify(list);
  if (json === shown) return;
  shown = json;
  const f = document.activeElement;
  const keep = f && f.closest && f.closest("#helped li") ? [f.closest("li").dataset.id, f.dataset.offer] : null;
  $("helped").replaceChildren(...list.map(item));
  $("helped-none").hidden = list.length > 0;
  if (keep) {
    const b = [...$("helped").querySelectorAll(`li[data-id="${keep[0]}"] button`)].find((x) => x.dataset.offer === keep[1]);
    if (b) b.focus({preventScroll: true});
  }
}

function item(p) {
  const li = Live.el("li", "met-person");
  li.dataset.id = p.id;
  const who = Live.iso(p.name) + (p.organisation ? " — " + Live.iso(p.organisation) : "");
  li.appendChild(Live.el("strong", "", who));
  const q = Live.el("p", "muted", L.helpedq);
  q.id = "helped-q-" + p.id;
  li.appendChild(q);
  const group = Live.el("div", "choices");
  group.setAttribute("role", "group");
  group.setAttribute("aria-labelledby", q.id);
  for (const offer of [...(p.offers || []), ""]) {
    const b = Live.el("button", offer ? "small" : "small secondary", offer ? Live.iso(offer) : L.notreally);
    b.type = "button";
    b.dataset.offer = offer;
    b.setAttribute("aria-pressed", String(p.answered && p.offer === offer));
    b.setAttribute("aria-label", (offer || L.notreally) + " — " + p.name);
    b.onclick = () => say(p, offer);
    group.appendChild(b);
  }
  li.appendChild(group);
  return li;
}

async function say(p, offer) {
  const {status, ans} = await ctx.post("/confirm", {with: p.id, offer});
  if (status !== 200) {
    ctx.announce(((Live.text(ans.message) || "") + " " + L.failed).trim());
    return;
  }
  render(ans.helped);
  const msg = offer ? L.saved : L.savednone;
  $("helped-status").textContent = msg;
  ctx.announce(msg);
}

// start wires the section; c: {post(path, body), announce(text)}.
export function start(c) { ctx = c; }
