//! The editors' translation pages of each book: the status page
//! (`<version>/<lang>/translations.html`, the table of [`crate::status`]),
//! and for each outdated translation whose source text was kept when it was
//! last brought up to date (`folio translated`), the source's redline from
//! that text to now (`changes-<id>.translation.html`), through the theme's
//! redline template. The outdated notice on the translated page links to it.

use std::path::Path;

use serde::Serialize;

use super::theme::{Strings, Theme};
use super::view::{BookLinks, PageBody, PageKind, RedlinePageView, RedlineSide, RedlineView};
use super::{book_links, BookContext};
use crate::config::SOURCE_LANG;
use crate::diagnostic::Diagnostics;
use crate::diff::blocks::blocks;
use crate::diff::redline::Redline;
use crate::diff::ChangeStatus;
use crate::handbook::{Book, Handbook, Page};
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
    /// The source's redline since the translation was last brought up to
    /// date, when outdated and its source text was kept.
    since_url: Option<String>,
    /// The source's redline since the edition the translation was made
    /// from, when outdated and made from an older edition.
    redline_url: Option<String>,
}

/// The editors' translation-status page of a book, and the redlines since
/// translation of its outdated translations.
pub fn render_translations(handbook: &Handbook, theme: &Theme, book: &Book, sink: &dyn Sink, diags: &mut Diagnostics) {
    let config = &handbook.config;
    let source_lang = config.lang_code(SOURCE_LANG);
    let lang = config.lang_code(book.lang);
    let version_id = config.version(book.version).id.as_str();
    let url = |to_lang: &str, file: &str| site::url((version_id, lang), (version_id, to_lang), file);
    let since = |to_lang: &str, id: &str| {
        let translated = handbook.book(book.version, config.find_lang(to_lang)?)?;
        translated.snapshots.contains_key(id).then(|| url(to_lang, &BookPage::SinceTranslation(id).file_name()))
    };
    let rows = table(handbook, book.version);
    let view = View {
        lang,
        links: book_links(handbook, theme, book),
        site_title: config.title_in(book.lang),
        edition_label: config.version(book.version).label_in(book.lang),
        edition_id: version_id,
        source_lang,
        t: &theme.strings[lang],
        rows: rows.iter().map(|row| row_view(row, &url, &since, source_lang)).collect(),
    };
    let Ok(context) = tera::Context::from_serialize(&view) else { return };
    if let Some(html) = theme.render("translations.html", &context, diags) {
        let path = book.dir(config).join(BookPage::Translations.file_name());
        sink.put(vec![OutputFile { path, bytes: html.into_bytes() }]);
    }
    let ctx = BookContext::new(handbook, theme, book);
    let snapshots = book.pages().filter_map(|page| book.snapshots.get(&page.id));
    sink.put(snapshots.filter_map(|snapshot| ctx.since_translation_page(snapshot, diags)).collect());
}

impl<'a> BookContext<'a> {
    /// The URL of the source's redline since the translation `page` of this
    /// book was last brought up to date, when its source text was kept.
    pub(super) fn since_translation_url(&self, page: &Page) -> Option<String> {
        self.book.snapshots.contains_key(&page.id).then(|| BookPage::SinceTranslation(&page.id).file_name())
    }

    /// The page of the source's redline from `snapshot` (the source text the
    /// translation was last brought up to date with) to the source now.
    fn since_translation_page(&self, snapshot: &'a Page, diags: &mut Diagnostics) -> Option<OutputFile> {
        let version = self.book.version;
        let source_book = self.handbook.book(version, SOURCE_LANG)?;
        let source = source_book.find(&snapshot.id)?;
        let translation = self.book.position(&snapshot.id)?;
        let redline = Redline::new(blocks(snapshot), blocks(source));
        let (then, now) = (self.string("since_translation_then"), self.string("since_translation_now"));
        let side = |page: &'a Page, label: &'a str, url: Option<String>| RedlineSide {
            label,
            title: &page.title,
            chapter: None,
            path: page.file.to_string_lossy().replace('\\', "/"),
            url,
        };
        let labels = self.redline_labels();
        let view = RedlineView {
            id: &snapshot.id,
            status: ChangeStatus::Changed,
            changed: true,
            title: &source.title,
            from: Some(side(snapshot, then, None)),
            to: Some(side(source, now, Some(self.url_to(version, SOURCE_LANG, &source_book.file_of(source))))),
            words_added: redline.words_added(),
            words_removed: redline.words_removed(),
            changes: redline.changes(),
            inline: redline.inline_html(&labels, &format!("rl-{}-c", snapshot.id)),
            side: redline.side_html(&labels, then, now),
            source_lang: None,
        };
        let file = BookPage::SinceTranslation(&snapshot.id).file_name();
        let body = PageBody { lang: Some(self.code(SOURCE_LANG)), ..PageBody::generated(&snapshot.id, &source.title) };
        let mut base = self.base_view(PageKind::Redline, None, &file, body, diags);
        // The other languages' pages of the section are not translations of this one.
        base.alternates.clear();
        base.breadcrumbs.push(self.link(translation));
        let html = self.template("redline.html", &RedlinePageView { base, redline: view, changes_url: None }, diags)?;
        Some(OutputFile { path: self.dir().join(file), bytes: html.into_bytes() })
    }
}

/// `row` with its file names turned into URLs by `url` (language code, file
/// name) and `since` (language code, page id: the redline since translation).
fn row_view<'a>(
    row: &'a Row,
    url: &impl Fn(&str, &str) -> String,
    since: &impl Fn(&str, &str) -> Option<String>,
    source_lang: &str,
) -> RowView<'a> {
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
                since_url: (cell.state == State::Outdated).then(|| since(&cell.lang, &row.id)).flatten(),
                redline_url: cell.redline.as_deref().map(|file| url(source_lang, file)),
            })
            .collect(),
    }
}
