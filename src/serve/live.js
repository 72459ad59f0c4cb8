/* Folio preview: reloads the page when the site is rebuilt, keeping the
   scroll position, and shows build errors over the page. Injected by
   `folio serve` only; never part of a built site. */
(function () {
  "use strict";
  var key = "folio-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
  }
  var generation = null;
  var overlay = null;
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function show(text) {
    if (!text) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "folio-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#fff;padding:2rem;font:14px/1.45 ui-monospace,monospace";
      var title = document.createElement("p");
      title.style.cssText = "font:bold 18px system-ui,sans-serif;color:#ff8f8f;margin:0 0 1rem";
      title.textContent = "{{overlay_title}}"; // filled in by the server, in the editor's language
      overlay.appendChild(title);
      overlay.appendChild(document.createElement("pre"));
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }
  var events = new EventSource("/__folio/events");
  events.addEventListener("status", function (e) {
    var status = JSON.parse(e.data);
    if (generation !== null && status.generation !== generation && !status.error) return reload();
    generation = status.generation;
    show(status.error);
  });
})();
