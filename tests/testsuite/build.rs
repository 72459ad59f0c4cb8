//! The site built from `tests/fixtures/site/basic`: layout, link resolution,
//! switchers, notices, Markdown features and sanitization.

use crate::util::{build_fixture, read, region, urls};

// Every version and language gets its cover, pages, print page; assets once.
#[test]
fn output_layout() {
    let site = build_fixture("basic");
    for rel in [
        "index.html",
        "assets/folio.css",
        "assets/folio.js",
        "v2/es/index.html",
        "v2/es/print.html",
        "v2/es/delito.html",
        "v2/es/definicion.html",
        "v2/en/index.html",
        "v2/en/definition.html",
        "v2/en/etapas.html",
        "v1/es/antiguo.html",
        "v1/en/print.html",
    ] {
        assert!(site.join(rel).is_file(), "{rel} missing");
    }
    assert!(!site.join("v1/es/definicion.html").exists(), "a page absent from an edition must not be generated");
}

// `@id`, `@id#anchor` and relative `.md` links resolve per version and language.
#[test]
fn links_resolve_per_language() {
    let site = build_fixture("basic");
    let es = read(&site, "v2/es/delito.html");
    let content = region(&es, "<div class=\"content\">", "</div>");
    assert!(content.contains("href=\"definicion.html\""), "{content}");
    assert!(content.contains("href=\"definicion.html#consentimiento\""), "{content}");
    let en = read(&site, "v2/en/crime.html");
    let content = region(&en, "<div class=\"content\">", "</div>");
    assert!(content.contains("href=\"definition.html\""), "{content}");
    assert!(content.contains("href=\"definition.html#consentimiento\""), "{content}");
    let etapas = read(&site, "v2/es/etapas.html");
    assert!(etapas.contains("href=\"definicion.html#elementos\""));
}

// The language switcher goes to the same section; the edition switcher too,
// or to that edition's contents when the section is not in it.
#[test]
fn switchers_keep_the_section() {
    let site = build_fixture("basic");
    let page = read(&site, "v2/es/definicion.html");
    let langs: Vec<String> = urls(region(&page, "switcher-lang", "</details>"));
    assert_eq!(langs, ["definicion.html", "../en/definition.html"]);
    let editions = region(&page, "switcher-edition", "</details>");
    assert_eq!(urls(editions), ["definicion.html", "../../v1/es/index.html"]);
    assert!(editions.contains("no existe en esta edición"), "{editions}");
    let consent = read(&site, "v2/en/consent.html");
    assert_eq!(urls(region(&consent, "switcher-edition", "</details>")), ["consent.html", "../../v1/en/consent.html"]);
    assert_eq!(urls(region(&consent, "switcher-lang", "</details>")), ["../es/consentimiento.html", "consent.html"]);
}

// Pages of an archived edition carry a banner to the same section in the current one.
#[test]
fn archived_edition_banner() {
    let site = build_fixture("basic");
    let old = read(&site, "v1/es/consentimiento.html");
    let banner = region(&old, "<div class=\"banner banner-archived\"", "</div>");
    assert_eq!(urls(banner), ["../../v2/es/consentimiento.html"]);
    let gone = read(&site, "v1/es/antiguo.html");
    let banner = region(&gone, "<div class=\"banner banner-archived\"", "</div>");
    assert_eq!(urls(banner), ["../../v2/es/index.html"]);
    assert!(banner.contains("no existe en la edición vigente"), "{banner}");
    assert!(!read(&site, "v2/es/consentimiento.html").contains("banner-archived"));
}

