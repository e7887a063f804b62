// directory.js: the directory pages (phone and admin) search as you type.
// The results are the server's own HTML: the page's path with
// ?part=results answers the results block alone (the same template as the
// page), swapped in place; the count is then read out (a polite status),
// and the address keeps the search. Without this script the form still
// searches (GET).
import * as Live from "./live.js";

const {$} = Live;
const L = Live.labels;
const form = $("dir-form"), input = $("dir-q"), box = $("dir-results");
let timer = 0, asked = 0;

async function search() {
  const n = ++asked;
  const url = box.dataset.base + "?q=" + encodeURIComponent(input.value.trim());
  let html;
  try {
    const res = await fetch(url + "&part=results", {cache: "no-store"});
    if (!res.ok) throw new Error("search " + res.status);
    html = await res.text();
  } catch (e) {
    $("dir-status").textContent = L.failed;
    return;
  }
  if (n !== asked) return; // a later search was sent meanwhile
  box.innerHTML = html; // server-rendered and escaped (html/template)
  history.replaceState(null, "", url);
  $("dir-status").textContent = $("dir-count").textContent;
}

input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 250); });
form.addEventListener("submit", (ev) => { ev.preventDefault(); clearTimeout(timer); search(); });
