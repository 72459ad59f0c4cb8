// Search in headless Chromium from file://: type, see ranked results with
// highlighted snippets, follow one to its anchor with the terms highlighted,
// and widen the scope to both languages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, fileUrl, relative, fixtureSite } from "./helpers.mjs";

let browser;
before(async () => {
  assert.ok(fixtureSite, "FOLIO_FIXTURE_SITE must name the built fixture site");
  browser = await launch();
});
after(async () => browser && (await browser.close()));

async function searchFor(page, query) {
  await page.waitForLoadState("load"); // the search script is deferred
  await page.keyboard.press("/");
  await page.keyboard.type(query);
  await page.waitForSelector(".search-results li");
}

test("typing shows ranked results with highlighted snippets; Enter opens the anchor", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(fixtureSite, "v2/es/consentimiento.html"));
  assert.equal(page.requests.filter((u) => u.includes("/search/")).length, 0, "search data loads lazily");
  await searchFor(page, "consentimiento irrelevante");
  const first = page.locator(".search-results li").first();
  assert.equal(await first.locator(".search-result-title").textContent(), "1.1 Definición de la trata");
  // The rows come first, each snippet once its page's text has loaded.
  await first.locator(".search-result-snippet mark").first().waitFor();
  assert.match(await first.locator(".search-result-snippet").innerHTML(), /<mark>irrelevante<\/mark>/);
  assert.match(await page.locator(".search-status").textContent(), /resultado/);
  // The first search loads the engine, the edition's index, and the section
  // texts of the pages shown only (the index holds no text).
  const data = page.requests.filter((u) => u.includes("/search/")).map((u) => u.replace(/^.*\/search\//, ""));
  assert.deepEqual(data.slice(0, 2), ["engine.js", "index-v2-es.js"]);
  const shown = await page.locator(".search-results li > a").evaluateAll((links) =>
    links.map((a) => a.getAttribute("href").replace(/^.*?(v2\/es\/[^#?]*)\.html.*$/, "text/$1.js")));
  assert.ok(data.length > 2, JSON.stringify(data));
  assert.deepEqual([...new Set(data.slice(2))].sort(), [...new Set(shown)].sort());
  await page.keyboard.press("ArrowDown");
  assert.equal(await first.locator('[role="option"]').first().getAttribute("aria-selected"), "true");
  await Promise.all([page.waitForURL(/definicion\.html/), page.keyboard.press("Enter")]);
  assert.match(relative(page, fixtureSite), /^v2\/es\/definicion\.html\?hl=.*#consentimiento$/);
  const marks = await page.locator(".content mark.search-hit").allTextContents();
  assert.ok(marks.includes("irrelevante"), JSON.stringify(marks));
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.requests.filter((u) => !u.startsWith("file://")), []);
});

test("accent-free queries find accented text", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(fixtureSite, "v2/es/index.html"));
  await searchFor(page, "explotacion");
  const titles = await page.locator(".search-result-title").allTextContents();
  assert.ok(titles.includes("1.1 Definición de la trata"), JSON.stringify(titles));
});

test("both languages: a page with no copy in the reader's language appears in the other, marked as such", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(fixtureSite, "v2/en/index.html"));
  await page.waitForLoadState("load");
  await page.keyboard.press("/");
  await page.check('input[name="both-languages"]');
  await page.locator("#search-input").focus();
  await page.keyboard.type("plazos");
  await page.waitForSelector('.search-results li[lang="es"]');
  const spanish = page.locator('.search-results li[lang="es"]').first();
  assert.match(await spanish.locator(".search-result-badge").textContent(), /ES/);
  assert.match(await spanish.locator("a").first().getAttribute("href"), /^\.\.\/\.\.\/v2\/es\/etapas\.html/);
  assert.equal(await spanish.locator(".search-result-found-in").count(), 0);
});

test("a mangled ?hl= link leaves the page's search working", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(fixtureSite, "v2/es/definicion.html") + "?hl=100%");
  await searchFor(page, "explotacion");
  assert.ok((await page.locator(".search-results li").count()) > 0);
  assert.deepEqual(page.errors, []);
});
