// search.js: checking someone in by name (GET /api/attendees), for a
// badge left at home.
import {$, el, iso, labels as L} from "../live.js";
import {api, scan} from "./scans.js";
import {printBadge} from "./walkin.js";

const searchQ = $("search-q");
let searchSeq = 0, searchTimer = 0;

async function runSearch() {
  const q = searchQ.value.trim(), mine = ++searchSeq;
  const ul = $("search-results");
  if (q.length < 2) { ul.replaceChildren(); $("search-note").textContent = ""; return; }
  let r;
  try { r = await api("/api/attendees?q=" + encodeURIComponent(q)); } catch (e) { return; }
  if (mine !== searchSeq) return; // a newer search is on its way
  const people = (r.body && r.body.people) || [];
  $("search-note").textContent = people.length === 0 ? L.nobody : r.body.more ? L.more : "";
  ul.replaceChildren(...people.map((p) => {
    const li = el("li");
    const name = iso([p.first_name, p.last_name].filter(Boolean).join(" ")); // staff only: the full name tells namesakes apart
    const who = el("span", "", name + [p.organisation, p.title].filter(Boolean).map((x) => " — " + iso(x)).join(""));
    if (p.inside) who.appendChild(el("span", "inside", L.inside));
    const out = document.body.dataset.direction === "out";
    const b = el("button", "", out ? L.checkout : L.checkin);
    b.appendChild(el("span", "sr-only", " " + name)); // "Faire entrer Amélie Dubois" for a screen reader
    b.type = "button";
    b.addEventListener("click", () => { $("search").close(); scan({code: "", token: p.token}); });
    const badge = el("button", "", L.reprint);
    badge.appendChild(el("span", "sr-only", " " + name));
    badge.type = "button";
    badge.addEventListener("click", () => printBadge("/api/attendees/" + encodeURIComponent(p.token) + "/badge.pdf"));
    li.append(who, b, badge);
    return li;
  }));
}

// setup wires the search dialog.
export function setup() {
  $("search-btn").addEventListener("click", () => {
    searchQ.value = "";
    $("search-results").replaceChildren();
    $("search-note").textContent = "";
    $("search").showModal();
    searchQ.focus();
  });
  searchQ.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 150);
  });
}
