// The reader's pages (issue 17) in headless Chromium from file://: a one-row
// header within budget at every width, landings below it, the drawer, the
// switchers keeping the anchor, the on-this-page column, citing, touch, and
// axe at phone and laptop widths in both schemes. Uses the `reader` fixture
// (FOLIO_READER_SITE): long sections with anchors, dates and a notice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { launch, openPage, fileUrl, relative, realSite } from "./helpers.mjs";

const site = process.env.FOLIO_READER_SITE;
const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

let browser;
before(async () => {
  assert.ok(site, "FOLIO_READER_SITE must name the built reader fixture site");
  browser = await launch();
});
after(async () => browser && (await browser.close()));

/** The header's box and whether its visible parts sit on one row. */
async function header(page) {
  return page.evaluate(() => {
    const bar = document.querySelector(".topbar").getBoundingClientRect();
    const parts = [...document.querySelectorAll(".topbar > *")]
      .filter((el) => el.offsetParent !== null && !el.classList.contains("skip-link"))
      .map((el) => el.getBoundingClientRect());
    const oneRow = parts.every((r) => r.top < bar.top + bar.height / 2 && r.bottom > bar.top + bar.height / 2);
    return { top: bar.top, bottom: bar.bottom, height: bar.height, oneRow, parts: parts.length };
  });
}

/** Where heading `id` is, against the header's bottom edge. */
async function landing(page, id) {
  await page.waitForTimeout(350); // the header's slide takes 0.2 s
  return page.evaluate((id) => {
    const h = document.getElementById(id).getBoundingClientRect();
    const bar = document.querySelector(".topbar").getBoundingClientRect();
    return { top: h.top, bottom: h.bottom, headerBottom: Math.max(0, bar.bottom), viewport: innerHeight };
  }, id);
}

function assertBelowHeader(where, what) {
  assert.ok(where.top >= where.headerBottom, `${what}: heading at ${where.top} is under the header (${where.headerBottom})`);
  assert.ok(where.bottom <= where.viewport, `${what}: heading at ${where.top} is below the screen`);
}

for (const width of [320, 390, 1024, 1366, 1920]) {
  test(`at ${width} px the header is one row within budget`, async () => {
    const page = await openPage(browser, { viewport: { width, height: 800 } });
    for (const rel of ["v2/es/definicion.html", "v1/en/definition.html", "v2/es/index.html", "v2/en/print.html"]) {
      await page.goto(fileUrl(site, rel));
      const bar = await header(page);
      assert.ok(bar.oneRow, `${rel}: the header wraps`);
      assert.ok(bar.parts >= 2, `${rel}: the header shows its parts`);
      assert.ok(bar.height <= (width <= 390 ? 56 : 64), `${rel}: header ${bar.height} px high`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `${rel}: the page is ${scrollWidth} px wide`);
    }
    assert.deepEqual(page.errors, []);
  });
}

for (const width of [390, 1024, 1366]) {
  test(`at ${width} px contents links, deep links and search results land below the header`, async () => {
    const page = await openPage(browser, { viewport: { width, height: 800 } });
    await page.goto(fileUrl(site, "v2/es/definicion.html"));
    await page.click('.page-toc a[href="#fines"]');
    assertBelowHeader(await landing(page, "fines"), "contents link");
    await page.goto(fileUrl(site, "v2/es/definicion.html") + "#consentimiento");
    assertBelowHeader(await landing(page, "consentimiento"), "deep link");
    await page.goto(fileUrl(site, "v2/es/delito.html"));
    await page.waitForLoadState("load");
    await page.keyboard.press("/");
    await page.keyboard.type("medios explotación");
    await page.waitForSelector(".search-results li");
    const href = await page.locator(".search-results li a").first().getAttribute("href");
    const anchor = href.split("#")[1];
    assert.ok(anchor, `the first result leads to an anchor (${href})`);
    await Promise.all([page.waitForURL(/definicion\.html/), page.locator(".search-results li a").first().click()]);
    assertBelowHeader(await landing(page, anchor), "search result");
    assert.deepEqual(page.errors, []);
  });
}

test("on a phone the header slides away scrolling down and returns scrolling up", async () => {
  const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(fileUrl(site, "v2/es/definicion.html"));
  await page.mouse.wheel(0, 1200);
  await page.waitForTimeout(400);
  assert.ok((await header(page)).bottom <= 0, "hidden while reading down");
  await page.mouse.wheel(0, -200);
  await page.waitForTimeout(400);
  assert.equal((await header(page)).top, 0, "back on scrolling up");
});

