//! The output guard: a build replaces its output folder and may write a zip,
//! so before anything is written it decides whether that is safe. Paths are
//! compared as the file system sees them ([`resolve`]: symlinks and `..`
//! followed), never as typed, and Folio replaces only what it made: a new or
//! empty folder, or a site holding Folio's manifest and nothing else.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::integrity::{Manifest, ZIP_NOTE_NAME};
use crate::site::MANIFEST;

/// Files that operating systems drop into folders a user browses; a site
/// holding them is still only Folio's.
const SYSTEM_CLUTTER: [&str; 3] = [".DS_Store", "Thumbs.db", "desktop.ini"];

/// Why the build refused to write, with what to do about it.
#[derive(Debug)]
pub struct Refusal {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  = hint: {}", self.message, self.hint)
    }
}

impl std::error::Error for Refusal {}

fn refuse(message: String, hint: &str) -> Refusal {
    Refusal { message, hint: hint.to_string() }
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
            refuse(
                format!("cannot resolve the path `{}`: {err}", path.display()),
                "check that the path is spelled right",
            )
        })
    };
    let out = resolved(request.out)?;
    let handbook = resolved(request.handbook)?;
    let cwd = resolved(Path::new("."))?;
    let mut sources = vec![("the handbook", request.handbook, handbook)];
    if let Some(theme) = request.theme {
        sources.push(("the theme", theme, resolved(theme)?));
    }
    let named = |given: &Path, real: &Path| {
        if given == real {
            format!("`{}`", given.display())
        } else {
            format!("`{}` ({})", given.display(), real.display())
        }
    };
    let out_named = named(request.out, &out);
    let choose = "choose an output folder outside the handbook and the theme, e.g. `--out site`";
    for (what, given, source) in &sources {
        let source_named = named(given, source);
        if out == *source {
            return Err(refuse(format!("the output folder {out_named} is {what} {source_named}"), choose));
        }
        if out.starts_with(source) {
            return Err(refuse(format!("the output folder {out_named} is inside {what} {source_named}"), choose));
        }
        if source.starts_with(&out) {
            return Err(refuse(format!("the output folder {out_named} contains {what} {source_named}"), choose));
        }
    }
    if cwd.starts_with(&out) {
        return Err(refuse(
            format!("the output folder {out_named} is or contains the current folder {}", cwd.display()),
            "the build replaces the whole output folder; choose a new folder for the site, e.g. `--out site`",
        ));
    }
    check_replaceable(&out, &out_named, request.force)?;
    let zip = match request.zip {
        Some(zip) => {
            let zip_path = resolved(zip)?;
            let zip_named = named(zip, &zip_path);
            let choose = "write the zip next to the site, e.g. `--zip handbook.zip`";
            if zip_path.starts_with(&out) {
                return Err(refuse(
                    format!("the zip file {zip_named} is inside the output folder {out_named}"),
                    choose,
                ));
            }
            for (what, given, source) in &sources {
                if zip_path.starts_with(source) {
                    return Err(refuse(
                        format!("the zip file {zip_named} is inside {what} {}", named(given, source)),
                        choose,
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
            format!("the output folder {named} exists and is not a folder"),
            "choose another output folder; Folio never replaces a file with a site",
        ));
    }
    if force {
        return Ok(());
    }
    let force_hint = "Folio replaces only folders it made; choose a new folder (it will be created) or an empty one, \
                      or pass --force to replace everything in this one";
    let text = match fs::read_to_string(out.join(MANIFEST)) {
        Ok(text) => text,
        Err(_) => {
            let empty = fs::read_dir(out).map(|mut entries| entries.next().is_none()).unwrap_or(false);
            if empty {
                return Ok(());
            }
            return Err(refuse(
                format!(
                    "the output folder {named} is not empty and is not a site built by Folio (it has no {MANIFEST})"
                ),
                force_hint,
            ));
        }
    };
    let Ok(manifest) = serde_json::from_str::<Manifest>(&text) else {
        return Err(refuse(format!("the output folder {named} has a {MANIFEST} that Folio did not write"), force_hint));
    };
    let foreign = files_not_in(out, &manifest);
    if !foreign.is_empty() {
        let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
        let more = if foreign.len() > 5 { format!(" and {} more", foreign.len() - 5) } else { String::new() };
        return Err(refuse(
            format!(
                "the site in {named} holds {} file(s) that Folio did not write: {}{more}",
                foreign.len(),
                shown.join(", ")
            ),
            "move them out of the site folder (a build replaces it entirely), or pass --force to delete them",
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
            format!("the zip file {named} is a folder"),
            "give the zip a file name, e.g. `--zip handbook.zip`",
        ));
    }
    if force || is_folio_zip(zip) {
        return Ok(());
    }
    Err(refuse(
        format!("{named} exists and is not a zip package Folio wrote"),
        "choose another file name for the zip, or pass --force to overwrite the file",
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
