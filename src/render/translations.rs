//! The editors' translation-status page of each book
//! (`<version>/<lang>/translations.html`): the table of [`crate::status`],
//! through the theme.

use std::path::Path;

use serde::Serialize;

use super::book_links;
use super::theme::{Strings, Theme};
use super::view::BookLinks;
use crate::config::SOURCE_LANG;
use crate::diagnostic::Diagnostics;
use crate::handbook::{Book, Handbook};
use crate::site::{self, BookPage, OutputFile, Sink};
use crate::status::{table, Row, State};

/// What the editors' page template receives.
#[derive(Serialize)]
struct View<'a> {
    lang: &'a str,
    links: BookLinks,
    site_title: &'a str,
    edition_label: &'a str,
    edition_id: &'a str,
    source_lang: &'a str,
    t: &'a Strings,
    rows: Vec<RowView<'a>>,
}

/// A row of the status table, with its links made relative to the page.
#[derive(Serialize)]
struct RowView<'a> {
    title: &'a str,
    source_file: &'a Path,
    /// The source page.
    source_url: String,
    cells: Vec<CellView<'a>>,
}

/// A cell of the status table, with its links made relative to the page.
#[derive(Serialize)]
struct CellView<'a> {
    lang: &'a str,
    state: State,
    file: Option<&'a Path>,
    /// The translation (or its placeholder, or the book's contents).
    url: String,
    /// The source's redline since the translation was made, when outdated.
    redline_url: Option<String>,
}

/// The editors' translation-status page of a book.
pub fn render_translations(handbook: &Handbook, theme: &Theme, book: &Book, sink: &dyn Sink, diags: &mut Diagnostics) {
    let config = &handbook.config;
    let source_lang = config.lang_code(SOURCE_LANG);
    {
        let lang = config.lang_code(book.lang);
        let version_id = config.version(book.version).id.as_str();
        let url = |to_lang: &str, file: &str| site::url((version_id, lang), (version_id, to_lang), file);
        let rows = table(handbook, book.version);
        let view = View {
            lang,
            links: book_links(handbook, theme, book),
            site_title: config.title_in(book.lang),
            edition_label: config.version(book.version).label_in(book.lang),
            edition_id: version_id,
            source_lang,
            t: &theme.strings[lang],
            rows: rows.iter().map(|row| row_view(row, &url, source_lang)).collect(),
        };
        let Ok(context) = tera::Context::from_serialize(&view) else { return };
        if let Some(html) = theme.render("translations.html", &context, diags) {
            let path = book.dir(config).join(BookPage::Translations.file_name());
            sink.put(vec![OutputFile { path, bytes: html.into_bytes() }]);
        }
    }
}

/// `row` with its file names turned into URLs by `url` (language code, file name).
fn row_view<'a>(row: &'a Row, url: &impl Fn(&str, &str) -> String, source_lang: &str) -> RowView<'a> {
    RowView {
        title: &row.title,
        source_file: &row.source_file,
        source_url: url(source_lang, &row.source_href),
        cells: row
            .cells
            .iter()
            .map(|cell| CellView {
                lang: &cell.lang,
                state: cell.state,
                file: cell.file.as_deref(),
                url: url(&cell.lang, &cell.href),
                redline_url: cell.redline.as_deref().map(|file| url(source_lang, file)),
            })
            .collect(),
    }
}
