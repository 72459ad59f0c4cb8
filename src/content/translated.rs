//! Accepting a translation: records in a translated page's front matter the
//! hash of the source-language text it now corresponds to, touching nothing
//! else in the file.

use std::path::Path;

use anyhow::{bail, Context, Result};
use walkdir::WalkDir;

use super::{content_hash, front_matter};
use crate::config::SOURCE_LANG;
use crate::diagnostic::Diagnostics;

/// Records the current source hash in the translated page at `page`, inside
/// the handbook at `root`. Returns the hash written.
pub fn record(root: &Path, page: &Path) -> Result<String> {
    let mut diags = Diagnostics::default();
    let config = super::load_config(root, &mut diags)
        .with_context(|| format!("cannot read the handbook manifest:\n{}", diags.to_text()))?;
    // As the build does: only regular files inside the handbook, with every
    // `..` and symbolic link resolved before deciding what is inside.
    let canonical = |p: &Path| p.canonicalize().with_context(|| format!("cannot resolve {}", p.display()));
    let rel = canonical(page)?
        .strip_prefix(canonical(root)?)
        .map(Path::to_path_buf)
        .map_err(|_| anyhow::anyhow!("{} is not inside the handbook {}", page.display(), root.display()))?;
    let mut parts = rel.iter().map(|p| p.to_string_lossy().to_string());
    let (Some(version), Some(lang)) = (parts.next(), parts.next()) else {
        bail!("{} is not a page of a version and language folder", page.display());
    };
    let source_lang = config.lang_code(SOURCE_LANG).to_string();
    if config.find_version(&version).is_none() || config.find_lang(&lang).is_none() {
        bail!("{} is not inside a configured <version>/<language> folder", page.display());
    }
    if lang == source_lang {
        bail!("{} is in the source language ({source_lang}); only translations record a source hash", page.display());
    }
    let bytes =
        super::read_handbook_file(page).map_err(|diag| anyhow::anyhow!("{}: {}", page.display(), diag.message))?;
    let text = String::from_utf8(bytes).with_context(|| format!("{} is not valid UTF-8", page.display()))?;
    let (fm, _) = front_matter::parse(page, &text)
        .map_err(|errors| anyhow::anyhow!("{}", errors.iter().map(ToString::to_string).collect::<String>()))?;
    let source_dir = root.join(&version).join(&source_lang);
    let source_body = find_body(&source_dir, &fm.id)?
        .with_context(|| format!("no page with id `{}` in {}", fm.id, source_dir.display()))?;
    let hash = content_hash(&source_body);
    let updated = set_source_hash(&text, &hash).with_context(|| format!("{} has no front matter", page.display()))?;
    if updated != text {
        std::fs::write(page, updated).with_context(|| format!("cannot write {}", page.display()))?;
    }
    Ok(hash)
}

/// The body of the page with `id` under `dir`, if any.
fn find_body(dir: &Path, id: &str) -> Result<Option<String>> {
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text =
            std::fs::read_to_string(entry.path()).with_context(|| format!("cannot read {}", entry.path().display()))?;
        if let Ok((fm, body_start)) = front_matter::parse(entry.path(), &text) {
            if fm.id == id {
                return Ok(Some(text[body_start..].to_string()));
            }
        }
    }
    Ok(None)
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
