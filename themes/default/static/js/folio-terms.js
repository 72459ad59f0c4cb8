/* Glossary terms in the text: a term marked by Folio (a.term, linking to its
   glossary entry) shows its definition in a popup on hover, on keyboard
   focus and on a first tap; Escape, moving away or a tap elsewhere closes it.
   The definitions are on the page (hidden in div.term-definitions, or listed
   at the end of the print page), so this works from file:// and under the
   site's Content-Security-Policy. Without this script a term is a link to its
   entry. Classic script, no dependencies. */
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
  // Whether the term a touch lands on already showed its popup (then the tap follows the link).
  var tapOnOpen = false;
  // Leaving a term for its popup crosses a gap: the popup closes only after a moment
  // outside both, so it can be hovered (WCAG 1.4.13).
  var hideTimer = 0;

  function definition(term) {
    return document.getElementById("term-def-" + term.getAttribute("data-term"));
  }

  function paragraph(className, nodes) {
    var p = document.createElement("p");
    if (className) p.className = className;
    Array.prototype.forEach.call(nodes, function (node) {
      p.appendChild(node.cloneNode(true));
    });
    return p;
  }

  // The popup's content: a copy of the hidden definition, or, on the print
  // page, of the listed term (dt) and its definition (dd).
  function fill(source) {
    popup.textContent = "";
    if (source.tagName === "DT") {
      popup.appendChild(paragraph("term-popup-term", source.childNodes));
      var dd = source.nextElementSibling;
      if (dd) popup.appendChild(paragraph("", dd.childNodes));
    } else {
      Array.prototype.forEach.call(source.childNodes, function (node) {
        popup.appendChild(node.cloneNode(true));
      });
    }
  }

  function show(term) {
    clearTimeout(hideTimer);
    if (current === term) return;
    var source = definition(term);
    if (!source) return;
    hide();
    fill(source);
    popup.hidden = false;
    term.setAttribute("aria-describedby", popup.id);
    current = term;
    place(term);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!current) return;
    current.removeAttribute("aria-describedby");
    popup.hidden = true;
    current = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  // Below the term's last line (above its first if there is no room), within the viewport.
  function place(term) {
    var root = document.documentElement;
    popup.style.left = "0px"; // measure the popup at its full width
    popup.style.top = "0px";
    var lines = term.getClientRects();
    var first = lines[0] || term.getBoundingClientRect();
    var last = lines[lines.length - 1] || first;
    var width = Math.min(popup.offsetWidth, root.clientWidth - 16);
    var left = Math.max(8, Math.min(last.left, root.clientWidth - width - 8));
    var top = last.bottom + 6;
    if (top + popup.offsetHeight > window.innerHeight && first.top - popup.offsetHeight - 6 > 0) {
      top = first.top - popup.offsetHeight - 6;
    }
    popup.style.left = left + window.scrollX + "px";
    popup.style.top = top + window.scrollY + "px";
  }

  Array.prototype.forEach.call(terms, function (term) {
    term.addEventListener("pointerenter", function (event) {
      if (event.pointerType === "mouse") show(term);
    });
    term.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "mouse" && current === term && document.activeElement !== term) hideSoon();
    });
    term.addEventListener("focus", function () {
      show(term);
    });
    term.addEventListener("blur", function () {
      if (lastPointer !== "touch" && current === term) hide();
    });
    term.addEventListener("pointerdown", function () {
      tapOnOpen = current === term;
    });
    // A first tap shows the definition; a second tap follows the link.
    term.addEventListener("click", function (event) {
      if (lastPointer === "touch" && !tapOnOpen) {
        event.preventDefault();
        show(term);
      }
    });
  });
  popup.addEventListener("pointerenter", function () {
    clearTimeout(hideTimer);
  });
  popup.addEventListener("pointerleave", function (event) {
    if (event.pointerType === "mouse" && current && document.activeElement !== current) hideSoon();
  });
  document.addEventListener("keydown", function (event) {
    lastPointer = "keyboard"; // Enter on a focused term follows its link
    if (event.key === "Escape" && current) hide();
  });
  document.addEventListener(
    "pointerdown",
    function (event) {
      lastPointer = event.pointerType;
      if (current && !current.contains(event.target) && !popup.contains(event.target)) hide();
    },
    true
  );
  window.addEventListener("resize", function () {
    if (current) place(current);
  });
})();
