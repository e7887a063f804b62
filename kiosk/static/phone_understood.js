// phone_understood.js: "what we understood" on the phone page. The
// concepts the matcher read in my needs, offers and interests (the
// snapshot's "understood"), each with a remove button, and a typeahead
// (combobox.js over GET /api/me/{secret}/concepts) that adds one to the
// field chosen. A correction is POSTed to /api/me/{secret}/corrections,
// whose answer is the new snapshot: my suggestions change at once.
import * as Live from "./live.js";
import {combobox} from "./combobox.js";

const {$} = Live;
const L = Live.labels;
const fields = ["needs", "offers", "interests"];
let ctx = null; // {post, announce, api, refresh}
let shown = ""; // the concepts on screen, as JSON: an unchanged list is left as it is

// render shows the concepts, field by field; the focus is kept on the
// same concept's button when it is still there.
export function render(concepts) {
  const now = JSON.stringify(concepts);
  if (now === shown) return;
  shown = now;
  const box = $("understood");
  const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest("#understood li");
  const focusKey = focused ? focused.dataset.field + "/" + focused.dataset.key : "";
  const groups = [];
  for (const f of fields) {
    const mine = concepts.filter((c) => c.field === f);
    if (!mine.length) continue;
    const h = Live.el("h3", "", L["f_" + f]);
    const ul = Live.el("ul", "concepts");
    ul.dataset.field = f;
    mine.forEach((c) => ul.appendChild(item(c)));
    groups.push(h, ul);
  }
  box.replaceChildren(...groups);
  $("understood-none").hidden = concepts.length > 0;
  if (focusKey) {
    const again = box.querySelector(`li[data-field="${focused.dataset.field}"][data-key="${CSS.escape(focused.dataset.key)}"] button`);
    if (again) again.focus({preventScroll: true});
  }
}

function item(c) {
  const li = Live.el("li");
  li.dataset.field = c.field;
  li.dataset.key = c.key;
  const label = Live.text(c.label);
  li.appendChild(Live.el("strong", "concept", label));
  li.appendChild(Live.el("span", "said", c.added ? "(" + L.byyou + ")" : c.said ? L.youwrote + " « " + c.said + " »" : ""));
  const b = Live.el("button", "small secondary remove", L.removebtn);
  b.type = "button";
  b.setAttribute("aria-label", L.removebtn + " — " + label);
  b.onclick = () => remove(li, c, label);
  li.appendChild(b);
  return li;
}

async function correct(c, done) {
  const {status, ans} = await ctx.post("/corrections", {corrections: [c]});
  if (status !== 200) {
    ctx.announce(((Live.text(ans.message) || "") + " " + L.failed).trim());
    return false;
  }
  ctx.refresh(ans);
  ctx.announce(done);
  return true;
}

// remove drops one concept; focus goes to the next concept's button (or
// the one before, or the section's heading).
async function remove(li, c, label) {
  const all = [...$("understood").querySelectorAll("li")];
  const i = all.indexOf(li);
  const next = all[i + 1] || all[i - 1];
  const nextKey = next ? [next.dataset.field, next.dataset.key] : null;
  if (!(await correct({field: c.field, key: c.key, remove: true}, L.removed + " " + label))) return;
  const again = nextKey && $("understood").querySelector(`li[data-field="${nextKey[0]}"][data-key="${CSS.escape(nextKey[1])}"] button`);
  (again || $("understood-h")).focus();
}

// start wires the typeahead; c: {post, announce, api, refresh(snapshot)}.
export function start(c) {
  ctx = c;
  const lang = document.documentElement.lang === "en" ? "en" : "fr";
  combobox({
    input: $("concept-input"), list: $("concept-list"), status: $("concept-status"),
    async source(q) {
      const res = await fetch(ctx.api + "/concepts?lang=" + lang + "&q=" + encodeURIComponent(q), {cache: "no-store"});
      if (!res.ok) return [];
      return (await res.json()).map((x) => ({key: x.key, label: Live.text(x.label)}));
    },
    onPick(it) { correct({field: $("concept-field").value, key: it.key}, L.added + " " + it.label); },
    say: {count: (n) => n + " " + L.choices, none: L.nochoice},
  });
}
