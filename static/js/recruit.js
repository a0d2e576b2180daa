// Recruiter portal enhancements. Everything works without this file.
// "Select all" for the pipeline list's bulk actions.
document.addEventListener("change", (event) => {
  const toggle = event.target.closest("[data-select-all]");
  if (!toggle) return;
  const form = toggle.closest("form");
  form.querySelectorAll('input[name="selected"]').forEach((box) => { box.checked = toggle.checked; });
});
document.querySelectorAll("[data-select-all]").forEach((toggle) => { toggle.hidden = false; });
document.addEventListener("htmx:afterSwap", () => {
  document.querySelectorAll("[data-select-all]").forEach((toggle) => { toggle.hidden = false; });
});
