//! Splits a page into YAML front matter and Markdown body, and validates the
//! front matter with error lines counted in the whole file.
//!
//! A page whose front matter fails still gives the id of its `id:` line
//! ([`readable_id`]), so links to it are not reported too.
//!
//! A UTF-8 byte-order mark before the front matter is accepted. Control
//! characters are refused before the YAML parser sees them (as is deep
//! nesting, by [`crate::yaml::parse`]).

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::tr;
use crate::diagnostic::{Diagnostic, Text};
use crate::markdown::{code_point, is_stray_control, RESERVED_IDS};

/// Front matter keys as written; any other key is an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    id: Option<String>,
    title: Option<String>,
    weight: Option<i64>,
    summary: Option<String>,
    slug: Option<String>,
    source_hash: Option<String>,
    glossary: Option<bool>,
    terms: Option<bool>,
}

/// Validated front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// Stable page identity.
    pub id: String,
    /// Page title.
    pub title: String,
    /// Order within the chapter; 0 when absent.
    pub weight: i64,
    /// One-line summary.
    pub summary: Option<String>,
    /// Output file stem, if set explicitly.
    pub slug: Option<String>,
    /// Hash of the source-language text this translation was made from.
    pub source_hash: Option<String>,
    /// `glossary: true`: the page is the edition's glossary page.
    pub glossary: bool,
    /// `terms: false`: glossary terms are not marked in the page's text.
    pub terms: bool,
}

/// A page's text split at the end of its front matter.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// Byte offset where the YAML starts.
    pub yaml_start: usize,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Finds the front matter block: the file must start with a `---` line
