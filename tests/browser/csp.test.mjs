// No inline styles (issue 14, part 2): every page type of a fixture with
// aligned tables and raw HTML that tries `style` opens from file:// with zero
// `securitypolicyviolation` events under the site's own CSP, and the aligned
// cells are aligned (by classes in folio.css), on screen and in print.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, recordingPage, violations, fileUrl } from "./helpers.mjs";

const alignedSite = process.env.FOLIO_ALIGNED_SITE;

const PAGES = [
  "index.html",
  "v2/es/index.html",
  "v2/es/plazos.html",
  "v2/es/detencion.html",
  "v2/es/print.html",
  "v2/es/changes.html",
  "v2/es/changes-v1-detencion.html",
  "v2/es/changes-v1-plazos.html",
  "v2/es/translations.html",
  "v2/en/index.html",
  "v2/en/deadlines.html",
  "v2/en/detention.html",
  "v2/en/print.html",
  "v1/es/detencion.html",
  "v1/en/detencion.html",
];

let browser;
before(async () => {
  assert.ok(alignedSite, "FOLIO_ALIGNED_SITE must name the built aligned-tables fixture site");
  browser = await launch();
});
after(async () => browser && (await browser.close()));

test("the recorder sees a violation: the CSP blocks a style attribute", async () => {
  const page = await recordingPage(browser);
  await page.goto(fileUrl(alignedSite, "v2/es/index.html"));
  await page.evaluate(() => document.body.setAttribute("style", "color: red"));
  const seen = await violations(page);
  assert.ok(seen.some((v) => v.startsWith("style-src")), `expected a style-src violation, got ${JSON.stringify(seen)}`);
});

test("no page type of the aligned-tables site violates the CSP", async () => {
  const page = await recordingPage(browser);
  const problems = [];
  for (const rel of PAGES) {
    await page.goto(fileUrl(alignedSite, rel));
    await page.waitForLoadState("load");
    for (const v of await violations(page)) problems.push(`${rel}: ${v}`);
  }
  // Search results are written by script: they too must carry no inline style.
  await page.goto(fileUrl(alignedSite, "v2/es/detencion.html"));
  await page.waitForLoadState("load");
  await page.keyboard.press("/");
  await page.keyboard.type("audiencia");
  await page.waitForSelector(".search-results li");
  for (const v of await violations(page)) problems.push(`search: ${v}`);
  assert.deepEqual(problems, [], problems.join("\n"));
  assert.deepEqual(page.errors, []);
});

/** The computed `text-align` of the body cells of the first content table. */
async function alignments(page) {
  return page.$$eval(".content table tbody tr:first-child td", (cells) =>
    cells.map((cell) => getComputedStyle(cell).textAlign)
  );
}

test("aligned cells are aligned, on screen and in print", async () => {
  const page = await recordingPage(browser);
  await page.goto(fileUrl(alignedSite, "v2/es/detencion.html"));
  assert.deepEqual(await alignments(page), ["left", "right", "center"]);
  await page.goto(fileUrl(alignedSite, "v2/es/plazos.html")); // through the raw-HTML sanitizer
  assert.deepEqual(
    await page.$$eval(".content table thead th", (cells) => cells.map((cell) => getComputedStyle(cell).textAlign)),
    ["center", "right", "left"]
  );
  await page.emulateMedia({ media: "print" });
  await page.goto(fileUrl(alignedSite, "v2/es/print.html"));
  const printed = await page.$$eval(".content table tbody td.align-right", (cells) =>
    cells.map((cell) => getComputedStyle(cell).textAlign)
  );
  assert.ok(printed.length > 0, "the print page has right-aligned cells");
  assert.deepEqual([...new Set(printed)], ["right"]);
});
