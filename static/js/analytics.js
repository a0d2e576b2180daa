// Placeholder for the site's self-hosted analytics. It is only included once the visitor accepts
// analytics cookies (cms/consent.py, templates/base.html) and is served from our own domain.
(function () {
  "use strict";
  document.documentElement.setAttribute("data-analytics", "on");
})();
