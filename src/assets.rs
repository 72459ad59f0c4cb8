//! Images and attachments: the files pages use besides Markdown, checked and
//! named for the site.
//!
//! Each file is written once, however many pages use it, as
//! `media/<hash>/<name>`: `<hash>` is the start of its SHA-256, so a changed
//! file gets a new address (no reader's cache keeps the old one) and the
//! redlines can tell that it changed; `<name>` is its own name made safe for
//! a URL, so that a downloaded form keeps a name people recognise
//! (`anticipo.docx`, not `anticipo.3f9a1c2b.docx`).
//!
//! Images get their `width` and `height` from their header (PNG, JPEG, GIF,
//! WebP) or their `<svg>` element (`width`/`height`, or `viewBox`), so the
//! page does not jump as they load. SVG is only ever shown through `<img>`,
//! where its scripts never run; one that carries a script is reported all
//! the same, since the file opened on its own would run it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::diagnostic::{Severity, Text};
use crate::site::MEDIA_DIR;

/// The image types pages may show with `![alt](file)`.
pub const IMAGE_TYPES: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// The file types pages may link for download (besides images): documents,
/// spreadsheets and presentations, in open and office formats.
pub const ATTACHMENT_TYPES: [&str; 12] =
    ["pdf", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "csv"];

/// Files larger than this (1 MiB) get a warning: every reader downloads the
/// whole site, often on a phone, and the zip goes round on USB sticks.
pub const SIZE_WARNING: usize = 1024 * 1024;

/// Hex digits of the SHA-256 in the output folder's name.
const HASH_DIGITS: usize = 8;

/// How a page uses a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Shown in the page: `![alt](file)`.
    Image,
    /// Linked for download: `[text](file)`.
    Attachment,
}

/// A file of the handbook that pages use, read and checked.
#[derive(Debug)]
pub struct Asset {
    /// Its path relative to the handbook root.
    pub source: PathBuf,
    /// Where the site has it, relative to the site root: `media/<hash>/<name>`.
    pub output: PathBuf,
    /// The start of its SHA-256 (hex), which names its folder.
    pub hash: String,
    /// Width and height in CSS pixels, for images whose size is known.
    pub size: Option<(u32, u32)>,
    /// Its contents.
    pub bytes: Arc<[u8]>,
}

/// Something wrong with a file or with how a page uses it; the caller
/// places it at the page's reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// Diagnostic code.
    pub code: &'static str,
    /// What is wrong.
    pub message: Text,
    /// What to do.
    pub hint: Text,
}

impl Finding {
    fn error(code: &'static str, message: Text, hint: Text) -> Finding {
        Finding { severity: Severity::Error, code, message, hint }
    }

    fn warning(code: &'static str, message: Text, hint: Text) -> Finding {
        Finding { severity: Severity::Warning, ..Finding::error(code, message, hint) }
    }
}

