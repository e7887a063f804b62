// walkin.js: registering someone at the door (POST /api/walkins), then
// showing and printing their badge and checking them in.
import {$, iso, text, labels as L} from "../live.js";
import {api, postJSON, nonce, scan} from "./scans.js";

const form = $("walkin-form");
let walkinNonce = ""; // the same on every retry of one registration

const list = (s) => s.split(/[,;]/).map((x) => x.trim()).filter(Boolean);

async function register(ev) {
  ev.preventDefault();
  const f = form.elements;
  const body = {nonce: walkinNonce, first_name: f.first_name.value, last_name: f.last_name.value, email: f.email.value,
    organisation: f.organisation.value, tags: list(f.tags.value), offers: list(f.offers.value), needs: list(f.needs.value),
    matchmaking_consent: f.matchmaking_consent.checked, board_consent: f.board_consent.checked};
  let r;
  try {
    r = await postJSON("/api/walkins", body);
  } catch (e) {
    r = {status: 0, body: {message: {fr: L.queued, en: L.queued}}};
  }
  if (r.status !== 200 && r.status !== 201) {
    $("walkin-error").textContent = (L["walkin.error"] || "") + " : " + text(r.body && r.body.message);
    $("walkin-error").hidden = false;
    return;
  }
  const w = r.body;
  form.hidden = true;
  $("walkin-qr").src = w.badge_qr;
  $("walkin-qr").alt = L.badgealt + " " + w.first_name;
  $("walkin-name").textContent = iso(w.first_name);
  const print = $("walkin-print");
  print.textContent = L.print;
  print.onclick = () => printBadge(w.badge_pdf);
  $("walkin-done").hidden = false;
  print.focus(); // the form is gone: the next step is printing
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
    $("walkin-done").hidden = true;
    $("walkin-error").hidden = true;
    walkinNonce = nonce();
    $("walkin").showModal();
    form.elements.first_name.focus();
  });
  form.addEventListener("submit", register);
}
