// focus.js: the scanner input. A USB scanner types the code then Enter
// into #code, which keeps the focus (except while a dialog is open or the
// operator used a control in the last few seconds).
import {$} from "../live.js";

const input = $("code");
let lastControlUse = 0;

function anyDialogOpen() { return [...document.querySelectorAll("dialog")].some((d) => d.open); }

// refocus gives the focus back to the scanner input unless a dialog is open.
export function refocus() { if (!anyDialogOpen()) input.focus(); }

// setup sends each code typed (then Enter) to onCode and keeps the focus.
export function setup(onCode) {
  input.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    const code = input.value.trim();
    input.value = "";
    if (code) onCode(code);
  });
  document.querySelector(".door-bar").addEventListener("pointerdown", () => { lastControlUse = Date.now(); });
  // A scanner types into whatever has focus: bring it back to the input,
  // unless a dialog is open or a control was used in the last 5 seconds.
  setInterval(() => {
    if (document.activeElement === input || anyDialogOpen()) return;
    if (Date.now() - lastControlUse < 5000 && document.activeElement !== document.body) return;
    input.focus();
  }, 300);
  document.addEventListener("click", (ev) => { if (!ev.target.closest("dialog, .door-bar, details")) refocus(); });
  for (const d of document.querySelectorAll("dialog")) d.addEventListener("close", refocus);
  input.focus();
}