/// The file's type: its extension, lowercased.
pub fn file_type(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// The error for a file whose type cannot be used as `usage`, if it cannot.
pub fn check_use(path: &Path, usage: Use) -> Option<Finding> {
    let kind = file_type(path);
    let (name, images) = (path.display(), IMAGE_TYPES.join(", "));
    let (message, hint) = match usage {
        Use::Image if IMAGE_TYPES.contains(&kind.as_str()) => return None,
        Use::Attachment if IMAGE_TYPES.contains(&kind.as_str()) || ATTACHMENT_TYPES.contains(&kind.as_str()) => {
            return None
        }
        Use::Image => (
            crate::tr!(
                "`{name}` is not an image type a browser shows",
                "`{name}` no es un tipo de imagen que muestre un navegador"
            ),
            crate::tr!(
                "use one of: {images}; to offer a document for download, link it with `[text](file)`",
                "use uno de estos: {images}; para ofrecer un documento para descargar, enlácelo con `[texto](archivo)`"
            ),
        ),
        Use::Attachment => {
            let attachments = ATTACHMENT_TYPES.join(", ");
            (
                crate::tr!(
                    "`{name}` is not a page (`.md`) nor a file type the site offers for download",
                    "`{name}` no es una página (`.md`) ni un tipo de archivo que el sitio ofrezca para descargar"
                ),
                crate::tr!(
                    "link pages with `@id`; the files a page may link are: {attachments}, {images}",
                    "enlace las páginas con `@id`; los archivos que una página puede enlazar son: {attachments}, {images}"
                ),
            )
        }
    };
    Some(Finding::error("unknown-file-type", message, hint))
}

/// Reads what the site needs of a file (`source`, relative to the handbook
/// root): its hashed name, and an image's size. Findings about the file
/// itself (too large, an image that cannot be read, a script in an SVG)
/// come with it.
pub fn inspect(source: &Path, bytes: Vec<u8>) -> (Asset, Vec<Finding>) {
    let digest = Sha256::digest(&bytes);
    let hash: String = digest.iter().map(|b| format!("{b:02x}")).collect::<String>()[..HASH_DIGITS].to_string();
    let output = Path::new(MEDIA_DIR).join(&hash).join(safe_name(source));
    let mut findings = Vec::new();
    let name = source.display();
    if bytes.len() > SIZE_WARNING {
        let mb = format!("{:.1}", bytes.len() as f64 / (1024.0 * 1024.0));
        findings.push(Finding::warning(
            "large-file",
            crate::tr!(
                "`{name}` is {mb} MB; every reader downloads it",
                "`{name}` pesa {mb} MB; cada lector lo descarga"
            ),
            crate::tr!(
                "make it smaller than 1 MB: export the image at the size it is shown, or compress the document",
                "redúzcalo a menos de 1 MB: exporte la imagen al tamaño en que se muestra, o comprima el documento"
            ),
        ));
    }
    let kind = file_type(source);
    let size = match kind.as_str() {
        "svg" => {
            let text = String::from_utf8_lossy(&bytes);
            if !text.contains("<svg") {
                findings.push(unreadable_image(source));
            } else if text.to_ascii_lowercase().contains("<script") {
                findings.push(Finding::warning(
                    "svg-script",
                    crate::tr!("`{name}` contains a script", "`{name}` contiene un script"),
                    crate::tr!(
                        "the page shows it as an image, where scripts never run, but opened on its own it would run: remove the `<script>`",
                        "la página lo muestra como imagen, donde los scripts nunca se ejecutan, pero abierto por separado se ejecutaría: quite el `<script>`"
                    ),
                ));
            }
            svg_size(&text)
        }
        _ if IMAGE_TYPES.contains(&kind.as_str()) => match imagesize::blob_size(&bytes) {
            Ok(size) => Some((clamp(size.width), clamp(size.height))),
            Err(_) => {
                findings.push(unreadable_image(source));
                None
            }
        },
        _ => None,
    };
    (Asset { source: source.to_path_buf(), output, hash, size, bytes: bytes.into() }, findings)
}

fn unreadable_image(source: &Path) -> Finding {
    let name = source.display();
    Finding::error(
        "bad-image",
        crate::tr!("`{name}` cannot be read as an image", "`{name}` no se puede leer como imagen"),
        crate::tr!(
            "open it in an image editor and export it again; check that its extension matches its type",
            "ábrala en un editor de imágenes y expórtela de nuevo; compruebe que su extensión corresponda a su tipo"
        ),
    )
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The file's name made safe for a URL and any file system: ASCII letters,
/// digits, `-`, `_` and `.`, accents dropped (`Acta de Audiencia.PDF` becomes
/// `acta-de-audiencia.pdf`).
fn safe_name(source: &Path) -> String {
    let stem = source.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    let mut name = String::new();
    for c in deunicode::deunicode(&stem).to_lowercase().chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    let name = if name.is_empty() { "file" } else { name };
    match file_type(source).as_str() {
        "" => name.to_string(),
        ext => format!("{name}.{ext}"),
    }
}

/// An SVG's size in CSS pixels, from its root element: `width` and `height`
/// (in px or without unit), or the `viewBox`'s, scaled to the one given.
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let width = attribute(tag, "width").and_then(pixels);
    let height = attribute(tag, "height").and_then(pixels);
    let view_box = attribute(tag, "viewBox").and_then(|v| {
        let numbers: Vec<f64> = v.split([' ', ',', '\t', '\n']).filter_map(|n| n.parse().ok()).collect();
        match numbers[..] {
            [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
            _ => None,
        }
    });
    let (w, h) = match (width, height, view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(size)) => size,
        _ => return None,
    };
    let round = |n: f64| (n.round() >= 1.0 && n < f64::from(u32::MAX)).then(|| n.round() as u32);
    Some((round(w)?, round(h)?))
}

/// The value of the attribute `name` in a start tag (`tag` from `<` to
/// before `>`), quoted with `"` or `'`.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let pattern = format!("{name}=");
    let mut from = 0;
    while let Some(at) = tag[from..].find(&pattern).map(|i| i + from) {
        from = at + pattern.len();
        // `width` must not match the end of `stroke-width`.
        if !tag[..at].ends_with(char::is_whitespace) {
            continue;
        }
        let rest = &tag[from..];
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        return rest[1..].find(quote).map(|end| &rest[1..1 + end]);
    }
    None
}

/// A length in CSS pixels: a number, optionally with `px`; other units
/// (`%`, `em`, `mm`) have no fixed size in pixels.
fn pixels(value: &str) -> Option<f64> {
    let value = value.trim();
    value.strip_suffix("px").unwrap_or(value).trim().parse().ok().filter(|n: &f64| *n > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_width_height_or_view_box() {
        assert_eq!(svg_size(r#"<svg xmlns="x" width="640" height="200px">"#), Some((640, 200)));
        assert_eq!(svg_size(r#"<?xml?><svg viewBox="0 0 800 300" stroke-width="2">"#), Some((800, 300)));
        assert_eq!(svg_size(r#"<svg width="400" viewBox="0 0 800 300">"#), Some((400, 150)));
        assert_eq!(svg_size(r#"<svg width="100%" height="50%">"#), None);
        assert_eq!(svg_size("no svg here"), None);
    }

    #[test]
    fn output_names_are_hashed_folders_with_readable_names() {
        let (asset, findings) = inspect(Path::new("2025/es/c/Acta de Audiencia.PDF"), b"%PDF-1.4".to_vec());
        assert!(findings.is_empty());
        assert_eq!(asset.output, Path::new("media").join(&asset.hash).join("acta-de-audiencia.pdf"));
        assert_eq!(asset.hash.len(), HASH_DIGITS);
        let (other, _) = inspect(Path::new("x.pdf"), b"%PDF-1.5".to_vec());
        assert_ne!(asset.hash, other.hash);
    }

    #[test]
    fn file_types_are_checked_per_use() {
        assert!(check_use(Path::new("a.PNG"), Use::Image).is_none());
        assert!(check_use(Path::new("a.pdf"), Use::Image).is_some());
        assert!(check_use(Path::new("a.pdf"), Use::Attachment).is_none());
        assert!(check_use(Path::new("a.exe"), Use::Attachment).is_some());
    }
}
