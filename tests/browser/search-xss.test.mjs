// What a reader types into the search box is text, never markup: XSS payloads
// run nothing and add no elements, whether they find results or not, the box
// and the result links carry the query literally, and the page a result leads
// to (which highlights the query's words from `?hl=`) stays inert too.
//
// Every page's CSP (script-src 'self') would block inline handlers anyway;
// these tests bypass it, so that they check the search code itself. The first
// test is the control: with the CSP bypassed, a payload that reaches the DOM
// does run and is seen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, fileUrl, fixtureSite } from "./helpers.mjs";

const PAYLOADS = [
  "<img src=x onerror=window.__xss=1>",
  '"><script>window.__xss=1</script>',
  "<svg onload=window.__xss=1>",
  "'><svg/onload=window.__xss=1>",
  '</ul><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  "<a href=javascript:window.__xss=1>x</a>",
];

// The engine reads only the first 12 words of a query (MAX_GROUPS in
// crates/folio-search/src/query.rs) and needs all of them, so twelve words of
// the fixture's text in front of a payload find results while the box and the
// result links still hold the whole query, markup included.
const FINDS_RESULTS = "trata ".repeat(12);

// The elements the search UI itself puts in the results list.
const RESULT_TAGS = ["li", "a", "span", "mark"];

let browser;
before(async () => {
  assert.ok(fixtureSite, "FOLIO_FIXTURE_SITE must name the built fixture site");
  browser = await launch();
});
after(async () => browser && (await browser.close()));

async function openInert(rel) {
  const page = await openPage(browser, { bypassCSP: true });
  await page.goto(fileUrl(fixtureSite, rel));
  await page.waitForLoadState("load"); // the search script is deferred
  return page;
}

/** Time for an injected handler (onerror of a missing file, onload) to fire. */
const settle = (page) => page.waitForTimeout(300);

/**
 * Types `query` into the (focused) box, replacing what it held, and waits
 * until the results of the whole query are shown: result links that carry
 * exactly `query` in `?hl=`, or the no-results status. With `paste`, the
 * query arrives in one input event instead of key by key.
 */
async function search(page, query, { results, paste = false }) {
  const input = page.locator("#search-input");
  if (await input.inputValue()) {
    await input.press("Escape"); // closes the panel
    await input.press("Escape"); // clears the box
  }
  await (paste ? page.keyboard.insertText(query) : page.keyboard.type(query));
  await page.waitForFunction(
    ([q, results]) => {
      const box = document.querySelector(".search");
      const links = [...box.querySelectorAll(".search-results > li > a")];
      if (results) return links.length > 0 && links.every((a) => new URL(a.href).searchParams.get("hl") === q);
      return links.length === 0 && box.querySelector(".search-status").textContent === box.dataset.noResults;
    },
    [query, results],
  );
  await settle(page);
}

/** Handlers, scripts and frames carrying a payload, anywhere in the page. */
function injected(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll("*")) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`<${el.localName} ${attr.name}>`);
        if (/^\s*javascript:/i.test(attr.value)) found.push(`<${el.localName} ${attr.name}="${attr.value}">`);
      }
    }
    for (const s of document.scripts) if (s.text.includes("__xss")) found.push(`<script>${s.text}`);
    for (const f of document.querySelectorAll("iframe, frame, object, embed")) found.push(`<${f.localName}>`);
    return found;
  });
}

async function assertInert(page, query) {
  const what = JSON.stringify(query);
  assert.equal(await page.evaluate(() => window.__xss), undefined, `the payload ran: ${what}`);
  assert.deepEqual(await injected(page), [], `markup from ${what}`);
  const tags = await page.$$eval(".search-results *", (els) => [...new Set(els.map((e) => e.localName))]);
  assert.deepEqual(tags.filter((t) => !RESULT_TAGS.includes(t)), [], `elements in the results for ${what}`);
  // Shown back literally: the box holds the text typed, the status only a count.
  assert.equal(await page.inputValue("#search-input"), query);
  assert.doesNotMatch(await page.locator(".search-status").textContent(), /[<>]/);
  assert.deepEqual(page.errors, []);
}

test("control: with the CSP bypassed, a payload that reaches the DOM runs and is seen", async () => {
  const page = await openInert("v2/es/index.html");
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", "<img src=x onerror=window.__xss=1>"));
  await page.waitForFunction(() => window.__xss === 1);
  assert.deepEqual(await injected(page), ["<img onerror>"]);
});

test("XSS payloads typed into the search box stay text, with and without results", async () => {
  const page = await openInert("v2/es/index.html");
  await page.keyboard.press("/");
  for (const payload of PAYLOADS) {
    await search(page, payload, { results: false });
    await assertInert(page, payload);
    const query = FINDS_RESULTS + payload;
    await search(page, query, { results: true });
    await assertInert(page, query);
    assert.ok((await page.locator(".search-results li").count()) > 0);
    // The snippet's only markup is the engine's highlighting of real words.
    const marks = await page.locator(".search-results mark").allTextContents();
    assert.ok(marks.length > 0 && marks.every((m) => /^trata$/i.test(m)), JSON.stringify(marks));
  }
});

test("the page a result opens highlights the query's words and runs none of its markup", async () => {
  const searchPage = await openInert("v2/es/index.html");
  await searchPage.keyboard.press("/");
  const page = await openPage(browser, { bypassCSP: true });
  for (const payload of PAYLOADS) {
    const query = FINDS_RESULTS + payload;
    await search(searchPage, query, { results: true, paste: true });
    // The result whose text (not only its title) holds the word, so the page
    // it opens has something to highlight; opened as a click would.
    const result = searchPage.locator(".search-results li", { has: searchPage.locator("mark") }).first();
    await page.goto(await result.locator("a").evaluate((a) => a.href));
    await page.waitForLoadState("load");
    await settle(page);
    assert.equal(new URL(page.url()).searchParams.get("hl"), query);
    assert.equal(await page.evaluate(() => window.__xss), undefined, `the payload ran: ${payload}`);
    assert.deepEqual(await injected(page), [], `markup from ${JSON.stringify(payload)}`);
    const marks = await page.locator(".content mark.search-hit").allTextContents();
    assert.ok(marks.length > 0 && marks.every((m) => /^trata$/i.test(m)), JSON.stringify(marks));
    assert.equal(await page.locator(".content mark.search-hit *").count(), 0);
  }
  assert.deepEqual(page.errors, []);
  assert.deepEqual(searchPage.errors, []);
});
