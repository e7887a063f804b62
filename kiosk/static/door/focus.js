// focus.js: the scanner input. A USB scanner types the code then Enter
// into whatever has the focus, so #code keeps it for the scanner, but
// never at the expense of someone using the page:
//
//   - while a dialog is open, nothing moves the focus;
//   - a control (gate, entry/exit, camera, search, walk-in, language) that
//     has the focus keeps it while it is being used: the watch below gives
//     the focus back to #code only when it is on nothing (<body>), or when
//     the focused control has not been touched for idleMs;
//   - a control worked with the mouse or a touch gives the focus back at
//     once (refocus); one worked from the keyboard keeps it;
//   - printable characters typed on a focused button, link or the gate
//     list (a scanner starting a code) go to #code, so no scan is lost and
//     no gate is changed by type-ahead; arrows, Space, Enter and Tab stay
//     with the control.
import {$} from "../live.js";

const input = $("code");
const idleMs = 60000;
let lastUse = Date.now(), keyboard = false;

function anyDialogOpen() { return [...document.querySelectorAll("dialog")].some((d) => d.open); }

// refocus gives the focus back to the scanner input unless a dialog is open
// or the control was worked from the keyboard (its user is still there).
export function refocus() { if (!anyDialogOpen() && !keyboard) input.focus(); }

// setup sends each code typed (then Enter) to onCode and keeps the focus.
export function setup(onCode) {
  input.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    const code = input.value.trim();
    input.value = "";
    if (code) onCode(code);
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.target === input) return;
    lastUse = Date.now();
    keyboard = true;
    const t = ev.target;
    const printable = ev.key.length === 1 && ev.key !== " " && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
    if (printable && !anyDialogOpen() && t.matches && t.matches("button, a, select, body")) input.focus(); // the character lands in #code
  }, true);
  document.addEventListener("pointerdown", () => { lastUse = Date.now(); keyboard = false; }, true);
  setInterval(() => {
    const a = document.activeElement;
    if (a === input || anyDialogOpen()) return;
    if (a && a !== document.body && Date.now() - lastUse < idleMs) return; // someone is using it
    input.focus();
  }, 300);
  document.addEventListener("click", (ev) => { if (!keyboard && !ev.target.closest("dialog, .door-bar, details")) refocus(); });
  for (const d of document.querySelectorAll("dialog")) d.addEventListener("close", () => { if (!keyboard) refocus(); });
  input.focus();
}
