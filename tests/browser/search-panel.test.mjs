// The search panel and results page from file://: the visible count and the
// "show all results" page, the no-results message with its widen button,
// the query and scope in the address (Back returns to the search), Escape
// closing before clearing, focus leaving closing, scopes remembered across
// pages, the display of the engine's grouped answer (partial matches,
// dropped words, suggestions, edition badges, other sections), and the
// highlighting on the page a result opens, with its control.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { launch, openPage, recordingPage, violations, fileUrl, relative, fixtureSite, realSite } from "./helpers.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let browser;
before(async () => {
  assert.ok(fixtureSite, "FOLIO_FIXTURE_SITE must name the built fixture site");
  assert.ok(realSite, "FOLIO_SITE must name the built bundled handbook");
  browser = await launch();
});
after(async () => browser && (await browser.close()));

/** The file:// address of `rel` in `site`, whose `?query` stays a query. */
function address(site, rel) {
  const [file, query] = rel.split("?");
  return fileUrl(site, file) + (query ? `?${query}` : "");
}

async function open(site, rel) {
  const page = await openPage(browser);
  await visit(page, site, rel);
  return page;
}

async function visit(page, site, rel) {
  await page.goto(address(site, rel));
  await page.waitForLoadState("load"); // the search script is deferred
}

/** Types `query` into the box and waits for its answer: result rows or the no-results status. */
async function searchFor(page, query) {
  await page.keyboard.press("/");
  await page.keyboard.type(query);
  await page.waitForFunction(() => {
    const box = document.querySelector(".search");
    const said = box.querySelector(".search-status").textContent;
    return said && (said === box.dataset.noResults || box.querySelector(".search-results li"));
  });
}

const panel = (page) => page.locator(".search-panel");

