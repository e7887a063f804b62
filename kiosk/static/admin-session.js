// admin-session.js: the admin session lasts 12 hours. Five minutes before
// it ends, a dialog says so and offers to extend it (WCAG 2.2.1); once it
// has ended, the dialog says to sign in again. The page counts on its own
// clock, corrected by the server's (GET /api/admin/session).
const dialog = document.getElementById("session-warn");
const left = document.getElementById("session-left");
const extendBtn = document.getElementById("session-extend");
const signin = document.getElementById("session-signin");
const warnMs = 5 * 60 * 1000;
let endsAt = 0; // this page's clock; 0: unknown

async function load(path, opts) {
  try {
    const r = await fetch(path, Object.assign({cache: "no-store", credentials: "same-origin"}, opts));
    if (!r.ok) return r.status === 401 ? -1 : 0;
    const s = await r.json();
    const skew = new Date(s.now).getTime() - Date.now();
    return new Date(s.ends_at).getTime() - skew;
  } catch (e) {
    return 0; // the server is away: keep what we knew
  }
}

let checking = false;
async function check() {
  if (!endsAt || checking) return;
  const rest = endsAt - Date.now();
  if (rest > warnMs) return;
  if (rest > 0 && !dialog.open) { // another tab may have extended it
    checking = true;
    const fresh = await load("/api/admin/session");
    checking = false;
    if (fresh > 0) endsAt = fresh;
    if (endsAt - Date.now() > warnMs) return;
  }
  show(endsAt - Date.now());
}

function show(rest) {
  const ended = rest <= 0;
  left.textContent = ended ? dialog.dataset.ended : dialog.dataset.left.replace("{m}", String(Math.max(1, Math.ceil(rest / 60000))));
  extendBtn.hidden = ended;
  signin.hidden = !ended;
  if (!dialog.open) {
    dialog.showModal();
    (ended ? signin : extendBtn).focus();
  }
}

extendBtn.addEventListener("click", async () => {
  const fresh = await load("/api/admin/session/extend", {method: "POST"});
  if (fresh > 0) { endsAt = fresh; dialog.close(); return; }
  if (fresh < 0) show(0); // already over
});

(async () => {
  const at = await load("/api/admin/session");
  if (at > 0) endsAt = at;
  check();
  setInterval(check, 5000);
})();
