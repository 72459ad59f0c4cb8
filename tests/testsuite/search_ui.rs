//! The search interface's share of the build: the results page every book
//! gets (`search.html`, filled by `folio-search-ui.js` from `?q=`), and the
//! stop words the script leaves unmarked on the page a result opens, which
//! must be the engine's.

use std::path::Path;

use folio_search::analyzer::StopWords;
use folio_search::Lang;

use crate::util::{build_fixture, folio_in, read, region, repo, scratch, unescape, write_handbook};

// Every book has a results page, and every page's search box links to its own book's.
#[test]
fn every_book_has_a_results_page_the_box_links_to() {
    let site = build_fixture("basic");
    for book in ["v2/es", "v2/en", "v1/es", "v1/en"] {
        let html = read(&site, &format!("{book}/search.html"));
        assert!(html.contains("<ol class=\"search-page-results\">"), "{book}: {html}");
        assert!(unescape(&html).contains("assets/js/folio-search-ui.js"), "{book}: the page runs the search script");
    }
    let section = read(&site, "v2/en/consent.html");
    let tag = region(&section, "<div class=\"search\"", ">");
    assert!(unescape(tag).contains(" data-search-page=\"search.html\""), "{tag}");
    let spanish = read(&site, "v2/es/search.html");
    assert!(spanish.contains("<h1>Resultados de la búsqueda</h1>"), "the page speaks the book's language");
}

// A page of the handbook cannot take the results page's name.
#[test]
fn the_slug_search_is_reserved() {
    let dir = scratch("search-slug");
    write_handbook(&dir, &[("v1/es/cap/search.md", "---\nid: buscar\ntitle: Buscar\n---\nTexto.\n")]);
    let out = folio_in(&dir, &["check", "--handbook", "."]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{report}");
    assert!(report.contains("the slug `search` is reserved for a page Folio generates"), "{report}");
}

/// The stop words of `lang` in the search script's `STOP_WORDS` table.
fn script_stop_words(lang: &str) -> Vec<String> {
    let script = std::fs::read_to_string(repo().join("themes/default/static/js/folio-search-ui.js")).unwrap();
    let table = region(&script, "var STOP_WORDS = {", "};");
    let entry = region(table, &format!("{lang}: '"), ",\n");
    let words: Vec<String> =
        entry.split('\'').skip(1).step_by(2).flat_map(str::split_whitespace).map(String::from).collect();
    assert!(words.len() > 20, "{lang}: read the table ({} words)", words.len());
    words
}

/// The words of every Markdown file under `dir`, lowercased.
fn words_under(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            words_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap().to_lowercase();
            out.extend(text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(String::from));
        }
    }
}

// The script marks no word the engine skips, and marks every word it uses:
// its lists hold only the engine's stop words, and every stop word of the
// bundled handbook's text.
#[test]
fn the_script_skips_the_engines_stop_words() {
    let mut handbook_words = Vec::new();
    words_under(&repo().join("handbook"), &mut handbook_words);
    for (code, lang) in [("es", Lang::Es), ("en", Lang::En)] {
        let mut engine = StopWords::new(lang);
        let script = script_stop_words(code);
        let extra: Vec<&String> = script.iter().filter(|w| !engine.contains(w)).collect();
        assert!(extra.is_empty(), "{code}: not stop words for the engine: {extra:?}");
        let mut missing: Vec<&String> =
            handbook_words.iter().filter(|w| engine.contains(w) && !script.contains(w)).collect();
        missing.dedup();
        assert!(missing.is_empty(), "{code}: stop words the script would mark: {missing:?}");
    }
}
