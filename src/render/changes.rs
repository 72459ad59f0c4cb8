//! The pages of edition comparison, through the theme: each edition's changes
//! page, each changed or moved section's redline page, the notes that link
//! to them from ordinary pages, and the self-contained page of
//! `folio diff --format html`. The comparisons come from [`crate::diff`].

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::theme::{Strings, Theme};
use super::view::*;
use super::{BookContext, OutputFile};
use crate::config::{EditionStatus, Lang, Version, SOURCE_LANG};
use crate::diagnostic::tr;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::diff::redline::{Labels, Redline};
use crate::diff::{self, ChangeStatus, Comparison, Entry, Side};
use crate::handbook::{Handbook, Page, Position};
use crate::markdown::CALLOUT_KINDS;
use crate::site::{BookPage, Sink};

impl<'a> BookContext<'a> {
    /// How the page at `pos` changed: against the current edition on an
    /// archived edition's pages, otherwise against the previous edition.
    pub(super) fn edition_changes(&self, pos: Option<Position>) -> Option<EditionChanges<'a>> {
        let pos = pos.filter(|p| *p != Position::Cover)?;
        let id = &self.book.at(pos).id;
        let config = &self.handbook.config;
        let (version, lang) = (self.book.version, self.book.lang);
        let current = config.current_version();
        if version != current && config.version(version).status == EditionStatus::Archived {
            let against = config.version(current).label_in(lang);
            return match diff::status(self.handbook, version, current, lang, id)? {
                ChangeStatus::Changed | ChangeStatus::Moved => Some(EditionChanges {
                    kind: ChangeNote::RevisedInCurrent,
                    url: Some(self.url_to(current, lang, &self.handbook.redline_file(version, id))),
                    against,
                }),
                ChangeStatus::Unchanged => {
                    Some(EditionChanges { kind: ChangeNote::UnchangedInCurrent, url: None, against })
                }
                ChangeStatus::Added | ChangeStatus::Removed => None,
            };
        }
        let previous = config.previous_version(version)?;
        let (kind, url) = match diff::status(self.handbook, previous, version, lang, id)? {
            ChangeStatus::Changed => (ChangeNote::Revised, self.handbook.redline_file(previous, id)),
            ChangeStatus::Moved => (ChangeNote::Moved, self.handbook.redline_file(previous, id)),
            ChangeStatus::Added => (ChangeNote::New, BookPage::Changes.file_name()),
            ChangeStatus::Unchanged | ChangeStatus::Removed => return None,
        };
        Some(EditionChanges { kind, url: Some(url), against: config.version(previous).label_in(lang) })
    }

    /// For a translation made from an older edition's source text: the
    /// source-language redline from that edition to this one, if the site has it.
    pub(super) fn outdated_redline(&self, page: &Page) -> Option<String> {
        let older = diff::outdated_since(self.handbook, self.book.version, page)?;
        Some(self.url_to(self.book.version, SOURCE_LANG, &self.handbook.redline_file(older, &page.id)))
    }

    pub(super) fn redline_labels(&self) -> Labels<'_> {
        Labels {
            deleted: self.string("redline_deleted"),
            inserted: self.string("redline_inserted"),
            callouts: &self.labels.callouts,
        }
    }

    fn changes_page(&self, comparison: &Comparison<'a>, diags: &mut Diagnostics) -> Option<String> {
        let config = &self.handbook.config;
        let from_dir = |side: Side<'_>| self.url_to(comparison.from, self.book.lang, &side.book.file_of(side.page));
        let glossary_url = |id: &str| self.glossary_entry_url(id);
        let changes = changes_view(comparison, &glossary_url, |e| match (e.status, e.from, e.to) {
            (ChangeStatus::Changed | ChangeStatus::Moved, _, _) => {
                Some(self.handbook.redline_file(comparison.from, e.id))
            }
            (_, _, Some(to)) => Some(to.book.file_of(to.page)),
            (_, Some(from), None) => Some(from_dir(from)),
            (_, None, None) => None,
        });
        let body = PageBody::generated("changes", self.string("changes_title"));
        let mut base = self.base_view(PageKind::Changes, None, &BookPage::Changes.file_name(), body, diags);
        // The switchers lead to the same comparison in another language, or
        // to another edition's own changes page (or contents).
        for choice in &mut base.languages {
            if let Some(lang) = config.find_lang(choice.code) {
                choice.url = self.url_to(self.book.version, lang, &BookPage::Changes.file_name());
                choice.available = true;
            }
        }
        base.alternates = base.languages.iter().filter_map(|l| self.alternate(l.code, &l.url)).collect();
        for choice in &mut base.editions {
            if let Some(v) = config.find_version(choice.id) {
                let file = if config.previous_version(v).is_some() { BookPage::Changes } else { BookPage::Contents };
                choice.url = self.url_to(v, self.book.lang, &file.file_name());
            }
        }
        self.template("changes.html", &ChangesPageView { base, changes }, diags)
    }

    /// A changed or moved section's redline page, as a file of this book
    /// (`None` for other entries). `other_langs` gives, per language, the
    /// status of each id in the same comparison (for the language switcher).
    fn redline_page(
        &self,
        comparison: &Comparison<'a>,
        entry: &Entry<'a>,
        other_langs: &[(Lang, HashMap<&str, ChangeStatus>)],
        diags: &mut Diagnostics,
    ) -> Option<OutputFile> {
        if !matches!(entry.status, ChangeStatus::Changed | ChangeStatus::Moved) {
            return None;
        }
        let config = &self.handbook.config;
        let with_changes_page = config.previous_version(comparison.to) == Some(comparison.from);
        let redline = redline_view(comparison, entry, &self.redline_labels(), self.strings, |side| {
            Some(self.url_to(side.book.version, side.book.lang, &side.book.file_of(side.page)))
        });
        let body = PageBody {
            lang: entry.to.or(entry.from).and_then(|side| self.title_lang(side.page)),
            number: self.book.position(entry.id).and_then(Position::number),
            ..PageBody::generated(entry.id, redline.title)
        };
        let file = self.handbook.redline_file(comparison.from, entry.id);
        let mut base = self.base_view(PageKind::Redline, None, &file, body, diags);
        for choice in &mut base.languages {
            let Some((lang, statuses)) = other_langs.iter().find(|(l, _)| config.lang_code(*l) == choice.code) else {
                continue;
            };
            let file = match statuses.get(entry.id) {
                Some(ChangeStatus::Changed | ChangeStatus::Moved) => {
                    self.handbook.redline_file(comparison.from, entry.id)
                }
                _ if with_changes_page => BookPage::Changes.file_name(),
                _ => BookPage::Contents.file_name(),
            };
            choice.url = self.url_to(self.book.version, *lang, &file);
            choice.available = true;
        }
        base.alternates = base.languages.iter().filter_map(|l| self.alternate(l.code, &l.url)).collect();
        let changes_url = with_changes_page.then(|| BookPage::Changes.file_name());
        if let Some(url) = &changes_url {
            base.breadcrumbs.push(Link { title: self.string("changes_title"), lang: None, url: url.clone() });
        }
        let html = self.template("redline.html", &RedlinePageView { base, redline, changes_url }, diags)?;
        Some(OutputFile { path: self.dir().join(file), bytes: html.into_bytes() })
    }
}

