// phone_sessions.js: the day's sessions on the phone page. Each shows its
// time (the event's, as the server wrote it), kind, title and room; one
// that runs now has an "I'm here" button (POST
// /api/me/{secret}/sessions/{id}/here, answered with the programme
// again), one where I am recorded says so. The list comes in the snapshot
// ("sessions"), so a scan at the room's kiosk shows at the next refresh.
import * as Live from "./live.js";

const {$} = Live;
const L = Live.labels;
let ctx = null; // {post, announce}

// hm is the wall-clock time of an RFC 3339 string ("…T14:00:00+01:00").
const hm = (s) => String(s || "").slice(11, 16);

let last = [], shown = "";

// runs says whether a session takes attendance now by this phone's clock
// (the server said so at the last snapshot; a session may have opened or
// ended since; a tap the server refuses says why).
const runs = (s) => Date.now() >= Date.parse(s.opens) && Date.now() < Date.parse(s.end);

export function render(list) {
  last = list || [];
  shown = last.map(runs).join();
  $("sessions-list").replaceChildren(...last.map(item));
  $("sessions-none").hidden = last.length > 0;
}

// Every half minute the list is drawn again, only when a session opened
// or ended since (so a focused button is not replaced for nothing).
setInterval(() => { if (last.map(runs).join() !== shown) render(last); }, 30000);

function item(s) {
  const running = s.opens ? runs(s) : s.running;
  const li = Live.el("li", "session" + (running ? " now" : ""));
  li.dataset.id = s.id;
  const kind = L[{workshop: "workshop", talk: "talk"}[s.kind] || "session"];
  const head = Live.el("p", "", hm(s.start) + "–" + hm(s.end) + " · " + kind + " ");
  head.appendChild(Live.el("strong", "", Live.iso(s.title)));
  if (s.room) head.appendChild(document.createTextNode(" — " + Live.iso(s.room)));
  li.appendChild(head);
  if (s.here) {
    li.appendChild(Live.el("p", "here", "✓ " + L.here));
  } else if (running) {
    const b = Live.el("button", "small", L.herebtn);
    b.type = "button";
    b.setAttribute("aria-label", L.herebtn + " — " + s.title);
    b.onclick = () => here(s);
    li.appendChild(b);
  }
  return li;
}

// here records my attendance; the focus goes to the section's heading
// (the button is gone) and the result is read out.
async function here(s) {
  const {status, ans} = await ctx.post("/sessions/" + s.id + "/here", {});
  if (status !== 200) {
    ctx.announce(((Live.text(ans.message) || "") + " " + L.failed).trim());
    return;
  }
  render(ans);
  $("sessions-h").focus();
  ctx.announce(L.recorded + " " + s.title);
}

export function start(c) { ctx = c; }
