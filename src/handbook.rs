//! The loaded handbook: what the load stage produces and every later stage
//! reads. One [`Book`] per version and language, each a list of chapters in
//! reading order; pages keep their parsed Markdown so no stage parses twice.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::assets::Asset;
use crate::config::{Config, Lang, Version};
use crate::markdown::Document;
use crate::site::{self, BookPage};

/// The whole handbook: the manifest and one book per version and language.
#[derive(Debug)]
pub struct Handbook {
    /// The folder holding `folio.yaml`.
    pub root: PathBuf,
    /// The resolved manifest.
    pub config: Config,
    /// One book per (version, language) pair, versions in manifest order, then languages.
    pub books: Vec<Book>,
    /// Short id of the sources (the text of every page and Folio's version),
    /// shown in every page's footer and in the build manifest.
    pub build_id: String,
    /// Each edition's glossary (`<version>/glossary.yaml`), for the editions that have one.
    pub glossaries: Vec<(Version, Glossary)>,
}

/// One edition's glossary: the concepts its text uses, each with its term
/// in every language, in the order the file gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    /// The entries, in file order.
    pub entries: Vec<GlossaryEntry>,
}

/// One concept of a glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    /// Stable id, unique in the edition (lowercase, digits, hyphens).
    pub id: String,
    /// The concept in each language, by [`Lang::index`]; `None` where the
    /// entry lacks that language.
    pub terms: Vec<Option<Term>>,
    /// Ids of the sections that treat it.
    pub see: Vec<String>,
    /// 1-based line of the entry in `glossary.yaml`, 0 if unknown.
    pub line: usize,
}

/// A concept in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The headword.
    pub term: String,
    /// Other forms: plurals, long names, synonyms.
    pub forms: Vec<String>,
    /// Abbreviations, such as `CPP`.
    pub abbr: Vec<String>,
    /// Words search must never stem (`trata` is not `tratar`).
    pub protect: Vec<String>,
    /// One paragraph of Markdown.
    pub definition: String,
}

impl GlossaryEntry {
    /// The entry in `lang`, if it has that language.
    pub fn term_in(&self, lang: Lang) -> Option<&Term> {
        self.terms.get(lang.index()).and_then(Option::as_ref)
    }
}

impl Term {
    /// The headword, its other forms and its abbreviations.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str())
            .chain(self.forms.iter().map(String::as_str))
            .chain(self.abbr.iter().map(String::as_str))
    }
}

/// One edition in one language.
#[derive(Debug)]
pub struct Book {
    /// The edition.
    pub version: Version,
    /// The language.
    pub lang: Lang,
    /// The cover page (`<version>/<lang>/_index.md`), if written.
    pub cover: Option<Page>,
    /// Chapters in reading order.
    pub chapters: Vec<Chapter>,
    /// Page id -> position, for link resolution.
    positions: HashMap<String, Position>,
    /// Source file -> position of the page written from it (not placeholders).
    by_file: HashMap<PathBuf, Position>,
    /// Pages that exist but failed to load (their errors are reported): the
    /// ids their front matter names and their files, so that what only
    /// follows from that error (links to them) is not reported too.
    pub failed_ids: HashSet<String>,
    /// See `failed_ids`.
    pub failed_files: HashSet<PathBuf>,
    /// Outdated translations' source text as it was when each was last
    /// brought up to date (`folio translated` keeps it), by page id.
    pub snapshots: HashMap<String, Page>,
}

/// Where a page sits in its book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// The cover page.
    Cover,
    /// A chapter's own page.
    Chapter(usize),
    /// A section: chapter index, section index.
    Section(usize, usize),
}

impl Position {
    /// The number a reader cites, from the reading order: `6` for the sixth
    /// chapter, `6.2` for its second section; the cover has none.
    pub fn number(self) -> Option<String> {
        match self {
            Position::Cover => None,
            Position::Chapter(c) => Some(format!("{}", c + 1)),
            Position::Section(c, s) => Some(format!("{}.{}", c + 1, s + 1)),
        }
    }
}

