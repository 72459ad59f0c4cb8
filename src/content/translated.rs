//! Accepting a translation: records in a translated page's front matter the
//! hash of the source-language text it now corresponds to, touching nothing
//! else in the file.

use std::path::Path;

use anyhow::{bail, Context, Result};
use walkdir::WalkDir;

use super::{content_hash, front_matter};
use crate::config::SOURCE_LANG;
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostics;

/// Records the current source hash in the translated page at `page`, inside
/// the handbook at `root`. Returns the hash written.
pub fn record(root: &Path, page: &Path) -> Result<String> {
    let mut diags = Diagnostics::default();
    let config = super::load_config(root, &mut diags).with_context(|| {
        let found = diags.to_text();
        tr!("cannot read the handbook manifest:\n{found}", "no se puede leer el manifiesto del manual:\n{found}")
    })?;
    // As the build does: only regular files inside the handbook, with every
    // `..` and symbolic link resolved before deciding what is inside.
    let canonical = |p: &Path| {
        p.canonicalize().with_context(|| {
            let p = p.display();
            tr!("cannot resolve {p}", "no se puede resolver {p}")
        })
    };
    let (shown, handbook) = (page.display(), root.display());
    let rel = canonical(page)?.strip_prefix(canonical(root)?).map(Path::to_path_buf).map_err(|_| {
        anyhow::anyhow!(tr!(
            "{shown} is not inside the handbook {handbook}",
            "{shown} no está dentro del manual {handbook}"
        ))
    })?;
    let mut parts = rel.iter().map(|p| p.to_string_lossy().to_string());
    let (Some(version), Some(lang)) = (parts.next(), parts.next()) else {
        bail!(tr!(
            "{shown} is not a page of a version and language folder",
            "{shown} no es una página de una carpeta de versión e idioma"
        ));
    };
    let source_lang = config.lang_code(SOURCE_LANG).to_string();
    if config.find_version(&version).is_none() || config.find_lang(&lang).is_none() {
        bail!(tr!(
            "{shown} is not inside a configured <version>/<language> folder",
            "{shown} no está dentro de una carpeta <versión>/<idioma> configurada"
        ));
    }
    if lang == source_lang {
        bail!(tr!(
            "{shown} is in the source language ({source_lang}); only translations record a source hash",
            "{shown} está en el idioma de origen ({source_lang}); solo las traducciones registran un hash de origen"
        ));
    }
    let bytes = super::read_handbook_file(page).map_err(|diag| anyhow::anyhow!("{shown}: {}", diag.message))?;
    let text =
        String::from_utf8(bytes).with_context(|| tr!("{shown} is not valid UTF-8", "{shown} no es UTF-8 válido"))?;
    let (fm, _) = front_matter::parse(page, &text)
        .map_err(|errors| anyhow::anyhow!("{}", errors.iter().map(ToString::to_string).collect::<String>()))?;
    let source_dir = root.join(&version).join(&source_lang);
    let source_body = find_body(&source_dir, &fm.id)?.with_context(|| {
        let (id, dir) = (&fm.id, source_dir.display());
        tr!("no page with id `{id}` in {dir}", "no hay ninguna página con id `{id}` en {dir}")
    })?;
    let hash = content_hash(&source_body);
    let updated = set_source_hash(&text, &hash)
        .with_context(|| tr!("{shown} has no front matter", "{shown} no tiene cabecera"))?;
    if updated != text {
        std::fs::write(page, updated).with_context(|| tr!("cannot write {shown}", "no se puede escribir {shown}"))?;
    }
    Ok(hash)
}

/// The body of the page with `id` under `dir`, if any.
fn find_body(dir: &Path, id: &str) -> Result<Option<String>> {
    for entry in WalkDir::new(dir).sort_by_file_name() {
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
