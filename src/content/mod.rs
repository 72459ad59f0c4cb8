//! The load stage: reads `folio.yaml` and walks `<version>/<lang>/<chapter>/`
//! into a [`Handbook`], reporting every content error of the run at once.
//!
//! Only regular files and folders are read: symbolic links, FIFOs, sockets
//! and devices are located errors, never opened.
//!
//! Loading also pairs translations with their source pages by id, and puts a
//! placeholder where a translation is missing (under an output name no other
//! page of its book has), so that every language of an edition has the same
//! navigation.
//!
//! A page that fails to load is left out, but its file and the id its front
//! matter names (if readable) are kept in its book's `failed_*` sets, so that
//! links to it, its translations and its chapter's sections are not reported
//! as well: one mistake, one error.

pub mod files;
pub mod front_matter;
pub mod glossary;
pub mod translated;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::config::{Config, Drafts, Lang, Version, SOURCE_LANG};
use crate::diagnostic::tr;
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Text};
use crate::handbook::{Book, Chapter, Glossary, Handbook, Page, Translation};
use crate::markdown::Document;
use crate::site::{RESERVED_PREFIX, RESERVED_SLUGS};

/// The short hash of a source page's body that translations record in
/// `source_hash`. Trailing spaces and surrounding blank lines do not count.
pub fn content_hash(body: &str) -> String {
    let mut hasher = Sha256::new();
    for line in body.trim().lines() {
        hasher.update(line.trim_end().as_bytes());
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Loads the handbook at `root`. Pages with errors are left out and the
/// errors recorded in `diags`, so that later stages can still report theirs;
/// only an unusable `folio.yaml` gives `None`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Handbook> {
    load_editions(root, Drafts::Include, diags)
}

/// [`load`], leaving out the draft editions if `drafts` says so: they are
/// handled as if not listed in `folio.yaml`, and their folders are not read.
pub fn load_editions(root: &Path, drafts: Drafts, diags: &mut Diagnostics) -> Option<Handbook> {
    let mut config = load_config(root, diags)?;
    let left_out = if drafts == Drafts::LeaveOut { config.remove_drafts() } else { Vec::new() };
    let files = discover(root, &config, &left_out, diags);
    let mut books = Vec::new();
    for version in config.versions() {
        for lang in config.langs() {
            let folder: Vec<&SourceFile> = files.iter().filter(|f| f.version == version && f.lang == lang).collect();
            if lang == SOURCE_LANG && folder.is_empty() {
                diags.push(empty_edition(root, &config, version));
            }
            books.push(assemble(root, version, lang, &folder, diags));
        }
    }
    let mut handbook =
        Handbook { root: root.to_path_buf(), config, books, build_id: String::new(), glossaries: Vec::new() };
    pair_translations(&mut handbook, diags);
    files::resolve_all(&mut handbook, diags);
    handbook.glossaries = load_glossaries(&handbook, diags);
    handbook.build_id = build_id(&handbook);
    Some(handbook)
}

/// The glossaries of the editions that have one.
fn load_glossaries(handbook: &Handbook, diags: &mut Diagnostics) -> Vec<(Version, Glossary)> {
    let config = &handbook.config;
    config
        .versions()
        .filter_map(|version| {
            let books: Vec<&Book> = handbook.books.iter().filter(|b| b.version == version).collect();
            glossary::load(&handbook.root, config, version, &books, diags).map(|g| (version, g))
        })
        .collect()
}

/// The error for an edition with no page in the source language: the other
/// languages' pages are translations of nothing, and the site would have an
/// empty edition.
fn empty_edition(root: &Path, config: &Config, version: Version) -> Diagnostic {
    let (id, code) = (&config.version(version).id, config.lang_code(SOURCE_LANG));
    Diagnostic::error(
        "empty-edition",
        &root.join(id).join(code),
        tr!(
            "edition `{id}` has no pages in `{code}`, its source language",
            "la edición `{id}` no tiene páginas en `{code}`, su idioma de origen"
        ),
    )
    .hint(tr!(
        "write its cover, {id}/{code}/_index.md, and its chapters, or remove `{id}` from folio.yaml",
        "escriba su portada, {id}/{code}/_index.md, y sus capítulos, o elimine `{id}` de folio.yaml"
    ))
}

/// A short id of everything the site is made from: the handbook's text (its
/// pages and glossaries), the files its pages use and Folio's version. The
/// same sources give the same id.
fn build_id(handbook: &Handbook) -> String {
    let all = || handbook.books.iter().flat_map(|b| b.pages());
    let mut pages: Vec<(&Path, &str)> = all().map(|p| (p.file.as_path(), p.text.as_str())).collect();
    pages.extend(all().flat_map(|p| p.files.values()).map(|f| (f.source.as_path(), f.hash.as_str())));
    pages.sort();
    pages.dedup();
    let glossaries: Vec<(PathBuf, String)> = handbook
        .glossaries
        .iter()
        .map(|(v, _)| PathBuf::from(&handbook.config.version(*v).id).join(glossary::FILE_NAME))
        .filter_map(|file| {
            Some((file.clone(), String::from_utf8(read_handbook_file(&handbook.root.join(&file)).ok()?).ok()?))
        })
        .collect();
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION"));
    for (file, text) in pages.into_iter().chain(glossaries.iter().map(|(f, t)| (f.as_path(), t.as_str()))) {
        hasher.update(file.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(text);
        hasher.update([0]);
    }
    hasher.finalize()[..5].iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads and resolves the handbook's `folio.yaml`.
pub(crate) fn load_config(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
    let path = root.join("folio.yaml");
    let text = match read_handbook_file(&path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            diags.push(
                Diagnostic::error(
                    "config",
                    &path,
                    tr!("the handbook manifest is not valid UTF-8", "el manifiesto del manual no es UTF-8 válido"),
                )
                .hint(tr!("save folio.yaml as UTF-8", "guarde folio.yaml como UTF-8")),
            );
            return None;
        }
        Err(diag) if diag.code == "io" => {
            diags.push(diag.hint(tr!(
                "name the folder holding folio.yaml with `--handbook DIR`",
                "indique la carpeta que contiene folio.yaml con `--handbook DIR`"
            )));
            return None;
        }
        Err(diag) => {
            diags.push(*diag);
            return None;
        }
    };
    Config::parse(&path, &text, diags)
}

/// A Markdown file found in the handbook tree, classified by its place.
struct SourceFile {
    version: Version,
    lang: Lang,
    /// `None` for the cover (`<version>/<lang>/_index.md`).
    chapter: Option<String>,
    /// Path relative to the handbook root.
    rel: PathBuf,
}

impl SourceFile {
    fn is_index(&self) -> bool {
        self.rel.file_name().is_some_and(|n| n == "_index.md")
    }
}

/// Walks the tree and classifies each Markdown file, reporting misplaced
/// files and folders that are not configured versions or languages. Hidden
/// entries and the folders of the editions `left_out` are skipped.
fn discover(root: &Path, config: &Config, left_out: &[String], diags: &mut Diagnostics) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let walker = WalkDir::new(root).min_depth(1).max_depth(4).sort_by_file_name().into_iter();
    // Hidden files, the shared files' folder (read when pages use its
    // files) and left-out draft editions.
    let walker = walker.filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        let shared = e.depth() == 1 && name == files::SHARED_DIR;
        let left_out = e.depth() == 1 && left_out.iter().any(|id| *id == name);
        !name.starts_with('.') && !shared && !left_out
    });
    let mut version = None;
    let mut lang = None;
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                diags.push(Diagnostic::error("io", &path, tr!("cannot read: {err}", "no se puede leer: {err}")));
                continue;
            }
        };
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let name = entry.file_name().to_string_lossy().to_string();
        let is_dir = entry.file_type().is_dir();
        if let Some(refusal) = refuse_non_regular(path, entry.file_type()) {
            diags.push(refusal);
            continue;
        }
        match (entry.depth(), is_dir) {
            (1, true) => {
                version = config.find_version(&name);
                if version.is_none() {
                    let ids = config.versions.iter().map(|v| v.id.as_str());
                    let known = ids.clone().collect::<Vec<_>>().join(", ");
                    let hint = tr!(
                        "the versions are: {known}; add `{name}` to `versions` or move the folder out of the handbook",
                        "las versiones son: {known}; añada `{name}` a `versions` o saque la carpeta del manual"
                    );
                    diags.push(
                        Diagnostic::error(
                            "unknown-version",
                            path,
                            tr!(
                                "folder `{name}` is not a version listed in folio.yaml",
                                "la carpeta `{name}` no es una versión indicada en folio.yaml"
                            ),
                        )
                        .hint(with_suggestion(did_you_mean(&name, ids), hint)),
                    );
                }
            }
            (2, true) => {
                lang = config.find_lang(&name);
                if version.is_some() && lang.is_none() {
                    let known = config.languages.join(", ");
                    diags.push(
                        Diagnostic::error(
                            "unknown-language",
                            path,
                            tr!(
                                "folder `{name}` is not a language listed in folio.yaml",
                                "la carpeta `{name}` no es un idioma indicado en folio.yaml"
                            ),
                        )
                        .hint(with_suggestion(
                            did_you_mean(&name, config.languages.iter().map(String::as_str)),
                            tr!(
                                "the languages are: {known}; rename the folder or add `{name}` to `languages`",
                                "los idiomas son: {known}; renombre la carpeta o añada `{name}` a `languages`"
                            ),
                        )),
                    );
                }
            }
            (3, false) | (4, false) if name.ends_with(".md") => {
                let (Some(version), Some(lang)) = (version, lang) else {
                    continue;
                };
                let chapter = (entry.depth() == 4)
                    .then(|| rel.parent().and_then(Path::file_name).unwrap_or_default().to_string_lossy().to_string());
                if entry.depth() == 3 && name != "_index.md" {
                    diags.push(
                        Diagnostic::error(
                            "misplaced-page",
                            path,
                            tr!(
                                "sections must be inside a chapter folder",
                                "las secciones deben estar dentro de una carpeta de capítulo"
                            ),
                        )
                        .hint(tr!(
                            "move the file into a chapter folder; the only file allowed here is the cover, `_index.md`",
                            "mueva el archivo a una carpeta de capítulo; aquí solo se admite la portada, `_index.md`"
                        )),
                    );
                    continue;
                }
                files.push(SourceFile { version, lang, chapter, rel });
            }
            // A folder in a chapter may hold the chapter's images and attachments.
            (4, true) if version.is_some() && lang.is_some() && holds_pages(path) => {
                diags.push(
                    Diagnostic::error(
                        "nested-folder",
                        path,
                        tr!("chapters cannot contain folders", "los capítulos no pueden contener carpetas"),
                    )
                    .hint(tr!(
                        "keep each chapter's sections directly in its folder",
                        "deje las secciones de cada capítulo directamente en su carpeta"
                    )),
                );
            }
            _ => {}
        }
    }
    files
}