/// A chapter: its `_index.md` page and its sections in reading order.
#[derive(Debug)]
pub struct Chapter {
    /// The chapter's own page.
    pub page: Page,
    /// The sections, ordered by weight then title.
    pub sections: Vec<Page>,
}

/// Whether a page is original text, a translation, or a placeholder for a
/// translation that does not exist yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Translation {
    /// Written in the source language.
    Source,
    /// A translation; `current` says whether its recorded source hash matches
    /// the source page as it is now.
    Translated {
        /// The hash recorded in front matter (`source_hash`), if any.
        recorded: Option<String>,
        /// The hash of the source page now, if the source page exists.
        source_now: Option<String>,
    },
    /// No translation yet: this page stands in for the source-language page.
    Missing,
}

impl Translation {
    /// Whether the translation is known to lag behind its source.
    pub fn is_outdated(&self) -> bool {
        matches!(self, Translation::Translated { recorded, source_now: Some(now) } if recorded.as_ref() != Some(now))
    }
}

/// One Markdown file (or the placeholder for a missing translation).
#[derive(Debug)]
pub struct Page {
    /// Stable identity, shared across languages and versions.
    pub id: String,
    /// Title from front matter.
    pub title: String,
    /// Order within the chapter (or of the chapter within the book).
    pub weight: i64,
    /// One-line summary, if given.
    pub summary: Option<String>,
    /// Output file stem: `<slug>.html`.
    pub slug: String,
    /// Source file relative to the handbook root (for a placeholder: the source page's file).
    pub file: PathBuf,
    /// The whole file's text, for diagnostics.
    pub text: String,
    /// Byte offset of the Markdown body within `text`.
    pub body_start: usize,
    /// The parsed body.
    pub doc: Document,
    /// The fingerprint of its normalized text, once computed: see
    /// `diff::fingerprint`.
    pub fingerprint: std::sync::OnceLock<u64>,
    /// Source, translated or missing.
    pub translation: Translation,
    /// The images and attachments it uses, by path as written in it
    /// (resolved when the handbook is loaded; a file with errors is absent).
    pub files: HashMap<String, Arc<Asset>>,
    /// Whether it is the edition's glossary page (`glossary: true`): the
    /// glossary's entries are rendered after its text.
    pub glossary: bool,
    /// Whether glossary terms are marked in its text (`terms: false` turns it off).
    pub terms: bool,
}

impl Page {
    /// The Markdown body (after front matter).
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The output file name within its version and language folder.
    pub fn file_name(&self) -> String {
        BookPage::Section(&self.slug).file_name()
    }
}

impl Book {
    /// The file name of `page` in this book's folder: the cover is the
    /// contents page, every other page is named by its slug.
    pub fn file_of(&self, page: &Page) -> String {
        match &self.cover {
            Some(cover) if cover.id == page.id => BookPage::Contents.file_name(),
            _ => page.file_name(),
        }
    }

    /// This book's folder, relative to the site root.
    pub fn dir(&self, config: &Config) -> PathBuf {
        site::book_dir(&config.version(self.version).id, config.lang_code(self.lang))
    }

    /// Assembles a book and indexes its page ids.
    pub fn new(version: Version, lang: Lang, cover: Option<Page>, chapters: Vec<Chapter>) -> Book {
        let mut book = Book {
            version,
            lang,
            cover,
            chapters,
            positions: HashMap::new(),
            by_file: HashMap::new(),
            failed_ids: HashSet::new(),
            failed_files: HashSet::new(),
            snapshots: HashMap::new(),
        };
        book.reindex();
        book
    }

    /// Rebuilds the id index after chapters or sections changed.
    pub fn reindex(&mut self) {
        let mut positions = HashMap::new();
        if let Some(cover) = &self.cover {
            positions.insert(cover.id.clone(), Position::Cover);
        }
        for (c, chapter) in self.chapters.iter().enumerate() {
            positions.insert(chapter.page.id.clone(), Position::Chapter(c));
            for (s, section) in chapter.sections.iter().enumerate() {
                positions.insert(section.id.clone(), Position::Section(c, s));
            }
        }
        self.by_file = positions
            .values()
            .filter(|pos| self.at(**pos).translation != Translation::Missing)
            .map(|pos| (self.at(*pos).file.clone(), *pos))
            .collect();
        self.positions = positions;
    }

