// Times Folio's in-browser search in headless Chromium, from file://.
//
//   NODE_PATH=tests/browser/node_modules node bench/browser.cjs \
//     --site DIR --version v2 --queries bench/queries/synthetic.tsv \
//     [--loads 5] [--out result.json]
//
// For each of --loads fresh browser launches (nothing cached): open the
// edition's cover page, inject assets/js/folio-search-engine.js, and time
//   engine:  script tag + FolioSearchEngine.load(root) (wasm unpacked and
//            instantiated),
//   first:   the first query in the source language, which loads, unpacks and
//            opens that index,
//   total:   both, i.e. what the reader waits for on a first search.
// Then, in the last browser, every query of the list (one per line:
// `lang<TAB>query`) runs once against its language's index (the other
// language's index is opened first and timed the same way), and the median,
// 90th percentile and maximum per-query time are reported, with hit counts.
// CommonJS on purpose: NODE_PATH (to reuse the browser tests' playwright-core)
// works for require(), not for ES-module imports.
"use strict";
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");
const { arg, median, launch, firstSearch } = require("./browser-util.cjs");

const site = path.resolve(arg("site"));
const version = arg("version");
const loads = parseInt(arg("loads", "5"), 10);
const out = arg("out");
const queries = fs
  .readFileSync(arg("queries"), "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.startsWith("#"))
  .map((l) => {
    const [lang, ...q] = l.split("\t");
    return { lang: lang.trim(), q: q.join("\t").trim() };
  });
const langs = [...new Set(queries.map((x) => x.lang))];

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function main() {
  const url = pathToFileURL(path.join(site, version, langs[0], "index.html")).href;
  const first = queries.find((x) => x.lang === langs[0]);
  const runs = [];
  let browser;
  for (let i = 0; i < loads; i++) {
    if (browser) await browser.close();
    browser = await launch();
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    const r = await page.evaluate(firstSearch, { version, lang: first.lang, q: first.q });
    if (errors.length) throw new Error("page errors: " + errors.join("; "));
    runs.push(r);
    process.stderr.write(
      `    browser load ${i + 1}/${loads}: engine ${r.engine_ms.toFixed(0)} ms, ` +
        `index+first query ${r.first_ms.toFixed(0)} ms, total ${r.total_ms.toFixed(0)} ms (${r.hits} hits)\n`
    );
  }
  const page = browser.contexts()[0].pages()[0];
  // The other languages' indexes: open with their first query, timed alike.
  const otherFirst = {};
  for (const lang of langs.slice(1)) {
    const q = queries.find((x) => x.lang === lang).q;
    otherFirst[lang] = await page.evaluate(
      async ({ version, lang, q }) => {
        const t0 = performance.now();
        const hits = await window.__benchEngine.search(q, { version, lang, limit: 10 });
        return { first_ms: performance.now() - t0, hits: hits.rows.length };
      },
      { version, lang, q }
    );
  }
  const per = await page.evaluate(
    async ({ version, queries }) => {
      const out = [];
      for (const { lang, q } of queries) {
        const t0 = performance.now();
        const hits = await window.__benchEngine.search(q, { version, lang, limit: 10 });
        out.push({ lang, q, ms: performance.now() - t0, hits: hits.rows.length, top: hits.rows[0] ? hits.rows[0].title : null });
      }
      return out;
    },
    { version, queries }
  );
  const mem = await page.evaluate(() => {
    const e = window.__benchEngine;
    return {
      wasm_memory_bytes: e && e.wasm && e.wasm.memory ? e.wasm.memory.buffer.byteLength : null,
      js_heap_bytes: performance.memory ? performance.memory.usedJSHeapSize : null,
    };
  });
  const chromiumVersion = browser.version();
  await browser.close();
  const ms = per.map((x) => x.ms);
  const result = {
    chromium: chromiumVersion,
    page: path.relative(site, new URL(url).pathname),
    loads: runs,
    median_engine_ms: median(runs.map((r) => r.engine_ms)),
    median_first_ms: median(runs.map((r) => r.first_ms)),
    median_total_ms: median(runs.map((r) => r.total_ms)),
    other_language_first: otherFirst,
    queries: per,
    median_query_ms: median(ms),
    p90_query_ms: pct(ms, 90),
    max_query_ms: Math.max(...ms),
    zero_hit_queries: per.filter((x) => x.hits === 0).map((x) => `${x.lang}: ${x.q}`),
    memory: mem,
  };
  process.stderr.write(
    `    browser: first search ${result.median_total_ms.toFixed(0)} ms (median of ${loads}), ` +
      `query median ${result.median_query_ms.toFixed(2)} ms, p90 ${result.p90_query_ms.toFixed(2)} ms, ` +
      `max ${result.max_query_ms.toFixed(2)} ms over ${ms.length} queries\n`
  );
  const json = JSON.stringify(result, null, 1);
  if (out) fs.writeFileSync(out, json);
  else console.log(json);
}

main().catch((e) => {
  console.error("browser benchmark failed: " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