/// Whether a folder holds Markdown files, at any depth.
fn holds_pages(dir: &Path) -> bool {
    WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
}

/// `hint`, preceded by "did you mean `meant`?" if there is a likely name.
fn with_suggestion(meant: Option<&str>, hint: Text) -> Text {
    match meant {
        Some(meant) => {
            let (en, es) = (hint.en(), hint.es());
            tr!("did you mean `{meant}`? {en}", "¿quiso decir `{meant}`? {es}")
        }
        None => hint,
    }
}

/// The error for an entry of the handbook that is neither a regular file nor
/// a folder, `None` for those. A symbolic link could pull in any file of the
/// computer (and messages quote what they read); a FIFO, socket or device
/// would block the read forever. Neither is ever opened.
fn refuse_non_regular(path: &Path, file_type: std::fs::FileType) -> Option<Diagnostic> {
    if file_type.is_symlink() {
        Some(
            Diagnostic::error(
                "symlink",
                path,
                tr!("symbolic links are not followed", "los enlaces simbólicos no se siguen"),
            )
            .hint(tr!(
                "copy the file into the handbook folder instead",
                "copie el archivo en la carpeta del manual en su lugar"
            )),
        )
    } else if file_type.is_file() || file_type.is_dir() {
        None
    } else {
        Some(
            Diagnostic::error(
                "not-a-file",
                path,
                tr!(
                    "not a regular file (a FIFO, socket or device)",
                    "no es un archivo normal (un FIFO, un socket o un dispositivo)"
                ),
            )
            .hint(tr!(
                "remove it from the handbook folder; only Markdown files, folders and folio.yaml belong there",
                "quítelo de la carpeta del manual; allí solo van archivos Markdown, carpetas y folio.yaml"
            )),
        )
    }
}

