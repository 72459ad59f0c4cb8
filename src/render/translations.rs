//! The editors' translation-status page of each book
//! (`<version>/<lang>/translations.html`): the table of [`crate::status`],
//! through the theme.

use serde::Serialize;

use super::theme::{Strings, Theme};
use crate::config::SOURCE_LANG;
use crate::diagnostic::Diagnostics;
use crate::handbook::{Book, Handbook};
use crate::site::{self, BookPage, OutputFile, Sink};
use crate::status::{table, Row};

/// What the editors' page template receives.
#[derive(Serialize)]
struct View<'a> {
    lang: &'a str,
    root: &'static str,
    site_title: &'a str,
    edition_label: &'a str,
    edition_id: &'a str,
    source_lang: &'a str,
    t: &'a Strings,
    rows: Vec<Row>,
}

/// The editors' translation-status page of a book.
pub fn render_translations(handbook: &Handbook, theme: &Theme, book: &Book, sink: &dyn Sink, diags: &mut Diagnostics) {
    let config = &handbook.config;
    {
        let lang = config.lang_code(book.lang);
        let view = View {
            lang,
            root: site::BOOK_TO_ROOT,
            site_title: &config.title[book.lang.0],
            edition_label: &config.version(book.version).label[book.lang.0],
            edition_id: &config.version(book.version).id,
            source_lang: config.lang_code(SOURCE_LANG),
            t: &theme.strings[lang],
            rows: table(handbook, book.version),
        };
        let Ok(context) = tera::Context::from_serialize(&view) else { return };
        if let Some(html) = theme.render("translations.html", &context, diags) {
            let path = book.dir(config).join(BookPage::Translations.file_name());
            sink.put(vec![OutputFile { path, bytes: html.into_bytes() }]);
        }
    }
}
