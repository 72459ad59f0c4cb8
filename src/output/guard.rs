//! The output guard: a build replaces its output folder and may write a zip,
//! so before anything is written it decides whether that is safe. Paths are
//! compared as the file system sees them ([`resolve`]: symlinks and `..`
//! followed), never as typed, and Folio replaces only what it made: a new or
//! empty folder, or a site holding Folio's manifest and nothing else.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::tr;
use crate::diagnostic::Text;
use crate::integrity::{Manifest, ZIP_NOTE_NAME};
use crate::site::MANIFEST;

/// Files that operating systems drop into folders a user browses; a site
/// holding them is still only Folio's.
const SYSTEM_CLUTTER: [&str; 3] = [".DS_Store", "Thumbs.db", "desktop.ini"];

/// Why the build refused to write, with what to do about it.
#[derive(Debug)]
pub struct Refusal {
    /// What is wrong.
    pub message: Text,
    /// What to do.
    pub hint: Text,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  = {}: {}", self.message, tr!("hint", "sugerencia"), self.hint)
    }
}

impl std::error::Error for Refusal {}

fn refuse(message: Text, hint: Text) -> Refusal {
    Refusal { message, hint }
}

/// What the build reads and where it writes, as given on the command line.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The handbook folder.
    pub handbook: &'a Path,
    /// The theme folder, if not the built-in one.
    pub theme: Option<&'a Path>,
    /// The site folder to replace.
    pub out: &'a Path,
    /// The zip file to write, if any.
    pub zip: Option<&'a Path>,
    /// Replace an output folder or a file that Folio did not make.
    pub force: bool,
}

/// Where a build may write, resolved: the paths the write stage must use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Targets {
    /// The site folder (absolute, symlinks resolved).
    pub out: PathBuf,
    /// The zip file (absolute, symlinks resolved).
    pub zip: Option<PathBuf>,
}

/// The absolute spelling of `path` as the file system will follow it: each
/// part that exists is canonicalized (symlinks resolved), the rest is
/// normalized (`.` dropped, `..` removing the part before it).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = fs::canonicalize(&resolved) {
                    resolved = real;
                }
            }
        }
    }
    Ok(resolved)
}