/// Reads a file of the handbook, refusing symbolic links, FIFOs and devices
/// without opening them ([`refuse_non_regular`]).
pub(crate) fn read_handbook_file(path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    let cannot_read = |err: std::io::Error| {
        Box::new(Diagnostic::error(
            "io",
            path,
            tr!("cannot read the file: {err}", "no se puede leer el archivo: {err}"),
        ))
    };
    let metadata = std::fs::symlink_metadata(path).map_err(cannot_read)?;
    if let Some(refusal) = refuse_non_regular(path, metadata.file_type()) {
        return Err(Box::new(refusal));
    }
    std::fs::read(path).map_err(cannot_read)
}

/// What is known of a page that failed to load (its errors reported).
pub(crate) struct FailedPage {
    /// The id its front matter names, if that much can be read.
    id: Option<String>,
}

/// Reads and parses one file into a page (translation state not yet paired).
pub(crate) fn read_page(root: &Path, rel: &Path, diags: &mut Diagnostics) -> Result<Page, FailedPage> {
    let path = root.join(rel);
    let bytes = match read_handbook_file(&path) {
        Ok(bytes) => bytes,
        Err(diag) => {
            diags.push(*diag);
            return Err(FailedPage { id: None });
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&err.as_bytes()[..valid]).to_string();
            diags.push(
                Diagnostic::error("encoding", &path, tr!("the file is not valid UTF-8", "el archivo no es UTF-8 válido"))
                    .at_offset(&prefix, valid)
                    .hint(tr!(
                        "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
                        "guarde el archivo como UTF-8 (la mayoría de los editores lo ofrecen en \"Guardar con codificación\")"
                    )),
            );
            return Err(FailedPage { id: None });
        }
    };
    let (fm, body_start) = match front_matter::parse(&path, &text) {
        Ok(parsed) => parsed,
        Err(errors) => {
            errors.into_iter().for_each(|d| diags.push(d));
            return Err(FailedPage { id: front_matter::readable_id(&text) });
        }
    };
    let (doc, issues) = Document::parse(&text[body_start..]);
    for issue in issues {
        diags.push(issue.diagnostic(&path, &text, body_start));
    }
    let stem = if rel.file_name().is_some_and(|n| n == "_index.md") {
        rel.parent().and_then(Path::file_name)
    } else {
        rel.file_stem()
    };
    let slug = fm.slug.clone().unwrap_or_else(|| stem.unwrap_or_default().to_string_lossy().to_string());
    if fm.slug.is_none() && !front_matter::is_valid_key(&slug) {
        diags.push(
            Diagnostic::error(
                "bad-slug",
                &path,
                tr!(
                    "the file name gives the slug `{slug}`, which may only contain lowercase letters, digits and hyphens",
                    "el nombre del archivo da el slug `{slug}`, que solo puede contener letras minúsculas, dígitos y guiones"
                ),
            )
            .hint(tr!(
                "rename the file or set `slug:` in the front matter",
                "renombre el archivo o indique `slug:` en la cabecera"
            )),
        );
    }
    Ok(Page {
        id: fm.id,
        title: fm.title,
        weight: fm.weight,
        summary: fm.summary,
        slug,
        file: rel.to_path_buf(),
        text,
        body_start,
        doc,
        fingerprint: Default::default(),
        translation: Translation::Translated { recorded: fm.source_hash, source_now: None },
        files: HashMap::new(),
        glossary: fm.glossary,
        terms: fm.terms,
    })
}

