//! The site's addresses: every file name the site has and every relative
//! URL between its pages are spelled here, once. The stages name what they
//! write ([`BookPage`], the root names) and ask here where it goes, so a
//! change of layout is a change of this module, and the slugs a handbook may
//! not use are derived from the pages Folio generates.
//!
//! This module knows no handbook type: it works on version ids and language
//! codes, so every stage can use it.
//!
//! The layout is flat per edition and language, so every link between pages
//! is one of three shapes: `x.html` (same book), `../<lang>/x.html` (same
//! edition) and `../../<version>/<lang>/x.html`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file of the site, path relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path, `/`-separated.
    pub path: PathBuf,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Receives the site's files, batch by batch, from several threads at once.
pub trait Sink: Sync {
    /// Takes some files of the site.
    fn put(&self, files: Vec<OutputFile>);
}

/// Keeps the files in memory (the preview server).
impl Sink for Mutex<Vec<OutputFile>> {
    fn put(&self, files: Vec<OutputFile>) {
        self.lock().expect("no writer panicked").extend(files);
    }
}

/// Drops the files (`folio check` only wants the diagnostics).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _files: Vec<OutputFile>) {}
}

/// The entry page at the site root, and every book's contents page.
pub const INDEX: &str = "index.html";

/// The theme's static files, at the site root.
pub const ASSETS_DIR: &str = "assets";

/// The handbook's images and attachments, at the site root
/// (`media/<hash>/<name>`: see `assets`).
pub const MEDIA_DIR: &str = "media";

/// The search engine and indexes, at the site root.
pub const SEARCH_DIR: &str = "search";

/// The list of a site's search indexes.
pub const SEARCH_MANIFEST: &str = "search/manifest.json";

/// The build manifest (every file's SHA-256), at the site root.
pub const MANIFEST: &str = "folio-manifest.json";

/// The service worker, at the site root.
pub const SERVICE_WORKER: &str = "sw.js";

/// The list of the site's pages for search engines, at the site root (when
/// `folio.yaml` gives the site's URL).
pub const SITEMAP: &str = "sitemap.xml";

/// Every name the site root holds besides the edition folders: no edition
/// may be named like one of them.
pub const ROOT_NAMES: [&str; 7] = [INDEX, ASSETS_DIR, MEDIA_DIR, SEARCH_DIR, MANIFEST, SERVICE_WORKER, SITEMAP];

/// Going up from a book's folder (`<version>/<lang>/`) to the site root.
pub const BOOK_TO_ROOT: &str = "../../";

/// Stems of the pages Folio generates in every book folder: no page's slug
/// may take one of them.
pub const RESERVED_SLUGS: [&str; 5] = [CONTENTS_STEM, PRINT_STEM, CHANGES_STEM, TRANSLATIONS_STEM, SEARCH_STEM];

/// Redline pages are named `changes-<from>-<id>.html`: no page's slug may
/// start with this.
pub const RESERVED_PREFIX: &str = "changes-";

const CONTENTS_STEM: &str = "index";
const PRINT_STEM: &str = "print";
const CHANGES_STEM: &str = "changes";
const TRANSLATIONS_STEM: &str = "translations";
const SEARCH_STEM: &str = "search";

/// A page in a book folder (`<version>/<lang>/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookPage<'a> {
    /// The cover and contents page.
    Contents,
    /// A chapter or section, by slug.
    Section(&'a str),
    /// The whole edition on one page.
    Print,
    /// What changed against the previous edition.
    Changes,
    /// A section's redline against the edition `from` (a version id).
    Redline {
        /// The older edition's id.
        from: &'a str,
        /// The section's id.
        id: &'a str,
    },
    /// The editors' translation-status table.
    Translations,
    /// The source's redline of section `id` since its translation in this
    /// book was last brought up to date. No redline's name can be the same:
    /// a page id holds no `.`.
    SinceTranslation(&'a str),
    /// The full list of a search's results (`search.html?q=…`).
    Search,
}

impl BookPage<'_> {
    /// The page's file name within its book folder.
    pub fn file_name(&self) -> String {
        match self {
            BookPage::Contents => INDEX.to_string(),
            BookPage::Section(slug) => format!("{slug}.html"),
            BookPage::Print => format!("{PRINT_STEM}.html"),
            BookPage::Changes => format!("{CHANGES_STEM}.html"),
            BookPage::Redline { from, id } => format!("{RESERVED_PREFIX}{from}-{id}.html"),
            BookPage::Translations => format!("{TRANSLATIONS_STEM}.html"),
            BookPage::SinceTranslation(id) => format!("{RESERVED_PREFIX}{id}.translation.html"),
            BookPage::Search => format!("{SEARCH_STEM}.html"),
        }
    }
}

/// A book's folder, relative to the site root: `<version>/<lang>`.
pub fn book_dir(version: &str, lang: &str) -> PathBuf {
    Path::new(version).join(lang)
}

/// A book, by version id and language code.
pub type BookKey<'a> = (&'a str, &'a str);

/// The URL, from a page of the book `from`, of `file` in the book `to`.
pub fn url(from: BookKey<'_>, to: BookKey<'_>, file: &str) -> String {
    if from == to {
        file.to_string()
    } else if from.0 == to.0 {
        format!("../{}/{file}", to.1)
    } else {
        format!("{BOOK_TO_ROOT}{}/{}/{file}", to.0, to.1)
    }
}

/// Where a theme's static file (`asset`, its path in the theme's `static/`
/// folder) is written, relative to the site root.
pub fn asset_path(asset: &Path) -> PathBuf {
    Path::new(ASSETS_DIR).join(asset)
}

/// The URL of `path` (relative to the site root, `/`-separated) from a page
/// of the book `from`, or from the entry page at the root when `from` is
/// `None`. With an empty `path`, the site root itself (ending in `/`, or empty).
pub fn root_url(from: Option<BookKey<'_>>, path: &str) -> String {
    match from {
        Some(_) => format!("{BOOK_TO_ROOT}{path}"),
        None => path.to_string(),
    }
}

/// A site-relative path as the manifest and the preview name it (`/`-separated).
pub fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    // The three shapes of link, and file names that never name a folder.
    #[test]
    fn urls_between_books() {
        let file = BookPage::Redline { from: "2011", id: "trata" }.file_name();
        assert_eq!(file, "changes-2011-trata.html");
        assert_eq!(url(("2025", "es"), ("2025", "es"), &file), file);
        assert_eq!(url(("2025", "es"), ("2025", "en"), INDEX), "../en/index.html");
        assert_eq!(url(("2025", "es"), ("2011", "es"), "x.html"), "../../2011/es/x.html");
        let asset = key(&asset_path(Path::new("js/x.js")));
        assert_eq!(root_url(Some(("2025", "es")), &asset), "../../assets/js/x.js");
        assert_eq!(root_url(None, &asset), "assets/js/x.js");
        assert_eq!(root_url(Some(("2025", "es")), ""), BOOK_TO_ROOT);
        for stem in RESERVED_SLUGS {
            assert!([BookPage::Contents, BookPage::Print, BookPage::Changes, BookPage::Translations, BookPage::Search]
                .iter()
                .any(|p| p.file_name() == format!("{stem}.html")));
        }
    }
}