    /// The page written from `file` (relative to the handbook root), if any.
    pub fn find_file(&self, file: &std::path::Path) -> Option<&Page> {
        self.by_file.get(file).map(|p| self.at(*p))
    }

    /// The page at a position.
    pub fn at(&self, pos: Position) -> &Page {
        match pos {
            Position::Cover => self.cover.as_ref().expect("cover position only exists with a cover"),
            Position::Chapter(c) => &self.chapters[c].page,
            Position::Section(c, s) => &self.chapters[c].sections[s],
        }
    }

    /// Where the page with this id sits, if it is in the book.
    pub fn position(&self, id: &str) -> Option<Position> {
        self.positions.get(id).copied()
    }

    /// The page with this id, if any.
    pub fn find(&self, id: &str) -> Option<&Page> {
        self.position(id).map(|p| self.at(p))
    }

    /// The page after `pos` in reading order (the cover comes first).
    pub fn next(&self, pos: Position) -> Option<Position> {
        let chapter_after = |c: usize| (c < self.chapters.len()).then_some(Position::Chapter(c));
        match pos {
            Position::Cover => chapter_after(0),
            Position::Chapter(c) if !self.chapters[c].sections.is_empty() => Some(Position::Section(c, 0)),
            Position::Chapter(c) => chapter_after(c + 1),
            Position::Section(c, s) if s + 1 < self.chapters[c].sections.len() => Some(Position::Section(c, s + 1)),
            Position::Section(c, _) => chapter_after(c + 1),
        }
    }

    /// The page before `pos` in reading order, the cover excluded (`None`
    /// for the first chapter).
    pub fn previous(&self, pos: Position) -> Option<Position> {
        match pos {
            Position::Cover | Position::Chapter(0) => None,
            Position::Chapter(c) => Some(match self.chapters[c - 1].sections.len() {
                0 => Position::Chapter(c - 1),
                n => Position::Section(c - 1, n - 1),
            }),
            Position::Section(c, 0) => Some(Position::Chapter(c)),
            Position::Section(c, s) => Some(Position::Section(c, s - 1)),
        }
    }

    /// Chapter pages and sections in reading order (the cover excluded).
    pub fn reading_order(&self) -> Vec<Position> {
        let mut order = Vec::new();
        for (c, chapter) in self.chapters.iter().enumerate() {
            order.push(Position::Chapter(c));
            order.extend((0..chapter.sections.len()).map(|s| Position::Section(c, s)));
        }
        order
    }

    /// Replaces the page read from the same file, returning the old one.
    pub fn replace_page(&mut self, page: Page) -> Option<Page> {
        let slot = self.pages_mut().find(|p| p.file == page.file && p.translation != Translation::Missing)?;
        Some(std::mem::replace(slot, page))
    }

    /// Every page of the book, mutably, cover first.
    pub fn pages_mut(&mut self) -> impl Iterator<Item = &mut Page> {
        self.cover
            .iter_mut()
            .chain(self.chapters.iter_mut().flat_map(|c| std::iter::once(&mut c.page).chain(c.sections.iter_mut())))
    }

    /// Every page of the book, cover first, then in reading order.
    pub fn pages(&self) -> impl Iterator<Item = &Page> {
        self.cover.iter().chain(self.chapters.iter().flat_map(|c| std::iter::once(&c.page).chain(c.sections.iter())))
    }
}

impl Handbook {
    /// The file name of the redline page of section `id` against the
    /// edition `from`, in the newer edition's book folders.
    pub fn redline_file(&self, from: Version, id: &str) -> String {
        BookPage::Redline { from: &self.config.version(from).id, id }.file_name()
    }

    /// The glossary of `version`, if it has one.
    pub fn glossary(&self, version: Version) -> Option<&Glossary> {
        self.glossaries.iter().find(|(v, _)| *v == version).map(|(_, g)| g)
    }

    /// The book for a version and language, if that folder exists.
    pub fn book(&self, version: Version, lang: Lang) -> Option<&Book> {
        self.books.iter().find(|b| b.version == version && b.lang == lang)
    }
}
