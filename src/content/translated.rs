//! Accepting translations (`folio translated`): records in a translated
//! page's front matter the hash of the source-language text it now
//! corresponds to, touching nothing else in the file, and keeps a snapshot
//! of that source text beside the handbook, in
//! `.folio/translated/<version>/<lang>/<id>.md` ([`snapshot_file`]). Once
//! the source changes, the site shows the source's redline from the
//! snapshot to now; loading attaches to each outdated translation the
//! snapshot recorded for it ([`attach_snapshots`]). Pages are named one by
//! one, by folder, or all at once (after an import).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use walkdir::WalkDir;

use super::{content_hash, front_matter, read_page};
use crate::config::{Config, SOURCE_LANG};
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostics;
use crate::handbook::{Handbook, Page, Translation};

/// Where snapshots are kept, relative to the handbook root. Loading skips
/// folders whose names start with a dot, so this is never read as pages.
pub const SNAPSHOT_DIR: &str = ".folio/translated";

/// The snapshot of the source text the translation `id` in `<version>/<lang>`
/// was last brought up to date with, relative to the handbook root.
pub fn snapshot_file(version: &str, lang: &str, id: &str) -> PathBuf {
    Path::new(SNAPSHOT_DIR).join(version).join(lang).join(format!("{id}.md"))
}

/// Records translations of one handbook, reading each edition's source
/// pages once however many translations are recorded.
pub struct Recorder {
    root: PathBuf,
    config: Config,
    /// Per version id: the source pages, by page id (read when first needed).
    sources: HashMap<String, HashMap<String, SourceText>>,
}

/// A source page's whole text, and where its body starts.
#[derive(Clone)]
struct SourceText {
    text: String,
    body_start: usize,
}

/// A translated page to record, and whether it was named on its own (not
/// found in a folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The page's path.
    pub page: PathBuf,
    /// Named on the command line, not found under a folder.
    pub named: bool,
}

impl Recorder {
    /// A recorder for the handbook at `root`.
    pub fn new(root: &Path) -> Result<Recorder> {
        let mut diags = Diagnostics::default();
        let config = super::load_config(root, &mut diags).with_context(|| {
            let found = diags.to_text();
            tr!("cannot read the handbook manifest:\n{found}", "no se puede leer el manifiesto del manual:\n{found}")
        })?;
        Ok(Recorder { root: root.to_path_buf(), config, sources: HashMap::new() })
    }