test("the panel shows the count; 'show all results' opens the results page with the whole list", async () => {
  const page = await open(realSite, "2025/es/index.html");
  await searchFor(page, "trata");
  const count = page.locator(".search-count");
  assert.ok(await count.isVisible());
  const shown = Number((await count.textContent()).match(/^(\d+) resultados$/)[1]);
  assert.equal(await page.locator(".search-results > li").count(), Math.min(shown, 12));
  assert.ok(shown > 12, `a query with more results than the panel shows (${shown})`);
  await Promise.all([page.waitForURL(/search\.html/), page.click(".search-show-all")]);
  assert.match(relative(page, realSite), /^2025\/es\/search\.html\?q=trata$/);
  await page.waitForSelector(".search-page-results li");
  const rows = await page.locator(".search-page-results > li").count();
  assert.ok(rows > 12, `the results page lists them all (${rows})`);
  assert.equal(await page.locator(".search-page-count").textContent(), `${rows} resultados`);
  assert.equal(await page.inputValue("#search-input"), "trata");
  assert.equal(await page.locator(".search-page-query").textContent(), "trata");
  const first = page.locator(".search-page-results a.search-result").first();
  assert.match(await first.getAttribute("href"), /^\.\.\/\.\.\/2025\/es\/[a-z0-9-]+\.html\?hl=trata(#|$)/);
  assert.deepEqual(page.errors, []);
});

test("the results page speaks English in the English book", async () => {
  const page = await open(fixtureSite, "v2/en/search.html?q=consent");
  await page.waitForSelector(".search-page-results li");
  assert.match(await page.locator(".search-page-count").textContent(), /^\d+ results?$/);
  assert.equal(await page.locator("h1").textContent(), "Search results");
  const empty = await open(fixtureSite, "v2/en/search.html");
  assert.match(await empty.locator(".search-page-count").textContent(), /^Type what you are looking for/);
});

test("no results: a message in the reader's language and a button that widens the scope", async () => {
  const page = await open(fixtureSite, "v2/es/index.html");
  await searchFor(page, "régimen"); // only in the first edition
  assert.equal(await page.locator(".search-results li").count(), 0);
  const notes = page.locator(".search-notes");
  assert.ok(await notes.isVisible());
  assert.match(await notes.textContent(), /No hay resultados para régimen\./);
  const widen = page.locator(".search-widen");
  assert.equal(await widen.textContent(), "Buscar en todas las ediciones y en ambos idiomas");
  await widen.click();
  await page.waitForSelector(".search-results li");
  assert.ok(await page.isChecked('input[name="all-editions"]'));
  assert.ok(await page.isChecked('input[name="both-languages"]'));
  assert.equal(await page.locator(".search-result-title").first().textContent(), "1.2 Régimen antiguo");
  assert.equal(await page.locator(".search-results .search-result-badge").first().textContent(), "v1");
  assert.equal(await page.locator(".search-widen").count(), 0, "no widen button once the scope is widest");

  const english = await open(fixtureSite, "v2/en/index.html");
  await searchFor(english, "zzyzx");
  assert.match(await english.locator(".search-notes").textContent(), /No results for zzyzx\./);
  assert.equal(await english.locator(".search-status").textContent(), "No results");
});

test("Back after opening a result returns to the query and scope", async () => {
  const page = await open(fixtureSite, "v2/es/index.html");
  await searchFor(page, "consentimiento");
  await page.check('input[name="all-editions"]');
  await page.waitForFunction(() => /editions=all/.test(location.search));
  assert.match(relative(page, fixtureSite), /^v2\/es\/index\.html\?q=consentimiento&editions=all$/);
  await page.waitForSelector(".search-results li .search-result-badge");
  await Promise.all([page.waitForURL(/hl=/), page.locator(".search-results > li > a").first().click()]);
  await page.goBack();
  await page.waitForSelector(".search-results li");
  assert.equal(await page.inputValue("#search-input"), "consentimiento");
  assert.ok(await page.isChecked('input[name="all-editions"]'));
  assert.ok(!(await page.isChecked('input[name="both-languages"]')));
  assert.ok(await panel(page).isVisible());
  assert.deepEqual(page.errors, []);
});

test("Escape closes the panel first and clears the box second; focus leaving closes it", async () => {
  const page = await open(fixtureSite, "v2/es/index.html");
  await searchFor(page, "consentimiento");
  assert.ok(await panel(page).isVisible());
  await page.keyboard.press("Escape");
  assert.ok(!(await panel(page).isVisible()), "the first Escape closes");
  assert.equal(await page.inputValue("#search-input"), "consentimiento", "and keeps the query");
  await page.keyboard.press("ArrowDown");
  assert.ok(await panel(page).isVisible(), "an arrow key reopens");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  assert.equal(await page.inputValue("#search-input"), "", "the second Escape clears");
  assert.doesNotMatch(page.url(), /[?&]q=/, "and the address forgets the query");

  await page.keyboard.type("consentimiento");
  await page.waitForSelector(".search-results li");
  await page.keyboard.press("Tab"); // to the scope checkboxes: still in the search area
  assert.ok(await panel(page).isVisible());
  await page.keyboard.press("Escape");
  assert.ok(!(await panel(page).isVisible()), "Escape in the panel closes it too");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input", "and returns to the box");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Tab");
  await page.locator("main").focus();
  assert.ok(!(await panel(page).isVisible()), "focus leaving the search area closes the panel");
});

test("scope choices are remembered across pages and books", async () => {
  const page = await open(fixtureSite, "v2/es/index.html");
  await page.keyboard.press("/");
  await page.check('input[name="both-languages"]');
  for (const rel of ["v2/es/definicion.html", "v1/en/consent.html"]) {
    await visit(page, fixtureSite, rel);
    assert.ok(await page.isChecked('input[name="both-languages"]'), rel);
    assert.ok(!(await page.isChecked('input[name="all-editions"]')), rel);
  }
  await page.keyboard.press("/");
  await page.uncheck('input[name="both-languages"]');
  await visit(page, fixtureSite, "v2/es/index.html");
  assert.ok(!(await page.isChecked('input[name="both-languages"]')));
});

test("both languages: a page that matched only in the other language is shown in the reader's, with a note", async () => {
  const page = await open(realSite, "2025/es/index.html");
  await searchFor(page, "deception");
  await page.check('input[name="both-languages"]');
  await page.waitForSelector(".search-result-found-in");
  const rows = page.locator(".search-results > li");
  assert.ok((await rows.count()) > 0);
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    assert.match(await row.locator("a.search-result").getAttribute("href"), /^\.\.\/\.\.\/2025\/es\/[^#]+\.html\?hl=deception$/);
    assert.equal(await row.getAttribute("lang"), null, "shown in Spanish");
    assert.equal(await row.locator(".search-result-snippet").getAttribute("lang"), "en", "the snippet is the English text");
    const note = row.locator(".search-result-found-in");
    assert.equal(await note.textContent(), "Encontrado en el texto en inglés");
    assert.match(await note.locator("a").getAttribute("href"), /^\.\.\/\.\.\/2025\/en\/.+\?hl=deception/);
  }
  assert.deepEqual(page.errors, []);
});

// The engine's grouped answer (the contract in folio-search-engine.js),
// given here, so that the display of each label is checked on its own.
const ANSWER = {
  query: "consentimiento victima xyzzy",
  total: 2,
  rows: [
    {
      page_id: "definicion", title: "Definición de la trata", chapter: "El delito", number: "",
      url: "v2/es/definicion.html#consentimiento", heading: "Consentimiento de la víctima",
      snippet: "El <mark>consentimiento</mark> es irrelevante.", version: "v2", lang: "es",
      editions: ["v2", "v1"], partial: false, missing: [],
      sections: [{ heading: "Elementos del delito", url: "v2/es/definicion.html#elementos" }],
    },
    {
      page_id: "consentimiento", title: "Consentimiento", chapter: "El delito", number: "",
      url: "v2/es/consentimiento.html", heading: "", snippet: "<mark>Consentimiento</mark>.",
      version: "v2", lang: "es", editions: ["v2"], partial: true, missing: ["victima"], sections: [],
    },
  ],
  dropped: ["xyzzy"],
  suggestions: [],
};

/** A page whose engine answers every search with `answer`. */
async function withAnswer(rel, answer, options) {
  const page = await openPage(browser, options);
  await page.addInitScript((answer) => {
    let engine;
    Object.defineProperty(window, "FolioSearchEngine", {
      get: () => engine,
      set: (real) => {
        engine = {
          load: (root) => real.load(root).then((e) => {
            e.searchRows = () => Promise.resolve(JSON.parse(JSON.stringify(answer)));
            e.complete = (results) => Promise.resolve(results);
            return e;
          }),
        };
      },
    });
  }, answer);
  await visit(page, fixtureSite, rel);
  return page;
}

test("the grouped answer: badges, other sections, partial matches and dropped words", async () => {
  const page = await withAnswer("v2/es/index.html", ANSWER);
  await searchFor(page, ANSWER.query);
  const [first, second] = [0, 1].map((i) => page.locator(".search-results > li").nth(i));
  assert.deepEqual(await first.locator(".search-result-badge").allTextContents(), ["v2", "v1"]);
  const other = first.locator(".search-result-sections a");
  assert.equal(await other.textContent(), "Elementos del delito");
  assert.match(await other.getAttribute("href"), /^\.\.\/\.\.\/v2\/es\/definicion\.html\?hl=.+#elementos$/);
  assert.equal(await first.locator(".search-result-missing").count(), 0);
  assert.equal(await second.locator(".search-result-badge").count(), 0, "one edition, this one: no badge");
  assert.equal(await second.locator(".search-result-missing").textContent(), "Coincidencia parcial; no se encontró: victima");
  assert.equal(
    await page.locator(".search-notes").textContent(),
    "No hay resultados para xyzzy; se muestran los resultados de las demás palabras.",
  );
  assert.equal(await page.locator(".search-count").textContent(), "2 resultados");
  assert.deepEqual(page.errors, []);
});

test("nothing found: the suggestions search for the word chosen", async () => {
  const none = { query: "consentimeinto", total: 0, rows: [], dropped: ["consentimeinto"], suggestions: [{ word: "consentimiento" }, { word: "consent" }] };
  const page = await withAnswer("v2/en/index.html", none);
  await searchFor(page, none.query);
  const notes = page.locator(".search-notes");
  assert.match(await notes.textContent(), /No results for consentimeinto\.Did you mean: consentimiento ?consent/);
  await page.locator(".search-suggestion", { hasText: "consentimiento" }).click();
  assert.equal(await page.inputValue("#search-input"), "consentimiento");
  await page.waitForFunction(() => /q=consentimiento(&|$)/.test(location.search));
});

test("arriving from a result marks the query's words, not stop words nor short prefixes; the control and Escape clear them", async () => {
  const page = await open(fixtureSite, "v2/es/definicion.html?hl=de%20la%20consentimiento%20delito");
  const marks = page.locator(".content mark.search-hit");
  const words = await marks.allTextContents();
  assert.ok(words.length >= 3, JSON.stringify(words));
  assert.ok(words.every((w) => /^(consentimiento|delito)$/i.test(w)), JSON.stringify(words));
  const bar = page.locator(".search-highlight-bar");
  assert.ok(await bar.isVisible());
  assert.match(await bar.textContent(), /consentimiento, delito/);
  await bar.locator("button", { hasText: "Quitar el resaltado" }).click();
  assert.equal(await marks.count(), 0);
  assert.equal(await bar.count(), 0);
  assert.doesNotMatch(page.url(), /hl=/, "a reload does not mark them again");
  assert.match(await page.locator(".content").textContent(), /El consentimiento es irrelevante/);

  await visit(page, fixtureSite, "v2/es/definicion.html?hl=delito");
  assert.ok((await marks.count()) > 0);
  await page.keyboard.press("Escape");
  assert.equal(await marks.count(), 0, "Escape clears the marks");

  await visit(page, fixtureSite, `v2/es/definicion.html?hl=${encodeURIComponent("«víctima», delito")}`);
  assert.ok((await marks.count()) > 0);
  assert.match(await bar.textContent(), /búsqueda: víctima, delito/, "the bar names the words as typed, accents kept");

  await visit(page, fixtureSite, "v2/es/definicion.html?hl=de");
  assert.equal(await marks.count(), 0, "a stop word alone marks nothing");
  assert.equal(await page.locator(".search-highlight-bar").count(), 0);
  assert.deepEqual(page.errors, []);
});

/** axe's WCAG 2.1 A/AA violations on `page` as it is now, one line each. */
async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
  );
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

for (const scheme of ["light", "dark"]) {
  test(`the open panel, its notes, the results page and the highlight control pass axe and the CSP (${scheme})`, async () => {
    const problems = [];
    const page = await recordingPage(browser, { colorScheme: scheme });
    const check = async (what) => {
      for (const v of await violations(page)) problems.push(`${what}: CSP ${v}`);
    };
    await visit(page, fixtureSite, "v2/es/index.html");
    await searchFor(page, "consentimiento");
    await check("panel");
    await visit(page, fixtureSite, "v2/es/index.html");
    await searchFor(page, "zzyzx");
    await check("no results");
    await visit(page, fixtureSite, "v2/es/search.html?q=consentimiento");
    await page.waitForSelector(".search-page-results li");
    await check("results page");
    await visit(page, fixtureSite, "v2/es/definicion.html?hl=consentimiento");
    await check("highlighting");

    // axe is injected, which the page's CSP forbids.
    const grouped = await withAnswer("v2/es/index.html", ANSWER, { colorScheme: scheme, bypassCSP: true });
    await searchFor(grouped, ANSWER.query);
    for (const v of await axeViolations(grouped)) problems.push(`panel: ${v}`);
    const bypass = await openPage(browser, { colorScheme: scheme, bypassCSP: true });
    await visit(bypass, fixtureSite, "v2/es/index.html");
    await searchFor(bypass, "zzyzx");
    for (const v of await axeViolations(bypass)) problems.push(`no results: ${v}`);
    await visit(bypass, fixtureSite, "v2/es/search.html?q=consentimiento");
    await bypass.waitForSelector(".search-page-results li");
    for (const v of await axeViolations(bypass)) problems.push(`results page: ${v}`);
    await visit(bypass, fixtureSite, "v2/es/definicion.html?hl=consentimiento");
    for (const v of await axeViolations(bypass)) problems.push(`highlighting: ${v}`);
    assert.deepEqual(problems, [], problems.join("\n"));
  });
}