/// Decides whether the build may replace `request.out` and write
/// `request.zip`, and returns their resolved paths.
pub fn check(request: &Request<'_>) -> Result<Targets, Refusal> {
    let resolved = |path: &Path| {
        resolve(path).map_err(|err| {
            let path = path.display();
            refuse(
                tr!("cannot resolve the path `{path}`: {err}", "no se puede resolver la ruta `{path}`: {err}"),
                tr!("check that the path is spelled right", "compruebe que la ruta está bien escrita"),
            )
        })
    };
    let out = resolved(request.out)?;
    let handbook = resolved(request.handbook)?;
    let cwd = resolved(Path::new("."))?;
    // Each source named in English, in Spanish, and in Spanish after `de`.
    let mut sources = vec![(("the handbook", "el manual", "del manual"), request.handbook, handbook)];
    if let Some(theme) = request.theme {
        sources.push((("the theme", "el tema", "del tema"), theme, resolved(theme)?));
    }
    let named = |given: &Path, real: &Path| {
        if given == real {
            format!("`{}`", given.display())
        } else {
            format!("`{}` ({})", given.display(), real.display())
        }
    };
    let out_named = named(request.out, &out);
    let choose = || {
        tr!(
            "choose an output folder outside the handbook and the theme, e.g. `--out site`",
            "elija una carpeta de salida fuera del manual y del tema, p. ej. `--out site`"
        )
    };
    for ((what, que, de_que), given, source) in &sources {
        let source_named = named(given, source);
        if out == *source {
            return Err(refuse(
                tr!(
                    "the output folder {out_named} is {what} {source_named}",
                    "la carpeta de salida {out_named} es {que} {source_named}"
                ),
                choose(),
            ));
        }
        if out.starts_with(source) {
            return Err(refuse(
                tr!(
                    "the output folder {out_named} is inside {what} {source_named}",
                    "la carpeta de salida {out_named} está dentro {de_que} {source_named}"
                ),
                choose(),
            ));
        }
        if source.starts_with(&out) {
            return Err(refuse(
                tr!(
                    "the output folder {out_named} contains {what} {source_named}",
                    "la carpeta de salida {out_named} contiene {que} {source_named}"
                ),
                choose(),
            ));
        }
    }
    if cwd.starts_with(&out) {
        let cwd = cwd.display();
        return Err(refuse(
            tr!(
                "the output folder {out_named} is or contains the current folder {cwd}",
                "la carpeta de salida {out_named} es o contiene la carpeta actual {cwd}"
            ),
            tr!(
                "the build replaces the whole output folder; choose a new folder for the site, e.g. `--out site`",
                "la compilación reemplaza toda la carpeta de salida; elija una carpeta nueva para el sitio, p. ej. `--out site`"
            ),
        ));
    }
    check_replaceable(&out, &out_named, request.force)?;
    let zip = match request.zip {
        Some(zip) => {
            let zip_path = resolved(zip)?;
            let zip_named = named(zip, &zip_path);
            let choose = || {
                tr!(
                    "write the zip next to the site, e.g. `--zip handbook.zip`",
                    "escriba el zip junto al sitio, p. ej. `--zip handbook.zip`"
                )
            };
            if zip_path.starts_with(&out) {
                return Err(refuse(
                    tr!(
                        "the zip file {zip_named} is inside the output folder {out_named}",
                        "el archivo zip {zip_named} está dentro de la carpeta de salida {out_named}"
                    ),
                    choose(),
                ));
            }
            for ((what, _, de_que), given, source) in &sources {
                if zip_path.starts_with(source) {
                    let source_named = named(given, source);
                    return Err(refuse(
                        tr!(
                            "the zip file {zip_named} is inside {what} {source_named}",
                            "el archivo zip {zip_named} está dentro {de_que} {source_named}"
                        ),
                        choose(),
                    ));
                }
            }
            check_zip_replaceable(&zip_path, &zip_named, request.force)?;
            Some(zip_path)
        }
        None => None,
    };
    Ok(Targets { out, zip })
}

/// An existing output folder may be replaced if it is empty or a site Folio
/// built holding nothing else (or with `--force`).
fn check_replaceable(out: &Path, named: &str, force: bool) -> Result<(), Refusal> {
    let Ok(meta) = fs::metadata(out) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(refuse(
            tr!(
                "the output folder {named} exists and is not a folder",
                "la carpeta de salida {named} existe y no es una carpeta"
            ),
            tr!(
                "choose another output folder; Folio never replaces a file with a site",
                "elija otra carpeta de salida; Folio nunca reemplaza un archivo por un sitio"
            ),
        ));
    }
    if force {
        return Ok(());
    }
    let force_hint = || {
        tr!(
            "Folio replaces only folders it made; choose a new folder (it will be created) or an empty one, \
             or pass --force to replace everything in this one",
            "Folio solo reemplaza carpetas que creó; elija una carpeta nueva (se creará) o una vacía, \
             o use --force para reemplazar todo lo que contiene esta"
        )
    };
    let text = match fs::read_to_string(out.join(MANIFEST)) {
        Ok(text) => text,
        Err(_) => {
            let empty = fs::read_dir(out).map(|mut entries| entries.next().is_none()).unwrap_or(false);
            if empty {
                return Ok(());
            }
            return Err(refuse(
                tr!(
                    "the output folder {named} is not empty and is not a site built by Folio (it has no {MANIFEST})",
                    "la carpeta de salida {named} no está vacía y no es un sitio compilado por Folio (no tiene {MANIFEST})"
                ),
                force_hint(),
            ));
        }
    };
    let Ok(manifest) = serde_json::from_str::<Manifest>(&text) else {
        return Err(refuse(
            tr!(
                "the output folder {named} has a {MANIFEST} that Folio did not write",
                "la carpeta de salida {named} tiene un {MANIFEST} que Folio no escribió"
            ),
            force_hint(),
        ));
    };
    let foreign = files_not_in(out, &manifest);
    if !foreign.is_empty() {
        let shown = foreign.iter().take(5).map(String::as_str).collect::<Vec<_>>().join(", ");
        let (count, rest) = (foreign.len(), foreign.len().saturating_sub(5));
        let message = if rest > 0 {
            tr!(
                "the site in {named} holds {count} file(s) that Folio did not write: {shown} and {rest} more",
                "el sitio en {named} contiene {count} archivo(s) que Folio no escribió: {shown} y {rest} más"
            )
        } else {
            tr!(
                "the site in {named} holds {count} file(s) that Folio did not write: {shown}",
                "el sitio en {named} contiene {count} archivo(s) que Folio no escribió: {shown}"
            )
        };
        return Err(refuse(
            message,
            tr!(
                "move them out of the site folder (a build replaces it entirely), or pass --force to delete them",
                "sáquelos de la carpeta del sitio (una compilación la reemplaza entera), o use --force para borrarlos"
            ),
        ));
    }
    Ok(())
}