    /// The translated pages `paths` name: a page as itself, a folder as every
    /// page under it in a translation language; with `all`, also every page
    /// of every translation language folder of the handbook.
    pub fn targets(&self, paths: &[PathBuf], all: bool) -> Result<Vec<Target>> {
        let mut targets = Vec::new();
        for path in paths {
            if !path.is_dir() {
                targets.push(Target { page: path.clone(), named: true });
                continue;
            }
            let found = self.translated_pages_under(path)?;
            if found.is_empty() {
                let dir = path.display();
                bail!(
                    "{}",
                    tr!(
                        "{dir} holds no translated page (pages in the source language record nothing)",
                        "{dir} no contiene páginas traducidas (las páginas del idioma de origen no registran nada)"
                    )
                );
            }
            targets.extend(found.into_iter().map(|page| Target { page, named: false }));
        }
        if all {
            for version in self.config.versions() {
                for lang in self.config.langs().filter(|l| *l != SOURCE_LANG) {
                    let dir = self.root.join(&self.config.version(version).id).join(self.config.lang_code(lang));
                    if dir.is_dir() {
                        let found = self.translated_pages_under(&dir)?;
                        targets.extend(found.into_iter().map(|page| Target { page, named: false }));
                    }
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        targets.retain(|t| seen.insert(t.page.clone()));
        Ok(targets)
    }

    /// The Markdown files under `dir` (regular files only, hidden entries
    /// skipped) that lie in a translation language's folder.
    fn translated_pages_under(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let mut pages = Vec::new();
        let walker = WalkDir::new(dir).sort_by_file_name().into_iter();
        for entry in walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')) {
            let entry = entry.with_context(|| {
                let dir = dir.display();
                tr!("cannot read {dir}", "no se puede leer {dir}")
            })?;
            if entry.file_type().is_file()
                && entry.path().extension().is_some_and(|e| e == "md")
                && self.locate(entry.path()).is_ok_and(|(_, lang, _)| lang != self.config.lang_code(SOURCE_LANG))
            {
                pages.push(entry.path().to_path_buf());
            }
        }
        Ok(pages)
    }

    /// The version id and language code of the folder `page` is in, and its
    /// path relative to the handbook. As the build does: only files inside
    /// the handbook, with every `..` and symbolic link resolved first.
    fn locate(&self, page: &Path) -> Result<(String, String, PathBuf)> {
        let canonical = |p: &Path| {
            p.canonicalize().with_context(|| {
                let p = p.display();
                tr!("cannot resolve {p}", "no se puede resolver {p}")
            })
        };
        let rel = canonical(page)?.strip_prefix(canonical(&self.root)?).map(Path::to_path_buf).map_err(|_| {
            let (shown, handbook) = (page.display(), self.root.display());
            anyhow!(tr!(
                "{shown} is not inside the handbook {handbook}",
                "{shown} no está dentro del manual {handbook}"
            ))
        })?;
        let mut parts = rel.iter().map(|p| p.to_string_lossy().to_string());
        let (Some(version), Some(lang)) = (parts.next(), parts.next()) else {
            let shown = page.display();
            bail!(tr!(
                "{shown} is not a page of a version and language folder",
                "{shown} no es una página de una carpeta de versión e idioma"
            ));
        };
        if self.config.find_version(&version).is_none() || self.config.find_lang(&lang).is_none() {
            let shown = page.display();
            bail!(tr!(
                "{shown} is not inside a configured <version>/<language> folder",
                "{shown} no está dentro de una carpeta <versión>/<idioma> configurada"
            ));
        }
        Ok((version, lang, rel))
    }

    /// Records the current source hash in the translated page at `page` and
    /// keeps the source text as its snapshot. Returns the hash written.
    pub fn record(&mut self, page: &Path) -> Result<String> {
        let (version, lang, _) = self.locate(page)?;
        let source_lang = self.config.lang_code(SOURCE_LANG).to_string();
        if lang == source_lang {
            let shown = page.display();
            bail!(tr!(
                "{shown} is in the source language ({source_lang}); only translations record a source hash",
                "{shown} está en el idioma de origen ({source_lang}); solo las traducciones registran un hash de origen"
            ));
        }
        let bytes = super::read_handbook_file(page).map_err(|diag| anyhow!("{}: {}", page.display(), diag.message))?;
        let shown = page.display();
        let text = String::from_utf8(bytes)
            .with_context(|| tr!("{shown} is not valid UTF-8", "{shown} no es UTF-8 válido"))?;
        let (fm, _) = front_matter::parse(page, &text)
            .map_err(|errors| anyhow!("{}", errors.iter().map(ToString::to_string).collect::<String>()))?;
        let source_dir = self.root.join(&version).join(&source_lang);
        let source = self.sources_of(&version)?.get(&fm.id).cloned();
        let source = source.with_context(|| {
            let (id, dir) = (&fm.id, source_dir.display());
            tr!("no page with id `{id}` in {dir}", "no hay ninguna página con id `{id}` en {dir}")
        })?;
        let hash = content_hash(&source.text[source.body_start..]);
        let updated = set_source_hash(&text, &hash)
            .with_context(|| tr!("{shown} has no front matter", "{shown} no tiene cabecera"))?;
        self.write_snapshot(&snapshot_file(&version, &lang, &fm.id), &source.text)?;
        if updated != text {
            std::fs::write(page, updated)
                .with_context(|| tr!("cannot write {shown}", "no se puede escribir {shown}"))?;
        }
        Ok(hash)
    }

    /// The source pages of the edition `version`, by id, read once.
    fn sources_of(&mut self, version: &str) -> Result<&HashMap<String, SourceText>> {
        if !self.sources.contains_key(version) {
            let dir = self.root.join(version).join(self.config.lang_code(SOURCE_LANG));
            let mut found = HashMap::new();
            for entry in WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.with_context(|| {
                    let dir = dir.display();
                    tr!("cannot read {dir}", "no se puede leer {dir}")
                })?;
                if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).with_context(|| {
                    let file = entry.path().display();
                    tr!("cannot read {file}", "no se puede leer {file}")
                })?;
                if let Ok((fm, body_start)) = front_matter::parse(entry.path(), &text) {
                    found.entry(fm.id).or_insert(SourceText { text, body_start });
                }
            }
            self.sources.insert(version.to_string(), found);
        }
        Ok(&self.sources[version])
    }

