//! The reader's pages (issue 17): numbers for citation, publication dates,
//! the print page's notices and switchers, the cite control, and what a
//! site URL adds (canonical, absolute hreflang, sitemap). Built from the
//! `reader` fixture; the browser side is `tests/browser/reader.test.mjs`.

use crate::util::{
    build, build_fixture, copy_dir, fixture, folio_in, read, region, scratch, unescape, urls, write_handbook,
};

// Chapters and sections are numbered from the reading order wherever their
// titles show: the page's title, the sidebar, the contents, the print page.
#[test]
fn numbers_follow_the_reading_order() {
    let site = build_fixture("reader");
    let page = read(&site, "v2/es/definicion.html");
    assert!(page.contains("<title>1.1 Definición de la trata · "), "{page}");
    assert!(page.contains("<h1><span class=\"title-num\">1.1</span> Definición de la trata</h1>"), "{page}");
    let sidebar = region(&page, "<nav id=\"sidebar\"", "</nav>");
    for (number, title) in
        [("1.", "El delito"), ("1.1", "Definición de la trata"), ("1.2", "Las penas"), ("2.", "Anexos")]
    {
        assert!(
            sidebar.contains(&format!("<span class=\"nav-num\">{number}</span> {title}</a>")),
            "{number} {title}: {sidebar}"
        );
    }
    let contents = read(&site, "v2/es/index.html");
    assert!(contents.contains("<span class=\"nav-num\">2.1</span> Glosario</a>"), "{contents}");
    let chapter = read(&site, "v2/es/delito.html");
    assert!(chapter.contains("<p class=\"eyebrow\">Capítulo 1</p>"), "{chapter}");
    let print = read(&site, "v2/es/print.html");
    assert!(print.contains("<span class=\"title-num\">2.1</span> Glosario</h1>"), "{print}");
    assert!(print.contains("<span class=\"nav-num\">1.2</span> Las penas</a>"), "{print}");
    // The English book numbers the same sections the same way.
    let english = read(&site, "v2/en/definition.html");
    assert!(english.contains("<span class=\"title-num\">1.1</span> Definition of trafficking</h1>"), "{english}");
}

// The cite control holds the whole citation: handbook, edition and date,
// number and title, and the page's address from the site root.
#[test]
fn cite_control_holds_the_citation() {
    let site = build_fixture("reader");
    let page = read(&site, "v2/es/definicion.html");
    let cite = unescape(region(&page, "<textarea id=\"cite-text\"", "</textarea>"));
    assert!(
        cite.contains(
            ">Manual de lectura con un título largo que no cabe en una línea de teléfono, Segunda edición (2025) \
             (31 de marzo de 2025), 1.1 «Definición de la trata», v2/es/definicion.html</textarea>"
        ),
        "{cite}"
    );
    assert!(!read(&site, "v2/es/index.html").contains("cite-text"), "the cover has no number to cite");
}

// `published:` shows in the reader's language in every footer, on the cover
// and the print page, and in the running head of printed pages (with
// "archived" on archived editions).
#[test]
fn publication_dates_in_the_readers_language() {
    let site = build_fixture("reader");
    let es = read(&site, "v2/es/definicion.html");
    let footer = region(&es, "<footer class=\"site-footer\">", "</footer>");
    assert!(footer.contains("Publicada el <time datetime=\"2025-03-31\">31 de marzo de 2025</time>"), "{footer}");
    let en = read(&site, "v2/en/definition.html");
    assert!(en.contains("Published <time datetime=\"2025-03-31\">31 March 2025</time>"), "{en}");
    for file in ["v2/es/index.html", "v2/es/print.html"] {
        let html = read(&site, file);
        assert!(html.contains("<time datetime=\"2025-03-31\">31 de marzo de 2025</time></p>"), "{file}");
    }
    let running = |file: &str| {
        let html = read(&site, file);
        unescape(region(&html, "<html", ">"))
    };
    let current = running("v2/es/print.html");
    assert!(current.contains("data-print-edition=\"Segunda edición (2025) · 31 de marzo de 2025\""), "{current}");
    assert!(current.contains("data-print-notice=\"Edición de demostración. No es asesoría jurídica.\""), "{current}");
    assert!(current.contains("data-print-title=\"Manual de lectura con un título largo"), "{current}");
    let archived = running("v1/en/definition.html");
    assert!(
        archived.contains("data-print-edition=\"First edition (2011) · 15 June 2011 · Archived edition\""),
        "{archived}"
    );
}

