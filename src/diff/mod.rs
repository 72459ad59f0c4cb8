//! Edition comparison: a pure library over the handbook (no theme, no
//! output); the render stage turns comparisons into pages.
//!
//! Legal reviewers approve an edition by reading exactly what changed. Pages
//! are matched by id, never by path, so a section keeps its identity when it
//! is renamed or moved to another chapter; each pair is classified as added,
//! removed, changed, moved (possibly also changed) or unchanged by comparing
//! normalized text ([`mod@blocks`]), so formatting-only edits do not count; and
//! each changed section gets a [`redline`]. Matching is by hash lookup, so a
//! comparison is linear in the number of pages.
//!
//! The site compares each edition with the previous one and each archived
//! edition with the current one ([`site_pairs`]), in every language; the
//! pages are rendered by `render::changes`. `folio diff` reports one
//! comparison ([`report`]). The glossary is compared too, entry by entry
//! ([`mod@glossary`]).

pub mod blocks;
pub mod glossary;
pub mod redline;
pub mod report;

use std::path::{Component, Path};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, EditionStatus, Lang, Version, SOURCE_LANG};
use crate::content::content_hash;
use crate::handbook::{Book, Handbook, Page, Position, Translation};
use blocks::blocks;
use redline::Redline;

/// How a page changed from one edition to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeStatus {
    /// Only in the newer edition.
    Added,
    /// Only in the older edition.
    Removed,
    /// In another chapter or file (its text may have changed too).
    Moved,
    /// Same place, different text.
    Changed,
    /// Same place, same text (formatting aside).
    Unchanged,
}

impl ChangeStatus {
    /// Every status, in the order reports list them.
    pub const ALL: [ChangeStatus; 5] = [
        ChangeStatus::Added,
        ChangeStatus::Removed,
        ChangeStatus::Moved,
        ChangeStatus::Changed,
        ChangeStatus::Unchanged,
    ];
}

/// A page in one of the two editions compared.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// Its book.
    pub book: &'a Book,
    /// The page (a placeholder where the translation is missing).
    pub page: &'a Page,
    /// Its chapter's page, for sections.
    pub chapter: Option<&'a Page>,
}

/// One page id, compared.
#[derive(Debug)]
pub struct Entry<'a> {
    /// The page id.
    pub id: &'a str,
    /// How it changed.
    pub status: ChangeStatus,
    /// The page in the older edition.
    pub from: Option<Side<'a>>,
    /// The page in the newer edition.
    pub to: Option<Side<'a>>,
    /// Whether the text differs (also for moved pages).
    pub changed: bool,
    /// Whether the text shown is the source language's, because the
    /// translation is missing (on one side of a pair, or of an added or
    /// removed page).
    pub source_text: bool,
    /// Words inserted (all of them for an added page).
    pub words_added: usize,
    /// Words deleted (all of them for a removed page).
    pub words_removed: usize,
    /// The redline, unless unchanged (added and removed pages: all inserted,
    /// or all deleted). Only computed by [`compare`].
    pub redline: Option<Redline>,
}

impl Entry<'_> {
    /// The title in the newer edition, or in the older one if removed.
    pub fn title(&self) -> &str {
        self.to.or(self.from).map_or("", |s| s.page.title.as_str())
    }
}

/// Two editions of one language, compared page by page.
#[derive(Debug)]
pub struct Comparison<'a> {
    /// The handbook.
    pub handbook: &'a Handbook,
    /// The older edition.
    pub from: Version,
    /// The newer edition.
    pub to: Version,
    /// The language.
    pub lang: Lang,
    /// The newer edition's pages in reading order, then the removed pages.
    pub entries: Vec<Entry<'a>>,
    /// How the glossary changed (empty when comparing one page).
    pub glossary: glossary::GlossaryChanges<'a>,
}

/// How many pages have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Added pages.
    pub added: usize,
    /// Removed pages.
    pub removed: usize,
    /// Changed pages (in place).
    pub changed: usize,
    /// Moved pages (changed or not).
    pub moved: usize,
    /// Unchanged pages.
    pub unchanged: usize,
}

