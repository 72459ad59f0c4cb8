/* Folio default theme behaviour. Classic script (works from file://), no
   dependencies. Everything here is an enhancement: pages work without it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var body = document.body;
  var narrow = window.matchMedia("(max-width: 60rem)");

  // The top bar's real height, for the anchor offset (scroll-padding-top)
  // and the sticky elements below it (--header-h in folio.css).
  var topbar = document.querySelector(".topbar");
  function measureHeader() {
    if (topbar) root.style.setProperty("--header-h", topbar.offsetHeight + "px");
  }
  measureHeader();
  window.addEventListener("resize", measureHeader);

  // The drawer (switchers, printing, contents): over the page on narrow
  // screens, where it opens where the reader is, keeps the focus inside
  // while open and closes with Escape, its close button or a click beside it.
  var toggle = document.querySelector(".menu-toggle");
  var drawer = document.getElementById("drawer");
  function focusable() {
    return Array.prototype.filter.call(
      drawer.querySelectorAll("a[href], button:not([hidden]), summary, input, textarea"),
      function (el) {
        return el.offsetParent !== null;
      }
    );
  }
  function setDrawer(open) {
    body.classList.toggle("menu-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      drawer.setAttribute("role", "dialog");
      drawer.setAttribute("aria-modal", "true");
      drawer.setAttribute("aria-labelledby", "drawer-title");
      body.classList.remove("header-hidden");
      drawer.querySelector(".drawer-close").focus();
    } else {
      drawer.removeAttribute("role");
      drawer.removeAttribute("aria-modal");
      drawer.removeAttribute("aria-labelledby");
    }
  }
  function drawerOpen() {
    return body.classList.contains("menu-open");
  }
  if (toggle && drawer) {
    toggle.addEventListener("click", function () {
      setDrawer(!drawerOpen());
    });
    drawer.querySelector(".drawer-close").addEventListener("click", function () {
      setDrawer(false);
      toggle.focus();
    });
    document.addEventListener("click", function (event) {
      if (drawerOpen() && !drawer.contains(event.target) && !toggle.contains(event.target)) setDrawer(false);
    });
    document.addEventListener("keydown", function (event) {
      if (!drawerOpen()) return;
      if (event.key === "Escape") {
        setDrawer(false);
        toggle.focus();
      } else if (event.key === "Tab") {
        var items = focusable();
        var first = items[0];
        var last = items[items.length - 1];
        if (event.shiftKey && (document.activeElement === first || !drawer.contains(document.activeElement))) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && (document.activeElement === last || !drawer.contains(document.activeElement))) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    // Following a link of the page itself (the contents of a long chapter), close it.
    drawer.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (link && drawerOpen() && link.getAttribute("href").charAt(0) === "#") setDrawer(false);
    });
    narrow.addEventListener("change", function () {
      if (!narrow.matches) setDrawer(false);
    });
  }

  // On narrow screens the top bar slides away while the reader scrolls down
  // and comes back on scrolling up.
  var lastY = window.scrollY;
  window.addEventListener(
    "scroll",
    function () {
      var y = window.scrollY;
      var searching = topbar && topbar.contains(document.activeElement);
      if (!narrow.matches || drawerOpen() || searching || y < (topbar ? topbar.offsetHeight : 0)) {
        body.classList.remove("header-hidden");
      } else if (y > lastY + 4) {
        body.classList.add("header-hidden");
      } else if (y < lastY - 4) {
        body.classList.remove("header-hidden");
      }
      lastY = y;
    },
    { passive: true }
  );

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

  // The switchers and the archived banner keep the reader's place: the
  // anchors are the same in every language and edition (where the target
  // lacks it, the browser lands at the top).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".switcher a[href], .banner-archived a[href]");
    if (link && location.hash) link.setAttribute("href", link.getAttribute("href").split("#")[0] + location.hash);
  });

  // "Print this section" and the print page's button.
  Array.prototype.forEach.call(document.querySelectorAll(".print-this"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (drawer && drawerOpen()) setDrawer(false);
      window.print();
    });
  });

  // "Cite this section": copy the citation (the text stays selectable where
  // the clipboard is not available).
  var citeText = document.querySelector(".cite-text");
  var citeCopy = document.querySelector(".cite-copy");
  if (citeText && citeCopy) {
    var citeStatus = document.querySelector(".cite-status");
    citeCopy.hidden = false;
    citeCopy.addEventListener("click", function () {
      var copied = function () {
        citeStatus.textContent = citeStatus.getAttribute("data-copied");
      };
      citeText.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(citeText.value).then(copied, function () {
          if (document.execCommand("copy")) copied();
        });
      } else if (document.execCommand("copy")) {
        copied();
      }
    });
  }

  // The page's contents mark the heading being read.
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll('.page-toc a[href^="#"]'));
  var headings = tocLinks.map(function (a) {
    return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
  });
  var marked = null;
  function markCurrent() {
    var line = (topbar ? topbar.getBoundingClientRect().bottom : 0) + window.innerHeight * 0.25;
    var current = -1;
    headings.forEach(function (h, i) {
      if (h && h.getBoundingClientRect().top <= line) current = i;
    });
    var link = current >= 0 ? tocLinks[current] : null;
    if (link === marked) return;
    if (marked) marked.removeAttribute("aria-current");
    if (link) link.setAttribute("aria-current", "location");
    marked = link;
  }
  if (tocLinks.length) {
    var pending = false;
    window.addEventListener(
      "scroll",
      function () {
        if (pending) return;
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          markCurrent();
        });
      },
      { passive: true }
    );
    window.addEventListener("hashchange", markCurrent);
    markCurrent();
  }

  // Served over HTTP(S) (an intranet), cache the site for offline use and
  // offer it as an app for the home screen. Never from file://, where service
  // workers and web app manifests do not work. The page gives the worker's
  // and the manifest's URLs on this script's tag.
  var script = document.currentScript;
  var worker = script && script.getAttribute("data-service-worker");
  var manifest = script && script.getAttribute("data-manifest");
  if (/^https?:$/.test(location.protocol)) {
    if ("serviceWorker" in navigator && worker) navigator.serviceWorker.register(worker).catch(function () {});
    if (manifest) {
      var link = document.createElement("link");
      link.rel = "manifest";
      link.href = manifest;
      document.head.appendChild(link);
    }
  }

  // Keep the current contents entry in view, scrolling the drawer only (and
  // only when it is out of sight, so the switchers above it stay in view).
  var current = drawer && drawer.querySelector('.sidebar [aria-current="page"]');
  if (current && current.offsetTop + current.offsetHeight > drawer.clientHeight) {
    drawer.scrollTop = current.offsetTop - drawer.clientHeight / 2;
  }
})();