test("the drawer opens where the reader is, traps focus and closes with Escape", async () => {
  const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(fileUrl(site, "v2/es/definicion.html"));
  assert.equal(await page.locator("#drawer").isVisible(), false);
  await page.mouse.wheel(0, 1800);
  await page.waitForTimeout(500);
  await page.mouse.wheel(0, -100);
  await page.waitForTimeout(800); // smooth scrolling ends
  const scrolled = await page.evaluate(() => scrollY);
  assert.ok(scrolled > 1000, `scrolled (${scrolled})`);
  assert.equal((await header(page)).top, 0, "the header is back after scrolling up");
  // A click where the button is (page.click would first scroll it "into view").
  const button = await page.locator(".menu-toggle").boundingBox();
  await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
  await page.waitForTimeout(300);
  const box = await page.locator("#drawer").boundingBox();
  assert.ok(box.y >= 0 && box.y < 10 && box.height >= 800, `the drawer covers the screen: ${JSON.stringify(box)}`);
  assert.equal(await page.evaluate(() => scrollY), scrolled, "the page stays where it was");
  assert.equal(await page.getAttribute("#drawer", "role"), "dialog");
  assert.ok(await page.locator(".switcher-lang summary").isVisible(), "the language switcher is in the drawer");
  assert.ok(await page.locator(".print-this").isVisible(), "print this section is in the drawer");
  assert.ok(await page.locator('#sidebar [aria-current="page"]').isVisible(), "the contents are in the drawer");
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(i % 7 === 6 ? "Shift+Tab" : "Tab");
    assert.ok(await page.evaluate(() => document.getElementById("drawer").contains(document.activeElement)), `focus left the drawer after ${i + 1} keys`);
  }
  await page.keyboard.press("Escape");
  await page.waitForTimeout(300);
  assert.equal(await page.locator("#drawer").isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.className), "menu-toggle");
  assert.equal(await page.getAttribute(".menu-toggle", "aria-expanded"), "false");
});

test("switching language and edition keeps the anchor, below the header", async () => {
  for (const width of [390, 1366]) {
    const page = await openPage(browser, { viewport: { width, height: 800 } });
    await page.goto(fileUrl(site, "v2/es/definicion.html") + "#fines");
    if (width < 900) await page.click(".menu-toggle");
    await page.click(".switcher-lang summary");
    await page.click('.switcher-lang a[hreflang="en"]');
    assert.equal(relative(page, site), "v2/en/definition.html#fines");
    assertBelowHeader(await landing(page, "fines"), `language at ${width}`);
    if (width < 900) await page.click(".menu-toggle");
    await page.click(".switcher-edition summary");
    await page.click('.switcher-edition a:has-text("First edition")');
    assert.equal(relative(page, site), "v1/en/definition.html#fines");
    assertBelowHeader(await landing(page, "fines"), `edition at ${width}`);
    await page.click(".banner-archived a");
    assert.equal(relative(page, site), "v2/en/definition.html#fines");
  }
});

test("the on-this-page column follows the reader at 1366 px and marks the current section", async () => {
  const page = await openPage(browser, { viewport: { width: 1366, height: 768 } });
  await page.goto(fileUrl(site, "v2/es/definicion.html") + "#medios");
  await page.waitForTimeout(200);
  const toc = page.locator(".page-toc");
  const content = await page.locator(".page > .content").boundingBox();
  let box = await toc.boundingBox();
  assert.ok(box.x > content.x + content.width, "the column is beside the text");
  assert.equal(await page.getAttribute('.page-toc a[href="#medios"]', "aria-current"), "location");
  await page.evaluate(() => document.getElementById("consentimiento").scrollIntoView());
  await page.waitForTimeout(200);
  assert.equal(await page.getAttribute('.page-toc a[href="#consentimiento"]', "aria-current"), "location");
  assert.equal(await page.locator('.page-toc a[aria-current]').count(), 1);
  box = await toc.boundingBox();
  assert.ok(box.y >= 0 && box.y < 200, `the column stays in view (${box.y})`);
});

