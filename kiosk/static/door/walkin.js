// walkin.js: registering someone at the door (POST /api/walkins), then
// showing and printing their badge and checking them in.
//
// A USB scanner types a code and Enter, in a few milliseconds, into
// whatever has the focus: while this form is open, one of its fields. Such
// a burst is a scan, not a name: it goes to the door as a scan, and the
// field keeps what was typed before it. Should the burst be missed (a slow
// machine), the server refuses a name that is a code (error
// "scanned_code") and the same happens then.
import {$, el, iso, text, labels as L} from "../live.js";
import {api, postJSON, nonce, scan} from "./scans.js";

const form = $("walkin-form");
let walkinNonce = ""; // the same on every retry of one registration

const list = (s) => s.split(/[,;]/).map((x) => x.trim()).filter(Boolean);

// A scanner burst: characters each within burstGapMs of the one before
// (a person pauses longer before reaching for the scanner), then Enter
// within burstGapMs; and shaped like a code, not a name typed fast: at
// least burstMin characters, no lower case letter, no space, and a digit
// or at least 16 characters (our badge codes have 26).
const burstGapMs = 150, burstMin = 6;
const codeShaped = (s) => s.length >= burstMin && !/[\p{Ll}\s]/u.test(s) && (/\d/.test(s) || s.length >= 16);
let burst = null; // {field, before, code, last}
let scannedAt = -1e9; // when the last burst was taken as a scan: its Enter submits nothing

function watchForScanner(ev) {
  const f = ev.target;
  if (!(f instanceof HTMLInputElement) || f.type === "checkbox") return;
  const now = performance.now();
  if (ev.key === "Enter") {
    const b = burst;
    burst = null;
    if (b && b.field === f && codeShaped(b.code) && now - b.last < burstGapMs) {
      ev.preventDefault(); // no submission: this was a badge
      scannedAt = now;
      f.value = b.before;
      scannedHere(b.code);
    }
    return;
  }
  if (ev.key.length !== 1 || ev.ctrlKey || ev.metaKey || ev.altKey) { burst = null; return; }
  if (!burst || burst.field !== f || now - burst.last > burstGapMs) burst = {field: f, before: f.value, code: "", last: now};
  burst.code += ev.key;
  burst.last = now;
}

// scannedHere sends a badge read while the form is open as a scan, and
// says so in the form, whose content stays.
async function scannedHere(code) {
  const note = $("walkin-scan");
  note.textContent = "";
  const ans = await scan({code});
  if (ans) note.textContent = L["walkin.scanned"] + " " + text(ans.message);
}

function fields() {
  const f = form.elements;
  return {nonce: walkinNonce, first_name: f.first_name.value, last_name: f.last_name.value, email: f.email.value,
    organisation: f.organisation.value, tags: list(f.tags.value), offers: list(f.offers.value), needs: list(f.needs.value),
    matchmaking_consent: f.matchmaking_consent.checked, board_consent: f.board_consent.checked};
}

async function register(ev, sameNameOK) {
  if (ev) ev.preventDefault();
  if (ev && performance.now() - scannedAt < 500) return; // the Enter of a scan
  const body = fields();
  if (sameNameOK) body.same_name_ok = true;
  $("walkin-error").hidden = true;
  let r;
  try {
    r = await postJSON("/api/walkins", body);
  } catch (e) {
    r = {status: 0, body: {message: {fr: L.queued, en: L.queued}}};
  }
  const err = r.body && r.body.error;
  if (r.status === 409 && err === "same_name") { askSameName(r.body); return; }
  if (r.status === 400 && err === "scanned_code") {
    for (const f of form.elements) if (f.value && f.value.includes(r.body.code)) f.value = f.value.replace(r.body.code, "").trim();
    scannedHere(r.body.code);
    return;
  }
  if (r.status !== 200 && r.status !== 201) {
    $("walkin-error").textContent = (L["walkin.error"] || "") + " : " + text(r.body && r.body.message);
    $("walkin-error").hidden = false;
    return;
  }
  done(r.body);
}

// askSameName shows who the walk-in may be: check that person in, or
// register anyway.
function askSameName(ans) {
  $("walkin-same-msg").textContent = text(ans.message);
  $("walkin-same-list").replaceChildren(...(ans.people || []).map((p) => {
    const name = iso([p.first_name, p.last_name].filter(Boolean).join(" "));
    const li = el("li", "", L["same.maybe"] + " " + name + [p.organisation, p.title].filter(Boolean).map((x) => " — " + iso(x)).join(""));
    if (p.inside) li.appendChild(el("span", "inside", " " + L.inside));
    const b = el("button", "", L.checkin + " " + name);
    b.type = "button";
    b.addEventListener("click", () => { $("walkin").close(); scan({code: "", token: p.token}); });
    li.append(" ", b);
    return li;
  }));
  $("walkin-same").hidden = false;
  $("walkin-anyway").focus();
}

// done shows the new person's badge in place of the form, and checks them in.
function done(w) {
  form.hidden = true;
  $("walkin-same").hidden = true;
  $("walkin-qr").src = w.badge_qr;
  $("walkin-qr").alt = L.badgealt + " " + w.first_name;
  $("walkin-name").textContent = iso(w.first_name);
  const print = $("walkin-print");
  print.textContent = L.print;
  print.onclick = () => printBadge(w.badge_pdf);
  $("walkin-done").hidden = false;
  print.focus(); // the form is gone: the next step is printing
  print.scrollIntoView({block: "nearest"});
  scan({code: w.badge_code, direction: "in"});
}

// printBadge opens a badge PDF fetched with the kiosk's key.
export async function printBadge(path) {
  let r;
  try { r = await api(path); } catch (e) { return; }
  if (!(r.body instanceof Blob)) return;
  const url = URL.createObjectURL(r.body);
  window.open(url, "_blank");
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// setup wires the walk-in dialog.
export function setup() {
  $("walkin-btn").addEventListener("click", () => {
    form.reset();
    form.hidden = false;
    for (const id of ["walkin-done", "walkin-error", "walkin-same"]) $(id).hidden = true;
    $("walkin-scan").textContent = "";
    walkinNonce = nonce();
    $("walkin").showModal();
    form.elements.first_name.focus();
  });
  form.addEventListener("keydown", watchForScanner, true);
  form.addEventListener("submit", (ev) => register(ev, false));
  $("walkin-anyway").addEventListener("click", () => register(null, true));
}
