//! The preview's build state: the loaded handbook and theme, and the site's
//! files in memory. A change is classified by [`crate::serve::watch`] and
//! rebuilt here as narrowly as it allows: one edited page re-renders that
//! page, the same section in the other languages of its edition (their
//! switchers and notices) and its redlines against other editions; a changed
//! title or a chapter page re-renders the whole edition with its comparison
//! pages; anything structural (a new or deleted file, the config, the theme)
//! rebuilds everything. Edits go through the load stage
//! ([`content::reload_page`]), so the preview serves what a full build would.
//! What an edited page leaves stale beyond the pages an editor looks at (its
//! edition's print pages, translation tables, changes lists and search
//! indexes) is rebuilt by [`Session::follow_up`], after the open pages have
//! reloaded.
//!
//! Each rebuild says what it did ([`Rebuilt`]): the session keeps the
//! warnings of the last good build, so that a save reports the warnings it
//! created or cleared (a page rebuild finds again its own file's warnings
//! and those of every translated page's pairing; the others stand).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::report::{self, Rebuilt};
use crate::content::{self, Reload};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, Text};
use crate::handbook::Handbook;
use crate::index::BookIndex;
use crate::render::changes::{self, Redlines};
use crate::render::theme::Theme;
use crate::render::{render_book, RenderScope};
use crate::site::{BookPage, OutputFile};
use crate::tr;

/// The findings of pairing translations with their sources that every page
/// rebuild finds again.
const TRANSLATION_WARNINGS: [&str; 3] = ["outdated-translation", "orphan-translation", "unrecorded-translation"];

/// A missing translation changes only with the files, so a page rebuild
/// does not find it again, even on the edited source page.
const MISSING_TRANSLATION: &str = "missing-translation";

/// What changed on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// An existing section, by path.
    Page(PathBuf),
    /// An existing chapter or cover page (`_index.md`), by path.
    ChapterIndex(PathBuf),
    /// `folio.yaml`.
    Config,
    /// An edition's `glossary.yaml` (its terms are marked on every page).
    Glossary,
    /// A template, asset or UI-strings file of the theme.
    Theme,
    /// A file or folder added, removed or renamed.
    Structure,
}

/// The site files, by path relative to the site root (`/`-separated).
/// Shared bytes, so that handing a copy of the map to the server is cheap.
pub type Files = HashMap<String, Arc<[u8]>>;

/// What [`Session::follow_up`] leaves to the caller.
pub struct FollowUp {
    /// Problems rebuilding the print pages.
    pub diags: Diagnostics,
    /// The search indexes to rebuild, by book (index into the handbook's books).
    pub indexes: Vec<(usize, BookIndex)>,
    /// [`Session::full_builds`] when they were prepared.
    pub full_builds: u64,
}

/// The last good build, and what it needs to rebuild part of itself.
pub struct Session {
    handbook_dir: PathBuf,
    theme_dir: Option<PathBuf>,
    state: Option<(Handbook, Theme)>,
    /// The books (indexes into the handbook's books) whose print page and
    /// search index are stale after page edits.
    stale_books: Vec<usize>,
    /// How many full builds there were: a search index built from an older
    /// state than the last full build must not replace its output.
    full_builds: u64,
    /// The warnings the last good build stands with.
    warnings: Vec<Diagnostic>,
    /// The site as last built successfully.
    pub files: Files,
}

impl Session {
    /// A session that has not built yet.
    pub fn new(handbook_dir: &Path, theme_dir: Option<&Path>) -> Session {
        Session {
            handbook_dir: handbook_dir.to_path_buf(),
            theme_dir: theme_dir.map(Path::to_path_buf),
            state: None,
            stale_books: Vec::new(),
            full_builds: 0,
            warnings: Vec::new(),
            files: Files::new(),
        }
    }

    /// Builds everything. On error the previous files stay.
    pub fn full(&mut self) -> Result<Diagnostics, Diagnostics> {
        let files = Mutex::new(Vec::new());
        let (loaded, diags) = crate::load(&self.handbook_dir, self.theme_dir.as_deref(), crate::Mode::Preview, &files);
        let Some(crate::Loaded { handbook, theme }) = loaded else { return Err(diags) };
        self.files.clear();
        self.insert(files.into_inner().expect("no writer panicked"));
        self.stale_books.clear();
        self.full_builds += 1;
        self.state = Some((handbook, theme));
        self.warnings = diags.iter().filter(|d| d.severity == Severity::Warning).cloned().collect();
        Ok(diags)
    }

    /// Rebuilds after `change` and says what it did; on error the previous
    /// files stay.
    pub fn apply(&mut self, change: &ChangeKind) -> Result<Rebuilt, Diagnostics> {
        let before = self.warnings.clone();
        let whole_site = tr!("the whole site", "todo el sitio");
        let what = match change {
            ChangeKind::Page(path) => self.page(path, false)?,
            ChangeKind::ChapterIndex(path) => self.page(path, true)?,
            ChangeKind::Config => self.full().map(|_| report::rebuilt(&"folio.yaml".into(), &whole_site))?,
            ChangeKind::Glossary => self.full().map(|_| report::rebuilt(&"glossary.yaml".into(), &whole_site))?,
            ChangeKind::Theme => self.full().map(|_| report::rebuilt(&tr!("the theme", "el tema"), &whole_site))?,
            ChangeKind::Structure => self.full().map(|_| {
                let files = tr!("files added, removed or renamed", "archivos añadidos, borrados o renombrados");
                report::rebuilt(&files, &whole_site)
            })?,
        };
        let (created, cleared) = report::changed_warnings(&before, &self.warnings);
        let (handbook, theme) = self.state.as_ref().expect("a good build has state");
        let translations = report::translation_sentences(handbook, theme, &created, &cleared);
        Ok(Rebuilt { what, translations, created, cleared })
    }