// Without `published:` nothing claims a date.
#[test]
fn no_date_without_published() {
    let site = build_fixture("basic");
    let page = read(&site, "v2/es/definicion.html");
    assert!(!page.contains("<time"), "{page}");
    assert!(!page.contains("Publicada"), "{page}");
}

// A date that is not a real YYYY-MM-DD day is an error at its line, in the
// reader's terms.
#[test]
fn published_must_be_a_date() {
    for bad in ["2025-02-30", "31/03/2025", "2025-3-31"] {
        let dir = scratch("reader-bad-date");
        let config = format!(
            "title: {{es: Manual, en: Handbook}}\nlanguages: [es, en]\nversions:\n  - id: v1\n    label: {{es: Uno, en: One}}\n    \
             status: current\n    published: \"{bad}\"\n"
        );
        write_handbook(&dir, &[("folio.yaml", &config)]);
        let out = folio_in(&dir, &["check", "--handbook", "."]);
        let output = [out.stdout.as_slice(), &out.stderr].concat();
        let output = String::from_utf8_lossy(&output);
        assert_eq!(out.status.code(), Some(1), "{output}");
        assert!(output.contains(&format!("error[config]: `published: {bad}` is not a date")), "{output}");
        assert!(output.contains("folio.yaml:7:1"), "{output}");
        assert!(output.contains("YYYY-MM-DD"), "{output}");
    }
}

// A site URL must be a web address.
#[test]
fn site_url_must_be_a_web_address() {
    let dir = scratch("reader-bad-url");
    let config = "title: {es: Manual, en: Handbook}\nlanguages: [es, en]\nsite_url: ftp://example.org/\nversions:\n  - id: v1\n    \
                  label: {es: Uno, en: One}\n    status: current\n";
    write_handbook(&dir, &[("folio.yaml", config)]);
    let out = folio_in(&dir, &["check", "--handbook", "."]);
    let output = [out.stdout.as_slice(), &out.stderr].concat();
    let output = String::from_utf8_lossy(&output);
    assert_eq!(out.status.code(), Some(1), "{output}");
    assert!(output.contains("`site_url: ftp://example.org/` is not the address of a web site"), "{output}");
    assert!(output.contains("folio.yaml:3:1"), "{output}");
}

// Every page has a meta description: its summary, or the handbook's title.
#[test]
fn meta_description_from_the_summary() {
    let site = build_fixture("reader");
    let page = read(&site, "v2/es/definicion.html");
    assert!(page.contains("<meta name=\"description\" content=\"Los tres elementos del delito.\">"), "{page}");
    let chapter = read(&site, "v2/es/delito.html");
    assert!(
        chapter.contains(
            "<meta name=\"description\" content=\"Manual de lectura con un título largo que no cabe en una línea de teléfono\">"
        ),
        "{chapter}"
    );
    let entry = read(&site, "index.html");
    assert!(entry.contains("<meta name=\"description\" content=\"Manual en dos idiomas"), "{entry}");
}