/// The site's files for one pair of editions, in every language: the changes
/// page (when `from` is the edition before `to`) and a redline page per
/// changed or moved section.
pub(crate) fn pages<'h>(
    handbook: &'h Handbook,
    theme: &Theme,
    comparisons: &[Comparison<'h>],
    redlines: Redlines,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let statuses = statuses(comparisons);
    let mut files = Vec::new();
    for comparison in comparisons {
        let Some(book) = handbook.book(comparison.to, comparison.lang) else {
            continue;
        };
        let ctx = BookContext::new(handbook, theme, book);
        if handbook.config.previous_version(comparison.to) == Some(comparison.from) {
            if let Some(html) = ctx.changes_page(comparison, diags) {
                files
                    .push(OutputFile { path: ctx.dir().join(BookPage::Changes.file_name()), bytes: html.into_bytes() });
            }
        }
        if redlines == Redlines::None {
            continue;
        }
        let redlines: Vec<(Option<OutputFile>, Diagnostics)> = comparison
            .entries
            .par_iter()
            .map(|entry| {
                let mut found = Diagnostics::default();
                (ctx.redline_page(comparison, entry, &statuses, &mut found), found)
            })
            .collect();
        for (page, found) in redlines {
            files.extend(page);
            diags.extend(found);
        }
    }
    files
}

