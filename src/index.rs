//! The index stage: one tantivy index per version and language, built with
//! the shared search core (`crates/folio-search`) at heading-section
//! granularity, so a result points to the best heading of its page. Each
//! section carries its page's number (`6.2`), and each index the edition's
//! glossary as search uses it ([`search_glossary`]): the names of every
//! entry in the index's language and in the others, and the words never
//! stemmed.
//!
//! The site gets, under `search/`, the browser engine (`engine.js`, the
//! committed wasm), each index packed for the browser (`index-<v>-<l>.js`),
//! the sections' texts, one file per page (`text/<v>/<l>/<page>.js`), which
//! the index does not hold and the browser loads only for the results it
//! shows, and `manifest.json` naming the indexes, which `folio search` reads
//! (it unpacks the same `.js` payloads, so the site carries each text once).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

use anyhow::{bail, Context, Result};
use folio_search::glossary::Entry as SearchEntry;
use folio_search::{
    build_index, complete, engine_js, index_js, index_js_path, open_index, search_many, text_files, text_js_path,
    unpack_js, unpack_texts, Glossary as SearchGlossary, Lang as AnalyzerLang, Results, SearchDoc, SearchIndex,
    ENGINE_JS_PATH, INDEX_FORMAT_VERSION,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Lang;
use crate::diagnostic::tr;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::handbook::{Book, Glossary, Handbook, Position, Translation};
use crate::site::{OutputFile, SEARCH_MANIFEST};

/// The site's indexes, as written to `search/manifest.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct SearchManifest {
    /// [`INDEX_FORMAT_VERSION`] of the indexes.
    pub format: u32,
    /// Id of the current edition.
    pub current: String,
    /// The source language.
    pub source: String,
    /// One entry per index.
    pub indexes: Vec<IndexEntry>,
}

/// One index of the site.
#[derive(Debug, Serialize, Deserialize)]
pub struct IndexEntry {
    /// Version id.
    pub version: String,
    /// Language code.
    pub lang: String,
    /// Its browser payload (`index-<v>-<l>.js`), relative to the site root.
    pub script: String,
}

/// Builds the search files of the site.
pub fn index(handbook: &Handbook, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let config = &handbook.config;
    let mut manifest = SearchManifest {
        format: INDEX_FORMAT_VERSION,
        current: config.version(config.current_version()).id.clone(),
        source: config.lang_code(crate::config::SOURCE_LANG).to_string(),
        indexes: Vec::new(),
    };
    // Packing the engine (its committed gzip, 15 bits a character) gives the same bytes every time.
    static ENGINE_JS: OnceLock<Vec<u8>> = OnceLock::new();
    let engine = ENGINE_JS.get_or_init(engine_js).clone();
    let mut files = vec![OutputFile { path: PathBuf::from(ENGINE_JS_PATH), bytes: engine }];
    // One tantivy writer per index, the indexes built in parallel.
    let built: Vec<_> = handbook
        .books
        .par_iter()
        .map(|book| {
            let mut found = Diagnostics::default();
            (index_book(handbook, book, &mut found), found)
        })
        .collect();
    for (result, found) in built {
        diags.extend(found);
        if let Some((book_files, entry)) = result {
            files.extend(book_files);
            manifest.indexes.push(entry);
        }
    }
    let json = serde_json::to_vec_pretty(&manifest).expect("the manifest serializes");
    files.push(OutputFile { path: PathBuf::from(SEARCH_MANIFEST), bytes: json });
    files
}

/// Which indexes of a built site to query.
#[derive(Debug, Clone, Default)]
pub struct SearchScope {
    /// Version ids; none means the current edition.
    pub versions: Vec<String>,
    /// A language code; `None` means the source language.
    pub lang: Option<String>,
}