/// Builds one version+language book from its files.
fn assemble(root: &Path, version: Version, lang: Lang, files: &[&SourceFile], diags: &mut Diagnostics) -> Book {
    let mut cover = None;
    let mut chapters: BTreeMap<String, (Option<Page>, Vec<Page>)> = BTreeMap::new();
    let (mut failed_ids, mut failed_files) = (HashSet::new(), HashSet::new());
    let mut rejected_chapters = HashSet::new();
    for file in files {
        let mut page = match read_page(root, &file.rel, diags) {
            Ok(page) => page,
            Err(failed) => {
                failed_ids.extend(failed.id);
                failed_files.insert(file.rel.clone());
                if file.is_index() {
                    rejected_chapters.extend(file.chapter.clone());
                }
                continue;
            }
        };
        if lang == SOURCE_LANG {
            page.translation = Translation::Source;
        }
        match &file.chapter {
            None => cover = Some(page),
            Some(chapter) => {
                let entry = chapters.entry(chapter.clone()).or_default();
                if file.is_index() {
                    entry.0 = Some(page);
                } else {
                    entry.1.push(page);
                }
            }
        }
    }
    let mut list = Vec::new();
    for (folder, (index, mut sections)) in chapters {
        let Some(index) = index else {
            // The sections are left out with their chapter: links to them follow from this error.
            failed_ids.extend(sections.iter().map(|p| p.id.clone()));
            failed_files.extend(sections.iter().map(|p| p.file.clone()));
            if rejected_chapters.contains(&folder) {
                diags.suppress(1);
                continue;
            }
            let path = sections.first().map_or_else(|| root.join(&folder), |p| root.join(&p.file));
            diags.push(
                Diagnostic::error(
                    "missing-chapter-page",
                    &path,
                    tr!(
                        "chapter folder `{folder}` has no `_index.md`",
                        "la carpeta de capítulo `{folder}` no tiene `_index.md`"
                    ),
                )
                .hint(tr!(
                    "add `_index.md` with the chapter's id, title and weight",
                    "añada `_index.md` con el id, el título y el peso (weight) del capítulo"
                )),
            );
            continue;
        };
        sections.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
        list.push(Chapter { page: index, sections });
    }
    list.sort_by(|a, b| (a.page.weight, &a.page.slug).cmp(&(b.page.weight, &b.page.slug)));
    let mut book = Book::new(version, lang, cover, list);
    (book.failed_ids, book.failed_files) = (failed_ids, failed_files);
    check_unique(root, &book, diags);
    book
}

