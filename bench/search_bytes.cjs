// Cold first search and per-keystroke engine time in headless Chromium, from
// file://, optionally with the CPU slowed down (DevTools protocol
// Emulation.setCPUThrottlingRate, as a cheap phone).
//
//   NODE_PATH=tests/browser/node_modules node bench/search_bytes.cjs \
//     --site DIR --version V --lang L --query "trata de personas" \
//     [--throttle 4] [--loads 5] [--out result.json]
//
// For each of --loads fresh browser launches (nothing cached): open the
// edition's cover page, then time, in the page, the loader script, the
// engine (unpacked and instantiated), the index (loaded, unpacked, opened)
// and the first query: `median_first_result_ms` is what a reader waits for
// to see the rows, `median_snippets_ms` the further wait for their snippets
// (the texts of the pages shown, loaded and cut). In the
// last browser, the query is then typed one character at a time and each
// prefix is searched once; `keystroke_ms` is the engine's time per prefix
// (the UI's debounce excluded). Bytes are the .js files the first search
// loads, as they lie on disk (file:// has no transfer compression).
"use strict";
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");
const { arg, median, launch, firstSearch } = require("./browser-util.cjs");

const site = path.resolve(arg("site"));
const version = arg("version");
const lang = arg("lang", "es");
const query = arg("query");
const throttle = parseFloat(arg("throttle", "1"));
const loads = parseInt(arg("loads", "5"), 10);
const out = arg("out");

// Runs in the page: every prefix of q, as typed, once each.
async function keystrokes({ version, lang, q }) {
  const out = [];
  for (let i = 1; i <= q.length; i++) {
    const t0 = performance.now();
    await window.__benchEngine.searchRows(q.slice(0, i), [{ version, lang }], 10);
    out.push(performance.now() - t0);
  }
  return out;
}

async function main() {
  const bytes = {
    loader: fs.statSync(path.join(site, "assets/js/folio-search-engine.js")).size,
    engine: fs.statSync(path.join(site, "search/engine.js")).size,
    index: fs.statSync(path.join(site, `search/index-${version}-${lang}.js`)).size,
  };
  bytes.first_search = bytes.loader + bytes.engine + bytes.index;
  const url = pathToFileURL(path.join(site, version, lang, "index.html")).href;
  const runs = [];
  let browser, page;
  for (let i = 0; i < loads; i++) {
    if (browser) await browser.close();
    browser = await launch();
    page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    if (throttle > 1) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
    }
    const r = await page.evaluate(firstSearch, { version, lang, q: query });
    if (errors.length) throw new Error("page errors: " + errors.join("; "));
    runs.push(r);
  }
  // The texts of the rows shown come after the first result's rows are
  // known: reported beside the first search, not in it.
  const texts = runs[0].texts.map((src) => path.join(site, version, lang, src));
  bytes.texts_of_first_answer = texts.reduce((sum, file) => sum + fs.statSync(file).size, 0);
  bytes.text_files_of_first_answer = texts.length;
  const keys = await page.evaluate(keystrokes, { version, lang, q: query });
  await browser.close();
  const result = {
    site: path.basename(site),
    version,
    lang,
    query,
    cpu_throttle: throttle,
    bytes,
    loads: runs,
    median_first_result_ms: median(runs.map((r) => r.total_ms)),
    median_engine_ms: median(runs.map((r) => r.engine_ms)),
    median_index_and_query_ms: median(runs.map((r) => r.first_ms)),
    median_snippets_ms: median(runs.map((r) => r.snippets_ms)),
    keystroke_ms: keys,
    median_keystroke_ms: median(keys),
    max_keystroke_ms: Math.max(...keys),
  };
  const json = JSON.stringify(result, null, 1);
  if (out) fs.writeFileSync(out, json);
  else console.log(json);
}

main().catch((e) => {
  console.error("search bytes benchmark failed: " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