    /// Whether `path` is a page of the last good build.
    pub fn knows(&self, path: &Path) -> bool {
        let Some((handbook, _)) = &self.state else { return false };
        let Ok(rel) = path.strip_prefix(&handbook.root) else { return false };
        handbook.books.iter().any(|b| b.find_file(rel).is_some())
    }

    /// Rebuilds after an edit of the page at `path` (an absolute path) and
    /// says, in words, what was rebuilt.
    fn page(&mut self, path: &Path, whole_edition: bool) -> Result<Text, Diagnostics> {
        let whole_site = tr!("the whole site", "todo el sitio");
        let Some((handbook, theme)) = &mut self.state else { return self.everything_for(path, whole_site) };
        let Ok(rel) = path.strip_prefix(&handbook.root).map(Path::to_path_buf) else {
            return self.everything_for(path, whole_site);
        };
        let mut diags = Diagnostics::default();
        let (b, id, title_changed) = match content::reload_page(handbook, &rel, &mut diags) {
            None => return Err(diags),
            Some(Reload::Structural) => {
                let why =
                    tr!("the whole site (its id, slug or weight changed)", "todo el sitio (cambió su id, slug o peso)");
                return self.everything_for(path, why);
            }
            Some(Reload::Replaced { book, id, title_changed }) => (book, id, title_changed),
        };
        // A title shows in navigation everywhere in its edition.
        let title_edited = title_changed && !whole_edition;
        let whole_edition = whole_edition || title_changed;
        let version = handbook.books[b].version;
        let edited = handbook.books[b].find(&id).into_iter();
        let rendered = Mutex::new(crate::render::media_files(edited));
        let scope = if whole_edition { RenderScope::Book } else { RenderScope::Page(&id) };
        for book in handbook.books.iter().filter(|book| book.version == version) {
            render_book(handbook, theme, book, scope, &rendered, &mut diags);
        }
        if whole_edition {
            changes::render_changes_of(handbook, theme, Some(version), Redlines::All, &rendered, &mut diags);
        } else {
            changes::redlines_of(handbook, theme, version, &id, &rendered, &mut diags);
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let what =
            if whole_edition { report::whole_edition(title_edited) } else { report::page_scope_in_words(handbook, b) };
        let what = report::rebuilt(&report::page_in_words(handbook, b, &id), &what);
        // The edition's print pages and indexes show the page, its
        // placeholders or its translations' notices.
        let edition: Vec<usize> = (0..handbook.books.len()).filter(|&i| handbook.books[i].version == version).collect();
        self.insert(rendered.into_inner().expect("no writer panicked"));
        for i in edition {
            if !self.stale_books.contains(&i) {
                self.stale_books.push(i);
            }
        }
        // This rebuild found again the warnings of the edited file and of
        // pairing every translation; the others stand.
        let found_again = |d: &Diagnostic| {
            TRANSLATION_WARNINGS.contains(&d.code) || (d.file == path && d.code != MISSING_TRANSLATION)
        };
        self.warnings.retain(|d| !found_again(d));
        for warning in diags.iter().filter(|d| d.severity == Severity::Warning) {
            if !self.warnings.contains(warning) {
                self.warnings.push(warning.clone());
            }
        }
        Ok(what)
    }

    /// Rebuilds everything after an edit of `path` that a page rebuild
    /// cannot take, and says so with `what`.
    fn everything_for(&mut self, path: &Path, what: Text) -> Result<Text, Diagnostics> {
        self.full()?;
        Ok(report::rebuilt(&report::file_in_words(&self.handbook_dir, path), &what))
    }

    /// Rebuilds what page edits left stale in their editions: every book's
    /// print page and translation table and the edition's changes lists, at
    /// once, and each book's search index, which is returned to build (slow
    /// on large books, so the server builds it on another thread and hands
    /// the files back with [`Session::insert`]). `None` when nothing was stale.
    pub fn follow_up(&mut self) -> Option<FollowUp> {
        let Some((handbook, theme)) = &self.state else { return None };
        if self.stale_books.is_empty() {
            return None;
        }
        let mut diags = Diagnostics::default();
        let rendered = Mutex::new(Vec::new());
        let mut indexes = Vec::new();
        let mut editions = Vec::new();
        for b in std::mem::take(&mut self.stale_books) {
            let book = &handbook.books[b];
            // A translation brought up to date again has no redline since translation.
            let dir = book.dir(&handbook.config);
            for page in book.pages().filter(|p| !book.snapshots.contains_key(&p.id)) {
                self.files.remove(&crate::site::key(&dir.join(BookPage::SinceTranslation(&page.id).file_name())));
            }
            crate::render::render_print(handbook, theme, book, &rendered, &mut diags);
            crate::render::render_translations(handbook, theme, book, &rendered, &mut diags);
            indexes.extend(BookIndex::prepare(handbook, book, &mut diags).map(|index| (b, index)));
            if !editions.contains(&book.version) {
                editions.push(book.version);
            }
        }
        for version in editions {
            changes::render_changes_of(handbook, theme, Some(version), Redlines::None, &rendered, &mut diags);
        }
        if !diags.has_errors() {
            self.insert(rendered.into_inner().expect("no writer panicked"));
        }
        Some(FollowUp { diags, indexes, full_builds: self.full_builds })
    }

    /// How many full builds there were (see [`FollowUp::full_builds`]).
    pub fn full_builds(&self) -> u64 {
        self.full_builds
    }

    /// Adds or replaces files of the site.
    pub fn insert(&mut self, files: Vec<OutputFile>) {
        for file in files {
            self.files.insert(crate::site::key(&file.path), file.bytes.into());
        }
    }
}
