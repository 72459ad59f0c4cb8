// Glossary terms in the text and the glossary page (issue 16, point 3), in
// headless Chromium from file://, on the bundled handbook (FOLIO_SITE): a
// term's definition opens by mouse hover, keyboard focus and tap, Escape
// closes it and leaves focus on the term, nothing violates the CSP, axe
// finds nothing with a popup open nor on the glossary page, only a term's
// first occurrence is marked, and the glossary page has an anchor per entry
// with the other language's term marked with its `lang`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { launch, openPage, recordingPage, violations, fileUrl, relative, realSite } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

/** A section that uses many terms, some of them more than once. */
const SECTION = "2025/es/anticipo-prueba.html";
const GLOSSARIES = [
  { rel: "2025/es/glosario.html", lang: "es", other: "en" },
  { rel: "2025/en/glossary.html", lang: "en", other: "es" },
];
const POPUP = "#folio-term-popup";

let browser;
before(async () => {
  assert.ok(realSite, "FOLIO_SITE must name the built bundled handbook");
  browser = await launch();
});
after(async () => browser && (await browser.close()));

/** The open popup: which term it describes and its text, or null when it is closed. */
async function popupState(page) {
  return page.evaluate((selector) => {
    const popup = document.querySelector(selector);
    if (!popup || popup.hidden || popup.offsetParent === null) return null;
    const described = [...document.querySelectorAll("a.term[aria-describedby]")];
    const source = document.getElementById(`term-def-${described[0]?.dataset.term}`);
    const box = popup.getBoundingClientRect();
    return {
      terms: described.map((a) => a.dataset.term),
      describedBy: described[0]?.getAttribute("aria-describedby"),
      role: popup.getAttribute("role"),
      text: popup.textContent.trim(),
      definition: source?.textContent.trim(),
      inViewport: box.left >= 0 && box.right <= document.documentElement.clientWidth,
    };
  }, POPUP);
}

/** Asserts the popup is open on `term` (a data-term) and shows its definition. */
function assertOpenOn(state, term) {
  assert.ok(state, `the popup of ${term} is open`);
  assert.deepEqual(state.terms, [term], "exactly the term shown is described by the popup");
  assert.equal(state.describedBy, POPUP.slice(1));
  assert.equal(state.role, "tooltip");
  assert.ok(state.text.length > 20, `the popup has a definition: ${state.text}`);
  assert.equal(state.text, state.definition, "the popup shows the term's definition from the page");
  assert.ok(state.inViewport, "the popup fits the viewport's width");
}

test("a term's definition opens on mouse hover and closes when the pointer leaves", async () => {
  const page = await recordingPage(browser, { viewport: { width: 1366, height: 900 } });
  await page.goto(fileUrl(realSite, SECTION));
  assert.equal(await popupState(page), null, "no popup before any interaction");
  const term = page.locator(".content a.term").first();
  const id = await term.getAttribute("data-term");
  await term.hover();
  assertOpenOn(await popupState(page), id);
  // The pointer can cross the gap into the popup without closing it (WCAG 1.4.13).
  const box = await page.locator(POPUP).boundingBox();
  await page.mouse.move(box.x + 10, box.y + 10, { steps: 4 });
  await page.waitForTimeout(500);
  assertOpenOn(await popupState(page), id);
  await page.mouse.move(1, 1);
  await page.waitForFunction((s) => document.querySelector(s).hidden, POPUP);
  assert.equal(await term.getAttribute("aria-describedby"), null);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
});

test("Tab to a term opens its definition; Escape closes it and focus stays on the term", async () => {
  const page = await recordingPage(browser, { viewport: { width: 1366, height: 900 } });
  await page.goto(fileUrl(realSite, SECTION));
  const first = await page.locator(".content a.term").first().getAttribute("data-term");
  let focused = null;
  for (let i = 0; i < 200 && focused === null; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement.closest(".content a.term")?.dataset.term ?? null);
  }
  assert.equal(focused, first, "Tab reaches the first term of the text");
  assertOpenOn(await popupState(page), first);
  await page.keyboard.press("Escape");
  assert.equal(await popupState(page), null, "Escape closes the popup");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.term), first, "focus stays on the term");
  // The next Tab moves on: the popup follows focus to the next term, or stays closed.
  await page.keyboard.press("Tab");
  const next = await page.evaluate(() => document.activeElement.closest("a.term")?.dataset.term ?? null);
  const state = await popupState(page);
  if (next) assertOpenOn(state, next);
  else assert.equal(state, null);
  // Enter on a focused term follows its link to the glossary entry.
  await page.locator(`.content a.term[data-term="${first}"]`).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/glosario\.html#/);
  assert.equal(relative(page, realSite), `2025/es/glosario.html#${first}`);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
});

