// On a phone the main navigation folds behind a "Menu" button (GOV.UK header pattern). Without
// JavaScript, or on wider screens, every link shows, as the server sends them.
document.addEventListener("DOMContentLoaded", () => {
  const nav = document.querySelector("[data-site-nav]");
  const button = nav && nav.querySelector(".site-nav__toggle");
  const list = nav && nav.querySelector(".site-nav__list");
  if (!button || !list) return;
  const small = window.matchMedia("(max-width: 47.99em)");
  nav.classList.add("site-nav--collapsible");
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    list.hidden = !open;
  };
  const sync = () => {
    button.hidden = !small.matches;
    setOpen(!small.matches);
  };
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  small.addEventListener("change", sync);
  sync();
});
