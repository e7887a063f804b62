// phone_asks.js: the asks wall on the phone page. A form posts my ask
// (POST /api/me/{secret}/asks: the answer says how many people who can
// answer it were told, and lists my asks); my open asks each have a
// "close" button; the asks I can answer come in the snapshot ("asks") and
// live as an "ask" message, shown in the page's push box and read out.
import * as Live from "./live.js";

const {$} = Live;
const L = Live.labels;
let ctx = null; // {post, announce, reload}

const en = () => document.documentElement.lang === "en";
const quoted = (s) => en() ? "“" + s + "”" : "« " + s + " »";

// render shows my asks and those for me; the focus stays on the same
// ask's button when it is still there.
export function render(asks) {
  const mine = (asks && asks.mine) || [], forMe = (asks && asks.for_me) || [];
  const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest("#my-asks li");
  const focusID = focused ? focused.dataset.id : "";
  $("my-asks").replaceChildren(...mine.map(myItem));
  $("my-asks-none").hidden = mine.length > 0;
  $("asks-for-me").replaceChildren(...forMe.map(forMeItem));
  $("asks-for-me-none").hidden = forMe.length > 0;
  const again = focusID && $("my-asks").querySelector(`li[data-id="${focusID}"] button`);
  if (again) again.focus({preventScroll: true});
}

function myItem(a) {
  const li = Live.el("li", "ask");
  li.dataset.id = a.id;
  li.appendChild(Live.el("p", "asktext", quoted(a.text)));
  li.appendChild(Live.el("p", "muted", (a.board ? L.onboard : L.offboard) + " · " + L.told + " " + a.sent));
  const b = Live.el("button", "small secondary", L.closebtn);
  b.type = "button";
  b.setAttribute("aria-label", L.closebtn + " — " + a.text);
  b.onclick = () => close(li, a);
  li.appendChild(b);
  return li;
}

function forMeItem(a) {
  const li = Live.el("li", "ask");
  li.dataset.id = a.id;
  const who = Live.iso(a.author) + (a.organisation ? " (" + Live.iso(a.organisation) + ")" : "");
  li.appendChild(Live.el("p", "asktext", who + " " + L.asks + " " + quoted(a.text)));
  li.appendChild(Live.el("p", "why", L.youoffer + " " + Live.text(a.why)));
  return li;
}

// close closes one of my asks; focus goes to the next ask's button (or
// the one before, or the section's heading).
async function close(li, a) {
  const next = li.nextElementSibling || li.previousElementSibling;
  const nextID = next ? next.dataset.id : "";
  const {status, ans} = await ctx.post("/asks/" + a.id + "/close", {});
  if (status !== 200) {
    ctx.announce(((Live.text(ans.message) || "") + " " + L.failed).trim());
    return;
  }
  render({mine: ans.mine, for_me: ans.for_me});
  const again = nextID && $("my-asks").querySelector(`li[data-id="${nextID}"] button`);
  (again || $("asks-h")).focus();
  ctx.announce(L.closed);
}

// pushed shows an ask I can answer that just came: "Karim B. asks:
// “…” — you offer fundraising".
export function pushed(a) {
  const line = Live.iso(a.author) + " " + L.asks + " " + quoted(a.text);
  $("push").replaceChildren(Live.el("strong", "", line), Live.el("p", "why", Live.text(a.why)));
  $("push").hidden = false;
  ctx.announce(line + " — " + Live.text(a.why));
}

// start wires the form; c: {post(path, body), announce(text), reload()}.
export function start(c) {
  ctx = c;
  $("ask-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = $("ask-text").value.trim();
    const {status, ans} = await ctx.post("/asks", {text, board: $("ask-board").checked});
    if (status !== 200) {
      $("ask-status").textContent = Live.text(ans.message) || L.failed;
      return;
    }
    $("ask-text").value = "";
    $("ask-status").textContent = ans.sent > 0 ? L.sentto + " " + ans.sent : L.sentnone;
    render(ans.asks);
  });
}
