// Opens the built fixture site through file:// in headless Chromium, follows
// navigation, switches language and edition, and checks where it lands.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, fileUrl, relative, fixtureSite, realSite } from "./helpers.mjs";

let browser;
before(async () => {
  assert.ok(fixtureSite, "FOLIO_FIXTURE_SITE must name the built fixture site");
  browser = await launch();
});
after(async () => browser && (await browser.close()));

test("entry page leads to the current edition, then through the book", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(fixtureSite, "index.html"));
  await page.click('a.entry-book[href="v2/es/index.html"]');
  assert.equal(relative(page, fixtureSite), "v2/es/index.html");
  await page.click("a.contents-chapter >> nth=0");
  assert.equal(relative(page, fixtureSite), "v2/es/delito.html");
  await page.click("a.pager-next");
  assert.equal(relative(page, fixtureSite), "v2/es/definicion.html");
  assert.equal(await page.locator("h1").first().textContent(), "1.1 Definición de la trata");
  assert.equal(await page.getAttribute("html", "lang"), "es");
  assert.deepEqual(page.errors, []);
});

test("language switcher keeps the section", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(fixtureSite, "v2/es/definicion.html"));
  await page.click(".switcher-lang summary");
  await page.click('.switcher-lang a[hreflang="en"]');
  assert.equal(relative(page, fixtureSite), "v2/en/definition.html");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.locator("h1").first().textContent(), "1.1 Definition of trafficking");
});

test("switching to an untranslated section says so and links to the source", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(fixtureSite, "v2/es/etapas.html"));
  await page.click(".switcher-lang summary");
  await page.click('.switcher-lang a[hreflang="en"]');
  assert.equal(relative(page, fixtureSite), "v2/en/etapas.html");
  const notice = page.locator(".notice-untranslated");
  assert.match(await notice.textContent(), /not yet available in this language/);
  await notice.locator("a").click();
  assert.equal(relative(page, fixtureSite), "v2/es/etapas.html");
});

test("edition switcher keeps the section, and the archived banner leads back", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(fixtureSite, "v2/es/consentimiento.html"));
  await page.click(".switcher-edition summary");
  await page.click('.switcher-edition a:has-text("Primera edición")');
  assert.equal(relative(page, fixtureSite), "v1/es/consentimiento.html");
  assert.ok(await page.locator(".banner-archived").isVisible());
  await page.click(".banner-archived a");
  assert.equal(relative(page, fixtureSite), "v2/es/consentimiento.html");
});

test("a section absent from the other edition leads to that edition's contents", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(fixtureSite, "v2/es/definicion.html"));
  await page.click(".switcher-edition summary");
  const item = page.locator('.switcher-edition li:has-text("Primera edición")');
  assert.match(await item.textContent(), /no existe en esta edición/);
  await item.locator("a").click();
  assert.equal(relative(page, fixtureSite), "v1/es/index.html");
});

test("keyboard: skip link and switchers work without a mouse", async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(fixtureSite, "v2/es/definicion.html"));
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  await page.keyboard.press("Enter");
  assert.ok(page.url().endsWith("#main"));
});

test("small screens get a menu button that reveals the sidebar", async () => {
  const page = await openPage(browser, { viewport: { width: 390, height: 800 } });
  await page.goto(fileUrl(fixtureSite, "v2/es/definicion.html"));
  assert.equal(await page.locator("#sidebar").isVisible(), false);
  await page.click(".menu-toggle");
  assert.equal(await page.locator("#sidebar").isVisible(), true);
  assert.equal(await page.getAttribute(".menu-toggle", "aria-expanded"), "true");
});

test("the real handbook opens from file:// and fetches nothing from the network", { skip: !realSite }, async () => {
  const page = await openPage(browser);
  await page.goto(fileUrl(realSite, "index.html"));
  await page.click('a.entry-book[href="2025/es/index.html"]');
  assert.equal(relative(page, realSite), "2025/es/index.html");
  await page.click("a.contents-chapter >> nth=0");
  await page.click("a.pager-next");
  const section = relative(page, realSite);
  await page.click(".switcher-lang summary");
  await page.click('.switcher-lang a[hreflang="en"]');
  assert.match(relative(page, realSite), /^2025\/en\/.+\.html$/);
  await page.click(".switcher-edition summary");
  await page.click('.switcher-edition a:has-text("First edition")');
  assert.match(relative(page, realSite), /^2011\/en\/.+\.html$/);
  assert.ok(section.startsWith("2025/es/"));
  const offsite = page.requests.filter((u) => !u.startsWith("file://"));
  assert.deepEqual(offsite, []);
  assert.deepEqual(page.errors, []);
});
