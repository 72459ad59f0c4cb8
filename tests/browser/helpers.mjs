// Shared set-up for the browser tests: headless Debian Chromium through
// playwright-core, pages opened from file://, and a record of every request
// so tests can prove nothing leaves the file system.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import path from "node:path";

export const fixtureSite = process.env.FOLIO_FIXTURE_SITE;
export const realSite = process.env.FOLIO_SITE;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Opens a new page that records every request URL and script error. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  page.on("request", (r) => page.requests.push(r.url()));
  page.on("pageerror", (e) => page.errors.push(String(e)));
  return page;
}

/** Like `openPage`, and records each CSP violation from before any of the page's HTML is parsed. */
export async function recordingPage(browser, options = {}) {
  const page = await openPage(browser, options);
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.cspViolations.push(`${e.effectiveDirective}: ${e.blockedURI} ${e.sample}`)
    );
  });
  return page;
}

/** The CSP violations a `recordingPage` saw so far, once queued violation events have been dispatched. */
export async function violations(page) {
  return page.evaluate(() => new Promise((resolve) => setTimeout(() => resolve(window.cspViolations), 0)));
}

export function fileUrl(site, rel) {
  return pathToFileURL(path.join(site, rel)).href;
}

/** The current location relative to the site root, e.g. `v2/es/index.html`. */
export function relative(page, site) {
  const root = pathToFileURL(site).href.replace(/\/?$/, "/");
  return page.url().startsWith(root) ? page.url().slice(root.length) : page.url();
}
