// Forms with data-confirm ask before they are sent (the page's CSP allows
// no inline handler, so the question is asked from here).
document.addEventListener("submit", (ev) => {
  const form = ev.target.closest("form[data-confirm]");
  if (form && !confirm(form.dataset.confirm)) ev.preventDefault();
});
