// combobox.js: an accessible typeahead, the WAI-ARIA combobox pattern with
// a listbox popup (no build step; the phone and the admin vocabulary page
// import it).
//
// The input carries role=combobox, aria-expanded, aria-controls and
// aria-activedescendant (the option highlighted); focus stays in the input.
// Keys: Down/Up move through the options (opening the list), Enter picks the
// highlighted one, Escape closes the list (or clears the input when it is
// closed); Enter with the list open never submits a form, nor does the
// Enter that picked. The number of options is announced in a polite live
// region.

// combobox wires one typeahead. opts: {input, list (the <ul> listbox),
// status (a live region), source(q) → Promise<[{key, label}]> (label is
// the text shown), onPick(item), say: {count(n), none} (what the live
// region reads)}. It returns {close()}.
export function combobox(opts) {
  const {input, list, status, source, onPick, say} = opts;
  let items = [], active = -1, asked = 0, timer = 0, picking = false;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");
  list.setAttribute("role", "listbox");

  function open(yes) {
    list.hidden = !yes;
    input.setAttribute("aria-expanded", yes ? "true" : "false");
    if (!yes) highlight(-1);
  }
  function highlight(i) {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", j === i ? "true" : "false"));
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function show(found) {
    // The option highlighted stays highlighted when a later answer still
    // holds it (an answer may land between Down and Enter).
    const kept = active >= 0 && items[active] ? found.findIndex((it) => it.key === items[active].key) : -1;
    items = found;
    list.replaceChildren(...found.map((it, i) => {
      const li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.textContent = it.label;
      // mousedown would blur the input first; a click picks.
      li.addEventListener("mousedown", (ev) => ev.preventDefault());
      li.addEventListener("click", () => pick(i));
      return li;
    }));
    open(found.length > 0);
    highlight(kept);
    status.textContent = found.length ? say.count(found.length) : say.none;
  }
  async function lookup() {
    const q = input.value.trim();
    const mine = ++asked;
    if (!q) { items = []; list.replaceChildren(); open(false); status.textContent = ""; return; }
    let found = [];
    try { found = await source(q); } catch (e) { found = []; }
    if (mine === asked) show(found); // an older answer must not replace a newer one
  }
  function pick(i) {
    const it = items[i];
    if (!it) return;
    input.value = "";
    items = [];
    list.replaceChildren();
    open(false);
    onPick(it);
  }
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(lookup, 120); });
  input.addEventListener("keydown", (ev) => {
    const n = items.length;
    switch (ev.key) {
      case "ArrowDown":
      case "ArrowUp":
        if (!n) return;
        ev.preventDefault();
        if (list.hidden) open(true);
        highlight(ev.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
        break;
      case "Enter":
        // With the list open, Enter picks (or does nothing): it never
        // submits a form behind an unfinished choice.
        if (!list.hidden) { ev.preventDefault(); if (active >= 0) { picking = true; pick(active); } }
        break;
      case "Escape":
        if (!list.hidden) { ev.preventDefault(); open(false); } else if (input.value) { ev.preventDefault(); input.value = ""; }
        break;
    }
  });
  // The Enter that picked must not go on to submit the form (its keypress
  // follows the keydown).
  input.addEventListener("keypress", (ev) => { if (picking && ev.key === "Enter") ev.preventDefault(); });
  input.addEventListener("keyup", () => { picking = false; });
  if (input.form) input.form.addEventListener("submit", (ev) => { if (picking) ev.preventDefault(); });
  input.addEventListener("blur", () => open(false));
  return {close: () => open(false)};
}