/// Answers `query` from the prebuilt indexes of the versions and language
/// in `scope` of the site at `site`, with the same engine, ranking and
/// grouping as the browser (at most `limit` rows).
pub fn search_site(site: &Path, query: &str, scope: &SearchScope, limit: usize) -> Result<Results> {
    let manifest_path = site.join(SEARCH_MANIFEST);
    let text = std::fs::read_to_string(&manifest_path).with_context(|| {
        let (path, site) = (manifest_path.display(), site.display());
        tr!(
            "cannot read {path}; is {site} a site built by `folio build`?",
            "no se puede leer {path}; ¿es {site} un sitio compilado con `folio build`?"
        )
    })?;
    let manifest: SearchManifest = serde_json::from_str(&text).with_context(|| {
        let path = manifest_path.display();
        tr!("cannot parse {path}", "no se puede interpretar {path}")
    })?;
    if manifest.format != INDEX_FORMAT_VERSION {
        let format = manifest.format;
        bail!(tr!(
            "the site's search index has format {format}, this folio reads format {INDEX_FORMAT_VERSION}; rebuild the site",
            "el índice de búsqueda del sitio tiene el formato {format}, este folio lee el formato {INDEX_FORMAT_VERSION}; vuelva a compilar el sitio"
        ));
    }
    let versions = if scope.versions.is_empty() { vec![manifest.current.clone()] } else { scope.versions.clone() };
    let lang = scope.lang.clone().unwrap_or(manifest.source.clone());
    let mut indexes = Vec::new();
    for version in &versions {
        let Some(entry) = manifest.indexes.iter().find(|e| &e.version == version && e.lang == lang) else {
            let known: Vec<String> = manifest.indexes.iter().map(|e| format!("{}/{}", e.version, e.lang)).collect();
            let known = known.join(", ");
            bail!(tr!(
                "the site has no index for {version}/{lang}; it has: {known}",
                "el sitio no tiene índice para {version}/{lang}; tiene: {known}"
            ));
        };
        let path = site.join(&entry.script);
        let script = std::fs::read(&path).with_context(|| {
            let path = path.display();
            tr!("cannot read {path}", "no se puede leer {path}")
        })?;
        let blob = unpack_js(&script).with_context(|| {
            let path = path.display();
            tr!("cannot unpack {path}", "no se puede desempaquetar {path}")
        })?;
        indexes.push(open_index(&blob).with_context(|| {
            let path = path.display();
            tr!("cannot open {path}", "no se puede abrir {path}")
        })?);
    }
    let scope: Vec<&SearchIndex> = indexes.iter().collect();
    let mut results = search_many(&scope, query, limit);
    let mut pages = SiteTexts { site, pages: BTreeMap::new() };
    complete(&mut results, &scope, |url| pages.text(url));
    if let Some(err) = pages.pages.into_values().find_map(Result::err) {
        return Err(err);
    }
    Ok(results)
}

/// The section texts of a built site, read one page file at a time, as the
/// browser loads them.
struct SiteTexts<'a> {
    site: &'a Path,
    /// Each page file read, by path (so that the error reported first is
    /// the same every time): its texts by anchor, or why it cannot be read.
    pages: BTreeMap<String, Result<BTreeMap<String, String>>>,
}

impl SiteTexts<'_> {
    /// The text of the section at `url` (relative to the site root).
    fn text(&mut self, url: &str) -> Option<String> {
        let script = text_js_path(url);
        let site = self.site;
        let texts = self.pages.entry(script.clone()).or_insert_with(|| {
            // The url comes from the site's own index: never read outside the site.
            if Path::new(&script).components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
                bail!(tr!(
                    "the search index names a file outside the site: {url}",
                    "el índice de búsqueda nombra un archivo fuera del sitio: {url}"
                ));
            }
            let path = site.join(&script);
            let file = std::fs::read(&path).with_context(|| {
                let path = path.display();
                tr!("cannot read {path}", "no se puede leer {path}")
            })?;
            unpack_texts(&file).with_context(|| {
                let path = path.display();
                tr!("cannot unpack {path}", "no se puede desempaquetar {path}")
            })
        });
        let anchor = url.split_once('#').map_or("", |(_, anchor)| anchor);
        texts.as_ref().ok()?.get(anchor).cloned()
    }
}

/// Builds the index of one book into its browser payload.
/// Returns `None` (with a diagnostic) when the language has no analyzer or
/// indexing fails.
pub fn index_book(handbook: &Handbook, book: &Book, diags: &mut Diagnostics) -> Option<(Vec<OutputFile>, IndexEntry)> {
    BookIndex::prepare(handbook, book, diags)?.build(diags)
}

/// Everything building one book's index needs, owned, so that the build can
/// run on another thread (the preview server's, after a page edit).
#[derive(Debug)]
pub struct BookIndex {
    lang: AnalyzerLang,
    version: String,
    docs: Vec<SearchDoc>,
    glossary: SearchGlossary,
    /// The book's folder, for diagnostics.
    folder: PathBuf,
}