/// The redline pages of one page id in every comparison of the site that
/// involves `version`, in every language: what the preview server refreshes
/// after that page was edited (the changes pages wait for a full build).
pub fn redlines_of(
    handbook: &Handbook,
    theme: &Theme,
    version: Version,
    id: &str,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) {
    let config = &handbook.config;
    for (from, to) in diff::site_pairs(config).into_iter().filter(|(from, to)| *from == version || *to == version) {
        let comparisons: Vec<Comparison<'_>> =
            config.langs().map(|lang| diff::compare_page(handbook, from, to, lang, id)).collect();
        let statuses = statuses(&comparisons);
        for comparison in &comparisons {
            let Some(book) = handbook.book(to, comparison.lang) else { continue };
            let ctx = BookContext::new(handbook, theme, book);
            let files = comparison.entries.iter().filter_map(|e| ctx.redline_page(comparison, e, &statuses, diags));
            sink.put(files.collect());
        }
    }
}

/// The comparison stage's pages: the changes page of each edition against
/// the previous one and the redline pages of [`diff::site_pairs`], in every
/// language, compared side by side.
pub fn render_changes(handbook: &Handbook, theme: &Theme, sink: &dyn Sink, diags: &mut Diagnostics) {
    render_changes_of(handbook, theme, None, Redlines::All, sink, diags);
}

/// Which pages of a comparison to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redlines {
    /// The changes page and every redline page.
    All,
    /// The changes page only (its lists of sections and word counts).
    None,
}

/// The comparison pages of the pairs of editions that involve `version`
/// (all pairs when `None`): what the preview refreshes after an edit.
pub fn render_changes_of(
    handbook: &Handbook,
    theme: &Theme,
    version: Option<Version>,
    redlines: Redlines,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) {
    let langs: Vec<Lang> = handbook.config.langs().collect();
    let involved = |(from, to): &(Version, Version)| version.is_none_or(|v| *from == v || *to == v);
    for (from, to) in diff::site_pairs(&handbook.config).into_iter().filter(involved) {
        if redlines == Redlines::None && handbook.config.previous_version(to) != Some(from) {
            continue; // no changes page for this pair
        }
        let comparisons: Vec<Comparison<'_>> =
            langs.par_iter().map(|&lang| diff::compare(handbook, from, to, lang)).collect();
        sink.put(pages(handbook, theme, &comparisons, redlines, diags));
    }
}

/// Per language, the status of each id in the comparisons (for the
/// redline pages' language switcher).
fn statuses<'h>(comparisons: &[Comparison<'h>]) -> Vec<(Lang, HashMap<&'h str, ChangeStatus>)> {
    comparisons.iter().map(|c| (c.lang, c.entries.iter().map(|e| (e.id, e.status)).collect())).collect()
}

