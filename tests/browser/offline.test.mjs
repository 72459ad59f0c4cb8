// Shipping: the zip package works from file:// once unzipped (search
// included), and over HTTP the service worker keeps the site readable after
// the server goes away.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { launch, openPage, fileUrl, relative, fixtureSite } from "./helpers.mjs";

const unzipped = process.env.FOLIO_UNZIPPED_SITE;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser && (await browser.close()));

test("the unzipped package opens from file://, navigates and searches", { skip: !unzipped }, async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(unzipped, "index.html"));
  await page.click('a.entry-book[href="2025/en/index.html"]');
  assert.equal(relative(page, unzipped), "2025/en/index.html");
  await page.waitForLoadState("load"); // the search script is deferred
  await page.keyboard.press("/");
  await page.keyboard.type("gesell chamber");
  await page.waitForSelector(".search-results li");
  await Promise.all([page.waitForURL(/hl=/), page.keyboard.press("Enter")]);
  assert.match(relative(page, unzipped), /^2025\/en\/.+\.html\?hl=/);
  assert.ok((await page.locator(".content mark.search-hit").count()) > 0);
  assert.deepEqual(page.errors, []);
});

const TYPES = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".json": "application/json" };

test("over HTTP the service worker caches the site for offline reading", async () => {
  assert.ok(fixtureSite, "FOLIO_FIXTURE_SITE must name the built fixture site");
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
    const file = path.join(fixtureSite, rel);
    if (!file.startsWith(fixtureSite) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const page = await openPage(browser);
  await page.goto(base + "v2/es/definicion.html");
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => (await caches.keys()).some((k) => k.startsWith("folio-")));
  await new Promise((resolve) => server.close(resolve));
  server.closeAllConnections?.();
  await page.goto(base + "v2/en/consent.html");
  assert.equal(await page.locator("h1").first().textContent(), "1.2 Consent");
});