impl BookIndex {
    /// Collects the book's search documents; `None` (with a warning) when
    /// the language has no analyzer.
    pub fn prepare(handbook: &Handbook, book: &Book, diags: &mut Diagnostics) -> Option<BookIndex> {
        let code = handbook.config.lang_code(book.lang);
        let version = &handbook.config.version(book.version).id;
        let Ok(lang) = AnalyzerLang::from_str(code) else {
            diags.push(
                Diagnostic::warning(
                    "search",
                    &handbook.root.join("folio.yaml"),
                    tr!(
                        "search has no analyzer for `{code}`; {version}/{code} is not searchable",
                        "la búsqueda no tiene analizador para `{code}`; en {version}/{code} no se puede buscar"
                    ),
                )
                .hint(tr!(
                    "search supports Spanish (es) and English (en)",
                    "la búsqueda admite español (es) e inglés (en)"
                )),
            );
            return None;
        };
        let mut docs = documents(book, version, code);
        let glossary = handbook.glossary(book.version);
        if let (Some(glossary), Some(page)) = (glossary, book.pages().find(|p| p.glossary)) {
            docs.extend(glossary_documents(glossary, &docs, &page.id, book.lang));
        }
        let glossary = glossary.map(|g| search_glossary(g, book.lang)).unwrap_or_default();
        let folder = handbook.root.join(version).join(code);
        Some(BookIndex { lang, version: version.clone(), docs, glossary, folder })
    }

    /// Builds the index into its browser payload.
    pub fn build(self, diags: &mut Diagnostics) -> Option<(Vec<OutputFile>, IndexEntry)> {
        let (lang, version) = (self.lang, self.version);
        match build_index(lang, &self.docs, &self.glossary) {
            Ok(blob) => {
                let script = index_js_path(&version, lang);
                let bytes = index_js(&version, lang, &blob);
                let mut files = vec![OutputFile { path: PathBuf::from(&script), bytes }];
                let texts = text_files(&self.docs);
                files.extend(texts.into_iter().map(|(path, bytes)| OutputFile { path: PathBuf::from(path), bytes }));
                Some((files, IndexEntry { version, lang: lang.code().to_string(), script }))
            }
            Err(err) => {
                diags.push(Diagnostic::error(
                    "search",
                    &self.folder,
                    tr!("cannot build the search index: {err}", "no se puede crear el índice de búsqueda: {err}"),
                ));
                None
            }
        }
    }
}

/// One search document per heading section of every page of the book
/// (placeholders for missing translations have no text of their own).
fn documents(book: &Book, version: &str, code: &str) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let chapters = book
        .chapters
        .iter()
        .flat_map(|c| std::iter::once((&c.page, &c.page)).chain(c.sections.iter().map(move |s| (&c.page, s))));
    let pages = book.cover.iter().map(|c| (c, c)).chain(chapters);
    for (chapter, page) in pages {
        if page.translation == Translation::Missing {
            continue;
        }
        let page_url = format!("{version}/{code}/{}", book.file_of(page));
        let number = book.position(&page.id).and_then(Position::number).unwrap_or_default();
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
                number: number.clone(),
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

/// One search document per entry of the glossary page `page_id` (whose
/// entries come from the glossary's data, not its Markdown), so that a term
/// finds its entry, even one the handbook's text never uses: the term and
/// its abbreviations as heading, linking to the entry. The definitions stay
/// out of the index: they would add a twentieth to its bytes (issue 15),
/// and one click on the row shows them. `docs` holds the page's own
/// sections; a page with none (an untranslated placeholder) gets no entries.
fn glossary_documents(glossary: &Glossary, docs: &[SearchDoc], page_id: &str, lang: Lang) -> Vec<SearchDoc> {
    let Some(page) = docs.iter().find(|d| d.page_id == page_id && d.is_page_level()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in &glossary.entries {
        let Some(term) = entry.term_in(lang) else {
            continue;
        };
        let heading = match term.abbr.is_empty() {
            true => term.term.clone(),
            false => format!("{} ({})", term.term, term.abbr.join(", ")),
        };
        out.push(SearchDoc { heading, url: format!("{}#{}", page.url, entry.id), body: String::new(), ..page.clone() });
    }
    out
}

/// The edition's glossary as the index in `lang` carries it: each entry
/// with names in `lang` (term, forms, abbreviations), with its names in the
/// other languages, and the words `lang` protects from stemming.
pub fn search_glossary(glossary: &Glossary, lang: Lang) -> SearchGlossary {
    let mut out = SearchGlossary::default();
    for entry in &glossary.entries {
        let Some(own) = entry.term_in(lang) else {
            continue;
        };
        let foreign = entry
            .terms
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != lang.index())
            .filter_map(|(_, term)| term.as_ref())
            .flat_map(|term| term.names().map(str::to_string))
            .collect();
        out.entries.push(SearchEntry { names: own.names().map(str::to_string).collect(), foreign });
        out.protect.extend(own.protect.iter().cloned());
    }
    out
}