    /// Writes `text` to `rel` (relative to the handbook), creating its
    /// folders; never through a symbolic link, so nothing outside the
    /// handbook is written.
    fn write_snapshot(&self, rel: &Path, text: &str) -> Result<()> {
        let refuse = |path: &Path| {
            let path = path.display();
            anyhow!(
                "{}",
                tr!(
                    "{path} is not a plain folder or file; Folio keeps the source texts of translations there: move it away",
                    "{path} no es una carpeta ni un archivo corriente; Folio guarda allí los textos de origen de las traducciones: muévalo a otro lugar"
                )
            )
        };
        let mut dir = self.root.clone();
        for part in rel.parent().into_iter().flat_map(Path::iter) {
            dir.push(part);
            match std::fs::symlink_metadata(&dir) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Err(refuse(&dir)),
                Err(_) => std::fs::create_dir(&dir).with_context(|| {
                    let dir = dir.display();
                    tr!("cannot create {dir}", "no se puede crear {dir}")
                })?,
            }
        }
        let path = self.root.join(rel);
        if std::fs::symlink_metadata(&path).is_ok_and(|meta| !meta.is_file()) {
            return Err(refuse(&path));
        }
        std::fs::write(&path, text).with_context(|| {
            let path = path.display();
            tr!("cannot write {path}", "no se puede escribir {path}")
        })
    }
}

/// Gives each outdated translation the snapshot of the source text it was
/// last brought up to date with ([`Book::snapshots`]), when one was kept and
/// it is the text whose hash the translation records. A snapshot already
/// attached is kept (the preview pairs translations again on every save);
/// translations that are not outdated have none.
///
/// [`Book::snapshots`]: crate::handbook::Book::snapshots
pub(crate) fn attach_snapshots(handbook: &mut Handbook) {
    let root = &handbook.root;
    let config = &handbook.config;
    for book in handbook.books.iter_mut().filter(|b| b.lang != SOURCE_LANG) {
        let (version, lang) = (&config.version(book.version).id, config.lang_code(book.lang));
        let outdated: Vec<(String, String)> = book
            .pages()
            .filter(|p| p.translation.is_outdated())
            .filter_map(|p| match &p.translation {
                Translation::Translated { recorded: Some(recorded), .. } => Some((p.id.clone(), recorded.clone())),
                _ => None,
            })
            .collect();
        let mut attached = std::mem::take(&mut book.snapshots);
        for (id, recorded) in outdated {
            let matches = |snapshot: &Page| content_hash(snapshot.body()) == recorded;
            let snapshot = attached.remove(&id).filter(matches).or_else(|| {
                let read = read_page(root, &snapshot_file(version, lang, &id), &mut Diagnostics::default());
                read.ok().filter(matches)
            });
            if let Some(snapshot) = snapshot {
                book.snapshots.insert(id, snapshot);
            }
        }
    }
}

/// Replaces the value of `source_hash:` in the front matter, or adds the key
/// just before the closing `---`.
fn set_source_hash(text: &str, hash: &str) -> Option<String> {
    let split = front_matter::split(text)?;
    let mut offset = split.yaml_start;
    for line in split.yaml.split_inclusive('\n') {
        if line.starts_with("source_hash:") {
            let eol = &line[line.trim_end_matches(['\r', '\n']).len()..];
            return Some(format!("{}source_hash: {hash}{eol}{}", &text[..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let end = split.yaml_start + split.yaml.len();
    let sep = if split.yaml.is_empty() || split.yaml.ends_with('\n') { "" } else { eol };
    Some(format!("{}{sep}source_hash: {hash}{eol}{}", &text[..end], &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::set_source_hash;

    // Replacing keeps every other byte of the file.
    #[test]
    fn replaces_existing_hash_only() {
        let text = "---\nid: a\nsource_hash: old\ntitle: T\n---\nBody\n";
        assert_eq!(set_source_hash(text, "new").unwrap(), "---\nid: a\nsource_hash: new\ntitle: T\n---\nBody\n");
    }

    // A page without the key gets it as the last front matter line.
    #[test]
    fn adds_missing_hash_before_closing_line() {
        let text = "---\r\nid: a\r\ntitle: T\r\n---\r\nBody\r\n";
        assert_eq!(
            set_source_hash(text, "abc").unwrap(),
            "---\r\nid: a\r\ntitle: T\r\nsource_hash: abc\r\n---\r\nBody\r\n"
        );
    }
}