impl Comparison<'_> {
    /// Counts per status.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for e in &self.entries {
            *match e.status {
                ChangeStatus::Added => &mut s.added,
                ChangeStatus::Removed => &mut s.removed,
                ChangeStatus::Changed => &mut s.changed,
                ChangeStatus::Moved => &mut s.moved,
                ChangeStatus::Unchanged => &mut s.unchanged,
            } += 1;
        }
        s
    }
}

/// Compares two editions in one language, with redlines and word counts.
pub fn compare(handbook: &Handbook, from: Version, to: Version, lang: Lang) -> Comparison<'_> {
    let (a, b) = (handbook.book(from, lang), handbook.book(to, lang));
    let removed = a.into_iter().flat_map(|a| a.pages()).filter(|p| b.is_none_or(|b| b.find(&p.id).is_none()));
    let ids: Vec<&str> = b.into_iter().flat_map(|b| b.pages()).chain(removed).map(|p| p.id.as_str()).collect();
    let entries = ids.par_iter().filter_map(|id| pair(handbook, a, b, id, true)).collect();
    let glossary = glossary::compare(handbook.glossary(from), handbook.glossary(to), lang);
    Comparison { handbook, from, to, lang, entries, glossary }
}

/// One page compared between two editions, with its redline: a comparison
/// with that id's entry alone (none if the id is in neither edition).
pub fn compare_page<'h>(handbook: &'h Handbook, from: Version, to: Version, lang: Lang, id: &str) -> Comparison<'h> {
    let entry = pair(handbook, handbook.book(from, lang), handbook.book(to, lang), id, true);
    Comparison { handbook, from, to, lang, entries: entry.into_iter().collect(), glossary: Default::default() }
}

/// How one page changed between two editions (no redline), or `None` if it
/// is in neither.
pub fn status(handbook: &Handbook, from: Version, to: Version, lang: Lang, id: &str) -> Option<ChangeStatus> {
    pair(handbook, handbook.book(from, lang), handbook.book(to, lang), id, false).map(|e| e.status)
}

fn side<'a>(book: &'a Book, id: &str) -> Option<Side<'a>> {
    let pos = book.position(id)?;
    let chapter = match pos {
        Position::Section(c, _) => Some(&book.chapters[c].page),
        _ => None,
    };
    Some(Side { book, page: book.at(pos), chapter })
}

/// Matches `id` in both books and classifies it; with `detail`, also the
/// redline and word counts.
fn pair<'a>(
    handbook: &'a Handbook,
    a: Option<&'a Book>,
    b: Option<&'a Book>,
    id: &str,
    detail: bool,
) -> Option<Entry<'a>> {
    let old = a.and_then(|book| side(book, id));
    let new = b.and_then(|book| side(book, id));
    let page = new.or(old)?.page;
    let mut entry = Entry {
        id: &page.id,
        status: ChangeStatus::Unchanged,
        from: old,
        to: new,
        changed: false,
        source_text: false,
        words_added: 0,
        words_removed: 0,
        redline: None,
    };
    let (old_blocks, new_blocks) = match (old, new) {
        (Some(o), Some(n)) => {
            let (x, y, source_text) = compared_pages(handbook, o, n);
            let moved =
                o.chapter.map(|c| &c.id) != n.chapter.map(|c| &c.id) || within_book(&x.file) != within_book(&y.file);
            entry.changed = fingerprint(x) != fingerprint(y);
            entry.source_text = source_text;
            entry.status = match (moved, entry.changed) {
                (true, _) => ChangeStatus::Moved,
                (false, true) => ChangeStatus::Changed,
                (false, false) => ChangeStatus::Unchanged,
            };
            if detail && entry.status != ChangeStatus::Unchanged {
                (blocks(x), blocks(y))
            } else {
                (Vec::new(), Vec::new())
            }
        }
        (Some(o), None) => {
            entry.status = ChangeStatus::Removed;
            entry.source_text = o.page.translation == Translation::Missing;
            (if detail { blocks(o.page) } else { Vec::new() }, Vec::new())
        }
        (None, _) => {
            entry.status = ChangeStatus::Added;
            entry.source_text = page.translation == Translation::Missing;
            (Vec::new(), if detail { blocks(page) } else { Vec::new() })
        }
    };
    if detail && entry.status != ChangeStatus::Unchanged {
        let redline = Redline::new(old_blocks, new_blocks);
        entry.words_added = redline.words_added();
        entry.words_removed = redline.words_removed();
        entry.redline = Some(redline);
    }
    Some(entry)
}

