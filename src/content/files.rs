//! The files pages use besides Markdown (images, attachments), found and
//! read when the handbook loads, so every later stage (render, comparison,
//! the preview) sees them resolved in [`Page::files`].
//!
//! A path is relative to the page, as any Markdown previewer reads it. A
//! translation that has no file at that path uses the source-language
//! page's (the same path from that page's folder), so a diagram drawn once
//! serves every language until someone draws a translated one. Files shared
//! by every edition and language live in the handbook's `assets/` folder,
//! reached with a relative path like any other (`../../../assets/logo.svg`).
//! Each file is read and checked once, however many pages use it.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::assets::{self, Asset, Finding, Use};
use crate::config::SOURCE_LANG;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::handbook::{Handbook, Page, Translation};
use crate::markdown::{local_file, FileRef};

/// The folder beside `folio.yaml` for files that pages of every edition and
/// language share.
pub const SHARED_DIR: &str = "assets";

/// Every file read so far, by path relative to the handbook root (`None`:
/// it has errors, already reported).
pub(crate) type Read = HashMap<PathBuf, Option<Arc<Asset>>>;

/// Resolves the files of every page of the handbook into [`Page::files`].
pub(crate) fn resolve_all(handbook: &mut Handbook, diags: &mut Diagnostics) {
    let mut read = Read::new();
    let root = handbook.root.clone();
    for b in 0..handbook.books.len() {
        let fallbacks = source_folders(handbook, b);
        for page in handbook.books[b].pages_mut() {
            if page.translation == Translation::Missing {
                continue;
            }
            let fallback = fallbacks.get(&page.id).map(PathBuf::as_path);
            page.files = resolve_page(&root, page, fallback, &mut read, diags);
        }
    }
}

/// For the translation `b` of the handbook, the folder of each
/// source-language page by id (empty for a source-language book).
pub(crate) fn source_folders(handbook: &Handbook, b: usize) -> HashMap<String, PathBuf> {
    let book = &handbook.books[b];
    if book.lang == SOURCE_LANG {
        return HashMap::new();
    }
    let Some(source) = handbook.book(book.version, SOURCE_LANG) else { return HashMap::new() };
    source.pages().map(|p| (p.id.clone(), p.file.parent().unwrap_or(Path::new("")).to_path_buf())).collect()
}

/// The files `page` uses, by path as written; `fallback` is the folder of
/// its source-language page, for a translation. Problems are reported at
/// the reference.
pub(crate) fn resolve_page(
    root: &Path,
    page: &Page,
    fallback: Option<&Path>,
    read: &mut Read,
    diags: &mut Diagnostics,
) -> HashMap<String, Arc<Asset>> {
    let mut files = HashMap::new();
    let page_path = root.join(&page.file);
    for file_ref in page.doc.file_refs() {
        let at = |diag: Diagnostic| diag.at_offset(&page.text, page.body_start + file_ref.offset);
        if file_ref.image && file_ref.alt.trim().is_empty() {
            diags.push(at(missing_alt(&page_path, &file_ref)));
        }
        let Some((path, _)) = local_file(&file_ref.dest) else {
            diags.push(at(remote_image(&page_path, &file_ref.dest)));
            continue;
        };
        if files.contains_key(path) {
            continue;
        }
        let usage = if file_ref.image { Use::Image } else { Use::Attachment };
        let on_disk = percent_decoded(path);
        if let Some(finding) = assets::check_use(Path::new(&on_disk), usage) {
            diags.push(at(located(finding, &page_path)));
            continue;
        }
        let folder = page.file.parent().unwrap_or(Path::new(""));
        let candidates: Vec<PathBuf> =
            [Some(folder), fallback].into_iter().flatten().filter_map(|dir| within_root(&dir.join(&on_disk))).collect();
        let Some(rel) = candidates.iter().find(|rel| read.contains_key(*rel) || root.join(rel).is_file()) else {
            diags.push(at(missing_file(root, &page_path, path, usage, &candidates)));
            continue;
        };
        let asset = read
            .entry(rel.clone())
            .or_insert_with(|| match super::read_handbook_file(&root.join(rel)) {
                // Discovery has reported a link or a device in the handbook already.
                Err(diag) if matches!(diag.code, "symlink" | "not-a-file") => {
                    diags.suppress(1);
                    None
                }
                Err(diag) => {
                    diags.push(*diag);
                    None
                }
                Ok(bytes) => {
                    let (asset, findings) = assets::inspect(rel, bytes);
                    let failed = findings.iter().any(|f| f.severity == Severity::Error);
                    for finding in findings {
                        diags.push(at(located(finding, &page_path)));
                    }
                    (!failed).then(|| Arc::new(asset))
                }
            })
            .clone();
        if let Some(asset) = asset {
            files.insert(path.to_string(), asset);
        }
    }
    files
}

