// Job search on a phone: the filters start folded under "Filter jobs" so the results are near the
// top. Without JavaScript (or on wider screens) they stay open, as the server sends them.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 47.99em)").matches) return;
  for (const filters of document.querySelectorAll("details[data-collapse-on-small-screens]")) {
    filters.open = false;
  }
});