/// Reports duplicate ids and output names within a book.
fn check_unique(root: &Path, book: &Book, diags: &mut Diagnostics) {
    let mut ids: HashMap<&str, &Page> = HashMap::new();
    let mut slugs: HashMap<&str, &Page> = HashMap::new();
    for page in book.pages() {
        let path = root.join(&page.file);
        if let Some(first) = ids.insert(&page.id, page) {
            let (id, other) = (&page.id, root.join(&first.file).display().to_string());
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    &path,
                    tr!("id `{id}` is already used by {other}", "el id `{id}` ya lo usa {other}"),
                )
                .at(text_line(&page.text, "id:"), 1)
                .with_source_line(&page.text)
                .hint(tr!(
                    "ids must be unique within a version and language; give one of the pages another id",
                    "los ids deben ser únicos en una versión e idioma; dé otro id a una de las páginas"
                )),
            );
        }
        let is_cover = book.cover.as_ref().is_some_and(|c| std::ptr::eq(c, page));
        let slug = &page.slug;
        if !is_cover && (RESERVED_SLUGS.contains(&page.slug.as_str()) || page.slug.starts_with(RESERVED_PREFIX)) {
            diags.push(
                Diagnostic::error(
                    "duplicate-slug",
                    &path,
                    tr!(
                        "the slug `{slug}` is reserved for a page Folio generates",
                        "el slug `{slug}` está reservado para una página que genera Folio"
                    ),
                )
                .hint(tr!("rename the file or set another `slug:`", "renombre el archivo o indique otro `slug:`")),
            );
        }
        if is_cover {
            continue;
        }
        if let Some(first) = slugs.insert(&page.slug, page) {
            let other = root.join(&first.file).display().to_string();
            diags.push(
                Diagnostic::error(
                    "duplicate-slug",
                    &path,
                    tr!(
                        "`{slug}.html` would also be written for {other}",
                        "`{slug}.html` también se escribiría para {other}"
                    ),
                )
                .hint(tr!(
                    "pages of one version and language share a folder in the site; rename one file or set `slug:`",
                    "las páginas de una versión e idioma comparten carpeta en el sitio; renombre un archivo o indique `slug:`"
                )),
            );
        }
    }
}

/// Records, for each translated page, the current hash of its source page,
/// and fills each translation's gaps with placeholders pointing at the source.
pub(crate) fn pair_translations(handbook: &mut Handbook, diags: &mut Diagnostics) {
    let root = handbook.root.clone();
    for version in handbook.config.versions().collect::<Vec<_>>() {
        let (source_books, others): (Vec<&mut Book>, Vec<&mut Book>) =
            handbook.books.iter_mut().filter(|b| b.version == version).partition(|b| b.lang == SOURCE_LANG);
        let Some(source) = source_books.into_iter().next() else {
            continue;
        };
        let source = &*source;
        for book in others {
            fill_translation(&root, source, book, &handbook.config, diags);
        }
    }
    translated::attach_snapshots(handbook);
}