/// (after a byte-order mark, if any), and the block ends at the next `---` line.
pub fn split(text: &str) -> Option<Split<'_>> {
    if !opens_front_matter(text) {
        return None;
    }
    let first_len = text.find('\n')? + 1;
    let mut offset = first_len;
    for line in text[first_len..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(Split {
                yaml: &text[first_len..offset],
                yaml_start: first_len,
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    None
}

/// Whether a string is usable as a page id or slug: lowercase ASCII letters,
/// digits and hyphens.
pub fn is_valid_key(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('-') && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `text` starts with a `---` line (after a byte-order mark, if any).
fn opens_front_matter(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines().next().is_some_and(|first| first.trim_end() == "---")
}

/// The id a page's front matter names on an `id: …` line, if it is a valid
/// id, read without parsing the YAML: for a page whose front matter failed,
/// so that links to it are not reported as broken too.
pub fn readable_id(text: &str) -> Option<String> {
    if !opens_front_matter(text) {
        return None;
    }
    let value = text.lines().skip(1).take_while(|l| l.trim_end() != "---").find_map(|l| l.strip_prefix("id:"))?;
    let value = value.trim();
    let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
    let value = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')).unwrap_or(value);
    is_valid_key(value).then(|| value.to_string())
}

/// Parses and validates the front matter of `text` (the whole file at `file`).
pub fn parse(file: &Path, text: &str) -> Result<(FrontMatter, usize), Vec<Diagnostic>> {
    let Some(split) = split(text) else {
        let (message, hint) = if opens_front_matter(text) {
            (
                tr!("the front matter is not closed", "la cabecera (front matter) no está cerrada"),
                tr!(
                    "add a `---` line after its last key, before the page's text",
                    "añada una línea `---` tras su última clave, antes del texto de la página"
                ),
            )
        } else {
            (
                tr!("the page has no front matter", "la página no tiene cabecera (front matter)"),
                tr!(
                    "start the file with a `---` line, then `id:` and `title:`, then a closing `---` line",
                    "empiece el archivo con una línea `---`, luego `id:` y `title:`, y una línea `---` de cierre"
                ),
            )
        };
        return Err(vec![Diagnostic::error("front-matter", file, message).at(1, 1).with_source_line(text).hint(hint)]);
    };
    if let Some((offset, c)) = split.yaml.char_indices().find(|(_, c)| is_stray_control(*c)) {
        return Err(vec![control_character(file, tr!("the front matter", "la cabecera"), c)
            .at_offset(text, split.yaml_start + offset)]);
    }
    let raw: RawFrontMatter = if split.yaml.trim().is_empty() {
        RawFrontMatter::default()
    } else {
        crate::yaml::parse(file, text, split.yaml, 1, "front-matter").map_err(|diag| vec![*diag])?
    };
    let mut errors = Vec::new();
    let key_line = |key: &str| {
        text.lines()
            .skip(1)
            .take_while(|l| l.trim_end() != "---")
            .position(|l| l.starts_with(&format!("{key}:")))
            .map_or(1, |i| i + 2)
    };
    let mut require = |value: Option<String>, key: &str, hint: Text| match value {
        Some(v) if !v.trim().is_empty() => v,
        _ => {
            errors.push(
                Diagnostic::error(
                    "front-matter",
                    file,
                    tr!("the front matter has no `{key}`", "la cabecera no tiene `{key}`"),
                )
                .at(1, 1)
                .with_source_line(text)
                .hint(hint),
            );
            String::new()
        }
    };
    let id = require(
        raw.id,
        "id",
        tr!(
            "add `id: some-stable-id`; the same id pairs translations and editions",
            "añada `id: un-id-estable`; el mismo id une traducciones y ediciones"
        ),
    );
    let title = require(
        raw.title,
        "title",
        tr!("add `title: …` with the section's title", "añada `title: …` con el título de la sección"),
    );
    for (key, value) in [("title", Some(&title)), ("summary", raw.summary.as_ref())] {
        if let Some(c) = value.and_then(|v| v.chars().find(|c| is_stray_control(*c))) {
            errors.push(
                control_character(file, tr!("`{key}`", "`{key}`"), c)
                    .at(key_line(key), key.len() + 3)
                    .with_source_line(text)
                    .hint(tr!(
                        "remove the escape that writes it, such as `\\0`, `\\a` or `\\e`",
                        "elimine el escape que lo escribe, como `\\0`, `\\a` o `\\e`"
                    )),
            );
        }
    }
    if raw.slug.as_ref().is_some_and(|slug| slug.trim().is_empty()) {
        errors.push(
            Diagnostic::error("front-matter", file, tr!("`slug` is empty", "`slug` está vacío"))
                .at(key_line("slug"), 7)
                .with_source_line(text)
                .hint(tr!(
                    "remove the `slug:` line to name the page after its file, or set one such as `definicion-trata`",
                    "elimine la línea `slug:` para nombrar la página como su archivo, o indique uno como `definicion-trata`"
                )),
        );
    }
    if let Some(problem) = print_page_clash(&id) {
        errors.push(
            Diagnostic::error("front-matter", file, problem)
                .at(key_line("id"), 5)
                .with_source_line(text)
                .hint(tr!(
                    "the print page uses page ids as element ids; choose another id, with single `-` between words",
                    "la página de impresión usa los ids de página como ids de elemento; elija otro id, con un solo `-` entre palabras"
                )),
        );
    }
    for (key, value) in [("id", Some(&id)), ("slug", raw.slug.as_ref())] {
        if let Some(value) = value {
            if !value.trim().is_empty() && !is_valid_key(value) {
                let line = key_line(key);
                errors.push(
                    Diagnostic::error(
                        "front-matter",
                        file,
                        tr!(
                            "`{key}: {value}` may only contain lowercase letters, digits and hyphens",
                            "`{key}: {value}` solo puede contener letras minúsculas, dígitos y guiones"
                        ),
                    )
                    .at(line, key.len() + 3)
                    .with_source_line(text)
                    .hint(tr!("e.g. `definicion-trata`", "p. ej. `definicion-trata`")),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        FrontMatter {
            id,
            title,
            weight: raw.weight.unwrap_or(0),
            summary: raw.summary,
            slug: raw.slug,
            source_hash: raw.source_hash,
            glossary: raw.glossary.unwrap_or(false),
            terms: raw.terms.unwrap_or(true),
        },
        split.body_start,
    ))
}

/// Why a page id would clash with another element id of the print page, if
/// it would: there, pages are `id="<page id>"` and their headings
/// `<page id>--<heading id>`, next to the theme's own ids.
fn print_page_clash(id: &str) -> Option<Text> {
    if id.contains("--") {
        Some(tr!(
            "`id: {id}` contains `--`, which the print page uses to join page and heading ids",
            "`id: {id}` contiene `--`, que la página de impresión usa para unir ids de página y de encabezado"
        ))
    } else if RESERVED_IDS.contains(&id) {
        Some(tr!(
            "`id: {id}` is used by the theme for its own element",
            "`id: {id}` lo usa el tema para un elemento propio"
        ))
    } else {
        None
    }
}

/// The error for a control character `c` found in `place`, to be located by the caller.
fn control_character(file: &Path, place: Text, c: char) -> Diagnostic {
    let (en, es, c) = (place.en(), place.es(), code_point(c));
    Diagnostic::error(
        "front-matter",
        file,
        tr!("{en} contains the invisible control character {c}", "{es} contiene el carácter de control invisible {c}"),
    )
    .hint(tr!(
        "delete it; such characters usually come with text copied from a PDF or a terminal",
        "bórrelo; estos caracteres suelen venir con texto copiado de un PDF o de una terminal"
    ))
}