// A section not yet translated gets a page in the reader's language that
// links to the source text, and the sidebar marks it.
#[test]
fn untranslated_section_notice() {
    let site = build_fixture("basic");
    let page = read(&site, "v2/en/etapas.html");
    let notice = region(&page, "notice-untranslated", "</div>");
    assert!(notice.contains("not yet available in this language"), "{notice}");
    assert_eq!(urls(notice), ["../es/etapas.html"]);
    assert!(page.contains("<html lang=\"en\""));
    // The placeholder's Spanish title is marked as Spanish wherever it shows.
    assert!(page.contains("<h1 lang=\"es\"><span class=\"title-num\">2.1</span> Etapas del proceso</h1>"), "{page}");
    let contents = read(&site, "v2/en/index.html");
    assert!(
        contents
            .contains("<a href=\"etapas.html\" lang=\"es\"><span class=\"nav-num\">2.1</span> Etapas del proceso</a>"),
        "{contents}"
    );
    assert!(!contents.contains("<a href=\"crime.html\" lang="), "translated titles carry no lang of their own");
    let sidebar = region(&page, "<nav id=\"sidebar\"", "</nav>");
    assert!(sidebar.contains("Etapas del proceso</a> <span class=\"muted\">(not translated)</span>"), "{sidebar}");
    let switcher = region(&read(&site, "v2/es/etapas.html"), "switcher-lang", "</details>").to_string();
    assert!(switcher.contains("(sin traducir)"), "{switcher}");
}

// A translation whose source changed since its recorded hash says so; an up-to-date one does not.
#[test]
fn outdated_translation_notice() {
    let site = build_fixture("basic");
    let page = read(&site, "v2/en/consent.html");
    let notice = region(&page, "notice-outdated", "</div>");
    assert!(notice.contains("Translation may be out of date"), "{notice}");
    // The source text, and what changed in it since the edition translated (v1).
    assert_eq!(urls(notice), ["../es/consentimiento.html", "../es/changes-v1-consentimiento.html"]);
    assert!(!read(&site, "v2/en/definition.html").contains("notice-outdated"));
    assert!(!read(&site, "v1/en/consent.html").contains("notice-outdated"));
}

// hreflang alternates must be absolute (search engines reject relative
// ones): without a site URL in folio.yaml there are none. With one, see
// `reader::site_url_adds_canonical_hreflang_and_sitemap`.
#[test]
fn hreflang_alternates() {
    let site = build_fixture("basic");
    for file in ["v2/es/definicion.html", "v2/es/changes.html", "v2/es/index.html"] {
        let page = read(&site, file);
        assert!(!page.contains("rel=\"alternate\""), "{file}: {page}");
    }
}

// Callouts are localized; tables, footnotes, definition lists, strikethrough,
// smart punctuation and unique accent-free anchors all render.
#[test]
fn markdown_features() {
    let site = build_fixture("basic");
    let page = read(&site, "v2/es/definicion.html");
    let content = region(&page, "<div class=\"content\">", "\n  </div>");
    assert!(
        content.contains(
            "<aside class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Advertencia</p>"
        ),
        "{content}"
    );
    assert!(content.contains("<table>"), "{content}");
    assert!(content.contains("<h2 id=\"ninez-y-adolescencia\">"), "{content}");
    assert!(content.contains("<h2 id=\"ninez-y-adolescencia-2\">"), "{content}");
    assert!(content.contains("<h2 id=\"elementos\">"), "{content}");
    assert!(content.contains("<del>texto tachado</del>"), "{content}");
    assert!(content.contains("“comillas”"), "{content}");
    assert!(content.contains("<dl>") && content.contains("<dt>Término</dt>"), "{content}");
    assert!(content.contains("href=\"#fn-1\""), "{content}");
    assert!(content.contains("id=\"fn-1\""), "{content}");
    let en = read(&site, "v1/en/index.html");
    assert!(en.contains("<p class=\"callout-title\">Important</p>"));
}

