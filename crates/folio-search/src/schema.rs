//! Field names and the tantivy schema of a Folio index.
//!
//! Display fields are stored and not indexed (the section text is not
//! stored at all: the site ships it beside the index, see [`crate::search`]);
//! searchable text is indexed twice, once stemmed (inflections meet, BM25
//! scoring) and once folded (exact phrases, prefixes while typing, typo
//! tolerance). Keeping the two
//! apart lets each query feature use the right term form, and storing the
//! display text separately lets the builder index the page title only on the
//! page-level section (see [`crate::SearchDoc`]).

use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};

use crate::analyzer::{stem_tokenizer_name, FOLD_TOKENIZER};
use crate::{Lang, SearchError};

/// Stable page id (stored, indexed raw).
pub const PAGE_ID: &str = "page_id";
/// Link relative to the site root (stored).
pub const URL: &str = "url";
/// Version id (stored).
pub const VERSION: &str = "version";
/// Language code (stored).
pub const LANG: &str = "lang";
/// Chapter title (stored).
pub const CHAPTER: &str = "chapter";
/// The page's number in the handbook, `6.2` (stored).
pub const NUMBER: &str = "number";
/// Page title as shown (stored).
pub const TITLE: &str = "title";
/// Section heading as shown (stored).
pub const HEADING: &str = "heading";
/// Page title, stemmed (page-level sections only).
pub const TITLE_STEM: &str = "title_stem";
/// Heading, stemmed.
pub const HEADING_STEM: &str = "heading_stem";
/// Body, stemmed.
pub const BODY_STEM: &str = "body_stem";
/// Page title, folded, with positions (page-level sections only).
pub const TITLE_FOLD: &str = "title_fold";
/// Heading, folded, with positions.
pub const HEADING_FOLD: &str = "heading_fold";
/// Body, folded, with positions.
pub const BODY_FOLD: &str = "body_fold";

/// One searchable text (title, heading or body) and how much it weighs.
#[derive(Clone, Copy, Debug)]
pub struct Searchable {
    /// The stemmed field.
    pub stem: Field,
    /// The folded field.
    pub fold: Field,
    /// Score multiplier: titles and headings weigh more than body text.
    pub boost: f32,
}

/// Resolved fields of a Folio index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// See [`PAGE_ID`].
    pub page_id: Field,
    /// See [`URL`].
    pub url: Field,
    /// See [`VERSION`].
    pub version: Field,
    /// See [`LANG`].
    pub lang: Field,
    /// See [`CHAPTER`].
    pub chapter: Field,
    /// See [`NUMBER`].
    pub number: Field,
    /// See [`TITLE`].
    pub title: Field,
    /// See [`HEADING`].
    pub heading: Field,
    /// Title, heading and body, in decreasing weight.
    pub searchable: [Searchable; 3],
}

/// Weight of a title match relative to a body match.
pub const TITLE_BOOST: f32 = 5.0;
/// Weight of a heading match relative to a body match.
pub const HEADING_BOOST: f32 = 3.0;

/// The schema of an index in `lang`.
///
/// Titles and headings record no field norms: most sections have no indexed
/// title (only the page-level one does) and many have no heading, so BM25's
/// average length for these fields is tiny and its length normalization
/// would punish every real title. Without norms, a title or heading match
/// scores the same whatever its length; body text keeps normal BM25.
pub fn build_schema(lang: Lang) -> Schema {
    let options = |tokenizer: &str, record: IndexRecordOption, norms: bool| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record).set_fieldnorms(norms),
        )
    };
    let stem = stem_tokenizer_name(lang);
    let mut builder = Schema::builder();
    builder.add_text_field(PAGE_ID, STRING | STORED);
    for name in [URL, VERSION, LANG, CHAPTER, NUMBER, TITLE, HEADING] {
        builder.add_text_field(name, STORED);
    }
    for (name, norms) in [(TITLE_STEM, false), (HEADING_STEM, false), (BODY_STEM, true)] {
        builder.add_text_field(name, options(stem, IndexRecordOption::WithFreqs, norms));
    }
    for (name, norms) in [(TITLE_FOLD, false), (HEADING_FOLD, false), (BODY_FOLD, true)] {
        builder.add_text_field(name, options(FOLD_TOKENIZER, IndexRecordOption::WithFreqsAndPositions, norms));
    }
    builder.build()
}

impl Fields {
    /// Looks up every Folio field in `schema`; fails if one is missing,
    /// which means the index was not built by this crate.
    pub fn resolve(schema: &Schema) -> Result<Fields, SearchError> {
        let get =
            |name: &str| schema.get_field(name).map_err(|_| SearchError::Corrupt("index schema lacks a folio field"));
        Ok(Fields {
            page_id: get(PAGE_ID)?,
            url: get(URL)?,
            version: get(VERSION)?,
            lang: get(LANG)?,
            chapter: get(CHAPTER)?,
            number: get(NUMBER)?,
            title: get(TITLE)?,
            heading: get(HEADING)?,
            searchable: [
                Searchable { stem: get(TITLE_STEM)?, fold: get(TITLE_FOLD)?, boost: TITLE_BOOST },
                Searchable { stem: get(HEADING_STEM)?, fold: get(HEADING_FOLD)?, boost: HEADING_BOOST },
                Searchable { stem: get(BODY_STEM)?, fold: get(BODY_FOLD)?, boost: 1.0 },
            ],
        })
    }
}