// With `site_url:` pages get an absolute canonical link and absolute hreflang
// alternates, and the site a sitemap of its published pages; without it,
// neither canonical nor sitemap.
#[test]
fn site_url_adds_canonical_hreflang_and_sitemap() {
    let plain = build_fixture("reader");
    assert!(!read(&plain, "v2/es/definicion.html").contains("rel=\"canonical\""));
    assert!(!plain.join("sitemap.xml").exists());

    let dir = scratch("reader-site-url").join("handbook");
    copy_dir(&fixture("site/reader"), &dir);
    let config = std::fs::read_to_string(dir.join("folio.yaml")).unwrap();
    std::fs::write(dir.join("folio.yaml"), config + "site_url: https://example.org/manual\n").unwrap();
    let site = build(&dir, "reader-site-url");
    let page = read(&site, "v2/es/definicion.html");
    let head = region(&page, "<head>", "</head>");
    let links: Vec<String> = urls(head).into_iter().filter(|u| u.starts_with("https:")).collect();
    assert_eq!(
        links,
        [
            "https://example.org/manual/v2/es/definicion.html",
            "https://example.org/manual/v2/es/definicion.html",
            "https://example.org/manual/v2/en/definition.html",
        ],
        "{head}"
    );
    assert!(head.contains("<link rel=\"canonical\""), "{head}");
    let cite = unescape(region(&page, "<textarea id=\"cite-text\"", "</textarea>"));
    assert!(cite.contains(", https://example.org/manual/v2/es/definicion.html</textarea>"), "{cite}");
    // Only the languages the section exists in; changes pages too.
    let untranslated = read(&site, "v2/es/penas.html");
    let head = region(&untranslated, "<head>", "</head>");
    assert!(head.contains("hreflang=\"es\""), "{head}");
    assert!(!head.contains("hreflang=\"en\""), "no English alternate for an untranslated section: {head}");
    let changes = read(&site, "v2/es/changes.html");
    let head = region(&changes, "<head>", "</head>");
    assert!(
        head.contains(
            "hreflang=\"en\" href=\"https:&#x2F;&#x2F;example.org&#x2F;manual&#x2F;v2&#x2F;en&#x2F;changes.html\""
        ),
        "{head}"
    );
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset"), "{sitemap}");
    assert!(
        sitemap.contains(
            "<url><loc>https://example.org/manual/v2/es/definicion.html</loc><lastmod>2025-03-31</lastmod></url>"
        ),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://example.org/manual/v1/en/definition.html</loc><lastmod>2011-06-15</lastmod>")
    );
    assert!(sitemap.contains("<loc>https://example.org/manual/v2/es/penas.html</loc>"), "{sitemap}");
    assert!(!sitemap.contains("v2/en/penas.html"), "placeholders of missing translations are left out: {sitemap}");
    assert_eq!(sitemap.matches("<url>").count(), 15, "{sitemap}");
}

// The print page's switchers and archived banner lead to print pages, and
// the banner does not claim the page is missing from the current edition.
#[test]
fn print_page_switchers_lead_to_print_pages() {
    let site = build_fixture("reader");
    let print = read(&site, "v1/es/print.html");
    assert_eq!(urls(region(&print, "switcher-lang", "</details>")), ["print.html", "../en/print.html"]);
    assert_eq!(urls(region(&print, "switcher-edition", "</details>")), ["../../v2/es/print.html", "print.html"]);
    let banner = region(&print, "banner-archived", "</div>");
    assert_eq!(urls(banner), ["../../v2/es/print.html"]);
    assert!(banner.contains(">Ir a la edición vigente (Segunda edición (2025))</a>"), "{banner}");
}

// An untranslated section shows and prints its source text (marked with its
// language); an outdated translation prints its notice.
#[test]
fn untranslated_source_text_and_outdated_notice_in_print() {
    let site = build_fixture("reader");
    let print = read(&site, "v2/en/print.html");
    let penas = region(&print, "<section class=\"print-page\" id=\"penas\"", "</section>");
    assert!(penas.contains("notice-untranslated"), "{penas}");
    assert!(penas.contains("<div class=\"content\" lang=\"es\">"), "{penas}");
    assert!(penas.contains("Texto de origen sobre las penas"), "{penas}");
    let definition = region(&print, "<section class=\"print-page\" id=\"definicion\"", "</section>");
    assert!(definition.contains("<p class=\"notice notice-outdated\"><strong>Translation may be out of date.</strong>"));
    let page = read(&site, "v2/en/penas.html");
    let content = region(&page, "<div class=\"content\" lang=\"es\">", "</div>");
    assert!(content.contains("Texto de origen sobre las penas"), "{content}");
}

// "Print this section" on sections; "Print the whole edition" says about how
// many pages it is; the print page has its own print button.
#[test]
fn print_controls() {
    let site = build_fixture("reader");
    let page = read(&site, "v2/es/definicion.html");
    let controls = region(&page, "<ul class=\"print-links\">", "</ul>");
    assert!(controls.contains("class=\"print-this\" hidden>Imprimir esta sección</button>"), "{controls}");
    assert!(controls.contains(">Imprimir la edición completa</a> <span class=\"muted\">(unas "), "{controls}");
    let print = read(&site, "v2/es/print.html");
    assert!(print.contains("<button type=\"button\" class=\"button print-this\" hidden>Imprimir</button>"), "{print}");
    assert!(!read(&site, "v2/es/index.html").contains("Imprimir esta sección"), "the contents page is no section");
}

// A redline carries its section's number in the newer edition.
#[test]
fn redlines_are_numbered() {
    let site = build_fixture("reader");
    let redline = read(&site, "v2/es/changes-v1-definicion.html");
    assert!(redline.contains("<h1><span class=\"title-num\">1.1</span> Definición de la trata</h1>"), "{redline}");
}
