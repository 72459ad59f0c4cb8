//! Folio's search core, shared by the native site builder and the browser.
//!
//! Tokenizers are not stored in a tantivy index, so the program that builds an
//! index and the program that reads it must agree on the schema, the field
//! names and the analyzers byte for byte. This crate is that single source of
//! truth. It compiles natively (the generator builds one index per version and
//! language with `build_index`, behind the `build` feature) and to
//! `wasm32-unknown-unknown` (the `folio-search-wasm` adapter opens the same
//! blob with [`open_index`] and answers [`SearchIndex::search`]).
//!
//! Layout:
//! - [`analyzer`]: the Spanish and English analyzers and the folding analyzer.
//! - [`schema`]: field names and the tantivy schema.
//! - [`glossary`]: the edition's glossary as an index carries it: names
//!   that expand to each other across languages, words never stemmed.
//! - [`blob`]: the one-file container that carries an index to the browser.
//! - [`query`]: turns what a reader typed into a tantivy query, without ever
//!   exposing tantivy's query syntax (so no input can fail or panic).
//! - [`search`]: opening a blob and answering a query over one or several
//!   indexes with [`Results`]: one [`Row`] per page, partial matches,
//!   dropped words and suggestions; [`complete`] adds what needs the
//!   section texts, which the index does not hold (snippets, suggestions
//!   as written).
//! - [`snippet`]: the HTML-escaped excerpt with `<mark>` around matches.
//! - [`stopwords`]: the Spanish and English stop word lists.
//! - `builder` (feature `build`): indexing, and the `.js` payloads a site
//!   ships (engine, indexes, section texts).
//!
//! ```
//! # #[cfg(feature = "build")] {
//! use folio_search::{build_index, open_index, Glossary, Lang, SearchDoc};
//! let doc = SearchDoc {
//!     page_id: "definicion-trata".into(),
//!     title: "Definición de trata".into(),
//!     chapter: "Conceptos".into(),
//!     number: "1.1".into(),
//!     heading: String::new(),
//!     url: "2025/es/definicion-trata.html".into(),
//!     body: "La trata de personas es la captación de víctimas.".into(),
//!     version: "2025".into(),
//!     lang: "es".into(),
//! };
//! let blob = build_index(Lang::Es, &[doc], &Glossary::default()).unwrap();
//! let index = open_index(&blob).unwrap();
//! let results = index.search("victima", 10);
//! assert_eq!(results.rows[0].page_id, "definicion-trata");
//! # }
//! ```

#![forbid(unsafe_code)]

pub mod analyzer;
pub mod blob;
#[cfg(feature = "build")]
mod builder;
pub mod glossary;
pub mod query;
pub mod schema;
pub mod search;
pub mod snippet;
pub mod stopwords;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[cfg(feature = "build")]
pub use builder::{
    build_index, engine_js, index_js, index_js_path, text_files, text_js_path, unpack_js, unpack_texts, ENGINE_JS_PATH,
    WASM_GZ,
};
pub use glossary::Glossary;
pub use search::{complete, open_index, search_many, FoundIn, Results, Row, SearchIndex, Section, Suggestion, TextRef};

/// Version of the blob layout *and* of everything that must match between
/// builder and reader (schema, analyzers, the encoding of the `.js` payloads:
/// 2 = gzip 7 bits a character, was base64; 3 = the glossary inside the
/// blob, protected words unstemmed, the page number stored; 4 = UTF-16
/// files, 15 bits a character; 5 = section texts out of the index, in
/// per-page files). Bump it
/// whenever one changes; [`open_index`] refuses blobs of another version
/// with [`SearchError::FormatVersion`].
pub const INDEX_FORMAT_VERSION: u32 = 5;

/// Languages that have an analyzer. Each index holds exactly one language,
/// because stemming is per language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Spanish, the handbook's source language.
    Es,
    /// English.
    En,
}

impl Lang {
    /// All supported languages.
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The ISO 639-1 code used in paths and in the blob header.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = SearchError;

    fn from_str(code: &str) -> Result<Lang, SearchError> {
        match code {
            "es" => Ok(Lang::Es),
            "en" => Ok(Lang::En),
            other => Err(SearchError::UnknownLang(other.to_string())),
        }
    }
}

/// One searchable unit, filled by the generator: a heading-section of a page.
///
/// The page-level section (the text before the first heading) has an `url`
/// without `#anchor` and an empty `heading`; only that section is indexed
/// under the page title, so a title match ranks the page itself and not all
/// of its sections.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Stable page id from the front matter.
    pub page_id: String,
    /// Page title (plain text).
    pub title: String,
    /// Title of the chapter the page belongs to (plain text; shown, not searched).
    pub chapter: String,
    /// The page's number in the handbook (`6.2`; shown, not searched),
    /// empty for pages without one.
    #[serde(default)]
    pub number: String,
    /// Heading of this section (plain text), empty for the page-level section.
    pub heading: String,
    /// Link relative to the site root, e.g. `2025/es/definicion-trata.html#medios`.
    pub url: String,
    /// Plain text of the section.
    pub body: String,
    /// Version (edition) id.
    pub version: String,
    /// Language code.
    pub lang: String,
}

impl SearchDoc {
    /// True for the section that stands for the whole page (no anchor).
    pub fn is_page_level(&self) -> bool {
        !self.url.contains('#')
    }
}

/// What can go wrong when building or opening an index. Searching itself
/// cannot fail: a query that cannot run yields no hits.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The blob does not start with Folio's magic bytes.
    #[error("not a folio search index (bad magic bytes)")]
    NotAnIndex,
    /// The blob was written by another format version.
    #[error(
        "search index has format version {found}, but this program reads version {expected}; \
         rebuild the site with the same folio version"
    )]
    FormatVersion {
        /// Version written in the blob.
        found: u32,
        /// [`INDEX_FORMAT_VERSION`] of this build.
        expected: u32,
    },
    /// The blob ends early or a length field is inconsistent.
    #[error("search index is truncated or corrupt: {0}")]
    Corrupt(&'static str),
    /// A language code with no analyzer.
    #[error("unsupported search language `{0}` (expected `es` or `en`)")]
    UnknownLang(String),
    /// An error from tantivy while building or opening the index.
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// An I/O error on the in-memory directory or while compressing.
    #[error("search index i/o error: {0}")]
    Io(#[from] std::io::Error),
}