/// A finding about a file, as a diagnostic of the page that uses it.
fn located(finding: Finding, page_path: &Path) -> Diagnostic {
    let diag = Diagnostic::error(finding.code, page_path, finding.message).hint(finding.hint);
    Diagnostic { severity: finding.severity, ..diag }
}

fn missing_alt(page_path: &Path, file_ref: &FileRef) -> Diagnostic {
    let dest = &file_ref.dest;
    Diagnostic::error("image-alt", page_path, crate::tr!("the image `{dest}` has no alternative text", "la imagen `{dest}` no tiene texto alternativo"))
        .hint(crate::tr!(
            "write what the image shows between the brackets, `![what it shows]({dest})`: screen readers read it aloud, and it is shown when the image cannot be",
            "escriba entre los corchetes lo que muestra la imagen, `![lo que muestra]({dest})`: los lectores de pantalla lo leen en voz alta, y se muestra cuando la imagen no puede mostrarse"
        ))
}

fn remote_image(page_path: &Path, dest: &str) -> Diagnostic {
    Diagnostic::error(
        "remote-image",
        page_path,
        crate::tr!("the image `{dest}` is not a file of the handbook", "la imagen `{dest}` no es un archivo del manual"),
    )
    .hint(crate::tr!(
        "the site works offline and loads nothing from elsewhere: save the image beside the page and write its relative path, `![alt](figura.png)`",
        "el sitio funciona sin conexión y no carga nada de fuera: guarde la imagen junto a la página y escriba su ruta relativa, `![alt](figura.png)`"
    ))
}

fn missing_file(root: &Path, page_path: &Path, path: &str, usage: Use, looked: &[PathBuf]) -> Diagnostic {
    let code = if usage == Use::Image { "missing-image" } else { "broken-link" };
    if looked.is_empty() {
        return Diagnostic::error(
            code,
            page_path,
            crate::tr!("`{path}` is outside the handbook folder", "`{path}` está fuera de la carpeta del manual"),
        )
        .hint(crate::tr!(
            "copy the file into the handbook, beside the page or into its `assets/` folder",
            "copie el archivo dentro del manual, junto a la página o en su carpeta `assets/`"
        ));
    }
    let looked = looked.iter().map(|rel| root.join(rel).display().to_string()).collect::<Vec<_>>().join(", ");
    Diagnostic::error(code, page_path, crate::tr!("no file `{path}` (looked for {looked})", "no existe el archivo `{path}` (se buscó {looked})"))
        .hint(crate::tr!(
            "check the path: it is relative to the page; files every edition shares go in the handbook's `assets/` folder",
            "revise la ruta: es relativa a la página; los archivos que comparten todas las ediciones van en la carpeta `assets/` del manual"
        ))
}

/// A path as written in a link (`Formulario%20de%20anticipo.pdf`) as the
/// file is named, as Markdown previewers read it; as written if it does not
/// decode to UTF-8.
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// `path` (relative to the handbook root) with `.` and `..` resolved, or
/// `None` if it leaves the handbook folder.
fn within_root(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            Component::Normal(part) => out.push(part),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}