fn fill_translation(root: &Path, source: &Book, book: &mut Book, config: &Config, diags: &mut Diagnostics) {
    let lang = config.lang_code(book.lang).to_string();
    for page in book.pages_mut() {
        let path = root.join(&page.file);
        let Translation::Translated { recorded, source_now } = &mut page.translation else {
            continue;
        };
        match source.find(&page.id) {
            Some(src) => {
                let now = content_hash(src.body());
                let (source, file) = (root.join(&src.file).display().to_string(), path.display());
                match recorded {
                    None => diags.push(
                        Diagnostic::warning(
                            "unrecorded-translation",
                            &path,
                            tr!(
                                "the translation does not record which text of {source} it was made from",
                                "la traducción no registra de qué texto de {source} se hizo"
                            ),
                        )
                        .hint(tr!(
                            "after checking the translation, run `folio translated {file}`",
                            "tras revisar la traducción, ejecute `folio translated {file}`"
                        )),
                    ),
                    Some(r) if *r != now => diags.push(
                        Diagnostic::warning(
                            "outdated-translation",
                            &path,
                            tr!(
                                "the source page {source} changed since this translation was made",
                                "la página de origen {source} cambió desde que se hizo esta traducción"
                            ),
                        )
                        .at(text_line(&page.text, "source_hash:"), 1)
                        .with_source_line(&page.text)
                        .hint(tr!(
                            "update the translation, then run `folio translated {file}`",
                            "actualice la traducción y luego ejecute `folio translated {file}`"
                        )),
                    ),
                    Some(_) => {}
                }
                *source_now = Some(now);
            }
            None if source.failed_ids.contains(&page.id) => diags.suppress(1),
            None => diags.push({
                let id = &page.id;
                Diagnostic::warning(
                    "orphan-translation",
                    &path,
                    tr!(
                        "no page with id `{id}` in the source language of this version",
                        "no hay ninguna página con id `{id}` en el idioma de origen de esta versión"
                    ),
                )
                .hint(tr!(
                    "check the id against the source-language page",
                    "compare el id con el de la página en el idioma de origen"
                ))
            }),
        }
    }
    // Placeholders for what has no translation yet, each with an output file
    // that no other page of the book has.
    let mut added = false;
    let mut taken: HashSet<String> = book.pages().map(|p| p.slug.clone()).collect();
    let mut placeholder =
        |src: &Page| placeholder_of(src, free_slug(&src.slug, config.lang_code(SOURCE_LANG), &mut taken));
    for src_chapter in &source.chapters {
        let c = match book.chapters.iter().position(|c| c.page.id == src_chapter.page.id) {
            Some(c) => c,
            None => {
                if book.failed_ids.contains(&src_chapter.page.id) {
                    diags.suppress(1);
                } else {
                    let (id, version) = (&src_chapter.page.id, &config.version(book.version).id);
                    diags.push(
                        Diagnostic::warning(
                            "missing-translation",
                            &root.join(&src_chapter.page.file),
                            tr!(
                                "chapter `{id}` has no `{lang}` translation",
                                "el capítulo `{id}` no tiene traducción `{lang}`"
                            ),
                        )
                        .hint(tr!(
                            "add the chapter folder under {version}/{lang}/",
                            "añada la carpeta del capítulo en {version}/{lang}/"
                        )),
                    );
                }
                book.chapters.push(Chapter { page: placeholder(&src_chapter.page), sections: Vec::new() });
                added = true;
                book.chapters.len() - 1
            }
        };
        for src_section in &src_chapter.sections {
            if book.find(&src_section.id).is_some() || book.chapters[c].sections.iter().any(|s| s.id == src_section.id)
            {
                continue;
            }
            if book.failed_ids.contains(&src_section.id) {
                diags.suppress(1);
            } else {
                let (id, version) = (&src_section.id, &config.version(book.version).id);
                diags.push(
                    Diagnostic::warning(
                        "missing-translation",
                        &root.join(&src_section.file),
                        tr!(
                            "section `{id}` has no `{lang}` translation",
                            "la sección `{id}` no tiene traducción `{lang}`"
                        ),
                    )
                    .hint(tr!(
                        "translate it into {version}/{lang}/, or leave it: readers are sent to the source text",
                        "tradúzcala en {version}/{lang}/, o déjela: los lectores van al texto de origen"
                    )),
                );
            }
            book.chapters[c].sections.push(placeholder(src_section));
            added = true;
        }
    }
    if added {
        for chapter in &mut book.chapters {
            chapter.sections.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
        }
        book.chapters.sort_by(|a, b| (a.page.weight, &a.page.slug).cmp(&(b.page.weight, &b.page.slug)));
        book.reindex();
    }
}

