//! Splits a page into YAML front matter and Markdown body, and validates the
//! front matter with error lines counted in the whole file.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;

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

/// Finds the front matter block: the file must start with a `---` line, and
/// the block ends at the next `---` line.
pub fn split(text: &str) -> Option<Split<'_>> {
    let first_len = text.find('\n')? + 1;
    if text[..first_len].trim_end() != "---" {
        return None;
    }
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

/// Parses and validates the front matter of `text` (the whole file at `file`).
pub fn parse(file: &Path, text: &str) -> Result<(FrontMatter, usize), Vec<Diagnostic>> {
    let Some(split) = split(text) else {
        return Err(vec![Diagnostic::error("front-matter", file, "the page has no front matter")
            .at(1, 1)
            .with_source_line(text)
            .hint("start the file with a `---` line, then `id:` and `title:`, then a closing `---` line")]);
    };
    let raw: RawFrontMatter = if split.yaml.trim().is_empty() {
        RawFrontMatter::default()
    } else {
        serde_yaml::from_str(split.yaml).map_err(|err| vec![Diagnostic::yaml(file, text, 1, &err, "front-matter")])?
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
    for (key, value) in [("id", Some(&id)), ("slug", raw.slug.as_ref())] {
        if let Some(value) = value {
            if !value.is_empty() && !is_valid_key(value) {
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
