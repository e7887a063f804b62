// admin_vocabulary.js: the typeahead of each uncovered phrase on
// /admin/vocabulary (combobox.js over GET /api/admin/concepts). Picking a
// concept fills the form's hidden key and shows its label; the form posts.
import * as Live from "./live.js";
import {combobox} from "./combobox.js";

const L = Live.labels;
const lang = document.documentElement.lang === "en" ? "en" : "fr";
document.querySelectorAll("form.map").forEach((form) => {
  const input = form.querySelector(".combobox input");
  combobox({
    input, list: form.querySelector("[role=listbox], ul"), status: Live.$("concept-status"),
    async source(q) {
      const res = await fetch("/api/admin/concepts?lang=" + lang + "&q=" + encodeURIComponent(q), {cache: "no-store"});
      if (!res.ok) return [];
      return (await res.json()).map((x) => ({key: x.key, label: Live.text(x.label) + " (" + x.key + ")"}));
    },
    onPick(it) {
      form.elements.key.value = it.key;
      input.value = it.label;
      Live.$("announce").textContent = L.picked + " " + it.label;
    },
    say: {count: (n) => n + " " + L.choices, none: L.nochoice},
  });
  // Typing again after a pick forgets it (the server then reads the text
  // as a key).
  input.addEventListener("input", () => { form.elements.key.value = ""; });
});
