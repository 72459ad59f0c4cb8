// Helpers shared by the headless-Chromium benchmarks (browser.cjs,
// search_bytes.cjs): command-line options, medians, a fresh browser, and
// the timed first search run in the page.
"use strict";
const { chromium } = require("playwright-core");

/** The value after `--name` on the command line, or `def`. */
function arg(name, def) {
  const i = process.argv.indexOf("--" + name);
  return i > 0 ? process.argv[i + 1] : def;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A fresh headless Chromium (nothing cached), without background traffic. */
async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

// Runs in the page (pass it to page.evaluate): loads the loader and the
// engine, then times one query, which loads and opens its index on first use.
async function firstSearch({ version, lang, q }) {
  const t0 = performance.now();
  if (!window.FolioSearchEngine) {
    await new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = "../../assets/js/folio-search-engine.js";
      s.onload = resolve;
      s.onerror = () => reject(new Error("cannot load folio-search-engine.js"));
      document.head.appendChild(s);
    });
  }
  const engine = await window.FolioSearchEngine.load("../../");
  window.__benchEngine = engine;
  const t1 = performance.now();
  // The rows, as the panel shows them at once; then their snippets.
  const hits = await engine.searchRows(q, [{ version, lang }], 10);
  const t2 = performance.now();
  await engine.complete(hits);
  const t3 = performance.now();
  // The section texts the answer loaded (the pages of its rows).
  const texts = Array.from(document.querySelectorAll('script[src*="search/text/"]'), (el) => el.getAttribute("src"));
  return { engine_ms: t1 - t0, first_ms: t2 - t1, total_ms: t2 - t0, snippets_ms: t3 - t2, hits: hits.rows.length, texts };
}

module.exports = { arg, median, launch, firstSearch };
