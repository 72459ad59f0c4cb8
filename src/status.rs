//! Translation status: for each section of an edition, whether each
//! translation is up to date with its source, outdated, unrecorded or
//! missing. `folio status` prints it; the render stage gives the site an
//! editors' page with the same table (`<version>/<lang>/translations.html`).

use std::path::PathBuf;

use serde::Serialize;

use crate::config::{Version, SOURCE_LANG};
use crate::handbook::{Handbook, Translation};
use crate::site::BookPage;

/// Where a translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Matches the source text it records.
    UpToDate,
    /// The source changed since the recorded hash.
    Outdated,
    /// No hash recorded: cannot tell.
    Unrecorded,
    /// Not translated.
    Missing,
}

/// One language's column of a row.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Language code.
    pub lang: String,
    /// Its state.
    pub state: State,
    /// The translated file, relative to the handbook, if any.
    pub file: Option<PathBuf>,
    /// The page's file name in the site (a placeholder's when missing).
    pub href: String,
    /// For an outdated translation made from an older edition: the redline
    /// of its source since then (file name in the source-language folder).
    pub redline: Option<String>,
}

/// One section of the source language.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Page id.
    pub id: String,
    /// Title in the source language.
    pub title: String,
    /// The source file, relative to the handbook.
    pub source_file: PathBuf,
    /// The source page's file name in the site.
    pub source_href: String,
    /// One cell per translation language.
    pub cells: Vec<Cell>,
}

/// The status table of one edition, in reading order of the source language.
pub fn table(handbook: &Handbook, version: Version) -> Vec<Row> {
    let Some(source) = handbook.book(version, SOURCE_LANG) else { return Vec::new() };
    let translations: Vec<_> =
        handbook.config.langs().filter(|l| *l != SOURCE_LANG).filter_map(|l| handbook.book(version, l)).collect();
    source
        .pages()
        .map(|page| Row {
            id: page.id.clone(),
            title: page.title.clone(),
            source_file: page.file.clone(),
            source_href: source.file_of(page),
            cells: translations
                .iter()
                .map(|book| {
                    let translated = book.find(&page.id);
                    let state = match translated.map(|t| &t.translation) {
                        None | Some(Translation::Missing) | Some(Translation::Source) => State::Missing,
                        Some(Translation::Translated { recorded: None, .. }) => State::Unrecorded,
                        Some(t) if t.is_outdated() => State::Outdated,
                        Some(Translation::Translated { .. }) => State::UpToDate,
                    };
                    Cell {
                        lang: handbook.config.lang_code(book.lang).to_string(),
                        state,
                        file: translated.filter(|_| state != State::Missing).map(|t| t.file.clone()),
                        href: translated.map_or_else(|| BookPage::Contents.file_name(), |t| book.file_of(t)),
                        redline: translated.filter(|_| state == State::Outdated).and_then(|t| {
                            let older = crate::diff::outdated_since(handbook, version, t)?;
                            Some(handbook.redline_file(older, &t.id))
                        }),
                    }
                })
                .collect(),
        })
        .collect()
}
