// Images (issue 14, part 1): the bundled handbook's diagram of the stages of
// the criminal process shows from file:// in both languages and on the print
// page, at the size its width/height promise, under the site's own CSP, with
// nothing loaded from outside the site; the model form downloads from the
// page that links it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { launch, openPage, recordingPage, violations, fileUrl } from "./helpers.mjs";

const site = process.env.FOLIO_SITE;

let browser;
before(async () => {
  assert.ok(site, "FOLIO_SITE must name the built bundled handbook");
  browser = await launch();
});
after(async () => browser && (await browser.close()));

const DIAGRAMS = [
  ["2025/es/proceso-en-una-pagina.html", "etapas.svg"],
  ["2025/en/process-on-one-page.html", "stages.svg"],
  ["2025/es/print.html", "etapas.svg"],
];

for (const [rel, file] of DIAGRAMS) {
  test(`the stages diagram shows on ${rel}`, async () => {
    const page = await recordingPage(browser);
    await page.goto(fileUrl(site, rel));
    const img = page.locator(`main img[src$="/${file}"]`).first();
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((f) => [...document.images].some((i) => i.src.endsWith(f) && i.complete), file);
    const shown = await img.evaluate((i) => ({
      loaded: i.naturalWidth > 0,
      ratio: i.clientWidth / i.clientHeight,
      promised: Number(i.getAttribute("width")) / Number(i.getAttribute("height")),
      alt: i.alt,
      lazy: i.loading,
    }));
    assert.ok(shown.loaded, "the SVG loads from file://");
    assert.ok(Math.abs(shown.ratio - shown.promised) < 0.01, JSON.stringify(shown));
    assert.ok(shown.alt.length > 40, "the alt text describes the diagram");
    assert.equal(shown.lazy, "lazy");
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.requests.filter((u) => !u.startsWith("file://")), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test("the model form downloads with its own name", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(site, "2025/es/solicitud-anticipo-prueba.html"));
  const link = page.locator('main a[href$=".odt"]');
  const href = await link.getAttribute("href");
  assert.match(href, /^\.\.\/\.\.\/media\/[0-9a-f]{8}\/solicitud-anticipo-prueba\.odt$/);
  const bytes = readFileSync(path.join(site, "2025/es", href));
  assert.equal(bytes.subarray(30, 38).toString(), "mimetype", "the download is an OpenDocument package");
  await page.context().close();
});