test("on a touch screen a first tap opens the definition, a tap elsewhere closes it, a second tap follows the link", async () => {
  const page = await recordingPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await page.goto(fileUrl(realSite, SECTION));
  const terms = page.locator(".content a.term");
  const [a, b] = [await terms.nth(0).getAttribute("data-term"), await terms.nth(1).getAttribute("data-term")];
  await terms.nth(0).tap();
  assert.equal(relative(page, realSite), SECTION, "the first tap stays on the page");
  assertOpenOn(await popupState(page), a);
  await page.locator("h1").tap();
  assert.equal(await popupState(page), null, "a tap elsewhere closes the popup");
  await terms.nth(0).tap();
  assertOpenOn(await popupState(page), a);
  await terms.nth(1).tap();
  assert.equal(relative(page, realSite), SECTION, "a first tap on another term stays on the page");
  assertOpenOn(await popupState(page), b);
  await terms.nth(1).tap();
  await page.waitForURL(/glosario\.html#/);
  assert.equal(relative(page, realSite), `2025/es/glosario.html#${b}`);
  assert.equal(await page.evaluate(() => document.querySelector(":target")?.id), b, "the entry is the target");
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
});

test("the print page's terms open the definitions listed at its end", async () => {
  const page = await recordingPage(browser, { viewport: { width: 1366, height: 900 } });
  await page.goto(fileUrl(realSite, "2025/es/print.html"));
  const term = page.locator(".content a.term").nth(3);
  const id = await term.getAttribute("data-term");
  assert.equal(await term.getAttribute("href"), `#term-def-${id}`);
  await term.hover();
  const state = await popupState(page);
  assert.ok(state, "the popup is open");
  const listed = await page.evaluate((id) => {
    const dt = document.getElementById(`term-def-${id}`);
    return `${dt.textContent.trim()}${dt.nextElementSibling.textContent.trim()}`;
  }, id);
  assert.equal(state.text, listed, "the popup shows the listed term and its definition");
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
});

test("only the first occurrence of a term is marked, never in headings, links or code", async () => {
  const page = await openPage(browser);
  for (const rel of [SECTION, "2025/en/anticipated-evidence.html", "2025/es/print.html"]) {
    await page.goto(fileUrl(realSite, rel));
    const found = await page.evaluate(() => {
      const marked = [...document.querySelectorAll(".content a.term")];
      // The print page marks each section's first occurrences: count per section.
      const scope = (a) => a.closest("section.print-page") ?? document.body;
      const seen = new Map();
      const repeated = [];
      for (const a of marked) {
        const key = a.dataset.term;
        const scopes = seen.get(key) ?? new Set();
        if (scopes.has(scope(a))) repeated.push(key);
        seen.set(key, scopes.add(scope(a)));
      }
      const misplaced = marked
        .filter((a) => a.parentElement.closest("a, h1, h2, h3, h4, h5, h6, code, pre, .no-term"))
        .map((a) => a.dataset.term);
      return { count: marked.length, repeated, misplaced };
    });
    assert.ok(found.count > 5, `${rel} marks terms (${found.count})`);
    assert.deepEqual(found.repeated, [], `${rel}: no term is marked twice`);
    assert.deepEqual(found.misplaced, [], `${rel}: no term is marked inside a heading, link or code`);
  }
  // On the section, a term used several times is marked where it first appears.
  await page.goto(fileUrl(realSite, SECTION));
  const uses = await page.evaluate(() => {
    const skip = "h1, h2, h3, h4, h5, h6, a:not(.term), code, pre";
    const walker = document.createTreeWalker(document.querySelector(".content"), NodeFilter.SHOW_TEXT);
    const out = {};
    for (const a of document.querySelectorAll(".content a.term")) {
      const word = a.textContent.toLowerCase();
      const hits = [];
      walker.currentNode = walker.root;
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (node.parentElement.closest(skip)) continue;
        const text = node.textContent.toLowerCase();
        for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
          const before = text[i - 1] ?? " ";
          const after = text[i + word.length] ?? " ";
          if (!/\p{L}|\p{N}/u.test(before) && !/\p{L}|\p{N}/u.test(after)) {
            hits.push(node.parentElement.closest("a.term") === a);
          }
        }
      }
      out[a.dataset.term] = hits;
    }
    return out;
  });
  // (Not "sentencia": its first use is inside "tribunal de sentencia", a longer term.)
  for (const term of ["anticipo-de-prueba", "debate", "victima", "codigo-procesal-penal"]) {
    const hits = uses[term];
    assert.ok(hits, `${term} is marked on ${SECTION}`);
    assert.ok(hits.length > 1, `${term} is used more than once on ${SECTION} (${hits.length})`);
    assert.deepEqual(hits, [true, ...hits.slice(1).map(() => false)], `${term}: only its first use is marked`);
  }
  // Every term links to an entry that exists on the glossary page.
  const targets = await page.$$eval(".content a.term", (as) => as.map((a) => a.getAttribute("href")));
  await page.goto(fileUrl(realSite, "2025/es/glosario.html"));
  const ids = new Set(await page.$$eval(".glossary-entry", (es) => es.map((e) => e.id)));
  const missing = targets.filter((href) => !href.startsWith("glosario.html#") || !ids.has(href.split("#")[1]));
  assert.deepEqual(missing, [], "every term's link names an entry of the glossary page");
});

