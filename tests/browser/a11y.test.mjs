// Accessibility: axe-core (WCAG 2.1 A and AA rules) over every page type, in
// both languages and both colour schemes, from file://. Zero violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { launch, openPage, fileUrl, fixtureSite } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

const PAGES = [
  "index.html",
  "v2/es/index.html",
  "v2/es/delito.html",
  "v2/es/definicion.html",
  "v2/es/print.html",
  "v2/es/translations.html",
  "v2/en/index.html",
  "v2/en/consent.html",
  "v2/en/etapas.html",
  "v1/en/consent.html",
  "v1/es/antiguo.html",
  "v2/es/changes.html",
  "v2/es/changes-v1-consentimiento.html",
];

let browser;
before(async () => {
  assert.ok(fixtureSite, "FOLIO_FIXTURE_SITE must name the built fixture site");
  browser = await launch();
});
after(async () => browser && (await browser.close()));

for (const scheme of ["light", "dark"]) {
  test(`axe finds no WCAG 2.1 AA violations (${scheme} scheme)`, async () => {
    const page = await openPage(browser, { colorScheme: scheme, bypassCSP: true });
    const problems = [];
    for (const rel of PAGES) {
      await page.goto(fileUrl(fixtureSite, rel));
      await page.addScriptTag({ path: axePath });
      const results = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      );
      for (const v of results.violations) {
        problems.push(`${rel}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
      }
    }
    assert.deepEqual(problems, [], problems.join("\n"));
  });
}