/// `folio diff --format html`: the comparison (or one section of it, when
/// `single`) as one page with the theme's stylesheet inlined.
pub fn report(comparison: &Comparison<'_>, theme: &Theme, single: bool, diags: &mut Diagnostics) -> Option<String> {
    let config = &comparison.handbook.config;
    let code = config.lang_code(comparison.lang);
    let Some(strings) = theme.strings.get(code) else {
        diags.push(Diagnostic::error(
            "theme",
            &theme.origin.join("i18n").join(format!("{code}.yaml")),
            tr!("the theme has no UI strings for `{code}`", "el tema no tiene textos de interfaz para `{code}`"),
        ));
        return None;
    };
    let string = |key: &str| strings.get(key).map_or("", String::as_str);
    let callouts = CALLOUT_KINDS.map(|k| string(&format!("callout_{k}")).to_string());
    let labels =
        Labels { deleted: string("redline_deleted"), inserted: string("redline_inserted"), callouts: &callouts };
    let css = theme
        .assets
        .iter()
        .find(|(path, _)| path == Path::new("folio.css"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    let view = ReportView {
        lang: code,
        t: strings,
        css: &css,
        site_title: config.title_in(comparison.lang),
        changes: changes_view(comparison, &|_| None, |e| e.redline.as_ref().map(|_| format!("#rl-{}", e.id))),
        redlines: comparison
            .entries
            .iter()
            .filter(|e| e.redline.is_some())
            .map(|e| redline_view(comparison, e, &labels, strings, |_| None))
            .collect(),
        single,
    };
    let context = match tera::Context::from_serialize(&view) {
        Ok(context) => context,
        Err(err) => {
            diags.push(Diagnostic::error(
                "template",
                &theme.origin,
                tr!(
                    "cannot pass the report to the template: {err}",
                    "no se puede pasar el informe a la plantilla: {err}"
                ),
            ));
            return None;
        }
    };
    theme.render("diff-report.html", &context, diags)
}

/// The comparison as a list by status; `url` says where each entry links,
/// `glossary_url` where each glossary entry does (by id).
fn changes_view<'h>(
    comparison: &Comparison<'h>,
    glossary_url: &dyn Fn(&str) -> Option<String>,
    url: impl Fn(&Entry<'h>) -> Option<String>,
) -> ChangesView<'h> {
    let config = &comparison.handbook.config;
    let lang = comparison.lang;
    let groups = ChangeStatus::ALL
        .into_iter()
        .map(|status| ChangeGroup {
            status,
            entries: comparison
                .entries
                .iter()
                .filter(|e| e.status == status)
                .map(|e| change_entry(e, url(e)))
                .collect(),
        })
        .filter(|g| !g.entries.is_empty())
        .collect();
    ChangesView {
        from_id: &config.version(comparison.from).id,
        to_id: &config.version(comparison.to).id,
        from_label: config.version(comparison.from).label_in(lang),
        to_label: config.version(comparison.to).label_in(lang),
        summary: comparison.summary(),
        groups,
        glossary: super::glossary::changes_view(&comparison.glossary, lang, glossary_url),
    }
}

fn change_entry<'h>(e: &Entry<'h>, url: Option<String>) -> ChangeEntry<'h> {
    let title = |s: Side<'h>| s.page.title.as_str();
    let chapter = |s: Side<'h>| s.chapter.map(|c| (c.id.as_str(), c.title.as_str()));
    let shown = e.to.or(e.from).expect("an entry has a side");
    let other_chapter = match (e.from, e.to) {
        (Some(from), Some(to)) if chapter(from).map(|c| c.0) != chapter(to).map(|c| c.0) => chapter(from).map(|c| c.1),
        _ => None,
    };
    ChangeEntry {
        id: e.id,
        status: e.status,
        title: title(shown),
        old_title: e.from.map(title).filter(|t| *t != title(shown)),
        chapter: chapter(shown).map(|c| c.1),
        old_chapter: other_chapter,
        url,
        changed: e.changed,
        source_text: e.source_text,
        words_added: e.words_added,
        words_removed: e.words_removed,
    }
}

/// One entry's redline, with both sides described; `url` gives a side's
/// page in the site (if any).
fn redline_view<'h>(
    comparison: &Comparison<'h>,
    e: &Entry<'h>,
    labels: &Labels<'_>,
    strings: &'h Strings,
    url: impl Fn(Side<'h>) -> Option<String>,
) -> RedlineView<'h> {
    let config = &comparison.handbook.config;
    let lang = comparison.lang;
    let from_label = config.version(comparison.from).label_in(lang);
    let to_label = config.version(comparison.to).label_in(lang);
    let side = |s: Side<'h>, label: &'h str| RedlineSide {
        label,
        title: &s.page.title,
        chapter: s.chapter.map(|c| c.title.as_str()),
        path: s.page.file.to_string_lossy().replace('\\', "/"),
        url: url(s),
    };
    let (inline, side_by_side) = match &e.redline {
        Some(r) => (r.inline_html(labels, &format!("rl-{}-c", e.id)), r.side_html(labels, from_label, to_label)),
        None => (String::new(), String::new()),
    };
    let source_name = strings.get(&format!("lang_{}", config.lang_code(SOURCE_LANG))).map_or("", String::as_str);
    RedlineView {
        id: e.id,
        status: e.status,
        changed: e.changed,
        title: e.to.or(e.from).map_or("", |s| s.page.title.as_str()),
        from: e.from.map(|s| side(s, from_label)),
        to: e.to.map(|s| side(s, to_label)),
        words_added: e.words_added,
        words_removed: e.words_removed,
        changes: e.redline.as_ref().map_or(0, Redline::changes),
        inline,
        side: side_by_side,
        source_lang: (e.source_text && lang != SOURCE_LANG).then_some(source_name),
    }
}
