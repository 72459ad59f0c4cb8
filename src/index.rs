//! The index stage: one tantivy index per version and language, built with
//! the shared search core (`crates/folio-search`) at heading-section
//! granularity, so a result points to the best heading of its page.
//!
//! The site gets, under `search/`, the browser engine (`engine.js`, the
//! committed wasm), each index packed for the browser (`index-<v>-<l>.js`),
//! and the same index as a plain blob (`<v>-<l>.idx`) for `folio search`.

use std::path::PathBuf;
use std::str::FromStr;

use folio_search::{build_index, engine_js, index_js, index_js_path, Lang, SearchDoc, ENGINE_JS_PATH, WASM};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::handbook::{Book, Handbook, Translation};
use crate::render::{href, OutputFile};

/// Where the native blob of a version and language goes, relative to the site root.
pub fn blob_path(version: &str, lang: &str) -> String {
    format!("search/{version}-{lang}.idx")
}

/// Builds the search files of the site.
pub fn index(handbook: &Handbook, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let mut files = vec![OutputFile { path: PathBuf::from(ENGINE_JS_PATH), bytes: engine_js(WASM).into_bytes() }];
    for book in &handbook.books {
        let code = handbook.config.lang_code(book.lang);
        let version = &handbook.config.version(book.version).id;
        let Ok(lang) = Lang::from_str(code) else {
            diags.push(
                Diagnostic::warning("search", &handbook.root.join("folio.yaml"), format!("search has no analyzer for `{code}`; {version}/{code} is not searchable"))
                    .hint("search supports Spanish (es) and English (en)"),
            );
            continue;
        };
        let docs = documents(book, version, code);
        match build_index(lang, &docs) {
            Ok(blob) => {
                files.push(OutputFile { path: PathBuf::from(index_js_path(version, lang)), bytes: index_js(version, lang, &blob).into_bytes() });
                files.push(OutputFile { path: PathBuf::from(blob_path(version, code)), bytes: blob });
            }
            Err(err) => diags.push(Diagnostic::error("search", &handbook.root.join(version).join(code), format!("cannot build the search index: {err}"))),
        }
    }
    files
}

/// One search document per heading section of every page of the book
/// (placeholders for missing translations have no text of their own).
fn documents(book: &Book, version: &str, code: &str) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let chapters = book.chapters.iter().flat_map(|c| std::iter::once((&c.page, &c.page)).chain(c.sections.iter().map(move |s| (&c.page, s))));
    let pages = book.cover.iter().map(|c| (c, c)).chain(chapters);
    for (chapter, page) in pages {
        if page.translation == Translation::Missing {
            continue;
        }
        let page_url = format!("{version}/{code}/{}", href(book, page));
        let chapter_title = if std::ptr::eq(chapter, page) { String::new() } else { chapter.title.clone() };
        for section in &page.doc.text_sections {
            let (heading, url) = match section.heading {
                Some(i) => {
                    let h = &page.doc.headings[i];
                    (h.text.clone(), format!("{page_url}#{}", h.anchor))
                }
                None => (String::new(), page_url.clone()),
            };
            docs.push(SearchDoc {
                page_id: page.id.clone(),
                title: page.title.clone(),
                chapter: chapter_title.clone(),
                heading,
                url,
                body: section.text.clone(),
                version: version.to_string(),
                lang: code.to_string(),
            });
        }
    }
    docs
}
