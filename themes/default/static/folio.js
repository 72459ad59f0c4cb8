/* Folio default theme behaviour. Classic script (works from file://), no
   dependencies. Everything here is an enhancement: pages work without it. */
(function () {
  "use strict";
  var toggle = document.querySelector(".menu-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = document.body.classList.toggle("menu-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Close an open switcher when clicking elsewhere or pressing Escape.
  var switchers = Array.prototype.slice.call(document.querySelectorAll("details.switcher"));
  document.addEventListener("click", function (event) {
    switchers.forEach(function (d) {
      if (d.open && !d.contains(event.target)) d.open = false;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    switchers.forEach(function (d) {
      if (d.open) {
        d.open = false;
        d.querySelector("summary").focus();
      }
    });
  });
  // Served over HTTP(S) (an intranet), cache the site for offline use. Never
  // from file://, where service workers do not exist. The page gives the
  // worker's URL on this script's tag.
  var worker = document.currentScript && document.currentScript.getAttribute("data-service-worker");
  if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol) && worker) {
    navigator.serviceWorker.register(worker).catch(function () {});
  }
  // Keep the current sidebar entry in view, scrolling the sidebar only.
  var sidebar = document.querySelector(".sidebar");
  var current = sidebar && sidebar.querySelector('[aria-current="page"]');
  if (current && sidebar.scrollHeight > sidebar.clientHeight) {
    sidebar.scrollTop = current.offsetTop - sidebar.offsetTop - sidebar.clientHeight / 2;
  }
})();
