// Printing (issue 17): Chromium's PDF of a section page and of print pages
// of the `reader` fixture (FOLIO_READER_SITE), read back with pdftotext
// (Debian's poppler-utils). Every sheet carries the handbook's title, the
// edition, its date and the notice; a section prints alone; an untranslated
// section prints its source text and an outdated translation its notice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launch, openPage, fileUrl } from "./helpers.mjs";

const site = process.env.FOLIO_READER_SITE;
let browser;
let scratch;
before(async () => {
  assert.ok(site, "FOLIO_READER_SITE must name the built reader fixture site");
  browser = await launch();
  scratch = mkdtempSync(path.join(tmpdir(), "folio-print-"));
});
after(async () => {
  if (browser) await browser.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The text of each printed sheet of `rel`, whitespace folded. */
async function printed(rel) {
  const page = await openPage(browser);
  await page.goto(fileUrl(site, rel));
  const pdf = path.join(scratch, rel.replaceAll("/", "-") + ".pdf");
  await page.pdf({ path: pdf, preferCSSPageSize: true });
  await page.close();
  const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
  return text
    .split("\f")
    .map((sheet) => sheet.replace(/\s+/g, " ").trim())
    .filter((sheet) => sheet !== "");
}

function assertEverySheet(sheets, expected, what) {
  sheets.forEach((sheet, i) => {
    for (const text of expected) assert.ok(sheet.includes(text), `${what}, sheet ${i + 1} lacks «${text}»: ${sheet.slice(0, 300)}`);
  });
}

const EN_RUNNING = [
  "Reading handbook with a long title that does not fit on a phone's line",
  "Second edition (2025) · 31 March 2025",
  "Demonstration edition. Not legal advice.",
];

test("a section prints alone, with the running header and footer on every sheet", async () => {
  const sheets = await printed("v2/en/definition.html");
  assert.ok(sheets.length >= 2, `the section fills several sheets (${sheets.length})`);
  assertEverySheet(sheets, EN_RUNNING, "section");
  sheets.forEach((sheet, i) => assert.ok(sheet.includes(`${i + 1}/${sheets.length}`), `sheet ${i + 1} is numbered`));
  const all = sheets.join(" ");
  assert.ok(all.includes("1.1 Definition of trafficking"), "the numbered title");
  assert.ok(all.includes("Translation may be out of date"), "the outdated notice prints");
  assert.ok(all.includes("Consent"), "the section's last heading");
  for (const other of ["Las penas", "Glossary", "Glosario", "Annexes", "Anexos", "Print this section", "Search"]) {
    assert.ok(!all.includes(other), `the section's PDF holds «${other}»`);
  }
});

test("the print page: running texts on every sheet, source text of untranslated sections, outdated notices", async () => {
  const sheets = await printed("v2/en/print.html");
  assertEverySheet(sheets, EN_RUNNING, "print page");
  const all = sheets.join(" ");
  assert.ok(all.includes("This section is not yet available in this language"), "the untranslated notice");
  assert.ok(all.includes("Texto de origen sobre las penas, sin traducir todavía."), "the source text under it");
  assert.ok(all.includes("Translation may be out of date."), "the outdated notice");
  assert.ok(all.includes("2.1 Glosario"), "numbered titles");
  assert.ok(!all.includes("Print the whole edition"), "no screen controls");
});

test("an archived edition says so on every printed sheet", async () => {
  const sheets = await printed("v1/es/print.html");
  assertEverySheet(
    sheets,
    ["Primera edición (2011) · 15 de junio de 2011 · Edición archivada", "Edición de demostración. No es asesoría jurídica."],
    "archived print page"
  );
});
