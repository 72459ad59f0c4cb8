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

use crate::diagnostic::Diagnostic;
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
            ("the front matter is not closed", "add a `---` line after its last key, before the page's text")
        } else {
            (
                "the page has no front matter",
                "start the file with a `---` line, then `id:` and `title:`, then a closing `---` line",
            )
        };
        return Err(vec![Diagnostic::error("front-matter", file, message).at(1, 1).with_source_line(text).hint(hint)]);
    };
    if let Some((offset, c)) = split.yaml.char_indices().find(|(_, c)| is_stray_control(*c)) {
        return Err(vec![control_character(file, "the front matter", c).at_offset(text, split.yaml_start + offset)]);
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
    let mut require = |value: Option<String>, key: &str, hint: &str| match value {
        Some(v) if !v.trim().is_empty() => v,
        _ => {
            errors.push(
                Diagnostic::error("front-matter", file, format!("the front matter has no `{key}`"))
                    .at(1, 1)
                    .with_source_line(text)
                    .hint(hint.to_string()),
            );
            String::new()
        }
    };
    let id = require(raw.id, "id", "add `id: some-stable-id`; the same id pairs translations and editions");
    let title = require(raw.title, "title", "add `title: …` with the section's title");
    for (key, value) in [("title", Some(&title)), ("summary", raw.summary.as_ref())] {
        if let Some(c) = value.and_then(|v| v.chars().find(|c| is_stray_control(*c))) {
            errors.push(
                control_character(file, &format!("`{key}`"), c)
                    .at(key_line(key), key.len() + 3)
                    .with_source_line(text)
                    .hint("remove the escape that writes it, such as `\\0`, `\\a` or `\\e`"),
            );
        }
    }
    if raw.slug.as_ref().is_some_and(|slug| slug.trim().is_empty()) {
        errors.push(
            Diagnostic::error("front-matter", file, "`slug` is empty")
                .at(key_line("slug"), 7)
                .with_source_line(text)
                .hint("remove the `slug:` line to name the page after its file, or set one such as `definicion-trata`"),
        );
    }
    if let Some(problem) = print_page_clash(&id) {
        errors.push(
            Diagnostic::error("front-matter", file, format!("`id: {id}` {problem}"))
                .at(key_line("id"), 5)
                .with_source_line(text)
                .hint("the print page uses page ids as element ids; choose another id, with single `-` between words"),
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
                        format!("`{key}: {value}` may only contain lowercase letters, digits and hyphens"),
                    )
                    .at(line, key.len() + 3)
                    .with_source_line(text)
                    .hint("e.g. `definicion-trata`"),
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
        },
        split.body_start,
    ))
}

/// Why a page id would clash with another element id of the print page, if
/// it would: there, pages are `id="<page id>"` and their headings
/// `<page id>--<heading id>`, next to the theme's own ids.
fn print_page_clash(id: &str) -> Option<&'static str> {
    if id.contains("--") {
        Some("contains `--`, which the print page uses to join page and heading ids")
    } else if RESERVED_IDS.contains(&id) {
        Some("is used by the theme for its own element")
    } else {
        None
    }
}

/// The error for a control character `c` found in `place`, to be located by the caller.
fn control_character(file: &Path, place: &str, c: char) -> Diagnostic {
    Diagnostic::error(
        "front-matter",
        file,
        format!("{place} contains the invisible control character {}", code_point(c)),
    )
    .hint("delete it; such characters usually come with text copied from a PDF or a terminal")
}