// The in-page contents, breadcrumbs and previous/next follow the book's order.
#[test]
fn navigation() {
    let site = build_fixture("basic");
    let page = read(&site, "v2/es/consentimiento.html");
    assert_eq!(urls(region(&page, "<nav class=\"breadcrumbs\"", "</nav>")), ["index.html", "delito.html"]);
    let pager = region(&page, "<nav class=\"pager\"", "</nav>");
    assert_eq!(urls(pager), ["definicion.html", "proceso.html"]);
    // Across chapter boundaries, and from the first chapter back to the contents.
    let pager_of = |file: &str| urls(region(&read(&site, file), "<nav class=\"pager\"", "</nav>"));
    assert_eq!(pager_of("v2/es/proceso.html"), ["consentimiento.html", "etapas.html"]);
    assert_eq!(pager_of("v2/es/delito.html"), ["index.html", "definicion.html"]);
    assert_eq!(pager_of("v2/es/etapas.html"), ["proceso.html"]);
    let sidebar = region(&page, "<nav id=\"sidebar\"", "</nav>");
    assert!(
        sidebar.contains("<a href=\"consentimiento.html\" aria-current=\"page\"><span class=\"nav-num\">1.2</span> Consentimiento</a>"),
        "{sidebar}"
    );
    assert_eq!(sidebar.matches("aria-current").count(), 1, "{sidebar}");
    // The sidebar is shared by a chapter's pages: another chapter's page marks
    // its own link and does not list this chapter's sections.
    let other = read(&site, "v2/es/proceso.html");
    let other_sidebar = region(&other, "<nav id=\"sidebar\"", "</nav>");
    assert!(other_sidebar.contains("<a href=\"proceso.html\" aria-current=\"page\">"), "{other_sidebar}");
    assert_eq!(other_sidebar.matches("aria-current").count(), 1, "{other_sidebar}");
    assert!(!other_sidebar.contains("consentimiento.html"), "{other_sidebar}");
    let contents = read(&site, "v2/es/index.html");
    assert!(
        region(&contents, "<nav id=\"sidebar\"", "</nav>").contains("<a href=\"index.html\" aria-current=\"page\">")
    );
    let toc = region(&read(&site, "v2/es/definicion.html"), "<nav class=\"page-toc\"", "</nav>").to_string();
    assert_eq!(urls(&toc)[0], "#elementos");
}

// The print page holds every page, with ids made unique and links made internal.
#[test]
fn print_page() {
    let site = build_fixture("basic");
    let print = read(&site, "v2/es/print.html");
    for id in ["delito", "definicion", "consentimiento", "proceso", "etapas"] {
        assert!(print.contains(&format!("<section class=\"print-page\" id=\"{id}\"")), "{id} missing");
    }
    assert!(print.contains("<h2 id=\"definicion--elementos\">"));
    assert!(print.contains("href=\"#definicion--elementos\""));
    assert!(print.contains("href=\"#definicion\""));
}

// The entry page offers every edition in every language.
#[test]
fn entry_page() {
    let site = build_fixture("basic");
    let entry = read(&site, "index.html");
    let links: Vec<String> = urls(&entry).into_iter().filter(|u| u.ends_with("index.html")).collect();
    assert_eq!(links, ["v2/es/index.html", "v2/en/index.html", "v1/es/index.html", "v1/en/index.html"]);
}

// Raw HTML and front matter cannot inject script: it is escaped or removed.
#[test]
fn xss_payloads_are_inert() {
    let site = build_fixture("xss");
    let page = read(&site, "v1/es/cap.html");
    for needle in
        ["<script>alert", "onerror=", "onmouseover", "onclick", "onload", "javascript:", "<iframe", "<img", "<svg"]
    {
        let hits: Vec<&str> = page.lines().filter(|l| l.contains(needle)).filter(|l| !l.contains("&lt;")).collect();
        assert!(hits.is_empty(), "`{needle}` survived: {hits:?}");
    }
    assert!(page.contains("<b>negrita</b>"), "harmless markup is kept");
    assert!(page.contains("Capítulo &lt;img src=x onerror=alert(&#x27;title&#x27;)&gt;"), "titles are escaped");
    let entry = read(&site, "index.html");
    assert!(!entry.contains("<script>alert"));
}