test("the glossary page has an anchor per entry and the other language's term in its language", async () => {
  const page = await recordingPage(browser);
  for (const { rel, lang, other } of GLOSSARIES) {
    await page.goto(fileUrl(realSite, rel));
    const entries = await page.evaluate(() =>
      [...document.querySelectorAll(".glossary .glossary-entry")].map((e) => ({
        id: e.id,
        term: e.querySelector("dt dfn")?.textContent.trim(),
        others: [...e.querySelectorAll(".glossary-other")].map((o) => ({
          lang: o.getAttribute("lang"),
          text: o.textContent.trim(),
        })),
      }))
    );
    assert.ok(entries.length >= 60, `${rel}: at least 60 entries (${entries.length})`);
    assert.equal(await page.getAttribute("html", "lang"), lang);
    const ids = entries.map((e) => e.id);
    assert.ok(ids.every((id) => /^[a-z0-9-]+$/.test(id)), `${rel}: every entry has an anchor`);
    assert.equal(new Set(ids).size, ids.length, `${rel}: anchors are unique`);
    assert.ok(entries.every((e) => e.term), `${rel}: every entry has its term`);
    const untagged = entries.filter((e) => e.others.length !== 1 || e.others[0].lang !== other || !e.others[0].text);
    assert.deepEqual(untagged, [], `${rel}: each entry shows its ${other} term with lang="${other}"`);
    const terms = entries.map((e) => e.term);
    const sorted = [...terms].sort((x, y) => x.localeCompare(y, lang, { sensitivity: "base" }));
    assert.deepEqual(terms, sorted, `${rel}: entries are alphabetical`);
    assert.equal(await page.locator(".content a.term").count(), 0, "the glossary page marks no terms");
    // An anchor is a landing: the entry is the target, below the sticky header.
    const id = ids[Math.floor(ids.length / 2)];
    await page.goto(`${fileUrl(realSite, rel)}#${id}`);
    const landing = await page.evaluate(() => {
      const target = document.querySelector(":target");
      const header = document.querySelector(".topbar").getBoundingClientRect();
      return { id: target?.id, top: target?.getBoundingClientRect().top, headerBottom: header.bottom };
    });
    assert.equal(landing.id, id);
    assert.ok(landing.top >= landing.headerBottom - 1, `${rel}#${id} lands below the header`);
  }
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
});

for (const scheme of ["light", "dark"]) {
  test(`axe finds nothing with a popup open nor on the glossary pages (${scheme} scheme)`, async () => {
    const problems = [];
    const check = async (page, label) => {
      await page.addScriptTag({ path: axePath });
      const results = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      );
      for (const v of results.violations) {
        problems.push(`${label}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
      }
    };
    for (const viewport of [{ width: 1366, height: 900 }, { width: 390, height: 844 }]) {
      const page = await openPage(browser, { colorScheme: scheme, bypassCSP: true, viewport });
      await page.goto(fileUrl(realSite, SECTION));
      await page.locator(".content a.term").first().focus();
      assert.ok(await popupState(page), "the popup is open");
      await check(page, `${SECTION} with a popup open at ${viewport.width} px`);
      assert.ok(await popupState(page), "the popup stayed open while axe ran");
      for (const { rel } of GLOSSARIES) {
        await page.goto(fileUrl(realSite, rel));
        await check(page, `${rel} at ${viewport.width} px`);
      }
    }
    assert.deepEqual(problems, [], problems.join("\n"));
  });
}
