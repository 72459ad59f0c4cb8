/* Glossary terms in the text: a term marked by Folio (a.term, linking to its
   glossary entry) shows its definition in a popup on hover, on keyboard
   focus and on a first tap; Escape, moving away or a tap elsewhere closes it.
   The definitions are on the page (div.term-definitions, hidden), so this
   works from file:// and under the site's Content-Security-Policy. Without
   this script a term is a link to its entry. Classic script, no dependencies. */
(function () {
  "use strict";
  var terms = document.querySelectorAll("a.term[data-term]");
  if (!terms.length) return;
  var popup = document.createElement("div");
  popup.id = "folio-term-popup";
  popup.className = "term-popup";
  popup.setAttribute("role", "tooltip");
  popup.hidden = true;
  document.body.appendChild(popup);
  var current = null;
  var lastPointer = "mouse";

  function definition(term) {
    return document.getElementById("term-def-" + term.getAttribute("data-term"));
  }

  function show(term) {
    var source = definition(term);
    if (!source) return;
    if (current && current !== term) hide();
    popup.textContent = "";
    Array.prototype.forEach.call(source.childNodes, function (node) {
      popup.appendChild(node.cloneNode(true));
    });
    popup.hidden = false;
    term.setAttribute("aria-describedby", popup.id);
    current = term;
    place(term);
  }

  function hide() {
    if (!current) return;
    current.removeAttribute("aria-describedby");
    popup.hidden = true;
    current = null;
  }

  // Below the term (above it if there is no room), within the viewport.
  function place(term) {
    var box = term.getBoundingClientRect();
    var width = Math.min(popup.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    var top = box.bottom + 6;
    if (top + popup.offsetHeight > window.innerHeight && box.top - popup.offsetHeight - 6 > 0) {
      top = box.top - popup.offsetHeight - 6;
    }
    popup.style.left = left + window.scrollX + "px";
    popup.style.top = top + window.scrollY + "px";
  }

  Array.prototype.forEach.call(terms, function (term) {
    term.addEventListener("pointerenter", function (event) {
      if (event.pointerType === "mouse") show(term);
    });
    term.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "mouse" && !popup.matches(":hover")) hide();
    });
    term.addEventListener("focus", function () {
      show(term);
    });
    term.addEventListener("blur", function () {
      if (lastPointer !== "touch") hide();
    });
    term.addEventListener("pointerdown", function (event) {
      lastPointer = event.pointerType;
    });
    // A first tap shows the definition; a second tap follows the link.
    term.addEventListener("click", function (event) {
      if (lastPointer === "touch" && current !== term) {
        event.preventDefault();
        show(term);
      }
    });
  });
  popup.addEventListener("pointerleave", function (event) {
    if (event.pointerType === "mouse" && current && !current.matches(":hover")) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) hide();
  });
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
    if (current && !current.contains(event.target) && !popup.contains(event.target)) hide();
  });
  window.addEventListener("resize", function () {
    if (current) place(current);
  });
})();