test("citing works by touch; ¶ permalinks are there on touch screens", async () => {
  const page = await openPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await page.goto(fileUrl(site, "v2/en/definition.html"));
  await page.tap(".cite summary");
  const citation = await page.locator(".cite-text").inputValue();
  assert.match(citation, /^Reading handbook with a long title that does not fit on a phone's line, Second edition \(2025\) \(31 March 2025\), 1\.1 «Definition of trafficking», v2\/en\/definition\.html$/);
  await page.tap(".cite-copy");
  await page.waitForFunction(() => document.querySelector(".cite-status").textContent !== "");
  const opacity = await page.locator('.content h2 .permalink').first().evaluate((el) => getComputedStyle(el).opacity);
  assert.equal(opacity, "1");
  assert.match(await page.locator("h1").textContent(), /^1\.1 Definition of trafficking$/);
});

test("the ¶ permalinks are reachable by keyboard", async () => {
  const page = await openPage(browser, { viewport: { width: 1366, height: 768 } });
  await page.goto(fileUrl(site, "v2/es/definicion.html"));
  await page.focus(".page-toc a >> nth=-1");
  await page.keyboard.press("Tab"); // into the text: the first heading's ¶
  const focused = await page.evaluate(() => [document.activeElement.className, getComputedStyle(document.activeElement).opacity]);
  assert.deepEqual(focused, ["permalink", "1"]);
});

test("the cover shows its contents within the first screen at 1366x768", { skip: !realSite }, async () => {
  const page = await openPage(browser, { viewport: { width: 1366, height: 768 } });
  for (const rel of ["2025/es/index.html", "2011/en/index.html"]) {
    await page.goto(fileUrl(realSite, rel));
    const first = await page.locator(".contents-chapter").first().boundingBox();
    assert.ok(first.y + first.height < 768, `${rel}: the first chapter is at ${first.y}`);
  }
});

test("a favicon from file://, and over HTTP a web app manifest with icons", async () => {
  const page = await openPage(browser);
  const failed = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  await page.goto(fileUrl(site, "v2/es/definicion.html"));
  await page.waitForLoadState("load");
  assert.equal(await page.locator('link[rel="manifest"]').count(), 0, "no manifest from file://");
  assert.deepEqual(failed, []);
  const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml",
    ".png": "image/png", ".webmanifest": "application/manifest+json" };
  const server = http.createServer((req, res) => {
    const file = path.join(site, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  try {
    const base = `http://127.0.0.1:${server.address().port}/`;
    await page.goto(base + "v2/es/definicion.html");
    await page.waitForSelector('link[rel="manifest"]', { state: "attached" });
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="manifest"]');
      const json = await (await fetch(link.href)).json();
      const icons = await Promise.all(json.icons.map(async (i) => (await fetch(new URL(i.src, link.href))).status));
      return { json, icons, start: new URL(json.start_url, link.href).href };
    });
    assert.deepEqual(manifest.icons, manifest.json.icons.map(() => 200));
    assert.ok(manifest.json.icons.some((i) => i.sizes === "512x512"), "a 512 px icon");
    assert.equal(manifest.start, base + "index.html");
    assert.equal(manifest.json.display, "standalone");
  } finally {
    server.close();
  }
  assert.deepEqual(page.errors, []);
});

const AXE_PAGES = [
  "v2/es/index.html",
  "v2/es/delito.html",
  "v2/es/definicion.html",
  "v2/en/definition.html",
  "v2/en/penas.html",
  "v2/es/print.html",
  "v1/es/definicion.html",
  "v2/es/changes.html",
];

for (const width of [390, 1366]) {
  for (const scheme of ["light", "dark"]) {
    test(`axe: no WCAG 2.1 AA violations at ${width} px (${scheme})`, async () => {
      const page = await openPage(browser, { viewport: { width, height: 800 }, colorScheme: scheme, bypassCSP: true });
      const problems = [];
      const check = async (label) => {
        await page.addScriptTag({ path: axePath });
        const results = await page.evaluate(() =>
          window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
        );
        for (const v of results.violations) {
          problems.push(`${label}: ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
        }
      };
      for (const rel of AXE_PAGES) {
        await page.goto(fileUrl(site, rel));
        await check(rel);
      }
      if (width < 900) {
        await page.goto(fileUrl(site, "v2/es/definicion.html"));
        await page.click(".menu-toggle");
        await page.waitForTimeout(300);
        await check("drawer open");
      }
      assert.deepEqual(problems, [], problems.join("\n"));
    });
  }
}