/// A fingerprint of a page's normalized text ([`blocks()`]): two pages read
/// the same, formatting aside, when their fingerprints are equal (a 64-bit
/// hash; a collision is vanishingly unlikely). Computed once per page, as
/// every page is compared several times (notes on pages, changes pages,
/// translation status) and only changed pages need their blocks again.
pub fn fingerprint(page: &Page) -> u64 {
    *page.fingerprint.get_or_init(|| {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        blocks(page).hash(&mut hasher);
        hasher.finish()
    })
}

/// The pages whose texts are compared. Where the translation is missing in
/// exactly one edition, a placeholder (source text) would be compared with a
/// translation; the source-language pages of both editions are compared instead.
fn compared_pages<'a>(handbook: &'a Handbook, old: Side<'a>, new: Side<'a>) -> (&'a Page, &'a Page, bool) {
    let missing = |s: Side<'_>| s.page.translation == Translation::Missing;
    if missing(old) == missing(new) {
        return (old.page, new.page, missing(old));
    }
    let source = |s: Side<'a>| -> Option<&'a Page> {
        if missing(s) {
            Some(s.page)
        } else {
            handbook.book(s.book.version, SOURCE_LANG)?.find(&s.page.id)
        }
    };
    match (source(old), source(new)) {
        (Some(x), Some(y)) => (x, y, true),
        _ => (old.page, new.page, false),
    }
}

/// A page's file within its `<version>/<lang>/` folder.
fn within_book(file: &Path) -> Vec<Component<'_>> {
    file.components().skip(2).collect()
}

/// The comparisons the site shows, as (older, newer) editions: each edition
/// against the previous one, and each archived edition against the current one.
pub fn site_pairs(config: &Config) -> Vec<(Version, Version)> {
    let mut pairs: Vec<(Version, Version)> =
        config.versions().filter_map(|v| config.previous_version(v).map(|p| (p, v))).collect();
    let current = config.current_version();
    for v in config.versions() {
        if v != current && config.version(v).status == EditionStatus::Archived && !pairs.contains(&(v, current)) {
            pairs.push((v, current));
        }
    }
    pairs
}

/// The older edition a translation was made from: the one whose source page
/// has the hash the translation recorded (`None` if no older edition matches).
pub fn translated_from(handbook: &Handbook, version: Version, page: &Page) -> Option<Version> {
    let Translation::Translated { recorded: Some(recorded), .. } = &page.translation else {
        return None;
    };
    handbook.config.older_than(version).find(|&older| {
        handbook
            .book(older, SOURCE_LANG)
            .and_then(|b| b.find(&page.id))
            .is_some_and(|p| content_hash(p.body()) == *recorded)
    })
}

/// For an outdated translation made from an older edition: that edition,
/// when the site has a redline of the source page against it (in the source
/// language's folder of `version`), showing what changed since.
pub fn outdated_since(handbook: &Handbook, version: Version, page: &Page) -> Option<Version> {
    let older = translated_from(handbook, version, page)?;
    let shown = site_pairs(&handbook.config).contains(&(older, version))
        && matches!(
            status(handbook, older, version, SOURCE_LANG, &page.id)?,
            ChangeStatus::Changed | ChangeStatus::Moved
        );
    shown.then_some(older)
}
