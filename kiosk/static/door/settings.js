// settings.js: what this kiosk remembers (localStorage): its key and gate,
// taken from the link's fragment (#key=...&gate=north, never sent to the
// server in a URL), and the direction of its scans.
import {$, el, labels as L} from "../live.js";

export const store = {
  get: (k, d) => { try { return localStorage.getItem("icebreaker." + k) ?? d; } catch (e) { return d; } },
  set: (k, v) => { try { localStorage.setItem("icebreaker." + k, v); } catch (e) { /* private mode: memory only */ } },
};

const params = new URLSearchParams(location.hash.slice(1));
if (params.get("key")) {
  store.set("kiosk", params.get("key"));
  if (params.get("gate")) store.set("gate", params.get("gate"));
  history.replaceState(null, "", location.pathname + location.search);
}
const key = store.get("kiosk", "");

// auth is the header that authenticates this kiosk.
export const auth = () => ({"Authorization": "Bearer " + key});

const gateSelect = $("gate");

// gate is the gate scans are recorded at; direction "in" or "out".
export const gate = () => gateSelect.value || "main";
export const direction = () => document.body.dataset.direction || "in";

function setGate(g) {
  g = (g || "main").trim() || "main";
  if (![...gateSelect.options].some((o) => o.value === g)) {
    const o = el("option", "", g);
    o.value = g;
    gateSelect.insertBefore(o, gateSelect.querySelector("[data-other]"));
  }
  gateSelect.value = g;
  store.set("gate", g);
}

function setDirection(dir) {
  dir = dir === "out" ? "out" : "in";
  document.body.dataset.direction = dir;
  $("dir-in").setAttribute("aria-pressed", String(dir === "in"));
  $("dir-out").setAttribute("aria-pressed", String(dir === "out"));
  $("outbanner").hidden = dir !== "out";
  store.set("direction", dir);
}

// setup shows the remembered settings and wires their controls; after a
// change, the scanner input gets the focus back (refocus).
export function setup(refocus) {
  if (!key) $("nokey").hidden = false;
  setGate(store.get("gate", "main"));
  gateSelect.addEventListener("change", () => {
    if (gateSelect.selectedOptions[0].hasAttribute("data-other")) {
      const g = window.prompt(L.othergate || "Gate", "");
      setGate(g || store.get("gate", "main"));
    } else {
      setGate(gateSelect.value);
    }
    refocus();
  });
  setDirection(store.get("direction", "in"));
  for (const b of [$("dir-in"), $("dir-out")]) b.addEventListener("click", () => { setDirection(b.dataset.dir); refocus(); });
}
