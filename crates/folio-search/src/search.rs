//! Opening an index blob and answering queries: the runtime half, identical
//! in the native CLI and in the browser.
//!
//! [`open_index`] unpacks a blob into a `RamDirectory` (no mmap, no files:
//! both targets work alike), registers the analyzers, and opens a reader with
//! `ReloadPolicy::Manual` (no watcher thread, which wasm lacks).
//! [`SearchIndex::search`] runs the exact query first and, only when that finds
//! nothing, the typo-tolerant one (see [`crate::query`]).

use std::path::Path;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::directory::RamDirectory;
use tantivy::schema::{Field, FieldType, Value};
use tantivy::{Directory, Index, IndexReader, ReloadPolicy, TantivyDocument};

use crate::query::{self, QueryAnalyzers};
use crate::schema::Fields;
use crate::{analyzer, blob, snippet, Lang, SearchError};

/// Most hits one search returns, whatever the caller asks.
pub const MAX_LIMIT: usize = 200;

/// One search result: a section of a page.
///
/// All fields are plain text except `snippet`, which is HTML (escaped text
/// plus `<mark>` tags): insert `title`, `chapter` and `heading` as text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// Stable page id.
    pub page_id: String,
    /// Page title.
    pub title: String,
    /// Chapter title.
    pub chapter: String,
    /// Section heading, empty for the page-level section.
    pub heading: String,
    /// Link relative to the site root.
    pub url: String,
    /// Version id.
    pub version: String,
    /// Language code.
    pub lang: String,
    /// Relevance; only comparable between hits of the same query.
    pub score: f32,
    /// HTML excerpt with `<mark>` around matched words.
    pub snippet: String,
}

/// An opened index, ready to search.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    lang: Lang,
    analyzers: QueryAnalyzers,
}

/// Opens an index blob made by the builder.
pub fn open_index(blob: &[u8]) -> Result<SearchIndex, SearchError> {
    let unpacked = blob::unpack(blob)?;
    let directory = RamDirectory::create();
    for (name, data) in &unpacked.files {
        directory.atomic_write(Path::new(name), data)?;
    }
    let index = Index::open(directory)?;
    analyzer::register(index.tokenizers());
    let fields = Fields::resolve(&index.schema())?;
    // The stemmed fields must use the analyzer of the language in the header.
    let schema = index.schema();
    let tokenizer = match schema.get_field_entry(fields.searchable[2].stem).field_type() {
        FieldType::Str(options) => options.get_indexing_options().map(|i| i.tokenizer()),
        _ => None,
    };
    if tokenizer != Some(analyzer::stem_tokenizer_name(unpacked.lang)) {
        return Err(SearchError::Corrupt("index language does not match its analyzers"));
    }
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    Ok(SearchIndex { reader, fields, lang: unpacked.lang, analyzers: QueryAnalyzers::new(unpacked.lang) })
}

impl SearchIndex {
    /// Language of the index.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Number of indexed sections.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Best hits for what a reader typed, at most `limit` (capped at
    /// [`MAX_LIMIT`]). Never fails and never panics: an empty or unusable
    /// query, or an internal error, gives no hits. Use [`Self::try_search`]
    /// to see errors.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.try_search(query, limit).unwrap_or_default()
    }

    /// Like [`Self::search`], but reports tantivy errors (which, on an index
    /// that opened, only a bug can cause).
    pub fn try_search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let limit = limit.min(MAX_LIMIT);
        let mut analyzers = self.analyzers.clone();
        let parsed = query::parse(query, &mut analyzers);
        if limit == 0 || parsed.groups.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        for fuzzy in [false, true] {
            if fuzzy && !parsed.has_fuzzy_candidates() {
                break;
            }
            let Some(built) = query::build(&parsed, &self.fields, &searcher, fuzzy) else {
                break;
            };
            let top = searcher.search(&built.query, &TopDocs::with_limit(limit).order_by_score())?;
            if top.is_empty() {
                continue;
            }
            let mut hits = Vec::with_capacity(top.len());
            for (score, address) in top {
                let doc: TantivyDocument = searcher.doc(address)?;
                let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                let (fold, stem) = analyzers.fold_and_stem();
                let body = doc.get_first(self.fields.body).and_then(|v| v.as_str()).unwrap_or_default();
                hits.push(Hit {
                    page_id: text(self.fields.page_id),
                    title: text(self.fields.title),
                    chapter: text(self.fields.chapter),
                    heading: text(self.fields.heading),
                    url: text(self.fields.url),
                    version: text(self.fields.version),
                    lang: text(self.fields.lang),
                    score,
                    snippet: snippet::snippet(body, &built.marks, fold, stem),
                });
            }
            return Ok(hits);
        }
        Ok(Vec::new())
    }
}