/// The page that stands in for a missing translation of `src`, written to
/// `slug`: the source page's title and text, marked missing.
fn placeholder_of(src: &Page, slug: String) -> Page {
    Page {
        id: src.id.clone(),
        title: src.title.clone(),
        weight: src.weight,
        summary: src.summary.clone(),
        slug,
        file: src.file.clone(),
        text: src.text.clone(),
        body_start: src.body_start,
        doc: src.doc.clone(),
        fingerprint: Default::default(),
        translation: Translation::Missing,
        files: src.files.clone(),
        glossary: src.glossary,
        terms: src.terms,
    }
}

/// What [`reload_page`] did with an edited page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reload {
    /// The page was replaced in its book (an index into the handbook's books).
    Replaced {
        /// Its book.
        book: usize,
        /// Its id.
        id: String,
        /// Whether its title changed (navigation shows titles everywhere).
        title_changed: bool,
    },
    /// The edit changes the handbook's structure (the page's id, slug or
    /// order), or the file is no page of the handbook: load everything again.
    Structural,
}

/// Reads the page at `rel` (relative to the handbook root) again into
/// `handbook`, as loading the whole handbook would: the page replaces its
/// old version, the placeholders standing in for it in other languages are
/// made again from it, and translations are paired again (their warnings go
/// to `diags` with the page's own findings). `None` if the page has errors.
pub fn reload_page(handbook: &mut Handbook, rel: &Path, diags: &mut Diagnostics) -> Option<Reload> {
    let mut page = read_page(&handbook.root, rel, diags).ok()?;
    let written = |p: &Page| p.file == rel && p.translation != Translation::Missing;
    let Some(b) = handbook.books.iter().position(|b| b.pages().any(written)) else {
        return Some(Reload::Structural);
    };
    let Some(old) = handbook.books[b].find_file(rel) else { return Some(Reload::Structural) };
    if (old.id.as_str(), old.slug.as_str(), old.weight) != (page.id.as_str(), page.slug.as_str(), page.weight) {
        return Some(Reload::Structural);
    }
    let title_changed = old.title != page.title;
    let fallback = files::source_folders(handbook, b).remove(&page.id);
    page.files = files::resolve_page(&handbook.root, &page, fallback.as_deref(), &mut files::Read::new(), diags);
    let (version, id) = (handbook.books[b].version, page.id.clone());
    if handbook.books[b].lang == SOURCE_LANG {
        page.translation = Translation::Source;
        for book in handbook.books.iter_mut().filter(|book| book.version == version && book.lang != SOURCE_LANG) {
            for stand_in in book.pages_mut().filter(|p| p.id == id && p.translation == Translation::Missing) {
                *stand_in = placeholder_of(&page, std::mem::take(&mut stand_in.slug));
            }
        }
    }
    handbook.books[b].replace_page(page);
    pair_translations(handbook, diags);
    Some(Reload::Replaced { book: b, id, title_changed })
}

/// The slug for a placeholder of the source page `slug`: the same if free in
/// the book, else `<slug>-<source language>`, then `-2`, `-3`… after it (so
/// the choice depends only on the book). The slug returned is marked taken.
fn free_slug(slug: &str, source_code: &str, taken: &mut HashSet<String>) -> String {
    let marked = format!("{slug}-{source_code}");
    let candidates = [slug.to_string(), marked.clone()].into_iter();
    let numbered = (2..).map(|n| format!("{marked}-{n}"));
    let free = candidates.chain(numbered).find(|s| !taken.contains(s)).expect("the numbered names never run out");
    taken.insert(free.clone());
    free
}

/// 1-based line of the first line of `text` starting with `prefix` (1 if none).
fn text_line(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).map_or(1, |i| i + 1)
}