/// The files under `site` that its manifest does not list (system clutter aside).
fn files_not_in(site: &Path, manifest: &Manifest) -> BTreeSet<String> {
    let mut foreign = BTreeSet::new();
    for entry in walkdir::WalkDir::new(site).min_depth(1) {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = crate::site::key(entry.path().strip_prefix(site).unwrap_or(entry.path()));
        let clutter = SYSTEM_CLUTTER.iter().any(|name| entry.file_name() == *name);
        if rel != MANIFEST && !clutter && !manifest.files.contains_key(&rel) {
            foreign.insert(rel);
        }
    }
    foreign
}

/// An existing file at the zip's path may be replaced if it is a zip Folio
/// wrote (or with `--force`); a folder never.
fn check_zip_replaceable(zip: &Path, named: &str, force: bool) -> Result<(), Refusal> {
    let Ok(meta) = fs::metadata(zip) else {
        return Ok(());
    };
    if meta.is_dir() {
        return Err(refuse(
            tr!("the zip file {named} is a folder", "el archivo zip {named} es una carpeta"),
            tr!(
                "give the zip a file name, e.g. `--zip handbook.zip`",
                "dé al zip un nombre de archivo, p. ej. `--zip handbook.zip`"
            ),
        ));
    }
    if force || is_folio_zip(zip) {
        return Ok(());
    }
    Err(refuse(
        tr!(
            "{named} exists and is not a zip package Folio wrote",
            "{named} existe y no es un paquete zip escrito por Folio"
        ),
        tr!(
            "choose another file name for the zip, or pass --force to overwrite the file",
            "elija otro nombre de archivo para el zip, o use --force para sobrescribirlo"
        ),
    ))
}

/// Whether `path` is a zip holding Folio's note and manifest at its root.
fn is_folio_zip(path: &Path) -> bool {
    let Ok(file) = fs::File::open(path) else { return false };
    let Ok(mut archive) = zip::ZipArchive::new(file) else { return false };
    archive.by_name(ZIP_NOTE_NAME).is_ok() && archive.by_name(MANIFEST).is_ok()
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use std::path::Path;

    // `..` and `.` are followed the way the file system follows them, also
    // through parts that do not exist yet.
    #[test]
    fn resolves_dots_in_missing_parts() {
        let cwd = std::fs::canonicalize(".").unwrap();
        assert_eq!(resolve(Path::new("no-such/../x")).unwrap(), cwd.join("x"));
        assert_eq!(resolve(Path::new("./a/./b/")).unwrap(), cwd.join("a/b"));
        assert_eq!(resolve(Path::new("no-such/../..")).unwrap(), cwd.parent().unwrap());
    }
}
